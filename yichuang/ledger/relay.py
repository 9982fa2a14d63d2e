"""The outbox relay: hands committed events to in-process consumers, at least once, each
consumer at most once per event (an `OutboxDelivery` row is written with its work in one
transaction), retrying failures with exponential backoff.

Consumers register for `Event` members in their app's `AppConfig.ready()`:

    from yichuang.ledger.events import Event
    from yichuang.ledger.relay import consumer

    @consumer(Event.CASE_APPROVED, Event.CASE_DENIED, name="seals.seal_decision")
    def seal_result(event): ...

A topic that is not a member (a string, a typo) raises `UnknownTopic` there, while the apps
load, instead of a consumer that silently never runs.

Apps higher in the dependency order react to lower ones this way without importing upwards
(architecture: "an upward need is an event in the ledger's outbox")."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from dataclasses import dataclass
from typing import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .events import Event, as_event
from .models import OutboxDeadLetter, OutboxDelivery, OutboxEvent

log = logging.getLogger(__name__)
MAX_BACKOFF = dt.timedelta(hours=1)
TOPICS = frozenset(e.value for e in Event)


@dataclass(frozen=True)
class Consumer:
    name: str
    topics: frozenset[Event]
    handle: Callable[[OutboxEvent], None]


_consumers: dict[str, Consumer] = {}


def consumer(*topics: Event | Iterable[Event], name: str | None = None):
    """Register the decorated function for the given members (or sets of them, such as
    `Event.of_kind("feedback")`). Raises at once for anything that is not a member."""
    wanted = frozenset(
        as_event(t)
        for group in topics
        for t in (group if isinstance(group, (set, frozenset, list, tuple)) else (group,))
    )
    if not wanted:
        raise ValueError("a consumer must subscribe to at least one Event")

    def register(fn):
        key = name or f"{fn.__module__}.{fn.__qualname__}"
        if len(key) > 200:  # it is stored with each delivery; refuse here, not at delivery time
            raise ValueError(f"consumer name longer than 200 characters: {key!r}")
        _consumers[key] = Consumer(key, wanted, fn)
        return fn

    return register


def consumers_for(topic: str) -> list[Consumer]:
    return [c for c in _consumers.values() if topic in c.topics]


def backoff(attempts: int) -> dt.timedelta:
    return min(dt.timedelta(seconds=2**attempts), MAX_BACKOFF)


def max_attempts() -> int:
    return int(getattr(settings, "YICHUANG_RELAY_MAX_ATTEMPTS", 10))


_wakers: list[Callable[[], None]] = []


def on_new_events(fn: Callable[[], None]) -> Callable[[], None]:
    """Register `fn` to be called after a transaction that emitted events commits (the task
    runner enqueues a relay task there, so a decision is sealed in seconds, not at the next
    periodic sweep). The outbox table stays the truth: a lost wake-up only delays delivery."""
    _wakers.append(fn)
    return fn


def wake_after_commit(using: str | None = None) -> None:
    """`wake` once after the current transaction commits, however many events it emitted: the
    first wake-up's task finds them all (an action that emits two events enqueued two tasks)."""
    hooks = transaction.get_connection(using).run_on_commit
    if not any(hook[1] is wake for hook in hooks):
        transaction.on_commit(wake, using=using)


def wake() -> None:
    for fn in _wakers:
        try:
            fn()
        except Exception as exc:  # the request has committed; the periodic sweep delivers later
            log.warning("relay wake-up failed (%s); the periodic relay will deliver", exc.__class__.__name__)


def relay_once(batch: int = 100, now: dt.datetime | None = None) -> int:
    """Deliver up to `batch` due events; returns how many were completely delivered.

    Each event is claimed, consumed and marked in a transaction of its own: a consumer's locks
    (a seal's audit-chain head, say) are held for one event, not for a whole batch, so several
    relay processes work side by side on PostgreSQL (SKIP LOCKED), and a crash loses no more
    than the event in hand — which stays due and is delivered again to the consumers that had
    not yet recorded it."""
    now = now or timezone.now()
    done = 0
    for _ in range(batch):
        with transaction.atomic():
            due = OutboxEvent.objects.filter(delivered_at__isnull=True, available_at__lte=now).order_by("created_at")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)  # several relays share the work
            event = due.first()
            if event is None:
                break
            done += _deliver(event, now)
    return done


def _deliver(event: OutboxEvent, now: dt.datetime) -> bool:
    had = set(event.deliveries.values_list("consumer", flat=True))
    had |= set(event.dead_letters.values_list("consumer", flat=True))
    errors, failed = [], {}
    if event.topic not in TOPICS:
        # A stored topic no member has (renamed without a migration, written by hand): keep it
        # due and visible rather than mark it delivered to nobody.
        errors.append(f"unknown topic {event.topic!r}")
    for c in consumers_for(event.topic):
        if c.name in had:
            continue
        try:
            with transaction.atomic():  # the consumer's work and its delivery row, or neither
                c.handle(event)
                OutboxDelivery.objects.create(event=event, consumer=c.name)
        except Exception as exc:  # a failing consumer must not stop the others; it is retried
            # The exception's text may quote personal data: the log gets its class, the dead letter
            # (read by administrators only) the whole traceback.
            log.warning("outbox consumer %s failed on event %s (%s)", c.name, event.pk, exc.__class__.__name__)
            errors.append(f"{c.name}: {exc.__class__.__name__}: {str(exc)[:200]}")
            failed[c.name] = (errors[-1], traceback.format_exc())
    event.attempts += 1
    if failed and event.attempts >= max_attempts():
        for name, (error, trace) in failed.items():
            OutboxDeadLetter.objects.create(
                event=event, consumer=name, attempts=event.attempts, error=error[:500], traceback=trace
            )
            log.error("outbox consumer %s dead-lettered event %s after %d attempts", name, event.pk, event.attempts)
        errors = [e for e in errors if e.startswith("unknown topic")]
    if errors:
        event.last_error = "；".join(errors)[:500]
        event.available_at = now + backoff(event.attempts)
    else:
        # Delivered to every consumer, or given up for some of them into dead letters.
        event.delivered_at = now
        event.last_error = ("死信:" + "；".join(e for e, _ in failed.values()))[:500] if failed else ""
    event.save(update_fields=["attempts", "last_error", "available_at", "delivered_at"])
    return not errors and not failed


class RetryFailed(Exception):
    pass


def retry_dead_letter(letter_id: int) -> bool:
    """Hand a dead-lettered event to its consumer once more, now. True when it was handled (or
    already had been); a new failure keeps the letter, with the new traceback, and raises
    `RetryFailed` (after recording it)."""
    failure = ""
    with transaction.atomic():
        letter = OutboxDeadLetter.objects.select_for_update().select_related("event").get(pk=letter_id)
        if letter.resolved_at is not None:
            return True
        event, found = letter.event, _consumers.get(letter.consumer)
        letter.retries += 1
        done = OutboxDelivery.objects.filter(event=event, consumer=letter.consumer).exists()
        try:
            if not done:
                if found is None:
                    raise LookupError(f"消费者 {letter.consumer} 已不存在")
                with transaction.atomic():
                    found.handle(event)
                    OutboxDelivery.objects.create(event=event, consumer=letter.consumer)
        except Exception as exc:
            failure = letter.error = f"{letter.consumer}: {exc.__class__.__name__}: {str(exc)[:200]}"[:500]
            letter.traceback = traceback.format_exc()
            letter.save(update_fields=["retries", "error", "traceback"])
        else:
            letter.resolved_at = timezone.now()
            letter.save(update_fields=["retries", "resolved_at"])
    if failure:
        raise RetryFailed(failure)
    return True
