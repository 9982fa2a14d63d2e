"""Running a scheduled job and recording how it went (JobRun)."""

from __future__ import annotations

import logging
import time
import traceback

from django.db.models import F
from django.utils import timezone

from .models import JobRun
from .schedule import JOBS, Job

log = logging.getLogger("yichuang.ops.jobs")


def schedule_started() -> None:
    """The consumer (re)started: every job's staleness is measured from now on, so a daily job
    is not reported stalled because the machine was off last night."""
    now = timezone.now()
    for job in JOBS:
        JobRun.objects.update_or_create(name=job.name, defaults={"scheduled_since": now})


def run_job(job: Job) -> bool:
    """Run one job and record it. A failure is recorded with its traceback (for the admin and
    /healthz) and logged by class only — an exception's text may quote personal data."""
    started = timezone.now()
    JobRun.objects.get_or_create(name=job.name, defaults={"scheduled_since": started})
    JobRun.objects.filter(name=job.name).update(last_started_at=started, runs=F("runs") + 1)
    clock = time.monotonic()
    try:
        job()
    except Exception as exc:
        JobRun.objects.filter(name=job.name).update(
            last_failure_at=timezone.now(),
            failures=F("failures") + 1,
            last_error=traceback.format_exc()[-8000:],
            last_seconds=time.monotonic() - clock,
        )
        log.error("scheduled job %s failed (%s)", job.name, exc.__class__.__name__)
        return False
    JobRun.objects.filter(name=job.name).update(
        last_success_at=timezone.now(), last_error="", last_seconds=time.monotonic() - clock
    )
    log.info("scheduled job %s done in %.2f s", job.name, time.monotonic() - clock)
    return True
