"""统一身份认证 login, mounted at /sso/."""

from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("<str:purpose>/start/", views.start, name="start"),
    path("<str:purpose>/callback/", views.callback, name="callback"),
    path("<str:purpose>/refused/", views.refused_page, name="refused"),
    path("logout/", views.logout_view, name="logout"),
]
