from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from yichuang.ops.metrics import metrics
from yichuang.ops.views import healthz
from yichuang.portal.views.front import front_door

admin.site.site_header = "一窗通 政务服务管理后台"
admin.site.site_title = "一窗通"
admin.site.index_title = "事项目录与组织机构"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("", front_door, name="front"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/v1/", include("yichuang.catalog.api_urls")),
    path("api/v1/", include("yichuang.cases.api_urls")),
    path("api/v1/", include("yichuang.portal.api_urls")),
    path("api/v1/", include("yichuang.feedback.api_urls")),
    path("api/v1/", include("yichuang.supervision.api_urls")),
    path("api/v1/", include("yichuang.fees.api_urls")),
    path("verify/", include("yichuang.seals.urls")),
    path("workbench/", include("yichuang.workbench.urls")),
    path("documents/", include("yichuang.seals.document_urls")),
    path("hall/", include("yichuang.portal.urls")),
    path("fees/", include("yichuang.fees.urls")),
    path("feedback/", include("yichuang.feedback.urls")),
    path("catalog/lists/", include("yichuang.catalog.filing.urls")),
    path("supervision/", include("yichuang.supervision.urls")),
    path("floor/", include("yichuang.floor.urls")),
    path("commitments/", include("yichuang.commitments.urls")),
    path("proofs/", include("yichuang.commitments.public_urls")),
    path("catalog-imports/", include("yichuang.exchange.urls")),
    path("api/v1/", include("yichuang.commitments.api_urls")),
    path("sso/", include("yichuang.sso.urls")),
    path("", include("yichuang.catalog.urls")),
]

# Chinese pages for people, JSON for the API (issue 20 §6): yichuang.common.error_views.
handler403 = "yichuang.common.error_views.permission_denied"
handler404 = "yichuang.common.error_views.page_not_found"
handler500 = "yichuang.common.error_views.server_error"
