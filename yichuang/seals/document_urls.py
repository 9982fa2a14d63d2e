"""Staff downloads of a case's documents (notices and results) as PDFs (mounted at /documents/)."""
from django.urls import path  # noqa: F401

app_name = "documents"
urlpatterns: list = []
