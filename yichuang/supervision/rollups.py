"""How events become rollup counters, and the from-scratch recount that checks them (R-54).

Each counter is bucketed by the day its fact happened, read from the case row: the consumer may
run minutes after the change, so it only reads facts that are final once the event exists
(received_at, accepted_on, decided_at, completed_at; visits, due date and materials are read at
delivery, the case's last step). The same functions feed `recount()`, the property test and
`gen_cases`, so there is one definition of every number on a scorecard.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Callable

from django.db import connection
from django.utils import timezone

from yichuang.cases.models import Case, CaseMaterial, SupplementNotice
from yichuang.cases.workflow import State
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord
from yichuang.org.calendar import working_days_between
from yichuang.org.models import Post

from .models import METRICS, DailyCube, DailyRollup, MonthlyCube, MonthlyRollup

Key = tuple  # (day, site_id, window_id, staff_id, item_id)


def window_of(staff_id: int, site_id: int) -> int:
    """The window where this person holds the A post at this site (0 if none): 窗口 of a case is
    its first-responsible clerk's window, as posted when the event is counted."""
    return (
        Post.objects.filter(staff_id=staff_id, window__site_id=site_id, position=Post.Position.A)
        .order_by("window_id")
        .values_list("window_id", flat=True)
        .first()
        or 0
    )


def case_key(case: Case, day: dt.date, window_id: int | None = None, *, receipt: bool = False) -> Key:
    """An online application was not made at a window (window 0), as in gen_cases. Nor was it
    received by staff: its receipt is credited to no one (staff 0). The case has no owner when
    it is submitted and gets one when a clerk takes it at pre-review, possibly before the relay
    counts the receipt — so the receipt must not read the owner, or the count would depend on
    timing and not match the recount. Its later steps are the taking clerk's (owner is final
    by then: the take happens in the same transaction as the accept or the notice)."""
    online = case.channel == Case.Channel.ONLINE
    if online:
        window = 0
    else:
        window = window_of(case.owner_id, case.site_id) if window_id is None else window_id
    staff = 0 if online and receipt else (case.owner_id or 0)
    return (day, case.site_id, window, staff, case.item_id)


def completion(case: Case) -> Counter:
    """What a delivered (办结) case adds: time against promise, visits, reused materials."""
    decided = timezone.localdate(case.decided_at or case.completed_at)
    on_time = case.due_date is None or decided <= case.due_date
    used = max(working_days_between(case.home_site, case.accepted_on, decided), 0) if case.accepted_on else 0
    statuses = list(CaseMaterial.objects.filter(case=case).values_list("status", flat=True))
    return Counter(
        completed=1,
        on_time=int(on_time),
        overdue=int(not on_time),
        promised_days=case.item_version.promised_days or 0,
        used_days=used,
        visits=case.visits,
        one_visit=int(case.visits <= 1),
        materials_total=len(statuses),
        materials_reused=statuses.count(CaseMaterial.Status.FETCHED),
    )


# What each counted case event adds, by day: (case, the event's own day) -> [(day, counters)].
# supervision.rollups subscribes to exactly these keys, so adding a row here is the whole change.
CASE_COUNTS: dict[Event, Callable[[Case, dt.date], list[tuple[dt.date, Counter]]]] = {
    Event.CASE_RECEIVED: lambda case, _: [
        (timezone.localdate(case.received_at), Counter(received=1, online=int(case.channel == "online")))
    ],
    Event.CASE_ACCEPTED: lambda case, _: [(case.accepted_on, Counter(accepted=1))],
    Event.CASE_DECIDED_INSTANTLY: lambda case, _: [(timezone.localdate(case.decided_at), Counter(instant=1))],
    Event.CASE_SUPPLEMENT_REQUESTED: lambda case, day: [(day, Counter(supplement_notices=1))],
    Event.CASE_DELIVERED: lambda case, _: [(timezone.localdate(case.completed_at), completion(case))],
}


def case_event_counts(event: Event, case: Case, event_day: dt.date) -> list[tuple[dt.date, Counter]]:
    """The counters one case event adds, by day; [] for events that count nothing."""
    count = CASE_COUNTS.get(event)
    return count(case, event_day) if count else []


def cube_keys(key: Key) -> list[tuple]:
    """The (site_id, dim, value) rows one full key feeds: the site total and one per dimension."""
    _, site, window, staff, item = key
    return [(site, "site", 0), (site, "window", window), (site, "staff", staff), (site, "item", item)]


def _upsert(model, key_columns: list[str], keys: list[tuple], counts: dict) -> None:
    """INSERT … ON CONFLICT DO UPDATE adding `counts` to every key's row, in one statement;
    atomic in the database, so concurrent relays never lose an increment."""
    table, cols = model._meta.db_table, list(counts)
    others = [m for m in METRICS if m not in counts]
    width = len(key_columns) + len(METRICS)
    values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(keys))
    sql = (
        f"INSERT INTO {table} ({', '.join([*key_columns, *cols, *others])}) VALUES {values} "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in cols)
    )
    params = []
    for key in keys:
        params += [*key, *counts.values(), *([0] * len(others))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


FULL_KEY = ["day", "site_id", "window_id", "staff_id", "item_id"]
CUBE_KEY = ["day", "site_id", "dim", "value"]


def add(key: Key, counts: Counter) -> None:
    """Add counters at a full key: its day and month rows, and the per-dimension cubes."""
    counts = {m: v for m, v in counts.items() if v}
    if not counts:
        return
    day = key[0]
    for full, cube, bucket in ((DailyRollup, DailyCube, day), (MonthlyRollup, MonthlyCube, day.replace(day=1))):
        _upsert(full, FULL_KEY, [(bucket, *key[1:])], counts)
        _upsert(cube, CUBE_KEY, [(bucket, *c) for c in cube_keys(key)], counts)


# The counters a case's own rows give (the recount compares these); ratings and 办不成事
# tickets follow them in METRICS.
CASE_METRICS = METRICS[: METRICS.index("evaluations")]


def recount() -> dict[Key, Counter]:
    """Every case counter computed again from the cases tables and the audit log, ignoring the
    rollups: what the incremental counters must equal."""
    out: dict[Key, Counter] = defaultdict(Counter)
    instant = set(
        AuditRecord.objects.filter(action=Event.CASE_DECIDED_INSTANTLY.value).values_list("object_id", flat=True)
    )
    cases = Case.objects.select_related("home_site", "item_version")
    for case in cases:
        window = window_of(case.owner_id, case.site_id)
        out[case_key(case, timezone.localdate(case.received_at), window, receipt=True)].update(
            received=1, online=int(case.channel == "online")
        )
        if case.accepted_on:
            out[case_key(case, case.accepted_on, window)].update(accepted=1)
        if case.number in instant:
            out[case_key(case, timezone.localdate(case.decided_at), window)].update(instant=1)
        if case.state == State.COMPLETED:
            out[case_key(case, timezone.localdate(case.completed_at), window)].update(completion(case))
    for notice in SupplementNotice.objects.select_related("case"):
        out[case_key(notice.case, timezone.localdate(notice.issued_at))].update(supplement_notices=1)
    return {k: +v for k, v in out.items() if +v}


def stored(model=DailyRollup, metrics=CASE_METRICS) -> dict[Key, Counter]:
    rows = model.objects.values_list("day", "site_id", "window_id", "staff_id", "item_id", *metrics)
    out = {}
    for row in rows:
        counts = +Counter(dict(zip(metrics, row[5:])))
        if counts:
            out[tuple(row[:5])] = counts
    return out


def cubes_from(full: dict[Key, Counter], monthly: bool = False) -> dict[tuple, Counter]:
    """What the cube rows must hold given the full-key rows (for the property test)."""
    out: dict[tuple, Counter] = defaultdict(Counter)
    for key, counts in full.items():
        day = key[0].replace(day=1) if monthly else key[0]
        for site, dim, value in cube_keys(key):
            out[(day, site, dim, value)].update(counts)
    return dict(out)


def stored_cubes(model=DailyCube, metrics=CASE_METRICS) -> dict[tuple, Counter]:
    out = {}
    for row in model.objects.values_list("day", "site_id", "dim", "value", *metrics):
        counts = +Counter(dict(zip(metrics, row[4:])))
        if counts:
            out[tuple(row[:4])] = counts
    return out
