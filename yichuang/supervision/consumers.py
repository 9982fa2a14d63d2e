"""Relay consumers: supervision learns everything from ledger events and imports no app above
it (architecture § apps). Each consumer's work commits in one transaction with the relay's
`OutboxDelivery` row for (event, consumer), and the relay never hands an event to a consumer
that has that row: an event is counted exactly once even when another consumer fails and the
event is retried, or when two relays run (tests: test_rollup_consumers.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.ledger.events import Event
from yichuang.ledger.relay import consumer
from yichuang.org.models import Site, User

from . import conf, linkage, rollups
from .alerts import Rule, raise_alert
from .models import TicketWatch

REFUSALS = {Event.CASE_INTAKE_REFUSED: "不予受理", Event.CASE_DENIED: "不予许可"}


def _case(event) -> Case:
    return Case.objects.select_related("site", "home_site", "item", "item_version__department").get(
        number=event.payload["case"]
    )


@consumer(*rollups.CASE_COUNTS, name="supervision.rollups")
def count_case_event(event) -> None:
    topic = Event(event.topic)
    case = _case(event)
    window = rollups.window_of(case.owner_id, case.site_id)
    for day, counts in rollups.case_event_counts(topic, case, timezone.localdate(event.created_at)):
        rollups.add(rollups.case_key(case, day, window, receipt=topic == Event.CASE_RECEIVED), counts)


@consumer(Event.CASE_SUPPLEMENT_REQUESTED, *REFUSALS, name="supervision.alerts")
def watch_case_event(event) -> None:
    topic = Event(event.topic)
    case = _case(event)
    if topic == Event.CASE_SUPPLEMENT_REQUESTED:
        if case.supplement_notices.count() >= 2:
            raise_alert(
                Rule.SECOND_SUPPLEMENT,
                case.site,
                case.number,
                "同一办件第二次出具补正告知,违反一次性告知要求。",
                case_number=case.number,
            )
    elif len(case.decision_reason.strip()) < conf.get("MIN_REFUSAL_REASON_CHARS") or not case.decision_basis.strip():
        raise_alert(
            Rule.REFUSAL_WITHOUT_REASON,
            case.site,
            case.number,
            f"{REFUSALS[topic]}未写明充分理由或法律依据。",
            case_number=case.number,
        )


# Every event that can carry a 准予 decision; the payload says whether this one does.
@consumer(
    Event.CASE_APPROVED,
    Event.CASE_DECIDED_INSTANTLY,
    Event.CASE_JOINT_COMPLETED,
    Event.CASE_ESCALATION_DECIDED,
    Event.CASE_ESCALATION_SYNCED,  # rows written before the result had its own event
    name="supervision.linkage",
)
def tell_supervisor(event) -> None:
    if event.payload.get("decision") != Case.Decision.GRANTED:
        return
    case = _case(event)
    linkage.notify_approval(case, event.id, timezone.localdate(case.decided_at or event.created_at))


@consumer(Event.SEAL_MISUSE_REFUSED, name="supervision.seal_misuse")
def watch_seal_misuse(event) -> None:
    payload = event.payload
    site = Site.objects.filter(code=payload.get("site") or "").first()
    if site is None:
        case = Case.objects.select_related("site").filter(number=payload.get("case") or "").first()
        if case is None:  # nothing to attribute it to; the seal app's own refusal log keeps it
            return
        site = case.site
    raise_alert(
        Rule.SEAL_MISUSE,
        site,
        str(event.id),
        f"用印被拒绝:{payload.get('message', '')}",
        case_number=payload.get("case", ""),
    )


def _as_int(value) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return 0


def _staff_id(value) -> int:
    if isinstance(value, str) and value and not value.isdigit():  # a username
        return User.objects.filter(username=value).values_list("pk", flat=True).first() or 0
    return _as_int(value)


def _day(at: str | None, fallback: dt.datetime) -> dt.date:
    """The local day of an ISO date or date-time (naive times are local)."""
    if not at:
        return timezone.localdate(fallback)
    moment = dt.datetime.fromisoformat(at)
    if len(at) <= 10:
        return moment.date()
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


@consumer(Event.of_kind("feedback"), name="supervision.feedback")
def count_feedback_event(event) -> None:
    payload, topic = event.payload, Event(event.topic)
    site = Site.objects.get(code=payload["site"])
    if topic == Event.FEEDBACK_EVALUATED:
        case = Case.objects.filter(number=payload.get("case") or "").values_list("item_id", flat=True).first()
        level = int(payload["level"])
        rollups.add(
            (
                _day(payload.get("at"), event.created_at),
                site.pk,
                _as_int(payload.get("window")),
                _staff_id(payload.get("staff")),
                case or 0,
            ),
            Counter(evaluations=1, satisfaction_points=level, bad_reviews=int(level <= 2)),
        )
    elif topic == Event.FEEDBACK_TICKET_OPENED:
        opened_on = timezone.localdate(event.created_at)
        TicketWatch.objects.get_or_create(
            ticket=str(payload["ticket"]),
            defaults={
                "site": site,
                "source": payload.get("source", ""),
                "due_on": dt.date.fromisoformat(payload["due_on"]),
                "opened_on": opened_on,
            },
        )
        rollups.add((opened_on, site.pk, 0, 0, 0), Counter(tickets_opened=1))
    elif topic == Event.FEEDBACK_TICKET_CLOSED:
        closed_on = dt.date.fromisoformat(payload["closed_on"])
        watch = TicketWatch.objects.filter(ticket=str(payload["ticket"])).first()
        TicketWatch.objects.filter(ticket=str(payload["ticket"])).update(closed_on=closed_on)
        # Counted on the day the ticket was opened (its cohort), so closed ≤ opened for every
        # site and period; a ticket whose opening was never seen counts on its closing day.
        cohort = watch.opened_on if watch and watch.opened_on else closed_on
        rollups.add(
            (cohort, site.pk, 0, 0, 0), Counter(tickets_closed=1, tickets_on_time=int(bool(payload["on_time"])))
        )
        if not payload["on_time"]:
            raise_alert(
                Rule.REVIEW_NOT_RECTIFIED, site, str(payload["ticket"]), f"差评整改单{payload['ticket']}未按期整改。"
            )
