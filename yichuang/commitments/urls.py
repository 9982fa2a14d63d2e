from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("checks/", views.checks, name="checks"),
    path("checks/<int:pk>/", views.check, name="check"),
    path("<int:pk>/pdf/", views.commitment_pdf, name="pdf"),
]
