"""Pages of the online hall (网上办事大厅), mounted at /hall/."""

from django.urls import path

from .views import accounts, apply, appointments, bundle_apply, cases, consult, messages, public, settings

app_name = "portal"
urlpatterns = [
    path("", public.index, name="index"),
    path("progress/", public.progress, name="progress"),
    path("login/", accounts.login_page, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("identity/", accounts.identity, name="identity"),
    path("identity/confirm/", accounts.identity_confirm, name="identity_confirm"),
    path("act-as/", accounts.act_as, name="act_as"),
    path("apply/<str:site_code>/items/<str:basic_code>/", apply.apply_item, name="apply"),
    path("apply/<str:site_code>/bundles/<slug:code>/", bundle_apply.apply_bundle, name="apply_bundle"),
    path("life-events/<str:ref>/", bundle_apply.life_event, name="life_event"),
    path("messages/", messages.message_list, name="messages"),
    path("settings/", settings.my_settings, name="settings"),
    path("consult/", consult.my_questions, name="questions"),
    path("consult/<str:site_code>/items/<str:basic_code>/", consult.ask, name="consult"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/<str:number>/", cases.case_detail, name="case"),
    path("cases/<str:number>/supplement/", cases.supplement, name="supplement"),
    path("cases/<str:number>/results/<str:code>.pdf", cases.result_download, name="result"),
    path("appointments/", appointments.my_bookings, name="bookings"),
    path("appointments/<str:site_code>/items/<str:basic_code>/", appointments.book, name="book"),
    path("appointments/<str:code>/cancel/", appointments.cancel, name="cancel_booking"),
    path("check-in/", appointments.check_in, name="check_in"),
]
