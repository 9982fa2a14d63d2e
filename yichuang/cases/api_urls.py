"""The cases API, included under /api/v1/ (see yichuang/urls.py)."""

from django.urls import path, re_path

from .api import actions, views

app_name = "cases-api"
urlpatterns = [
    path("applicants/", views.ApplicantCreate.as_view(), name="applicants"),
    path("cases/", views.CaseListCreate.as_view(), name="cases"),
    path("cases/<str:number>/", views.CaseDetail.as_view(), name="case"),
    *actions.urlpatterns(),
    # Anything else under cases/ is an unknown case or action: the same structured 404 as the rest.
    re_path(r"^cases/.+$", views.NotFoundView.as_view(), name="case-not-found"),
]
