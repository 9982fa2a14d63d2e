from django.urls import path

from . import views

app_name = "filing"
urlpatterns = [
    path("", views.township, name="township"),
    path("county/", views.county, name="county"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/", views.act, name="act"),
]
