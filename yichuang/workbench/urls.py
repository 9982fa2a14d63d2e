from django.contrib.auth import views as auth_views
from django.urls import path

from . import consult, intake, search, uploads, views
from .landing import StaffLoginView
from .login_form import StaffLoginForm

app_name = "workbench"

urlpatterns = [
    path(
        "login/",
        StaffLoginView.as_view(
            template_name="workbench/login.html", redirect_authenticated_user=True, authentication_form=StaffLoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="workbench:login"), name="logout"),
    path("", views.home, name="home"),
    path("search/", search.search, name="search"),
    path("consult/", consult.questions, name="consult"),
    path("consult/<int:pk>/answer/", consult.answer, name="consult_answer"),
    path("intake/", intake.intake, name="intake"),
    path("intake/applicant/", intake.lookup_applicant, name="intake_lookup"),
    path("intake/clear/", intake.clear_intake, name="intake_clear"),
    path("cases/<str:number>/", views.case_page, name="case"),
    path("cases/<str:number>/act/<str:action>/", views.act, name="act"),
    path("cases/<str:number>/uploads/<int:upload_id>/", uploads.upload, name="upload"),
]
