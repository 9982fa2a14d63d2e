"""Reads of cases (办件): what a staff member may see, one case with everything its page shows,
the queue of cases waiting for someone, and the lookups intake needs.

Visibility (architecture invariant 6): staff see the cases whose accepting site (通办地) or
home site (归属地) is one of the sites where they hold a role, and the county centre's staff
the cases escalated to it (上报件). Everything else answers as if it did not exist, so a case
number from another county leaks nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from yichuang.catalog.models import ItemVersion
from yichuang.catalog.models.choices import VersionStatus
from yichuang.common import composed
from yichuang.common.errors import DomainError, Problem
from yichuang.org.calendar import _calendar
from yichuang.org.models import Site

from . import action_lookup, steps, workflow
from .clock import ClockReading, read_clock
from .models import (
    Case,
    CaseMaterial,
    ClockSuspension,
    Escalation,
    Extension,
    JointTask,
    SupplementNotice,
    SupplementNoticeLine,
)
from .services.common import with_roles
from .workflow import Action

# ---------------------------------------------------------------- who the user is


def staff_user(user):
    """The user with their staff roles loaded once per request (services.common.with_roles)."""
    return with_roles(user)


def site_ids(user) -> set[int]:
    return {r.site_id for r in staff_user(user).staff_roles.all()}


def roles_at(user, *site_pks: int) -> set[str]:
    return {r.role for r in staff_user(user).staff_roles.all() if r.site_id in site_pks}


def actions_for(user, case: Case) -> list[Action]:
    """The actions this user may take on the case now (what the workbench and the API offer):
    exactly what `steps.perform` would accept (steps.offered)."""
    return steps.offered(case, staff_user(user))


# ---------------------------------------------------------------- lists and queues


def visible_cases(user) -> QuerySet[Case]:
    ids = site_ids(user)
    mine = Q(site_id__in=ids) | Q(home_site_id__in=ids)
    counties = _county_sites(user, ids)
    if counties:  # only county centres receive 上报件; everyone else keeps the indexed two-column filter
        mine |= Q(pk__in=Escalation.objects.filter(to_site_id__in=counties).values("case_id"))
    return Case.objects.filter(mine)


def visibility_key(user) -> tuple:
    """What `visible_cases` is built from for this user (their sites, the county centres among
    them): a statement composed from it can be kept under this key (workbench.queue_rows)."""
    ids = site_ids(user)
    return tuple(sorted(ids)), tuple(_county_sites(user, ids))


def _county_sites(user, ids: set[int]) -> list[int]:
    """The county centres among the user's sites, asked once per user object (a request's)."""
    cached = getattr(user, "_yc_county_sites", None)
    if cached is None or cached[0] != ids:
        cached = (ids, list(Site.objects.filter(pk__in=ids, level=Site.Level.COUNTY).values_list("pk", flat=True)))
        try:
            user._yc_county_sites = cached
        except AttributeError:  # an object that takes no attributes: ask again next time
            pass
    return cached[1]


def case_list(user, *, state: str | None = None, site_code: str | None = None) -> QuerySet[Case]:
    """The rows of a case list: one query, only what a row shows (no form data, no rule results)."""
    qs = visible_cases(user)
    if state:
        qs = qs.filter(state=state)
    if site_code:
        qs = qs.filter(Q(site__code=site_code) | Q(home_site__code=site_code))
    return (
        qs.select_related("site", "home_site", "item", "item_version", "applicant")
        .only(
            "number",
            "state",
            "transfer_mode",
            "channel",
            "received_at",
            "accepted_on",
            "due_date",
            "decision",
            "site__code",
            "site__name",
            "home_site__code",
            "home_site__name",
            "item__basic_code",
            "item_version__name",
            "applicant__kind",
            "applicant__name",
            "applicant__citizen_id",
            "applicant__credit_code",
        )
        .order_by("-received_at", "-pk")
    )


def queue(user, **filters) -> QuerySet[Case]:
    """Cases waiting for an action this user's roles allow (受理 at the window, 审查 at the home
    site, 出件 back at the window): the to-do list, read from the table of steps."""
    return case_list(user, **filters).filter(steps.queue_condition(staff_user(user).staff_roles.all()))


def role_queue(user, role, where=None) -> QuerySet[Case]:
    """What waits for one of the user's StaffRoles (a queue of the workbench home), read from
    the table of steps: every case in a state with a step this role takes next, at the site
    where the role is held (steps.queue_condition); with `where`, at one desk of the table."""
    return visible_cases(user).filter(steps.queue_condition([role], where))


def tracked_escalations(user) -> QuerySet[Case]:
    """The escalated cases (上报件) this user tracks for the township (全程代理): they wait for
    the county, not for the tracker, but the tracker answers the applicant's questions."""
    return visible_cases(user).filter(state=workflow.State.ESCALATED, escalation__tracker=user)


def read_clocks(cases, today=None) -> list[ClockReading]:
    """`read_clock` of many cases (a queue's rows), reading each home site's calendar once:
    one by one, a 200-row queue cost two calendar queries per row. Same rules as read_clock
    (a test holds the two equal); cases must have `suspensions` prefetched when stopped."""
    today = today or timezone.localdate()
    pending, readings = {}, {}
    for i, case in enumerate(cases):
        if case.due_date is None or case.state in workflow.FINAL_STATES or case.decided_at is not None:
            readings[i] = ClockReading("none", None, False, False)
            continue
        stopped = case.state in workflow.CLOCK_STOPPED
        as_of = today
        if stopped:
            open_stop = next((s for s in case.suspensions.all() if s.ended_on is None), None)
            as_of = open_stop.started_on if open_stop else today
        pending[i] = (case.home_site, as_of, case.due_date, stopped)
    by_site: dict = {}
    for site, as_of, due, _ in pending.values():
        first, last = by_site.get(site.pk, (None, min(as_of, due), max(as_of, due)))[1:]
        by_site[site.pk] = (site, min(first, as_of, due), max(last, as_of, due))
    # Per site: working days counted from its first date, so each reading is one subtraction.
    counted: dict = {}
    for pk, (site, first, last) in by_site.items():
        cal, running, day = _calendar(site, first, last), 0, first
        counts = {first: 0}
        while day < last:
            day += dt.timedelta(days=1)
            running += cal.is_working(day)
            counts[day] = running
        counted[pk] = counts
    thresholds = settings.YICHUANG
    for i, (site, as_of, due, stopped) in pending.items():
        remaining = counted[site.pk][due] - counted[site.pk][as_of]
        level = (
            "red"
            if remaining <= thresholds["WARNING_RED_DAYS"]
            else "yellow"
            if remaining <= thresholds["WARNING_YELLOW_DAYS"]
            else "normal"
        )
        readings[i] = ClockReading(level, remaining, as_of > due, stopped)
    return [readings[i] for i in range(len(readings))]


# ---------------------------------------------------------------- one case


@dataclass
class CaseView:
    """One case with every part its detail shows, loaded up front (no query while shaping)."""

    case: Case
    materials: list[CaseMaterial]
    notices: list[SupplementNotice] = field(default_factory=list)
    suspensions: list = field(default_factory=list)
    joint_tasks: list[JointTask] = field(default_factory=list)
    extensions: list = field(default_factory=list)
    escalation: object | None = None
    delivery: object | None = None
    clock: ClockReading | None = None


_MATERIALS = Prefetch(
    "materials",
    queryset=CaseMaterial.objects.select_related("material", "licence").order_by("material__order", "material_id"),
)
_LINES = Prefetch("lines", queryset=SupplementNoticeLine.objects.select_related("material").order_by("material__order"))
_NOTICES = Prefetch(
    "supplement_notices", queryset=SupplementNotice.objects.select_related("issued_by").prefetch_related(_LINES)
)
_JOINT_TASKS = Prefetch(
    "joint_tasks", queryset=JointTask.objects.select_related("department", "decided_by").order_by("pk")
)


_NUMBER = re.compile(r"[0-9A-Za-z-]{1,32}")  # what numbers.next_case_number makes; anything else cannot exist


def find_case(user, number: str) -> Case | None:
    """The case with this number if the user may see it (light: for actions, which reload and lock)."""
    if not _NUMBER.fullmatch(number):
        return None
    return visible_cases(user).filter(number=number).first()


def lock_visible_case(user, number: str) -> Case | None:
    """`find_case` and the step's row lock in one statement (for `steps.perform(..., locked=True)`
    inside the caller's transaction): the case if the user may see it, locked, else None."""
    if not _NUMBER.fullmatch(number):
        return None
    return action_lookup.lock_visible(site_ids(user), number)  # fixed SQL (issue 14 §5)


# The parts of a case that are often empty: the main query says which have rows (EXISTS), and
# only those are read; an empty one costs no query (most cases have no notice, suspension,
# extension or joint task). Name in the case's prefetch cache → (model, its Prefetch or name).
_OFTEN_EMPTY = {
    "supplement_notices": (SupplementNotice, _NOTICES),
    "suspensions": (ClockSuspension, "suspensions"),
    "extensions": (Extension, "extensions"),
    "joint_tasks": (JointTask, _JOINT_TASKS),
}


def case_view(user, number: str) -> CaseView | None:
    if not _NUMBER.fullmatch(number):
        return None
    # The wide statement depends only on the sites the user sees: composed once per process
    # for each (common.composed, decision 0130), run with the number.
    found = composed.instances(
        ("case_view", visibility_key(user)), lambda number: _case_query(user, number), Case, number=number
    )
    case = found[0] if found else None
    if case is None:
        return None
    prefetch_related_objects([case], _MATERIALS)
    present = [lookup for name, (_, lookup) in _OFTEN_EMPTY.items() if getattr(case, f"has_{name}")]
    prefetch_related_objects([case], *present)
    for name, (model, _) in _OFTEN_EMPTY.items():
        case._prefetched_objects_cache.setdefault(name, model.objects.none())
    version = case.item_version
    if not hasattr(version, "_prefetched_objects_cache"):
        version._prefetched_objects_cache = {}
    _published_parts(version)
    return CaseView(
        case,
        list(case.materials.all()),
        list(case.supplement_notices.all()),
        list(case.suspensions.all()),
        list(case.joint_tasks.all()),
        list(case.extensions.all()),
        _reverse_one(case, "escalation"),
        _reverse_one(case, "delivery"),
        read_clock(case),
    )


def _case_query(user, number: str) -> QuerySet[Case]:
    """The case with everything its page shows that one statement can carry; which of the often
    empty parts have rows (EXISTS)."""
    return (
        visible_cases(user)
        .filter(number=number)
        .select_related(
            "site",
            "home_site",
            "item",
            "item_version",
            "applicant",
            "owner",
            "escalation__to_site",
            "escalation__tracker",
            "delivery",
            "delivery__delivered_by",
        )
        .annotate(
            **{
                f"has_{name}": Exists(model.objects.filter(case=OuterRef("pk")))
                for name, (model, _) in _OFTEN_EMPTY.items()
            }
        )
        .order_by("pk")[:1]
    )


_PARTS: dict[tuple, object] = {}
# The parts of a published version a case page reads: its special procedures (the steps'
# forms) and its rules (the form's questions, workbench.uploads.answers).
_PUBLISHED_PARTS = ("specialprocedures", "rules")


def _published_parts(version) -> None:
    """Puts the version's special procedures and rules in its prefetch cache. A version's parts
    never change once published (VersionPart.save refuses it), and a case only ever has a
    published version, so they are read once per process (bounded; a draft is always read
    afresh)."""
    for name in _PUBLISHED_PARTS:
        key = (version.pk, name)
        rows = _PARTS.get(key) if version.status != VersionStatus.DRAFT else None
        if rows is None:
            rows = getattr(version, name).all()
            if version.status != VersionStatus.DRAFT:
                list(rows)  # evaluate now: the cached queryset holds its rows
                if len(_PARTS) >= 1024:
                    _PARTS.clear()
                _PARTS[key] = rows
        version._prefetched_objects_cache[name] = rows


def received_case_view(case: Case) -> CaseView:
    """A case intake has just created: it has materials and nothing else yet, so only those are
    read (the other parts are known to be empty and the clock has not started). The material
    rows come back as plain values and are joined to the version's materials in memory."""
    listed = {m.pk: m for m in case.item_version.materials.all()}
    rows = (
        CaseMaterial.objects.filter(case=case)
        .order_by()
        .values_list("material_id", "status", "promised_by", "note", "licence__number")
    )
    materials = []
    for material_id, status, promised_by, note, licence_number in rows:
        row = CaseMaterial(case=case, material=listed[material_id], status=status, promised_by=promised_by, note=note)
        row.licence_number = licence_number
        materials.append(row)
    materials.sort(key=lambda m: (m.material.order, m.material_id))
    return CaseView(case, materials, clock=ClockReading("none", None, False, False))


def _reverse_one(case: Case, name: str):
    try:
        return getattr(case, name)
    except Case._meta.get_field(name).related_model.DoesNotExist:
        return None


# ---------------------------------------------------------------- what intake receives


def intake_target(site_code: str, basic_code: str, version_id: int | None) -> tuple[Site, ItemVersion]:
    """The site and item version an intake names. Without a version: the one on the site's
    implementation list (实施清单), else the item's published version (通办 from another site;
    `receive` checks the 通办 scope and the version's status)."""
    if version_id is None:
        from .intake_lookup import listed_entry  # fixed SQL: the ORM's joins cost more CPU than the query

        listed = listed_entry(site_code, basic_code)
        if listed is not None:
            site, listed_version_id, published_at = listed
            site.listed_version_id = listed_version_id  # `services.intake` need not ask again
            return site, loaded_version(listed_version_id, published_at)
    site = Site.objects.select_related("region").filter(code=site_code).order_by().first()
    if site is None:
        raise DomainError(Problem("unknown_site", "站点编码不存在。", "site"))
    versions = ItemVersion.objects.filter(item__basic_code=basic_code).order_by()
    if version_id is not None:
        if not versions.filter(pk=version_id).exists():
            raise DomainError(Problem("unknown_item_version", "该事项没有此版本。", "item_version"))
        return site, loaded_version(version_id, None)  # its status decides: never from the cache
    found = versions.filter(status=VersionStatus.PUBLISHED).values_list("pk", "published_at").first()
    if found is None:
        raise DomainError(Problem("unknown_item", "事项编码不存在,或该事项没有已发布的版本。", "item"))
    return site, loaded_version(*found)


# A published version never changes (ItemVersion.save and VersionPart.save refuse it), so the
# loaded version with its materials and rules can serve many intakes in this process. Which
# version a site offers is always read from the database (above); the short lifetime only
# bounds how long a renamed department or site would show its old name in the audit.
_VERSIONS: dict[tuple, tuple[float, ItemVersion]] = {}
_VERSION_TTL, _VERSION_SLOTS = 60.0, 256


def loaded_version(pk: int, published_at) -> ItemVersion:
    """The version with its item, department, home site, materials and rules. Cached under
    (id, publication time) as read from the database just now, so an entry can only ever be
    the same published row; `published_at=None` (a version named explicitly) always loads."""
    key, now = (pk, published_at), time.monotonic()
    cached = _VERSIONS.get(key) if published_at is not None else None
    if cached and cached[0] > now:
        return cached[1]
    version = (
        ItemVersion.objects.select_related("item", "department__site__region")
        .prefetch_related("materials", "rules")
        .get(pk=pk)
    )
    if published_at is not None and version.status == VersionStatus.PUBLISHED:
        if len(_VERSIONS) >= _VERSION_SLOTS:
            _VERSIONS.clear()
        _VERSIONS[key] = (now + _VERSION_TTL, version)
    return version
