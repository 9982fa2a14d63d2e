"""整改单: open on a 差评 or a 办不成事 report; verify → rectify → call back → close."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.calendar import add_working_days

from .. import config, permissions
from ..models import Rectification, RectificationStep
from ..workflow import Action, State, transition

LIMITS = {Rectification.Source.BAD_REVIEW: "BAD_RATING_DAYS", Rectification.Source.CANNOT_DO: "CANNOT_DO_DAYS"}


def _actor_name(actor) -> str:
    return getattr(actor, "username", None) or str(actor or "system")


def open_ticket(site, source: str, *, rating=None, report=None, actor="system") -> Rectification:
    """Called inside the transaction that stored the rating or the report (never alone)."""
    today = timezone.localdate()
    ticket = Rectification.objects.create(
        site=site,
        source=source,
        rating=rating,
        report=report,
        opened_on=today,
        due_on=add_working_days(site, today, int(config.get(LIMITS[source]))),
    )
    RectificationStep.objects.create(ticket=ticket, action=Action.OPEN, state=ticket.state, at=timezone.now())
    ledger.record(
        ticket.audit_stream,
        "feedback.ticket.open",
        actor=_actor_name(actor),
        object_type="feedback.Rectification",
        object_id=ticket.pk,
        new_stream=True,
        data={"source": source, "site": site.code, "due_on": ticket.due_on.isoformat()},
    )
    ledger.emit(
        Event.FEEDBACK_TICKET_OPENED,
        {"ticket": ticket.pk, "site": site.code, "source": source, "due_on": ticket.due_on.isoformat()},
        key=str(ticket.pk),
    )
    return ticket


def _require_note(note: str, message: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError(Problem("note_required", message, "note"))
    if len(note) > 2000:
        raise DomainError(Problem("note_too_long", "情况说明不能超过2000字。", "note"))
    return note


def _step(ticket: Rectification, actor, action: str, note: str, result: str = "") -> Rectification:
    """Lock the ticket, check who and the table, move it, and write the step, audit and events."""
    with transaction.atomic():
        ticket = Rectification.objects.select_for_update().select_related("site").get(pk=ticket.pk)
        if not permissions.may_handle_ticket(actor, ticket):
            raise NotAllowed(Problem("role_not_allowed", "只有本中心负责人或监察人员可以办理整改单。", "actor"))
        ticket.state = transition(ticket.state, action)
        now = timezone.now()
        if ticket.state == State.CLOSED:
            ticket.closed_on = timezone.localdate(now)
        ticket.save(update_fields=["state", "closed_on"])
        RectificationStep.objects.create(
            ticket=ticket, action=action, state=ticket.state, actor=actor, at=now, note=note, result=result
        )
        ledger.record(
            ticket.audit_stream,
            f"feedback.ticket.{action}",
            actor=_actor_name(actor),
            object_type="feedback.Rectification",
            object_id=ticket.pk,
            data={"state": ticket.state, **({"result": result} if result else {})},
        )
        if ticket.state == State.CLOSED:
            ledger.emit(
                Event.FEEDBACK_TICKET_CLOSED,
                {
                    "ticket": ticket.pk,
                    "site": ticket.site.code,
                    "source": ticket.source,
                    "closed_on": ticket.closed_on.isoformat(),
                    "on_time": ticket.closed_on <= ticket.due_on,
                },
                key=str(ticket.pk),
            )
        return ticket


def verify(ticket: Rectification, actor, note: str) -> Rectification:
    """核实: what happened, found by asking the staff, the records, the video."""
    return _step(ticket, actor, Action.VERIFY, _require_note(note, "核实须写明核实情况。"))


def rectify(ticket: Rectification, actor, note: str) -> Rectification:
    """整改: what was changed (立行立改 or the measure taken)."""
    return _step(ticket, actor, Action.RECTIFY, _require_note(note, "整改须写明整改措施。"))


def call_back(ticket: Rectification, actor, result: str, note: str) -> Rectification:
    """回访: the rater is asked whether the rectification satisfies them. Still unsatisfied sends
    the ticket back to rectification; satisfied or unreachable lets the head close it."""
    if result not in RectificationStep.Result.values:
        raise DomainError(Problem("invalid_result", "请选择回访结果。", "result"))
    note = _require_note(note, "回访须写明回访情况(时间、方式、对方意见)。")
    action = Action.REOPEN if result == RectificationStep.Result.UNSATISFIED else Action.CALL_BACK
    return _step(ticket, actor, action, note, result)


def close(ticket: Rectification, actor, note: str = "") -> Rectification:
    return _step(ticket, actor, Action.CLOSE, (note or "").strip()[:2000])


def contact_phone(ticket: Rectification, actor) -> str:
    """The full phone of the rater or reporter, for the call-back (回访). Lists show it masked;
    seeing it in full is the head's need and is recorded (architecture invariant 8)."""
    with transaction.atomic():
        ticket = Rectification.objects.select_related("site", "report", "rating__rater_applicant").get(pk=ticket.pk)
        if not permissions.may_handle_ticket(actor, ticket):
            raise NotAllowed(Problem("role_not_allowed", "只有本中心负责人或监察人员可以查看联系电话。", "actor"))
        if ticket.report_id:
            phone = ticket.report.phone
        else:
            applicant = ticket.rating.rater_applicant
            phone = applicant.phone if applicant else ""
        if phone:
            ledger.record(
                ticket.audit_stream,
                "feedback.ticket.phone_viewed",
                actor=_actor_name(actor),
                object_type="feedback.Rectification",
                object_id=ticket.pk,
                data={},
            )
        return phone
