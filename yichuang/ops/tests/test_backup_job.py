"""The nightly backup is a job of the schedule (issue 16 §1, architecture invariant 11): run as the
task runner runs it, it writes the database and media/ into BACKUP_DIR; a failure raises, so the
run is recorded as failed and /healthz sees it."""

from pathlib import Path

import pytest
from django.db import connection

from yichuang.ops import jobs
from yichuang.ops.schedule import BY_NAME

pytestmark = pytest.mark.django_db(transaction=True)  # the script reads only committed rows


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_the_backup_runs_nightly_from_the_schedule():
    assert BY_NAME["backup"].target == "yichuang.ops.jobs.backup"


def test_the_backup_job_writes_the_database_and_the_media_into_the_backup_folder(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    (settings.VAR_DIR / "media").mkdir(parents=True)
    (settings.VAR_DIR / "media" / "upload.pdf").write_bytes(b"%PDF-1.4 test")
    monkeypatch.setenv("DATABASE_URL", _database_url())
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))

    written = Path(jobs.backup().splitlines()[-1])

    assert written.parent == tmp_path / "backups" and written.stat().st_size > 0
    assert [p.name for p in (tmp_path / "backups").glob("media-*.tgz")]


def test_a_failing_backup_raises_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://nobody@127.0.0.1/none")  # a scheme the script refuses
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "backups"))
    with pytest.raises(RuntimeError, match="备份失败"):
        jobs.backup()
