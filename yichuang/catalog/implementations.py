"""Reads about a standard item's implementations: where one 基本编码 is offered, by which body and
under which delegation mode (R-05, R-10). Public: only active sites' published lists."""

from __future__ import annotations

from yichuang.common import params

from .models import SiteItem, StandardItem
from .models.choices import VersionStatus


def get_standard(basic_code: str) -> StandardItem | None:
    if params.code(basic_code) is None:
        return None
    return StandardItem.objects.filter(basic_code=basic_code).first()


def offered_at(standard: StandardItem) -> list[dict]:
    """One row per site whose published list holds an implementation of `standard`."""
    rows = (
        SiteItem.objects.filter(
            item__standard=standard, is_active=True, site__is_active=True, version__status=VersionStatus.PUBLISHED
        )
        .select_related("site", "item", "version", "version__department")
        .order_by("site__code", "item__implementation_code")
    )
    return [
        {
            "site_code": si.site.code,
            "site_name": si.site.name,
            "site_level": si.site.get_level_display(),
            "department": si.version.department.name,
            "implementation_code": si.item.implementation_code,
            "delegation_mode": si.version.delegation_mode,
            "delegation_mode_label": si.version.get_delegation_mode_display(),
            "entrusting_body": si.version.entrusting_body,
        }
        for si in rows
    ]


def standard_document(standard: StandardItem) -> dict:
    return {
        "basic_code": standard.basic_code,
        "name": standard.name,
        "item_type": standard.get_item_type_display(),
        "legal_basis": standard.legal_basis,
        "implementations": offered_at(standard),
    }
