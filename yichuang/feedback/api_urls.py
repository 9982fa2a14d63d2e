"""REST API of the feedback app, under /api/v1/ (mounted in yichuang/urls.py)."""
from django.urls import path  # noqa: F401

urlpatterns: list = []
