"""The proofs list (证明事项清单) in the public guide API: the same rows as the page. Anonymous
callers are throttled like the rest of the guide API (PublicView, settings.REST_FRAMEWORK)."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from yichuang.catalog.api import TAG, PublicView

from . import selectors


class ProofRowSerializer(serializers.Serializer):
    item_name = serializers.CharField(help_text="事项名称")
    basic_code = serializers.CharField(help_text="事项基本编码")
    department = serializers.CharField(help_text="实施主体")
    material = serializers.CharField(help_text="证明材料名称")
    basis = serializers.CharField(help_text="材料依据")
    replaced = serializers.BooleanField(help_text="true:可用告知承诺替代;false:仍须提交")


class ProofsListSerializer(serializers.Serializer):
    site = serializers.CharField(help_text="站点编码")
    replaced = ProofRowSerializer(many=True, help_text="可告知承诺替代的证明")
    required = ProofRowSerializer(many=True, help_text="仍须提交的证明")


class ProofsList(PublicView):
    serializer_class = ProofsListSerializer
    pagination_class = None

    @extend_schema(
        tags=[TAG],
        summary="证明事项清单",
        description="站点公布的事项中仍须提交的证明材料,以及可用告知承诺替代的证明材料(R-13)。",
    )
    def get(self, request, site_code: str):
        found = selectors.proofs_list(self.get_site())
        return Response(
            {
                "site": found.site.code,
                "replaced": [asdict(r) for r in found.replaced],
                "required": [asdict(r) for r in found.required],
            }
        )
