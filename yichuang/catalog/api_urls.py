from django.urls import path

from . import api, api_standard

app_name = "api"
urlpatterns = [
    path("sites/", api.SiteList.as_view(), name="sites"),
    path("sites/<str:site_code>/items/", api.SiteItemList.as_view(), name="site-items"),
    path("sites/<str:site_code>/items/<str:basic_code>/guide/", api.ItemGuide.as_view(), name="item-guide"),
    path("sites/<str:site_code>/bundles/", api.SiteBundleList.as_view(), name="site-bundles"),
    path("standard-items/<str:basic_code>/", api_standard.StandardItemDetail.as_view(), name="standard-item"),
]
