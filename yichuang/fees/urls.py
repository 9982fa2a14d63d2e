from django.urls import path

from . import views

app_name = "fees"
urlpatterns = [
    path("case/<str:number>/", views.staff_case, name="staff_case"),
    path("case/<str:number>/window/", views.window_payment, name="window_payment"),
    path("case/<str:number>/void/<int:payment_id>/", views.void_payment, name="void_payment"),
    path("case/<str:number>/refund/<int:refund_id>/", views.window_refund, name="window_refund"),
    path("case/<str:number>/helper-pay/", views.helper_pay, name="helper_pay"),
    path("hall/<str:number>/pay/", views.citizen_pay, name="citizen_pay"),
    path("report/", views.money_report, name="report"),
    path("report.xlsx", views.money_report_xlsx, name="report_xlsx"),
]
