"""REST API of the supervision app, under /api/v1/ (mounted in yichuang/urls.py)."""
from django.urls import path  # noqa: F401

urlpatterns: list = []
