"""The task runner's tasks (huey, docs/decisions/0030): one periodic task per line of
schedule.py, and the relay wake-up that delivers new outbox events seconds after they commit.

Every task carries a request id into its log lines: the wake-up the id of the request whose
transaction emitted the events (of the first of several it covers, wakeups.py), a scheduled
run a fresh one."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from yichuang.ledger import relay

from . import services
from .requestid import current_request_id, new_request_id, request_id_bound
from .schedule import DAY, HOUR, JOBS, MINUTE, Job
from .wakeups import CoalescedWake

log = logging.getLogger(__name__)


def cron(job: Job):
    """The crontab of a job's `every` and `at` (minutes dividing an hour, hourly, or daily)."""
    if job.every < HOUR:
        minutes = int(job.every / MINUTE)
        if minutes < 1 or 60 % minutes:
            raise ValueError(f"{job.name}: every must divide an hour, not {job.every}")
        return crontab(minute=f"*/{minutes}")
    if job.every == HOUR:
        return crontab(minute=str(int(job.at.lstrip(":") or 0)))
    if job.every == DAY:
        hour, _, minute = (job.at or "00:00").partition(":")
        return crontab(hour=str(int(hour)), minute=str(int(minute or 0)))
    raise ValueError(f"{job.name}: every must be under an hour, an hour or a day, not {job.every}")


def _periodic(job: Job):
    def run():
        with request_id_bound(new_request_id(f"job-{job.name}")):
            services.run_job(job)

    run.__name__ = f"scheduled_{job.name}"
    return db_periodic_task(cron(job), name=f"schedule.{job.name}")(run)


PERIODIC = {job.name: _periodic(job) for job in JOBS}


@db_task(name="relay.wake")
def relay_now(request_id: str = "") -> None:
    # Returns nothing: huey keeps a task's non-None result in its store until someone reads it.
    with request_id_bound(request_id or new_request_id("relay")):
        delivered = relay.relay_once()
        log.info("relay woken after a commit delivered %d events", delivered)


def _enqueue_now() -> None:
    relay_now(current_request_id())


def _enqueue_later(delay: float) -> None:
    relay_now.schedule(args=(current_request_id(),), delay=delay)


# One task per process per window, not one per commit (wakeups.py, decision 0125).
WAKE = relay.on_new_events(CoalescedWake(_enqueue_now, _enqueue_later))


@on_startup(name="yichuang.schedule_started")
def _started() -> None:
    from django.db import close_old_connections

    services.schedule_started()
    close_old_connections()


__all__ = ["HUEY", "PERIODIC", "WAKE", "relay_now"]
