"""Reads for the public catalogue: which sites, items and life events a citizen may see, and
search over them (R-11, R-16).

"Public" means: the site is active, the SiteItem is on the published list (`is_active`) and the
version it points at is published. Drafts and retired versions never leave this module.

Search works on `ItemVersion.search_text` (lower-cased name, keywords, type, result name, basic
code and department name) by substring. Full-text tokenisers of SQLite and PostgreSQL do not
split Chinese into words, so "社保" would never match "社保卡" as a token; a substring match
(LIKE '%社保%') does, on both databases, and over a county's few thousand items a scan is fast
enough (see bench/guide_search.py).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save

from yichuang.common import params
from yichuang.org.models import Site

from . import bundles
from .models import Bundle, BundleItem, SearchSynonym, SiteItem
from .models.choices import VersionStatus

MAX_QUERY_CHARS = 50
MAX_TERMS = 5
MAX_EXPANSIONS = 8
DEFAULT_LIMIT = 50
# Above this many items a site's page lists its departments and each department gets its own
# page: 5,000 items on one page would be half a megabyte on a village phone.
FULL_LIST_MAX = 300
SYNONYM_CACHE_KEY = "catalog:search-synonyms"
SYNONYM_CACHE_SECONDS = 60

# One row of an item list, read as plain values: building four model instances per row cost
# more than the query itself in bench/guide_search.py.
ROW = {
    "basic_code": F("item__basic_code"),
    "name": F("version__name"),
    "item_type": F("version__item_type"),
    "case_kind": F("version__case_kind"),
    "promised_days": F("version__promised_days"),
    "has_fees": F("version__has_fees"),
    "department_id": F("version__department_id"),
    "department": F("version__department__name"),
}


# ---- sites -------------------------------------------------------------------------------


def public_sites() -> QuerySet[Site]:
    return Site.objects.filter(is_active=True).select_related("parent").order_by("code")


def get_public_site(code: str) -> Site | None:
    # Anything that cannot be a code (NUL, a 10,000-character string) is unknown without a
    # query: PostgreSQL refuses NUL in a text parameter with an error, not an empty result.
    if params.code(code) is None:
        return None
    return public_sites().filter(code=code).first()


@dataclass
class SiteNode:
    site: Site
    children: list["SiteNode"] = field(default_factory=list)


def site_tree() -> list[SiteNode]:
    """County centres → township centres → village stations. A site whose parent is missing or
    inactive is shown at the top level rather than hidden: a citizen must still find it."""
    sites = list(public_sites())
    nodes = {s.pk: SiteNode(s) for s in sites}
    roots: list[SiteNode] = []
    for s in sites:
        parent = nodes.get(s.parent_id)
        (parent.children if parent else roots).append(nodes[s.pk])
    level_order = {Site.Level.COUNTY: 0, Site.Level.TOWNSHIP: 1, Site.Level.VILLAGE: 2}
    roots.sort(key=lambda n: (level_order.get(n.site.level, 9), n.site.code))
    return roots


# ---- items -------------------------------------------------------------------------------


def published_site_items(site: Site) -> QuerySet[SiteItem]:
    return SiteItem.objects.filter(site=site, is_active=True, version__status=VersionStatus.PUBLISHED).select_related(
        "item", "version", "version__department"
    )


def list_site_items(site: Site) -> QuerySet:
    """The published list as rows (dicts with the keys of ROW), for pages and API lists."""
    return SiteItem.objects.filter(site=site, is_active=True, version__status=VersionStatus.PUBLISHED).values(**ROW)


def get_site_item(site: Site, basic_code: str) -> SiteItem | None:
    if params.code(basic_code) is None:
        return None
    rows = published_site_items(site).select_related("site")
    # A link from before issue 17 carries the item's invented code (kept as legacy_code).
    return rows.filter(item__basic_code=basic_code).first() or rows.filter(item__legacy_code=basic_code).first()


@dataclass
class DepartmentGroup:
    department_id: int
    name: str
    count: int
    rows: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)  # rows as guide.item_summary() shows them


def department_counts(site: Site) -> list[DepartmentGroup]:
    """The departments with published items at the site, and how many each has."""
    rows = (
        list_site_items(site)
        .order_by()
        .values("version__department_id", "version__department__name")
        .annotate(n=Count("id"))
        .order_by("version__department__name", "version__department_id")
    )
    return [DepartmentGroup(r["version__department_id"], r["version__department__name"], r["n"]) for r in rows]


def site_items_by_department(site: Site, department_id: int | None = None) -> list[DepartmentGroup]:
    """Published items grouped by implementing department (all, or one department's)."""
    rows = list_site_items(site)
    if department_id is not None:
        rows = rows.filter(version__department_id=department_id)
    groups: dict[int, DepartmentGroup] = {}
    for row in rows.order_by(
        "version__department__name", "version__department_id", "version__name", "item__basic_code"
    ):
        group = groups.setdefault(row["department_id"], DepartmentGroup(row["department_id"], row["department"], 0))
        group.rows.append(row)
        group.count += 1
    return list(groups.values())


# ---- life events (一件事) --------------------------------------------------------------------


def site_bundles(site: Site) -> QuerySet[Bundle]:
    """Published life events that can be started at this site: any of their items is offered in
    the site's county (each item is handled where `bundles.place` finds it)."""
    return bundles.available(site)


def get_site_bundle(site: Site, code: str) -> Bundle | None:
    if params.code(code) is None:
        return None
    return site_bundles(site).filter(code=code).first()


def bundle_site_items(site: Site, bundle: Bundle) -> list[tuple[BundleItem, SiteItem | None]]:
    """Each item of the life event in order, with what this very site offers of that entry
    (None: not here) — a window receives only what its own site handles."""
    rows = list(bundle.bundle_items.order_by("order", "id").select_related("item"))
    here = {
        bundles.entry_of(si.item.basic_code): si
        for si in bundles.offered([site], [bundles.entry_of(bi.item.basic_code) for bi in rows]).prefetch_related(
            "version__materials"
        )
    }
    return [(bi, here.get(bundles.entry_of(bi.item.basic_code))) for bi in rows]


def item_bundles(item_id: int) -> QuerySet[Bundle]:
    return Bundle.objects.filter(is_published=True, bundle_items__item_id=item_id).order_by("name", "code")


# ---- search ------------------------------------------------------------------------------


def parse_query(q: str | None) -> list[str]:
    """Trim, fold full-width characters (ＩＣＰ → icp), lower-case, cap length and term count.
    The caps keep a pasted paragraph from turning into a 100-clause query."""
    text = unicodedata.normalize("NFKC", params.without_control_characters(q)).strip()[:MAX_QUERY_CHARS].lower()
    terms: list[str] = []
    for term in text.split():
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _synonyms() -> list[tuple[str, list[str]]]:
    """The synonym table, cached: it is small, edited by hand and read by every search. Saves and
    deletes drop the cache; bulk writes that bypass signals show up within SYNONYM_CACHE_SECONDS."""
    synonyms = cache.get(SYNONYM_CACHE_KEY)
    if synonyms is None:
        synonyms = [(t.lower(), e.lower().split()) for t, e in SearchSynonym.objects.values_list("term", "expansions")]
        cache.set(SYNONYM_CACHE_KEY, synonyms, SYNONYM_CACHE_SECONDS)
    return synonyms


def _forget_synonyms(**kwargs) -> None:
    cache.delete(SYNONYM_CACHE_KEY)


# Connected here rather than in AppConfig.ready: the cache is only ever filled by this module.
post_save.connect(_forget_synonyms, sender=SearchSynonym, dispatch_uid="catalog-synonyms-saved")
post_delete.connect(_forget_synonyms, sender=SearchSynonym, dispatch_uid="catalog-synonyms-deleted")


def expand_terms(terms: list[str]) -> list[list[str]]:
    """Each term with what it may also mean. A synonym applies when its term occurs inside the
    query term, so "社保" → "社会保障" also turns "社保卡" into "社会保障卡"."""
    if not terms:
        return []
    synonyms = _synonyms()
    expanded = []
    for term in terms:
        options = [term]
        for syn_term, expansions in synonyms:
            if syn_term and syn_term in term:
                options += [term.replace(syn_term, e) for e in expansions if e]
        expanded.append(list(dict.fromkeys(options))[:MAX_EXPANSIONS])
    return expanded


def _any(lookup: str, options: list[str]) -> Q:
    return reduce(or_, (Q(**{lookup: o}) for o in options))


def search_queryset(site: Site, q: str | None) -> QuerySet:
    """Published items of `site` matching every term (AND), each term by any of its expansions
    (OR). Ranked: all terms in the name, then in name or keywords, then elsewhere; then by name."""
    groups = expand_terms(parse_query(q))
    qs = list_site_items(site)
    if not groups:
        return qs.order_by("version__name", "item__basic_code")
    matches, in_name, in_name_or_keywords = Q(), Q(), Q()
    for options in groups:
        # search_text is stored lower-cased, so a plain `contains` suffices and lets PostgreSQL
        # skip UPPER() on every row; name/keywords keep their case, hence icontains.
        matches &= _any("version__search_text__contains", options)
        name = _any("version__name__icontains", options)
        in_name &= name
        in_name_or_keywords &= name | _any("version__keywords__icontains", options)
    rank = Case(
        When(in_name, then=Value(0)),
        When(in_name_or_keywords, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.filter(matches).annotate(rank=rank).order_by("rank", "version__name", "item__basic_code")


def search_site_items(site: Site, q: str | None, limit: int = DEFAULT_LIMIT) -> list[dict]:
    return list(search_queryset(site, q)[:limit])


def search_bundles(site: Site, q: str | None) -> list[Bundle]:
    """Life events of this site whose name, keywords or description match every term."""
    groups = expand_terms(parse_query(q))
    if not groups:
        return []
    cond = Q()
    for options in groups:
        cond &= (
            _any("name__icontains", options)
            | _any("keywords__icontains", options)
            | _any("description__icontains", options)
        )
    return list(site_bundles(site).filter(cond))
