"""Public verification pages. Mounted by the project: path("verify/", include("yichuang.seals.urls"))."""

from django.urls import path

from . import views

app_name = "seals"

urlpatterns = [
    path("", views.index, name="verify_index"),
    path("<str:code>", views.verify, name="verify"),
    path("<str:code>/", views.verify),  # people type the address with or without the slash
]
