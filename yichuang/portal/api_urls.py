"""REST API of the online hall, under /api/v1/portal/ (mounted in yichuang/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("portal/guide/", api.smart_guide, name="portal-guide"),
]
