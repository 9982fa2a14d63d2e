"""What an implementation's delegation mode (承接方式, R-05) decides, in one place: where a case
is handled, who supervises, and how documents name the deciding body.

Seed 004 (三、(四)): items the county devolves (下放) and a township's own items are supervised
by the township; items the county entrusts (委托) by the entrusting county department and the
township jointly. A 委托收件 township only receives the application, so the county decides and
the county department supervises, as does the stationing department for a 派驻 window."""

from __future__ import annotations

from yichuang.org.models import Department, Site

from .models.choices import DelegationMode

D = DelegationMode


def county_above(site: Site) -> Site:
    while site.level != Site.Level.COUNTY and site.parent_id:
        site = site.parent
    return site


def entrusting_department(version) -> Department | None:
    """The county department the version's 委托部门 names (stationed at the county centre)."""
    body = version.entrusting_body.strip()
    if not body:
        return None
    county = county_above(version.department.site)
    return Department.objects.filter(site=county, name=body).first()


def home_site(version) -> Site:
    """The site whose queue a case of `version` belongs to: the implementing body's, except
    委托收件 — received at the township, handled at the county from intake on."""
    home = version.department.site
    if version.delegation_mode != D.ENTRUSTED_INTAKE:
        return home
    return county_above(home)


def supervising_departments(version) -> list[Department]:
    """Who supervises cases of `version` (seed 004's rule; see the module docstring)."""
    mode, own = version.delegation_mode, version.department
    entrusting = entrusting_department(version) if mode in (D.ENTRUSTED, D.ENTRUSTED_INTAKE) else None
    if mode == D.ENTRUSTED:
        return [own] + ([entrusting] if entrusting else [])
    if mode == D.ENTRUSTED_INTAKE:
        return [entrusting] if entrusting else [own]
    return [own]


def deciding_body_wording(version) -> str:
    """The body a decision names. Under 委托 the entrusted body acts in the entrusting body's
    name (行政许可法 第二十四条), so the document names the entrusting body first."""
    own = version.department.name
    if version.delegation_mode == D.ENTRUSTED and version.entrusting_body.strip():
        return f"{version.entrusting_body.strip()}(委托{own}实施)"
    return own
