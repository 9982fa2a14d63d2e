"""Pages of the feedback app (mounted at /feedback/ in yichuang/urls.py)."""

from django.urls import path

from .views import public, ratings, tablet, tickets

app_name = "feedback"
urlpatterns = [
    path("cases/<str:number>/rate/", ratings.rate_case, name="rate_case"),
    path("tickets/", tickets.ticket_list, name="tickets"),
    path("tickets/<int:pk>/", tickets.ticket_detail, name="ticket"),
    path("tickets/<int:pk>/phone/", tickets.ticket_phone, name="ticket_phone"),
    path("tickets/<int:pk>/<str:action>/", tickets.ticket_act, name="ticket_act"),
    path("windows/<int:window_id>/", tablet.desk, name="desk"),
    path("windows/<int:window_id>/encounters/", tablet.start, name="start_encounter"),
    path("windows/<int:window_id>/tablet/", tablet.bind, name="bind_tablet"),
    path("tablets/", tablet.tablets, name="tablets"),
    path("tablet/", tablet.tablet, name="tablet"),
    path("cannot-do/", public.cannot_do, name="cannot_do"),
    path("cannot-do/thanks/", public.cannot_do_thanks, name="cannot_do_thanks"),
]
