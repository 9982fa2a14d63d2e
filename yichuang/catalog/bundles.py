"""Where each item of a life event (一件事, R-16) is handled, seen from one site.

A bundle names catalogue entries, not one implementer's item: its rows point at an `Item`, but
what the row means is the entry (四级四同: the first nine digits of a 12-digit basic code — the
same 个体工商户设立登记 is a different `Item` at each township). Seen from a site, each entry is
handled by the nearest centre that offers it: the site itself, then the centres above it. An
entry that only townships offer (小餐饮店登记), asked at the county, is handled by the citizen's
own township (`home`: from the household address or the place they chose); without one, the
page asks where — it never sends anyone to a centre that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from yichuang.org.models import Site

from .models import Bundle, BundleItem, SiteItem
from .models.choices import VersionStatus

ENTRY_DIGITS = 9
# The session key under which the hall remembers the site a citizen chose (portal.location); the
# guide pages read it to place township-only items at the citizen's own township.
CHOSEN_SITE_SESSION_KEY = "guide_site"


def entry_of(basic_code: str) -> str:
    """The catalogue entry of a basic code: its first nine digits when it is a 12-digit national
    code; any other code (a local or test code) is its own entry."""
    return basic_code[:ENTRY_DIGITS] if len(basic_code) == 12 and basic_code.isdigit() else basic_code


def _entry_filter(entries) -> Q:
    cond = Q(pk__in=[])
    for entry in entries:
        cond |= Q(item__basic_code=entry) if len(entry) != ENTRY_DIGITS else Q(item__basic_code__startswith=entry)
    return cond


def scope(site: Site) -> list[Site]:
    """The site and the active centres above it, nearest first."""
    chain, seen = [], set()
    while site is not None and site.pk not in seen and len(chain) < 4:
        if site.is_active:
            chain.append(site)
        seen.add(site.pk)
        site = site.parent
    return chain


def offered(sites, entries) -> QuerySet[SiteItem]:
    return (
        SiteItem.objects.filter(site__in=sites, is_active=True, version__status=VersionStatus.PUBLISHED)
        .filter(_entry_filter(entries))
        .select_related("site", "item", "version", "version__department")
    )


@dataclass
class Placement:
    bundle_item: BundleItem
    entry: str
    name: str
    site_item: SiteItem | None  # None: no centre in reach offers it (the page asks where)

    @property
    def site(self) -> Site | None:
        return self.site_item.site if self.site_item else None


def _published_name(item) -> str:
    return item.versions.filter(status=VersionStatus.PUBLISHED).values_list("name", flat=True).first() or ""


def place(site: Site, bundle: Bundle, home: Site | None = None) -> list[Placement]:
    """Each item of the life event in order, with the site item that handles it for a citizen
    at `site` (whose own township is `home`, when known)."""
    rows = list(bundle.bundle_items.order_by("order", "id").select_related("item"))
    entries = [entry_of(bi.item.basic_code) for bi in rows]
    chain = scope(site)
    if home is not None and home.pk not in {s.pk for s in chain}:
        chain = chain + [s for s in scope(home) if s.pk not in {c.pk for c in chain}]
    rank = {s.pk: n for n, s in enumerate(chain)}
    nearest: dict[str, SiteItem] = {}
    for si in offered(chain, entries):
        entry = entry_of(si.item.basic_code)
        if entry not in nearest or rank[si.site_id] < rank[nearest[entry].site_id]:
            nearest[entry] = si
    placements = []
    for bi, entry in zip(rows, entries, strict=True):
        si = nearest.get(entry)
        name = si.version.name if si else _published_name(bi.item)
        if name:
            placements.append(Placement(bi, entry, name, si))
    return placements


def reach(site: Site) -> list[Site]:
    """The sites whose items a citizen starting at `site` can be sent to: the site and the
    centres above it; at the county, every active site of the county as well."""
    chain = scope(site)
    if site.level != Site.Level.COUNTY:
        return chain
    return chain + list(Site.objects.filter(is_active=True, code__startswith=site.code[:6]).exclude(pk=site.pk))


def available(site: Site) -> QuerySet[Bundle]:
    """Published life events any of whose items is handled within the site's reach."""
    offered_entries = {
        entry_of(code)
        for code in SiteItem.objects.filter(
            site__in=reach(site), is_active=True, version__status=VersionStatus.PUBLISHED
        ).values_list("item__basic_code", flat=True)
    }
    rows = BundleItem.objects.filter(bundle__is_published=True).values_list("bundle__code", "item__basic_code")
    codes = {code for code, basic in rows if entry_of(basic) in offered_entries}
    return Bundle.objects.filter(is_published=True, code__in=codes).order_by("name", "code")


def townships_offering(site: Site, entries) -> list[Site]:
    """The townships of the site's county that offer all of these entries (the picker's choices)."""
    found: dict[int, set[str]] = {}
    for si in offered([s for s in reach(site) if s.level == Site.Level.TOWNSHIP], entries):
        found.setdefault(si.site_id, set()).add(entry_of(si.item.basic_code))
    wanted = set(entries)
    return list(Site.objects.filter(pk__in=[pk for pk, got in found.items() if got >= wanted]).order_by("code"))


def township_of(site: Site | None) -> Site | None:
    while site is not None and site.level == Site.Level.VILLAGE:
        site = site.parent
    return site if site is not None and site.level == Site.Level.TOWNSHIP else None
