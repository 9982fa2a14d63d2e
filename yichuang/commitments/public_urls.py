from django.urls import path

from . import views

app_name = "proofs"
urlpatterns = [path("<str:site_code>/", views.proofs, name="site")]
