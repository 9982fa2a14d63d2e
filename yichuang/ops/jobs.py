"""Adapters for scheduled jobs whose command-line form takes options or reports by exit code: a
job is a function of no arguments that raises when it fails (schedule.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time

from django.conf import settings


class AuditChainBroken(Exception):
    pass


def relay_outbox(budget_seconds: float = 50.0) -> int:
    """Deliver every due event (the sweep behind the wake-ups: retries after backoff, events
    whose wake-up was lost), within one scheduling period."""
    from yichuang.ledger.relay import relay_once

    delivered, started = 0, time.monotonic()
    while time.monotonic() - started < budget_seconds:
        done = relay_once()
        delivered += done
        if not done:
            break
    return delivered


def verify_audit() -> None:
    from yichuang.ledger.selectors import verify_audit as verify

    broken = verify()
    if broken:
        raise AuditChainBroken(f"审计链校验失败:{broken.where}:{broken.reason}")


def purge_idempotency() -> int:
    from yichuang.common.idempotency import purge_records

    return purge_records(dt.timedelta(days=settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS))


def backup() -> str:
    """The nightly backup: deploy/backup.sh — the database (scripts/backup.sh: pg_dump, or SQLite's
    online backup), media/ as a tarball, files older than KEEP_DAYS removed — into BACKUP_DIR
    (var/backups by default; production sets /var/backups/yichuang). On the schedule, so a
    county needs no timer of its own (architecture invariant 11). Returns the script's output."""
    env = {
        **os.environ,
        "YICHUANG_VAR_DIR": str(settings.VAR_DIR),
        "BACKUP_DIR": os.environ.get("BACKUP_DIR", str(settings.VAR_DIR / "backups")),
    }
    script = settings.BASE_DIR / "deploy" / "backup.sh"
    done = subprocess.run([str(script)], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"备份失败(退出码 {done.returncode}):{done.stderr.strip()[-500:]}")
    return done.stdout.strip()
