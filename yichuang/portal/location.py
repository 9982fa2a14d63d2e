"""Where the citizen is (智能导办 and 一件事, issue 15 §2–§3): the site to answer at and their own
township, so that a need asked at the county finds what only townships offer.

In order: the place they chose (remembered in their session); else, once logged in, the
township named in their household address; else nothing, and the page shows the picker (by
township or village name).
"""

from __future__ import annotations

from yichuang.catalog import bundles
from yichuang.catalog import selectors as catalog
from yichuang.org.models import Site

from . import selectors

SESSION_KEY = bundles.CHOSEN_SITE_SESSION_KEY  # the code of the site the citizen chose
MAX_PLACE_CHARS = 20


_township_of = bundles.township_of


def _local_sites() -> list[Site]:
    return list(
        catalog.public_sites().filter(level__in=[Site.Level.TOWNSHIP, Site.Level.VILLAGE]).select_related("region")
    )


def match_places(text: str) -> list[Site]:
    """Townships and village stations whose place name (凤田镇, 上坪村; or without its suffix:
    凤田, 上坪) occurs in the text, or that the text names; townships first."""
    text = (text or "").strip()[:MAX_PLACE_CHARS]
    if not text:
        return []
    found = []
    for site in _local_sites():
        name = site.region.name
        short = name[:-1] if len(name) > 2 and name[-1] in "镇乡村" else name.removesuffix("街道").removesuffix("社区")
        if name in text or (len(short) >= 2 and short in text) or text in name:
            found.append(site)
    return sorted(found, key=lambda s: (s.level != Site.Level.TOWNSHIP, s.code))


def from_address(address: str) -> Site | None:
    """The township named in a household address ("清溪县凤田镇上坪村…")."""
    for site in match_places(address):
        township = _township_of(site)
        if township is not None:
            return township
    return None


def remember(request, site: Site) -> None:
    request.session[SESSION_KEY] = site.code


def chosen_site(request) -> Site | None:
    code = request.session.get(SESSION_KEY)
    return catalog.get_public_site(code) if isinstance(code, str) else None


def household_township(request) -> Site | None:
    if not request.user.is_authenticated:
        return None
    account = selectors.account_of(request.user)
    applicant = selectors.acting_applicant(account, request.session) if account else None
    return from_address(applicant.address) if applicant is not None and applicant.address else None


def where(request) -> tuple[Site | None, str]:
    """(the site to answer at, how it was known) — None when the page must ask."""
    site = chosen_site(request)
    if site is not None:
        return site, "您选择的地点"
    site = household_township(request)
    if site is not None:
        return site, "根据您的户籍地址"
    return None, ""


def home_township(request, site: Site | None = None) -> Site | None:
    """The citizen's own township: of the site they stand at, else of where they are."""
    return _township_of(site) or _township_of(where(request)[0])
