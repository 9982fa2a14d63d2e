"""Pages of the supervision app (mounted at /supervision/ in yichuang/urls.py)."""

from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("alerts/<int:pk>/close/", views.alert_close, name="alert-close"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:event_id>/", views.notice_detail, name="notice"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard.xlsx", views.scorecard_excel, name="scorecard-excel"),
    path("public/", views.public_scorecard, name="public-scorecard"),
]
