"""The schedule runs by itself (issue 16 §1, R-52): the task runner's periodic tick enqueues the
jobs due at that minute and a worker runs them — a case whose clock reaches the yellow threshold
gets its yellow card with nobody typing a command."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from huey.contrib.djhuey import HUEY

from yichuang.cases import services as cases
from yichuang.cases.tests.factories import make_world
from yichuang.ops import tasks
from yichuang.ops.models import JobRun
from yichuang.ops.schedule import JOBS, Job
from yichuang.supervision.models import Alert
from yichuang.supervision.tests.helpers import new_case

TZ = ZoneInfo("Asia/Shanghai")


def tick(now: dt.datetime) -> list[str]:
    """One scheduler tick at `now` (as the consumer's scheduler does each minute), then a worker
    runs everything queued. Returns the names of the tasks that ran."""
    scheduler = HUEY.create_consumer(workers=1, periodic=True)._create_scheduler()
    scheduler.enqueue_periodic_tasks(now.replace(tzinfo=None))  # huey's clock: naive Beijing time
    ran = []
    while (task := HUEY.dequeue()) is not None:
        ran.append(task.name)
        HUEY.execute(task)
    return ran


@pytest.mark.django_db(transaction=True)
def test_the_periodic_tick_raises_the_yellow_card_when_the_clock_reaches_it(time_machine):
    world = make_world()
    cases.accept(new_case(world), world.clerk)  # accepted Monday 15 June, due Tuesday 23 June
    time_machine.move_to(dt.datetime(2026, 6, 17, 10, 0, tzinfo=TZ), tick=False)
    tick(dt.datetime(2026, 6, 17, 10, 0, tzinfo=TZ))
    assert not Alert.objects.filter(rule=Alert.Rule.CLOCK_YELLOW).exists()

    time_machine.move_to(dt.datetime(2026, 6, 18, 10, 5, tzinfo=TZ), tick=False)
    ran = tick(dt.datetime(2026, 6, 18, 10, 5, tzinfo=TZ))
    assert "schedule.scan_alerts" in ran
    assert Alert.objects.filter(rule=Alert.Rule.CLOCK_YELLOW).count() == 1
    assert JobRun.objects.get(name="scan_alerts").last_success_at is not None


@pytest.mark.django_db(transaction=True)
def test_each_job_runs_on_its_own_schedule(time_machine):
    at = dt.datetime(2026, 6, 16, 2, 17, tzinfo=TZ)  # Beijing time of verify_audit
    time_machine.move_to(at, tick=False)
    ran = tick(at)
    assert "schedule.verify_audit" in ran and "schedule.relay_outbox" in ran
    assert "schedule.scan_alerts" not in ran and "schedule.audit_checkpoint" not in ran


def test_a_job_is_one_line_and_every_line_gets_a_periodic_task():
    assert set(tasks.PERIODIC) == {job.name for job in JOBS}
    assert tasks.cron(Job("x", "m.f", every=dt.timedelta(minutes=5)))(dt.datetime(2026, 1, 1, 0, 10))
    assert not tasks.cron(Job("x", "m.f", every=dt.timedelta(minutes=5)))(dt.datetime(2026, 1, 1, 0, 11))
    with pytest.raises(ValueError, match="divide an hour"):
        tasks.cron(Job("x", "m.f", every=dt.timedelta(minutes=7)))


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_with_its_traceback_and_the_others_still_run(time_machine, monkeypatch):
    from yichuang.ops import jobs

    def broken():
        raise RuntimeError("checkpoint store unavailable")

    monkeypatch.setattr(jobs, "verify_audit", broken)
    at = dt.datetime(2026, 6, 16, 2, 17, tzinfo=TZ)
    time_machine.move_to(at, tick=False)
    tick(at)
    run = JobRun.objects.get(name="verify_audit")
    assert run.failures == 1 and run.last_success_at is None
    assert "checkpoint store unavailable" in run.last_error
    assert JobRun.objects.get(name="relay_outbox").last_success_at is not None


@pytest.mark.django_db
def test_run_job_runs_one_job_by_hand_and_records_it():
    from django.core.management import CommandError, call_command

    call_command("run_job", "scan_alerts")
    assert JobRun.objects.get(name="scan_alerts").runs == 1
    with pytest.raises(CommandError, match="没有名为“scan”的定时任务"):
        call_command("run_job", "scan")
