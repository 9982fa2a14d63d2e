"""REST API of the portal app, under /api/v1/ (mounted in yichuang/urls.py)."""
from django.urls import path  # noqa: F401

urlpatterns: list = []
