"""Every outbox topic the product emits, as one enum, each named in the past tense for what
has happened, each with the payload type its emitter must fill (payloads.py).

Why an enum and not strings: a consumer subscribing to a misspelt string used to wait silently
for an event that never came; now `relay.consumer` accepts only members, so the mistake fails
while the apps load. `emit` accepts only members and checks the payload against the member's
type in the emitter's transaction, so a test of the emitter catches a missing or wrong field.

A member's value is stored in `OutboxEvent.topic`: renaming one needs a data migration of the
ledger app for the rows already written (0003_past_tense_topics)."""

from __future__ import annotations

import difflib
import enum
import types
import typing

from . import payloads as p


class Event(enum.StrEnum):
    CASE_RECEIVED = "case.received"
    CASE_TAKEN = "case.taken"
    CASE_ACCEPTED = "case.accepted"
    CASE_SUPPLEMENT_REQUESTED = "case.supplement_requested"
    CASE_SUPPLEMENTED = "case.supplemented"
    CASE_DEFERRED_SUPPLIED = "case.deferred_supplied"
    CASE_INTAKE_REFUSED = "case.intake_refused"
    CASE_DECIDED_INSTANTLY = "case.decided_instantly"
    CASE_REVIEW_STARTED = "case.review_started"
    CASE_APPROVED = "case.approved"
    CASE_DENIED = "case.denied"
    CASE_JOINT_DISPATCHED = "case.joint_dispatched"
    CASE_JOINT_TASK_ANSWERED = "case.joint_task_answered"
    CASE_JOINT_COMPLETED = "case.joint_completed"
    CASE_ESCALATED = "case.escalated"
    CASE_ESCALATION_SYNCED = "case.escalation_synced"
    CASE_ESCALATION_DECIDED = "case.escalation_decided"
    CASE_SPECIAL_STARTED = "case.special_started"
    CASE_SPECIAL_ENDED = "case.special_ended"
    CASE_EXTENDED = "case.extended"
    CASE_DELIVERY_PREPARED = "case.delivery_prepared"
    CASE_DELIVERED = "case.delivered"
    CASE_WITHDRAWN = "case.withdrawn"
    CASE_TERMINATED = "case.terminated"
    CASE_REVOKED = "case.revoked"
    CASE_SUPPLEMENT_TIMED_OUT = "case.supplement_timed_out"
    CASE_DEEMED_ACCEPTED = "case.deemed_accepted"
    CASE_ESCALATION_ACCEPTED = "case.escalation_accepted"
    CASE_ESCALATION_REVIEW_STARTED = "case.escalation_review_started"
    CATALOG_ITEM_PUBLISHED = "catalog.item_published"
    SUPERVISION_RESULT_RECEIVED = "supervision.result_received"
    FEEDBACK_EVALUATED = "feedback.evaluated"
    FEEDBACK_TICKET_OPENED = "feedback.ticket_opened"
    FEEDBACK_TICKET_CLOSED = "feedback.ticket_closed"
    SEAL_ISSUED = "seal.issued"
    SEAL_REVOKED = "seal.revoked"
    SEAL_MISUSE_REFUSED = "seal.misuse_refused"
    SEAL_USED = "seal.used"
    APPOINTMENT_BOOKED = "appointment.booked"
    APPOINTMENT_CANCELLED = "appointment.cancelled"
    APPOINTMENT_CHECKED_IN = "appointment.checked_in"
    LICENCE_ISSUED = "licence.issued"
    LICENCE_REVOKED = "licence.revoked"

    @property
    def kind(self) -> str:
        """The part before the dot: the context that announces it (case, seal, feedback …)."""
        return self.value.split(".", 1)[0]

    @property
    def payload_type(self) -> type:
        return PAYLOADS[self]

    @classmethod
    def of_kind(cls, kind: str) -> frozenset[Event]:
        """Every member of one kind, for a consumer that wants them all; an unknown kind is a
        mistake, not an empty subscription."""
        found = frozenset(e for e in cls if e.kind == kind)
        if not found:
            raise UnknownTopic(f"no event of kind {kind!r}; kinds: {sorted({e.kind for e in cls})}")
        return found


class UnknownTopic(LookupError):
    pass


class PayloadMismatch(TypeError):
    pass


PAYLOADS: dict[Event, type] = {
    Event.CASE_RECEIVED: p.CaseReceived,
    Event.CASE_TAKEN: p.CaseTaken,
    Event.CASE_ACCEPTED: p.CaseAccepted,
    Event.CASE_SUPPLEMENT_REQUESTED: p.CaseMaterials,
    Event.CASE_SUPPLEMENTED: p.CaseMaterials,
    Event.CASE_DEFERRED_SUPPLIED: p.CaseMaterials,
    Event.CASE_INTAKE_REFUSED: p.CaseFacts,
    Event.CASE_DECIDED_INSTANTLY: p.CaseDecided,
    Event.CASE_REVIEW_STARTED: p.CaseFacts,
    Event.CASE_APPROVED: p.CaseDecided,
    Event.CASE_DENIED: p.CaseDecided,
    Event.CASE_JOINT_DISPATCHED: p.CaseJointDispatched,
    Event.CASE_JOINT_TASK_ANSWERED: p.CaseJointTaskAnswered,
    Event.CASE_JOINT_COMPLETED: p.CaseJointCompleted,
    Event.CASE_ESCALATED: p.CaseEscalated,
    Event.CASE_ESCALATION_SYNCED: p.CaseEscalationSynced,
    Event.CASE_ESCALATION_DECIDED: p.CaseEscalationDecided,
    Event.CASE_SPECIAL_STARTED: p.CaseSpecialStarted,
    Event.CASE_SPECIAL_ENDED: p.CaseSpecialEnded,
    Event.CASE_EXTENDED: p.CaseExtended,
    Event.CASE_DELIVERY_PREPARED: p.CaseFacts,
    Event.CASE_DELIVERED: p.CaseDelivered,
    Event.CASE_WITHDRAWN: p.CaseFacts,
    Event.CASE_TERMINATED: p.CaseFacts,
    Event.CASE_REVOKED: p.CaseRevoked,
    Event.CASE_SUPPLEMENT_TIMED_OUT: p.CaseSupplementTimedOut,
    Event.CASE_DEEMED_ACCEPTED: p.CaseDeemedAccepted,
    Event.CASE_ESCALATION_ACCEPTED: p.CaseEscalationAccepted,
    Event.CASE_ESCALATION_REVIEW_STARTED: p.CaseFacts,
    Event.CATALOG_ITEM_PUBLISHED: p.ItemPublished,
    Event.SUPERVISION_RESULT_RECEIVED: p.SupervisionResultReceived,
    Event.FEEDBACK_EVALUATED: p.FeedbackEvaluated,
    Event.FEEDBACK_TICKET_OPENED: p.TicketOpened,
    Event.FEEDBACK_TICKET_CLOSED: p.TicketClosed,
    Event.SEAL_ISSUED: p.SealIssued,
    Event.SEAL_REVOKED: p.SealRevoked,
    Event.SEAL_MISUSE_REFUSED: p.SealMisuseRefused,
    Event.SEAL_USED: p.SealUsed,
    Event.APPOINTMENT_BOOKED: p.Appointment,
    Event.APPOINTMENT_CANCELLED: p.Appointment,
    Event.APPOINTMENT_CHECKED_IN: p.Appointment,
    Event.LICENCE_ISSUED: p.LicenceIssued,
    Event.LICENCE_REVOKED: p.LicenceRevoked,
}
_untyped = [e for e in Event if e not in PAYLOADS]
if _untyped:  # a member added without its payload type fails on import, not on first emit
    raise ImportError(f"events without a payload type: {_untyped}")

_HINTS = {t: typing.get_type_hints(t) for t in set(PAYLOADS.values())}


def as_event(topic) -> Event:
    """`topic` as a member; anything else (a string, however close) is refused by name."""
    if isinstance(topic, Event):
        return topic
    near = difflib.get_close_matches(str(topic), [e.value for e in Event], n=1)
    hint = f"; did you mean Event({near[0]!r})?" if near else ""
    raise UnknownTopic(f"{topic!r} is not an Event member{hint}")


def check_payload(event: Event, payload: dict) -> None:
    """Raise PayloadMismatch naming every missing, unexpected or wrongly typed field."""
    shape = PAYLOADS[event]
    hints = _HINTS[shape]
    if not isinstance(payload, dict):
        raise PayloadMismatch(f"{event}: payload must be a dict, not {type(payload).__name__}")
    wrong = [f"missing {k!r}" for k in sorted(shape.__required_keys__ - payload.keys())]
    wrong += [f"unexpected {k!r}" for k in sorted(payload.keys() - hints.keys())]
    wrong += [
        f"{k!r} is {type(v).__name__}, not {_name(hints[k])}"
        for k, v in payload.items()
        if k in hints and not _fits(v, hints[k])
    ]
    if wrong:
        raise PayloadMismatch(f"{event} ({shape.__name__}): " + "; ".join(wrong))


def _fits(value, hint) -> bool:
    if hint is None or hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin is typing.NotRequired or origin is typing.Required:
        return _fits(value, typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, h) for h in typing.get_args(hint))
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_fits(v, item) for v in value)
    if hint is int:  # bool is an int to Python, never to a counter
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def _name(hint) -> str:
    return getattr(hint, "__name__", None) or str(hint)
