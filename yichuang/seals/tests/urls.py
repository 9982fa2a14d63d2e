"""A URLconf with only the public verification pages (and the guide, which the site layout
links to): the seal bench need not import every app's URLs, so another app's unfinished
module cannot stop it."""

from django.urls import include, path

urlpatterns = [path("verify/", include("yichuang.seals.urls")), path("", include("yichuang.catalog.urls"))]
