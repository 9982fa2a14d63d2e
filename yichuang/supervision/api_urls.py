"""REST API of the supervision app, under /api/v1/ (mounted in yichuang/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("supervision/results/", api.ResultFeedbackView.as_view(), name="supervision-results"),
    path("supervision/alerts/", api.AlertListView.as_view(), name="supervision-alerts"),
    path("supervision/scorecard/", api.ScorecardView.as_view(), name="supervision-scorecard"),
]
