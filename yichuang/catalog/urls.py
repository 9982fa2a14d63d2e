from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "guide"
urlpatterns = [
    # Not permanent: a county may later put a portal home page here.
    path("", RedirectView.as_view(pattern_name="guide:index", permanent=False), name="home"),
    path("guide/", views.index, name="index"),
    path("guide/search/", views.search, name="search"),
    path("guide/<str:site_code>/", views.site_items, name="site"),
    path("guide/<str:site_code>/items/<str:basic_code>/", views.item_guide, name="item"),
    path("guide/<str:site_code>/items/<str:basic_code>/print/", views.item_print, name="print"),
    path("guide/<str:site_code>/bundles/<slug:code>/", views.bundle_detail, name="bundle"),
]
