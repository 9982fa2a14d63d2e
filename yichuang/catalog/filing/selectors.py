"""Reads for the 实施清单 pages: each entry beside its standard item with the differences
(四级四同), what changes against the published list, and the county's overview of townships."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.org.models import Site

from ..models import ImplementationList, Item, ItemVersion, SiteItem
from ..models.choices import VersionStatus
from ..standard import Difference, differences


@dataclass
class Row:
    item: Item
    version: object  # the published version, or None
    differences: list[Difference]
    change: str  # 新增 / 保留 / 撤下


def _published(item_ids) -> dict[int, object]:
    rows = ItemVersion.objects.filter(item_id__in=item_ids, status=VersionStatus.PUBLISHED).select_related("department")
    return {v.item_id: v for v in rows}


def rows(lst: ImplementationList) -> list[Row]:
    items = list(
        Item.objects.filter(list_entries__implementation_list=lst).select_related("standard").order_by("basic_code")
    )
    live = set(SiteItem.objects.filter(site=lst.site, is_active=True).values_list("item_id", flat=True))
    gone = list(
        Item.objects.filter(pk__in=live - {i.pk for i in items}).select_related("standard").order_by("basic_code")
    )
    versions = _published([i.pk for i in items + gone])
    out = []
    for item, change in [(i, "保留" if i.pk in live else "新增") for i in items] + [(i, "撤下") for i in gone]:
        version = versions.get(item.pk)
        out.append(Row(item, version, differences(item.standard, version) if version else [], change))
    return out


def candidates(lst: ImplementationList) -> list[Item]:
    """Published implementations of this centre's departments not yet on the list."""
    return list(
        Item.objects.filter(department__site=lst.site, versions__status=VersionStatus.PUBLISHED)
        .exclude(list_entries__implementation_list=lst)
        .select_related("standard")
        .order_by("basic_code")
    )


def township_sites(user) -> list[Site]:
    return [
        r.site
        for r in user.staff_roles.filter(role__in=("head", "admin"), site__level=Site.Level.TOWNSHIP).select_related(
            "site"
        )
    ]


def county_sites(user) -> list[Site]:
    return [
        r.site
        for r in user.staff_roles.filter(role__in=("head", "admin"), site__level=Site.Level.COUNTY).select_related(
            "site"
        )
    ]


def county_overview(county: Site) -> list[tuple[Site, ImplementationList | None]]:
    townships = list(Site.objects.filter(parent=county, level=Site.Level.TOWNSHIP, is_active=True).order_by("code"))
    latest = {}
    for lst in ImplementationList.objects.filter(site__in=townships).order_by("created_at"):
        latest[lst.site_id] = lst
    return [(t, latest.get(t.pk)) for t in townships]
