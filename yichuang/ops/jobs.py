"""Adapters for scheduled jobs whose command-line form takes options or reports by exit code: a
job is a function of no arguments that raises when it fails (schedule.py)."""

from __future__ import annotations

import datetime as dt
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
