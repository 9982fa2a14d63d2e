#!/usr/bin/env python
"""Bench: every workbench page with 100,000 cases in PostgreSQL (issue 4, "Done when": each
page answers in < 200 ms p95), and case search (issue 20 §2: p95 < 100 ms at 1,000,000 cases).

    .venv/bin/python bench/workbench_pages.py [--cases 100000] [--runs 60] [--keep]

1. Drops and creates the database of DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/yc_bench_workbench) and migrates it (--keep reuses a
   database a previous run filled, skipping 1–2).
2. Seeds ten townships of one county, each offering the same published item (test factories
   and catalogue services), one clerk, approver and head per township, an A/B window whose A
   is on leave, a village helper; 20,000 applicants; then the cases: bulk inserts of realistic
   rows — states spread as in a working county (most completed, the rest across every open
   state), received over the last year, accepted ones with due dates, two materials each —
   plus a few cases driven through the real services so their pages have a timeline.
3. Times each page through the Django test client (the whole stack: middleware, sessions,
   templates) --runs times after a warm-up and prints p50/p95/p99 and SQL statements. The
   search scenarios post the form (the ID number is never in a URL) as the clerk of one
   township (a tenth of the cases): by number tail, name, ID number, phone tail, state + dates,
   no criteria (newest first), and the next page of the latter.
The load average is printed before and after: a shared machine's figures compare only at
similar load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_workbench"
TOWNSHIPS = 10
NOW = dt.datetime.now(dt.UTC)


def recreate_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(total: int) -> dict:
    from django.utils import timezone

    from yichuang.cases import services
    from yichuang.cases.services import MaterialInput
    from yichuang.cases.tests.factories import make_world
    from yichuang.catalog.services import implement_at
    from yichuang.org.models import Post, StaffRole
    from yichuang.org.tests.factories import (
        LeaveFactory,
        PostFactory,
        StaffRoleFactory,
        TownshipSiteFactory,
        UserFactory,
        WindowFactory,
    )
    from yichuang.people.models import Applicant

    world = make_world()
    # From December a statutory due date lands next year: enter it by the weekday rule, as the
    # demo does (demo.loader._next_year_by_weekday_rule), so the live case can be accepted.
    from yichuang.org.models import CalendarYear

    for year in range(2025, dt.date.today().year + 2):
        CalendarYear.objects.get_or_create(year=year, defaults={"source": "bench: Monday–Friday"})
    sites = [world.site] + [TownshipSiteFactory(parent=world.site.parent) for _ in range(TOWNSHIPS - 1)]
    clerks = {world.site.pk: world.clerk}
    for site in sites[1:]:
        implement_at(site, world.version)
        clerks[site.pk] = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    b_clerk = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    window = WindowFactory(site=world.site)
    PostFactory(window=window, position=Post.Position.A, staff=world.clerk)
    PostFactory(window=window, position=Post.Position.B, staff=b_clerk)
    now = timezone.now()
    LeaveFactory(staff=world.clerk, starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=30))
    people = max(20_000, total // 5)
    first = copy_applicants(people)
    materials = list(world.version.materials.values_list("pk", flat=True))
    generate_cases(total, sites, [clerks[s.pk] for s in sites], world.version, first, people, materials)
    # Search targets at the clerk's township (sites[0]): case i and applicant n are there when
    # i and n are multiples of TOWNSHIPS (applicant n files cases n, n + people, …).
    middle = total // 2 // TOWNSHIPS * TOWNSHIPS
    person = Applicant.objects.get(pk=first + (people // 2) // TOWNSHIPS * TOWNSHIPS)
    applicant = Applicant.objects.get(pk=first)
    received = {m: MaterialInput("received") for m in materials}
    live = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=applicant,
        materials=received,
        form_data={"applicant": {"age": 85}},
    )
    services.start_review(services.accept(live, world.clerk), world.approver)
    return {
        "clerk": world.clerk.pk,
        "approver": world.approver.pk,
        "head": head.pk,
        "b_clerk": b_clerk.pk,
        "case": live.number,
        "item": world.version.item.basic_code,
        "citizen_id": applicant.citizen_id,
        "q": world.version.name[:4],
        "number_tail": f"{middle:07d}"[-6:],
        "name": person.name,
        "person_id": person.citizen_id,
        "phone_tail": person.phone[-6:],
    }


def copy_applicants(people: int) -> int:
    """`people` natural persons by COPY (a second for 200,000 rows); returns the first one's pk
    (the rest follow it: one fresh sequence, one statement)."""
    from django.db import connection

    from yichuang.people.tests.factories import make_citizen_id

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM people_applicant")
        before = cursor.fetchone()[0]
        copy = "COPY people_applicant (kind, name, citizen_id, credit_code, legal_representative, phone,"
        copy += " address, created_at, updated_at) FROM STDIN"
        with cursor.cursor.copy(copy) as out:
            for n in range(people):
                out.write_row(
                    ("natural", f"申请人{n}", make_citizen_id(20_000 + n), "", "", f"139{n:08d}", "", NOW, NOW)
                )
        cursor.execute("SELECT min(id), max(id) FROM people_applicant WHERE id > %s", [before])
        first, last = cursor.fetchone()
    assert last - first + 1 == people, "applicant ids are not one run"
    return first


# The generated county as a working one: about DAILY cases a day (a year at least), so more cases
# mean a longer history, not a busier day. What is still open was received lately: 8 % of the
# last OPEN_DAYS days' cases, spread over every open state; everything older is completed. So
# the open caseload — what queues list — is the same at 400,000 cases as at 1,000,000, and a
# page that grows with the number of cases shows it. (Until 2026-12 every case was open with
# 8 %, a county whose clerks had 5,000 cases waiting at 1,000,000.) The database draws the rows
# (one INSERT … SELECT over generate_series, seeded): minutes, not an hour of ORM rows.
DAILY = 1000
OPEN_DAYS = 30
OPEN_STATES = [
    "prereview",
    "awaiting_supplement",
    "accepted",
    "in_review",
    "special_procedure",
    "decided",
    "awaiting_delivery",
    "escalated",
]
CASES_SQL = """
WITH g AS MATERIALIZED (
    SELECT i, %(sites)s::bigint[] AS sites, %(clerks)s::bigint[] AS clerks,
           now() - (floor(random() * %(days)s * 24 * 60) * interval '1 minute') AS received,
           random() AS draw
    FROM generate_series(0, %(total)s - 1) AS i
), h AS MATERIALIZED (
    SELECT i, sites, clerks, received,
           CASE WHEN draw < 0.08 AND received > now() - %(open_days)s * interval '1 day'
                THEN (%(open)s::text[])[1 + floor(random() * 8)::int]
                ELSE 'completed' END AS state
    FROM g
)
INSERT INTO cases_case (number, site_id, home_site_id, item_id, item_version_id, applicant_id,
    transfer_mode, channel, state, owner_id, form_data, rule_results, received_at, accepted_at,
    accepted_on, due_date, statutory_due_date, suspended_days, extended_days, decision,
    decision_reason, decision_basis, visits)
SELECT 'B' || (%(codes)s::text[])[1 + i %% 10] || '-' || lpad(i::text, 7, '0'),
    sites[1 + i %% 10], sites[1 + i %% 10], %(item)s, %(version)s, %(first)s + i %% %(people)s,
    'none', 'window', state, clerks[1 + i %% 10],
    jsonb_build_object('applicant', jsonb_build_object('age', 80 + i %% 20)), '[]'::jsonb, received,
    CASE WHEN accepted THEN received END, CASE WHEN accepted THEN received::date END,
    CASE WHEN accepted THEN received::date + 7 END, CASE WHEN accepted THEN received::date + 28 END,
    0, 0, CASE WHEN state IN ('decided', 'awaiting_delivery', 'completed') THEN 'granted' ELSE '' END,
    '', '', 1
FROM (SELECT *, state NOT IN ('prereview', 'awaiting_supplement') AS accepted FROM h) AS c
ORDER BY i
"""


def generate_cases(total, sites, clerks, version, first, people, materials) -> None:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.4)")
        params = {
            "sites": [s.pk for s in sites],
            "codes": [s.code for s in sites],
            "clerks": [c.pk for c in clerks],
            "open": OPEN_STATES,
            "total": total,
            "days": max(365, total // DAILY),
            "open_days": OPEN_DAYS,
            "item": version.item_id,
            "version": version.pk,
            "first": first,
            "people": people,
        }
        cursor.execute(CASES_SQL, params)
        print(f"  {total:,} cases in {time.perf_counter() - start:.0f} s", flush=True)
        cursor.execute(
            "INSERT INTO cases_casematerial (case_id, material_id, status, promised_by, note, licence_id)"
            " SELECT c.id, m, 'received', NULL, '', NULL FROM cases_case c CROSS JOIN unnest(%s::bigint[]) AS m"
            " WHERE c.number LIKE 'B%%' ORDER BY c.id, m",
            [materials],
        )
        print(f"  {total * len(materials):,} materials in {time.perf_counter() - start:.0f} s", flush=True)


def pages(ids: dict) -> list[tuple[str, str, str, dict]]:
    """(name, user key, path, session draft) of every workbench page; a path "POST <path>" with
    the form in the last element is a search."""
    draft = {"workbench_intake": {"kind": "natural", "number": ids["citizen_id"]}}
    case = f"/workbench/cases/{ids['case']}/"
    return [
        ("home · clerk", "clerk", "/workbench/", {}),
        ("home · approver", "approver", "/workbench/", {}),
        ("home · head (all cases of the site, clock)", "head", "/workbench/", {}),
        ("home · B covering A's window", "b_clerk", "/workbench/", {}),
        ("intake · empty", "clerk", "/workbench/intake/", {}),
        ("intake · item search", "clerk", f"/workbench/intake/?q={ids['q']}", {}),
        ("intake · checklist + form", "clerk", f"/workbench/intake/?item={ids['item']}", draft),
        ("case page · clerk", "clerk", case, {}),
        ("case page · approver", "approver", case, {}),
        ("login", "", "/workbench/login/", {}),
        *searches(ids),
    ]


def searches(ids: dict) -> list[tuple[str, str, str, dict]]:
    import datetime as dt

    today = dt.date.today()
    return [
        (f"search · {name}", "clerk", "POST /workbench/search/", form)
        for name, form in [
            ("number tail", {"number": ids["number_tail"]}),
            ("applicant name", {"name": ids["name"]}),
            ("ID number (POST)", {"id_number": ids["person_id"]}),
            ("phone tail", {"phone_tail": ids["phone_tail"]}),
            (
                "state + 30 days",
                {"state": "in_review", "received_from": str(today - dt.timedelta(days=30)), "received_to": str(today)},
            ),
            ("no criteria (newest first)", {}),
            ("next page", {"__next__": True}),
        ]
    ]


def _request(client, path: str, form: dict):
    return client.post(path[5:], form) if path.startswith("POST ") else client.get(path)


def _next_page_form(client, path: str) -> dict:
    """The hidden fields of the first page's 下一页 form: the search's token and the cursor."""
    import re

    html = _request(client, path, {}).content.decode()
    token, after = (re.search(rf'name="{f}" value="([^"]+)"', html).group(1) for f in ("search", "after"))
    return {"search": token, "after": after}


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[94], q[98]


def measure(ids: dict, runs: int, only: tuple[str, ...] = ()) -> None:
    from django.db import connection
    from django.test import Client

    from yichuang.org.models import User

    # CPU: this process's own CPU per request (median), the part a busy machine inflates least;
    # the database's time is in the wall figures only.
    print(f"{'page':48} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU ms':>7} {'SQL':>4}")
    for name, who, path, session in pages(ids):
        if only and not name.startswith(only):
            continue
        client = Client()
        if who:
            client.force_login(User.objects.get(pk=ids[who]))
        form = session if who and path.startswith("POST ") else {}
        if session and not form:
            s = client.session
            s.update(session)
            s.save()
        if form.get("__next__"):
            form = _next_page_form(client, path)
        first = _request(client, path, form)
        assert first.status_code == 200, (name, path)
        assert not form or "没有符合条件的办件" not in first.content.decode(), (name, "found nothing")
        statements = []

        def count(execute, sql, params, many, context):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            _request(client, path, form)
        samples, cpu = [], []
        for _ in range(runs):
            start, used = time.perf_counter(), time.process_time()
            response = _request(client, path, form)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            assert response.status_code == 200
        p50, p95, p99 = percentiles(samples)
        print(
            f"{name:48} {p50:7.1f} {p95:7.1f} {p99:7.1f} {statistics.median(cpu):7.1f} {len(statements):4d}", flush=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse the database of a previous run")
    parser.add_argument(
        "--only", nargs="*", default=(), help="time only the pages whose names start so (e.g. home search)"
    )
    args = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
    os.environ.setdefault("TZ", "Asia/Shanghai")
    print("load average before:", os.getloadavg())
    if not args.keep:
        recreate_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render {% static %}: without collectstatic's manifest, plain file names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    marker = ROOT / "var" / "bench_workbench_ids.json"
    # Kept data gets the migrations added since it was seeded (new indexes): before/after on the same rows.
    call_command("migrate", verbosity=0)
    if args.keep and marker.exists():
        import json

        ids = json.loads(marker.read_text())
    else:
        start = time.perf_counter()
        ids = seed(args.cases)
        print(f"seeded {args.cases:,} cases in {time.perf_counter() - start:.0f} s")
        import json

        marker.parent.mkdir(exist_ok=True)
        marker.write_text(json.dumps(ids))
    with django.db.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a table that has settled
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE state NOT IN ('completed', 'withdrawn', 'terminated'))"
            " FROM cases_case"
        )
        print("cases: {:,}, open: {:,}".format(*cursor.fetchone()))
    measure(ids, args.runs, tuple(args.only))
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
