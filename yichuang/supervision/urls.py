"""Pages of the supervision app (mounted in yichuang/urls.py)."""
from django.urls import path  # noqa: F401

app_name = "supervision"
urlpatterns: list = []
