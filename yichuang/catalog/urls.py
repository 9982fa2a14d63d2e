from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("guide/", views.index, name="index"),
    path("guide/search/", views.search, name="search"),
    path("guide/<str:site_code>/", views.site_items, name="site"),
    path("guide/<str:site_code>/items/<str:basic_code>/", views.item_guide, name="item"),
    path("guide/<str:site_code>/items/<str:basic_code>/print/", views.item_print, name="print"),
    path("guide/<str:site_code>/bundles/<slug:code>/", views.bundle_detail, name="bundle"),
]
