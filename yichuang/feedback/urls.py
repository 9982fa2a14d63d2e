"""Pages of the feedback app (mounted in yichuang/urls.py)."""
from django.urls import path  # noqa: F401

app_name = "feedback"
urlpatterns: list = []
