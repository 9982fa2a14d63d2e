"""Backup and restore (issue 8; docs/reliability.md § Backup and restore).

The test runs the real scripts against the test database of whichever backend the suite runs
on: PostgreSQL (pg_dump -Fc → pg_restore into a new database) or SQLite (online backup → a new
file). The restored copy must pass `yichuang verify_audit` in a separate process and hold the
same number of rows in every table; a restore never overwrites an existing database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from authz.conftest import intake_cases  # tests/ is on the path
from django.apps import apps
from django.db import connection

from yichuang.cases.tests.factories import make_world
from yichuang.ledger.models import AuditRecord, OutboxEvent

pytestmark = pytest.mark.django_db(transaction=True)  # the scripts see only committed rows
ROOT = Path(__file__).resolve().parent.parent
COUNT_ROWS = (
    "import django, json; django.setup(); from django.apps import apps; "
    "print(json.dumps({m._meta.label: m._base_manager.count() for m in apps.get_models()}))"
)


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"  # an absolute path: sqlite:////tmp/…
    auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def restored_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return database_url().rsplit("/", 1)[0] + f"/{connection.settings_dict['NAME']}_restored"


def run(*args, env_url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "yichuang.settings", "PYTHON": sys.executable}
    if env_url:
        env["DATABASE_URL"] = env_url
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def target(tmp_path):
    url = restored_url(tmp_path)
    yield url
    if connection.vendor == "postgresql":
        name = url.rsplit("/", 1)[1]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def county_with_cases():
    world = make_world()
    intake_cases(world, 3)
    assert AuditRecord.objects.count() and OutboxEvent.objects.count()
    return world


def row_counts(url: str) -> dict:
    result = run(sys.executable, "-c", COUNT_ROWS, env_url=url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def backup(tmp_path) -> Path:
    out = tmp_path / ("yichuang.dump" if connection.vendor == "postgresql" else "yichuang.sqlite3")
    result = run("scripts/backup.sh", str(out), env_url=database_url())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.stat().st_size > 0
    return out


def test_a_restored_backup_verifies_and_holds_every_row(county_with_cases, tmp_path, target):
    dump = backup(tmp_path)
    restored = run("scripts/restore.sh", str(dump), target)
    assert restored.returncode == 0, restored.stderr

    verified = run(sys.executable, "-m", "yichuang.cli", "verify_audit", env_url=target)
    assert verified.returncode == 0, verified.stderr
    assert "审计链校验通过" in verified.stdout
    source = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
    assert row_counts(target) == source
    assert source["ledger.AuditRecord"] >= 3 and source["cases.Case"] == 3


def test_restore_refuses_to_overwrite_an_existing_database(county_with_cases, tmp_path, target):
    dump = backup(tmp_path)
    assert run("scripts/restore.sh", str(dump), target).returncode == 0
    again = run("scripts/restore.sh", str(dump), target)
    assert again.returncode == 3
    assert "already exists" in again.stderr
