"""Staff downloads of a case's documents (notices and results) as PDFs (mounted at /documents/)."""

from django.urls import path

from . import document_views

app_name = "documents"
urlpatterns = [
    path("<str:case_number>/<str:kind>.pdf", document_views.notice, name="notice"),
]
