"""智能导办: a need in plain Chinese ("孩子出生了要办什么") → the items and life events to apply for,
ranked (R-11, R-16).

A layer over the catalogue's own search (catalog.selectors.search_queryset, which applies the
synonym table administrators edit), not a second search engine:
1. Phrase extraction. Chinese has no spaces, so the need is matched against a vocabulary of the
   phrases the catalogue already knows: item keywords (written in people's words, "社保卡丢了"),
   synonym terms, life-event keywords and item names. Every phrase found in the need is a term.
   With none found, the need's two-character pieces are tried instead.
2. Each term is searched with the catalogue search at the citizen's site and the centres above
   it (the county centre serves everyone in the county). An item scores the term's length times
   where the term matched (name > keywords > elsewhere): long, specific phrases outweigh short
   generic ones ("社保卡丢了" beats "社保").
3. Life events (一件事) score the same way on their name, keywords and description, and count
   1.5 times: a need that is a life event ("孩子出生了") shows the bundle first.
4. The same entry offered at several levels (四级四同: same first nine digits of the basic code)
   is shown once, at the nearest site.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from yichuang.catalog import selectors as catalog
from yichuang.catalog.models import Bundle, SearchSynonym, SiteItem
from yichuang.catalog.models.choices import VersionStatus
from yichuang.org.models import Site

MAX_NEED_CHARS = 60
MAX_TERMS = 8
RANK_WEIGHT = {0: 3, 1: 2, 2: 1}
BUNDLE_FACTOR = 1.5
VOCABULARY_SECONDS = 60  # item keywords change with a published version: seen within a minute
GENERATION_KEY = "portal:guide-vocabulary-generation"
NOT_TEXT = re.compile(r"[^\u4e00-\u9fffa-z0-9]+")


@dataclass
class Suggestion:
    kind: str  # "item" or "bundle"
    key: str  # the entry (first 9 digits of the basic code) or the bundle code
    title: str
    site: Site
    score: float
    basic_code: str = ""
    department: str = ""
    description: str = ""


def scope_sites(site: Site) -> list[Site]:
    """The citizen's site and the centres above it, nearest first."""
    sites, seen = [], set()
    while site is not None and site.pk not in seen and len(sites) < 4:
        if site.is_active:
            sites.append(site)
        seen.add(site.pk)
        site = site.parent
    return sites


def normalise(need: str | None) -> str:
    text = unicodedata.normalize("NFKC", need or "").lower()[:MAX_NEED_CHARS]
    return NOT_TEXT.sub(" ", text).strip()


def vocabulary(sites: list[Site]) -> list[str]:
    """Phrases the catalogue knows for these sites, longest first (cached briefly)."""
    key = f"portal:guide-vocabulary:{cache.get(GENERATION_KEY, 0)}:" + ",".join(str(s.pk) for s in sites)
    words = cache.get(key)
    if words is None:
        found: set[str] = set()
        rows = SiteItem.objects.filter(site__in=sites, is_active=True, version__status=VersionStatus.PUBLISHED)
        for name, keywords in rows.values_list("version__name", "version__keywords"):
            found.update(keywords.lower().split())
            found.add(name.lower())
        found.update(t.lower() for t in SearchSynonym.objects.values_list("term", flat=True))
        for name, keywords in Bundle.objects.filter(is_published=True).values_list("name", "keywords"):
            found.update(keywords.lower().split())
            found.add(name.lower())
        words = sorted((w for w in found if len(w) >= 2), key=lambda w: (-len(w), w))
        cache.set(key, words, VOCABULARY_SECONDS)
    return words


def _vocabulary_changed(**kwargs) -> None:
    """An administrator's edit shows in the next answer, not a minute later."""
    cache.set(GENERATION_KEY, cache.get(GENERATION_KEY, 0) + 1, None)


for _model in (SearchSynonym, Bundle):
    post_save.connect(_vocabulary_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-saved")
    post_delete.connect(_vocabulary_changed, sender=_model, dispatch_uid=f"portal-guide-{_model.__name__}-deleted")


def extract_terms(text: str, words: list[str]) -> list[str]:
    """The known phrases in the need; without any, its two-character pieces."""
    terms = [w for w in words if w in text][:MAX_TERMS]
    if terms:
        return terms
    pieces = [chunk[i : i + 2] for chunk in text.split() for i in range(len(chunk) - 1)]
    return list(dict.fromkeys(pieces))[:MAX_TERMS]


def _score_items(sites: list[Site], terms: list[str]) -> dict[str, Suggestion]:
    found: dict[str, Suggestion] = {}
    counted: set[tuple[str, str]] = set()
    for term in terms:
        for site in sites:  # nearest first: an entry stays at the first (nearest) site it is found at
            for row in catalog.search_queryset(site, term)[:30]:
                entry = row["basic_code"][:9]
                suggestion = found.setdefault(
                    entry, Suggestion("item", entry, row["name"], site, 0, row["basic_code"], row["department"])
                )
                if (entry, term) not in counted:  # a term counts once per entry, whatever the level
                    counted.add((entry, term))
                    suggestion.score += len(term) * RANK_WEIGHT.get(row["rank"], 1)
    return found


def _score_bundles(sites: list[Site], terms: list[str]) -> dict[str, Suggestion]:
    found: dict[str, Suggestion] = {}
    for site in sites:
        for bundle in catalog.site_bundles(site):
            if bundle.code in found:
                continue
            score = 0.0
            for term in terms:
                options = catalog.expand_terms([term])[0]
                if any(o in bundle.name.lower() or o in bundle.keywords.lower() for o in options):
                    score += len(term) * RANK_WEIGHT[0]
                elif any(o in bundle.description.lower() for o in options):
                    score += len(term) * RANK_WEIGHT[2]
            if score:
                found[bundle.code] = Suggestion(
                    "bundle", bundle.code, bundle.name, site, score * BUNDLE_FACTOR, description=bundle.description
                )
    return found


def suggest(site: Site, need: str | None, limit: int = 8) -> list[Suggestion]:
    """Items and life events for a plain-language need, best first."""
    text = normalise(need)
    if not text:
        return []
    sites = scope_sites(site)
    terms = extract_terms(text, vocabulary(sites))
    if not terms:
        return []
    ranked = list(_score_bundles(sites, terms).values()) + list(_score_items(sites, terms).values())
    ranked.sort(key=lambda s: (-s.score, s.kind != "bundle", s.title))
    return ranked[:limit]
