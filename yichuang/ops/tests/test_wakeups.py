"""Relay wake-ups coalesced per process (decision 0125): fewer task-queue writes, and still no
event committed after a task was enqueued is left for the periodic sweep."""

import pytest
from django.db import transaction
from huey.contrib.djhuey import HUEY

from yichuang.ledger import relay, services
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxEvent
from yichuang.ops.tasks import WAKE
from yichuang.ops.wakeups import CLOCK_MARGIN_SECONDS, WINDOW_SECONDS, CoalescedWake


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def waker():
    clock, sent = Clock(), []
    wake = CoalescedWake(
        lambda: sent.append(("now", clock.t)), lambda d: sent.append(("later", clock.t + d)), 0.2, clock
    )
    return wake, clock, sent


def test_a_lone_wake_up_enqueues_at_once(waker):
    wake, clock, sent = waker
    wake()
    clock.t += 0.5
    wake()
    assert sent == [("now", 1000.0), ("now", 1000.5)]


def test_wake_ups_inside_the_window_share_one_task_scheduled_after_them(waker):
    wake, clock, sent = waker
    wake()
    for _ in range(5):
        clock.t += 0.02
        wake()
    assert sent == [("now", 1000.0), ("later", pytest.approx(1000.2))]
    assert all(clock.t < start for kind, start in sent if kind == "later")  # it starts after the last commit


def test_a_wake_up_once_the_scheduled_task_may_have_started_enqueues_again(waker):
    wake, clock, sent = waker
    wake()
    clock.t += 0.05
    wake()  # scheduled for 1000.2
    clock.t = 1000.2 - CLOCK_MARGIN_SECONDS  # another host's clock may already be there
    wake()
    assert len(sent) == 3


def test_under_steady_load_one_task_is_enqueued_per_window(waker):
    wake, clock, sent = waker
    for _ in range(80):  # 40 commits a second for two seconds
        wake()
        clock.t += 0.025
    assert [start for _, start in sent] == pytest.approx([1000 + 0.2 * n for n in range(11)])  # 11 tasks, not 80


def test_a_failed_enqueue_is_not_counted_as_a_task(waker):
    _, clock, sent = waker
    calls = []

    def down():
        calls.append(clock.t)
        raise ConnectionError("queue down")

    wake = CoalescedWake(down, lambda d: sent.append(d), 0.2, clock)
    with pytest.raises(ConnectionError):
        wake()
    clock.t += 0.01
    with pytest.raises(ConnectionError):
        wake()
    assert len(calls) == 2 and sent == []


def emit(topic_case: str):
    services.emit(Event.CASE_APPROVED, {"case": topic_case, "state": "approved", "site": "S1", "decision": "granted"})


def queued_tasks() -> list:
    tasks = []
    while (task := HUEY.dequeue()) is not None:
        tasks.append(task)
    return tasks


@pytest.mark.django_db(transaction=True)
def test_one_transaction_emitting_two_events_enqueues_one_task():
    with transaction.atomic():
        emit("X-1")
        emit("X-2")
    assert len(queued_tasks()) == 1


@pytest.mark.django_db(transaction=True)
def test_events_of_a_burst_of_commits_are_all_delivered_by_the_tasks_it_enqueued(monkeypatch):
    monkeypatch.setattr(relay, "_consumers", {})
    monkeypatch.setattr(WAKE, "_clock", Clock())  # five commits inside one window, however slow the machine
    monkeypatch.setattr(WAKE, "_window", WINDOW_SECONDS)  # the root conftest sets 0 for every other test
    seen = []
    relay.consumer(Event.CASE_APPROVED, name="test")(lambda e: seen.append(e.payload["case"]))
    for n in range(5):
        with transaction.atomic():
            emit(f"X-{n}")
    tasks = queued_tasks()
    assert [task.eta is None for task in tasks] == [True, False]  # one at once, one after the window: not five
    for task in tasks:
        HUEY.execute(task)
    assert sorted(seen) == [f"X-{n}" for n in range(5)]
    assert not OutboxEvent.objects.filter(delivered_at__isnull=True).exists()
