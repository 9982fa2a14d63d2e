"""Reads for /healthz and /metrics: how far behind the relay is, what is dead-lettered, when
each scheduled job last succeeded. All from the database, so any process answers for all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Min
from django.utils import timezone

from yichuang.ledger import relay
from yichuang.ledger.models import OutboxDeadLetter, OutboxEvent

from .models import JobRun
from .schedule import JOBS


@dataclass(frozen=True)
class JobHealth:
    name: str
    every_seconds: int
    last_success_at: dt.datetime | None
    last_failure_at: dt.datetime | None
    stalled: bool


def relay_backlog(now: dt.datetime | None = None) -> dict:
    """Undelivered events that are due, and the age of the oldest (the relay's lag)."""
    now = now or timezone.now()
    due = OutboxEvent.objects.filter(delivered_at__isnull=True, available_at__lte=now)
    agg = due.aggregate(n=Count("pk"), oldest=Min("created_at"))
    lag = (now - agg["oldest"]).total_seconds() if agg["oldest"] else 0.0
    return {"undelivered": agg["n"], "lag_seconds": max(lag, 0.0)}


def backlog_by_consumer(now: dt.datetime | None = None) -> dict[str, tuple[int, float]]:
    """Per registered consumer: undelivered events it subscribes to and has not yet handled
    (nor dead-lettered), and the age of the oldest."""
    now = now or timezone.now()
    out = {}
    # Read at call time: a from-import bound whichever dict was in place when this module was
    # first imported (a test's patched registry, after ledger tests: a test-order failure).
    for c in relay._consumers.values():
        pending = (
            OutboxEvent.objects.filter(delivered_at__isnull=True, topic__in=[t.value for t in c.topics])
            .exclude(deliveries__consumer=c.name)
            .aggregate(n=Count("pk"), oldest=Min("created_at"))
        )
        lag = (now - pending["oldest"]).total_seconds() if pending["oldest"] else 0.0
        out[c.name] = (pending["n"], max(lag, 0.0))
    return out


def dead_letters_by_consumer() -> dict[str, int]:
    rows = OutboxDeadLetter.objects.filter(resolved_at__isnull=True).values("consumer").annotate(n=Count("pk"))
    return {r["consumer"]: r["n"] for r in rows}


def _database_born() -> dt.datetime | None:
    return MigrationRecorder(connection).migration_qs.aggregate(born=Min("applied"))["born"]


def jobs_health(now: dt.datetime | None = None) -> list[JobHealth]:
    """A job is stalled when it has not succeeded for `stalled_after` since the later of its last
    success and the consumer's last start; a job no consumer ever started is measured from the
    day the database was created (a worker that was never started is a stalled schedule)."""
    now = now or timezone.now()
    runs = {r.name: r for r in JobRun.objects.all()}
    born = None if len(runs) == len(JOBS) else _database_born()
    out = []
    for job in JOBS:
        run = runs.get(job.name)
        since = max(filter(None, [run.last_success_at, run.scheduled_since])) if run else born
        stalled = since is not None and now - since > job.stalled_after
        out.append(
            JobHealth(
                job.name,
                int(job.every.total_seconds()),
                run.last_success_at if run else None,
                run.last_failure_at if run else None,
                stalled,
            )
        )
    return out
