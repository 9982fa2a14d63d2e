"""Every write to a case (办件) goes through these functions (architecture invariant 1).

Intake (`receive`, `submit_online`) creates a case; every later write is a step of the table in
`cases.steps`, taken by `perform(case, actor, action, data)`. The functions below are that
call with a Python signature, for code and tests that hold objects rather than a request body."""

from __future__ import annotations

from django.db import transaction

from ..workflow import Action
from .intake import MaterialInput, receive
from .online import submit_online


def perform(case, actor, action, data=None):
    from ..steps import perform as _perform  # the table imports the service modules of this package

    return _perform(case, actor, action, data)


def take_online(case, clerk):
    return perform(case, clerk, Action.TAKE)


def accept(case, clerk):
    return perform(case, clerk, Action.ACCEPT)


def request_supplement(case, actor, lines: dict[int, str]):
    return perform(case, actor, Action.REQUEST_SUPPLEMENT, {"lines": lines})


def supplement(case, actor, received: list[int]):
    return perform(case, actor, Action.SUPPLEMENT, {"received": list(received)})


def supplement_online(case, user, uploaded: list[int]):
    """The applicant supplies online what the open notice lists (all of it, or it keeps waiting)."""
    from .online import applicant_actor

    return supplement(case, applicant_actor(user), uploaded)


@transaction.atomic
def prereview_accept(case, clerk):
    """预审通过并受理: take the online case (if nobody owns it yet) and accept it, in one transaction."""
    return accept(_taken(case, clerk), clerk)


@transaction.atomic
def prereview_request_supplement(case, clerk, lines: dict[int, str]):
    """预审后一次性告知补正: take the online case and issue the one-time notice, in one transaction."""
    return request_supplement(_taken(case, clerk), clerk, lines)


def _taken(case, clerk):
    from ..models import Case

    unowned = Case.objects.filter(pk=case.pk, owner__isnull=True).exists()  # the caller's copy may be stale
    return take_online(case, clerk) if unowned else case


def refuse_intake(case, clerk, reason: str, basis: str):
    return perform(case, clerk, Action.REFUSE_INTAKE, {"reason": reason, "basis": basis})


def decide_instantly(case, clerk, opinion: str = ""):
    return perform(case, clerk, Action.DECIDE_INSTANTLY, {"opinion": opinion})


def start_review(case, approver):
    return perform(case, approver, Action.START_REVIEW)


def approve(case, approver, opinion: str = ""):
    return perform(case, approver, Action.APPROVE, {"opinion": opinion})


def deny(case, approver, reason: str, basis: str):
    return perform(case, approver, Action.DENY, {"reason": reason, "basis": basis})


def dispatch_joint(case, clerk, departments):
    return perform(case, clerk, Action.DISPATCH_JOINT, {"departments": [d.pk for d in departments]})


def answer_joint_task(task, approver, granted: bool, opinion: str):
    perform(task.case, approver, Action.ANSWER_JOINT_TASK, {"task": task.pk, "granted": granted, "opinion": opinion})
    task.refresh_from_db()
    return task


def escalate(case, clerk, to_site, tracker):
    return perform(case, clerk, Action.ESCALATE, {"to_site": to_site.code, "tracker": tracker.username})


def record_escalation_progress(case, actor, status_note: str, external_number: str = ""):
    return perform(
        case, actor, Action.RECORD_ESCALATION_PROGRESS, {"status_note": status_note, "external_number": external_number}
    )


def record_escalation_result(
    case, actor, decision: str, status_note: str = "", external_number: str = "", reason: str = ""
):
    return perform(
        case,
        actor,
        Action.RECORD_ESCALATION_RESULT,
        {"decision": decision, "status_note": status_note, "external_number": external_number, "reason": reason},
    )


def start_special(case, approver, kind: str, reason: str):
    return perform(case, approver, Action.START_SPECIAL, {"kind": kind, "reason": reason})


def end_special(case, approver, result: str):
    return perform(case, approver, Action.END_SPECIAL, {"result": result})


def extend(case, head, days: int, reason: str):
    return perform(case, head, Action.EXTEND, {"days": days, "reason": reason})


def supply_deferred(case, clerk, material_ids: list[int]):
    return perform(case, clerk, Action.SUPPLY_DEFERRED, {"material_ids": list(material_ids)})


def prepare_delivery(case, clerk):
    """制证待送达. The system takes this step by itself once the relay has passed the decision
    (cases.consumers); code that asks for it afterwards finds the case ready and gets it as it is."""
    from ..models import Case
    from ..workflow import State

    fresh = Case.objects.get(pk=case.pk)
    if fresh.state == State.AWAITING_DELIVERY:
        return fresh
    return perform(case, clerk, Action.PREPARE_DELIVERY)


def deliver(case, clerk, method: str, tracking_number: str = ""):
    return perform(case, clerk, Action.DELIVER, {"method": method, "tracking_number": tracking_number})


def withdraw(case, actor, reason: str = ""):
    return perform(case, actor, Action.WITHDRAW, {"reason": reason})


def terminate(case, head, reason: str, basis: str):
    return perform(case, head, Action.TERMINATE, {"reason": reason, "basis": basis})


__all__ = [
    "MaterialInput",
    "accept",
    "answer_joint_task",
    "approve",
    "decide_instantly",
    "deliver",
    "deny",
    "dispatch_joint",
    "end_special",
    "escalate",
    "extend",
    "perform",
    "prepare_delivery",
    "prereview_accept",
    "prereview_request_supplement",
    "receive",
    "record_escalation_progress",
    "record_escalation_result",
    "refuse_intake",
    "request_supplement",
    "start_review",
    "start_special",
    "submit_online",
    "supplement",
    "supplement_online",
    "supply_deferred",
    "take_online",
    "terminate",
    "withdraw",
]
