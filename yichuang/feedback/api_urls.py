"""REST API of the feedback app, under /api/v1/ (mounted in yichuang/urls.py)."""

from django.urls import path

from . import api
from .workflow import Action

urlpatterns = [
    path("feedback/cases/<str:number>/rating/", api.CaseRatingView.as_view(), name="feedback-api-rate-case"),
    path("feedback/tablet/rating/", api.TabletRatingView.as_view(), name="feedback-api-rate-encounter"),
    path("feedback/tickets/", api.TicketListView.as_view(), name="feedback-api-tickets"),
    path("feedback/tickets/<int:pk>/", api.TicketDetailView.as_view(), name="feedback-api-ticket"),
    *[
        path(
            f"feedback/tickets/<int:pk>/{action}/", api.ticket_action_view(action), name=f"feedback-api-ticket-{action}"
        )
        for action in (Action.VERIFY, Action.RECTIFY, Action.CALL_BACK, Action.CLOSE)
    ],
]
