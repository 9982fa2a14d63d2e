from django.urls import path

from . import api

urlpatterns = [
    path("fees/callback/", api.CallbackView.as_view(), name="fees-callback"),
    path("fees/refund-callback/", api.RefundCallbackView.as_view(), name="fees-refund-callback"),
    path("fees/cases/<str:number>/", api.CaseChargeView.as_view(), name="fees-case"),
]
