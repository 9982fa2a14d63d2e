"""bench/intake.py's database and seed (also used by actions.py, monday.py, audit_verify.py and
the profiles): recreate the bench database, migrate, seed a township with a published item,
applicants and logged-in clerks, and count the statements of one intake."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/yc_bench_intake"


def seed_years(year: int) -> None:
    """This year from the calendar library, and the next (a due date in December lands in
    January). A year the library does not know yet gets the Monday–Friday rule, as an
    administrator would enter it before its holidays are published: enough for a bench."""
    from yichuang.org.calendar import library_years
    from yichuang.org.models import CalendarYear
    from yichuang.org.services import seed_calendar_from_library

    first, last = library_years()
    seed_calendar_from_library([y for y in (year, year + 1) if first <= y <= last])
    for y in (year, year + 1):
        if not first <= y <= last:
            CalendarYear.objects.get_or_create(year=y, defaults={"source": "bench: Monday–Friday rule"})


def recreate_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(clients: int, sites: int, approvers: int = 0) -> dict:
    """Migrate and seed; returns what the load needs (ids, sessions, tokens). Client i works at
    site i % sites (one township by default: every intake takes a number from one counter).
    `approvers`: that many approvers of the item's department at its home site as well
    (bench/actions.py), in `approvers`."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from yichuang.cases.tests.factories import make_world
    from yichuang.catalog.services import implement_at
    from yichuang.org.models import StaffRole, User
    from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
    from yichuang.people.models import Applicant
    from yichuang.people.tests.factories import make_citizen_id

    call_command("migrate", verbosity=0)
    world = make_world()
    seed_years(dt.date.today().year)
    applicants = Applicant.objects.bulk_create(
        [
            Applicant(kind="natural", name=f"申请人{n}", citizen_id=make_citizen_id(10_000 + n), phone=f"139{n:08d}")
            for n in range(1000)
        ]
    )
    townships = [world.site] + [TownshipSiteFactory(parent=world.site.parent) for _ in range(sites - 1)]
    for township in townships[1:]:
        implement_at(township, world.version)

    def session(site, role, **kw) -> dict:
        user = StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user
        client = Client()
        client.force_login(User.objects.get(pk=user.pk))  # the stored password hash signs the session
        return {
            "user_id": user.pk,
            "site_id": site.pk,
            "site_code": site.code,
            "sessionid": client.cookies["sessionid"].value,
            "csrf": secrets.token_hex(16),
        }  # 32 characters: a valid unmasked CSRF secret

    sessions = [session(townships[i % sites], StaffRole.Role.CLERK) for i in range(clients)]
    home = world.version.department.site
    approver_sessions = [
        session(home, StaffRole.Role.APPROVER, department=world.version.department) for _ in range(approvers)
    ]
    return {
        "home_site_id": world.site.pk,
        "item_id": world.version.item_id,
        "version_id": world.version.pk,
        "basic_code": world.version.item.basic_code,
        "materials": list(world.version.materials.values_list("pk", flat=True)),
        "applicants": [a.pk for a in applicants],
        "sessions": sessions,
        "approvers": approver_sessions,
    }


def queries_per_intake(world: dict) -> list[str]:
    """The SQL statements of one intake, through the whole Django stack (in process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from yichuang.org.models import User

    client = Client()
    client.force_login(User.objects.get(pk=world["sessions"][0]["user_id"]))
    body = intake_body(world, world["sessions"][0], 0)
    client.post("/api/v1/cases/", body, content_type="application/json", headers={"Idempotency-Key": "warm"})
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            "/api/v1/cases/", body, content_type="application/json", headers={"Idempotency-Key": uuid.uuid4().hex}
        )
    assert response.status_code == 201, response.content
    return [q["sql"] for q in ctx.captured_queries]


def intake_body(world: dict, session: dict, n: int) -> str:
    return json.dumps(
        {
            "site": session["site_code"],
            "item": world["basic_code"],
            "applicant": {"id": world["applicants"][n % len(world["applicants"])]},
            "materials": {str(pk): {"status": "received"} for pk in world["materials"]},
            "form_data": {"applicant": {"age": 80 + n % 20}},
        }
    )
