"""Every periodic job of the platform, on its schedule, in one place (architecture invariant 11:
nothing depends on a cron line someone has to remember). The huey consumer (`yichuang run_huey`,
started by `make demo` beside gunicorn) runs them; `yichuang.ops.tasks` turns each line into a
periodic task, records each run (`JobRun`, read by /healthz and /metrics) and `yichuang run_job
NAME` runs one by hand.

Adding a job is one line: a name, the dotted path of a function taking no arguments, and how
often. A function that returns normally has succeeded; one that raises has failed (its
traceback is recorded). `at` places hourly jobs (":MM") and daily jobs ("HH:MM", Beijing time)
away from the top of the hour, when the other jobs run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.module_loading import import_string

MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)


@dataclass(frozen=True)
class Job:
    name: str
    target: str  # "package.module.function", called with no arguments
    every: dt.timedelta
    at: str = ""  # ":MM" for hourly jobs, "HH:MM" for daily ones

    def __call__(self):
        return import_string(self.target)()

    @property
    def stalled_after(self) -> dt.timedelta:
        """No success for this long means the job has stopped (two missed runs and a margin)."""
        return 2 * self.every + 5 * MINUTE


JOBS: tuple[Job, ...] = (
    Job("relay_outbox", "yichuang.ops.jobs.relay_outbox", every=MINUTE),  # sweep; new events wake a relay at once
    Job("deliver_notices", "yichuang.supervision.linkage.deliver_due", every=MINUTE),  # 审管联动 webhooks
    Job("scan_alerts", "yichuang.supervision.scan.scan_alerts", every=5 * MINUTE),
    Job("run_time_rules", "yichuang.supervision.time_rules.run_time_rules", every=5 * MINUTE),
    Job("audit_checkpoint", "yichuang.ledger.services.checkpoint", every=HOUR, at=":07"),
    Job("verify_audit", "yichuang.ops.jobs.verify_audit", every=DAY, at="02:17"),
    Job("purge_idempotency", "yichuang.ops.jobs.purge_idempotency", every=DAY, at="03:37"),
    Job("backup", "yichuang.ops.jobs.backup", every=DAY, at="01:47"),  # database and media/, deploy/backup.sh
    Job(
        "send_messages", "yichuang.notify.services.send_due", every=5 * MINUTE
    ),  # SMS put off by quiet hours or retried
    Job(
        "scan_consultations", "yichuang.consult.services.scan_overdue", every=HOUR, at=":23"
    ),  # 网上咨询 past its limit
    Job("remind_appointments", "yichuang.portal.reminders.remind_tomorrow", every=DAY, at="09:13"),  # the day before
    Job("reconcile_payments", "yichuang.fees.reconcile.reconcile", every=DAY, at="04:13"),  # yesterday's statement
    Job("retry_provincial", "yichuang.provincial.services.retry_dead_letters", every=15 * MINUTE),  # after outages
    Job("reconcile_provincial", "yichuang.provincial.reconcile.daily", every=DAY, at="04:43"),  # yesterday's records
    Job(
        "retry_refunds", "yichuang.fees.refunds.retry_refunds", every=5 * MINUTE
    ),  # refunds the platform has not confirmed
)

BY_NAME = {job.name: job for job in JOBS}
