from django.urls import path

from . import api

app_name = "commitments-api"
urlpatterns = [path("sites/<str:site_code>/proofs/", api.ProofsList.as_view(), name="site-proofs")]
