"""Pages of the hall floor (mounted at /floor/ in yichuang/urls.py)."""

from django.urls import path

from . import views_public, views_staff

app_name = "floor"
urlpatterns = [
    path("kiosk/", views_public.kiosk, name="kiosk"),
    path("kiosk/ticket/", views_public.kiosk_ticket, name="kiosk_ticket"),
    path("screen/<str:site_code>/", views_public.call_screen, name="screen"),
    path("screen/<str:site_code>/now/", views_public.call_screen_now, name="screen_now"),
    path("windows/<int:window_id>/call/", views_staff.call_next, name="call_next"),
    path("tickets/<int:pk>/<str:action>/", views_staff.ticket_act, name="ticket_act"),
    path("posts/<int:post_id>/mark/", views_staff.mark, name="mark"),
    path("sites/<str:site_code>/", views_staff.overview, name="overview"),
    path("sites/<str:site_code>/posts/", views_staff.assign_post, name="assign_post"),
    path("sites/<str:site_code>/leave/", views_staff.record_leave, name="record_leave"),
    path("sites/<str:site_code>/kiosk/", views_staff.bind_kiosk, name="bind_kiosk"),
    path("sites/<str:site_code>/planning/", views_staff.planning, name="planning"),
    path("sites/<str:site_code>/assessment/", views_staff.assessment_sheet, name="assessment"),
    path("sites/<str:site_code>/circles/", views_staff.service_circles, name="circles"),
]
