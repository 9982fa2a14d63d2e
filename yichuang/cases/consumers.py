"""A decided case goes to its delivering window's hand-out queue by itself (issue 20 §1;
docs/decisions/0021-queues-from-the-table.md).

What the window does after a decision, 制证待送达, needs no person: it checks that every
容缺 material has arrived (and the item's result is issued at hand-out). So the system takes
that step — the table lets SYSTEM take it — as soon as the relay hands it a decision: the
clerk finds the case under 待送达 with the sealed result beside it. A case whose promised
容缺 material is still outstanding stays 已决定 in the clerk's queue; the system tries again
when the material arrives. The step runs through steps.perform like any other (audited as
the system's, on the case's timeline); a case already prepared by hand is left alone."""

from __future__ import annotations

from yichuang.common.errors import DomainError
from yichuang.ledger.events import Event
from yichuang.ledger.relay import consumer

from .models import Case
from .workflow import Action, State

DECISIONS = (
    Event.CASE_APPROVED,
    Event.CASE_DENIED,
    Event.CASE_DECIDED_INSTANTLY,
    Event.CASE_JOINT_COMPLETED,
    Event.CASE_ESCALATION_DECIDED,
    Event.CASE_DEFERRED_SUPPLIED,
)


@consumer(*DECISIONS, name="cases.prepare_delivery")
def prepare_delivery(event) -> None:
    from .steps import perform  # the table imports the apps' models; load it when an event comes

    case = Case.objects.filter(number=event.payload.get("case"), state=State.DECIDED).first()
    if case is None:
        return
    try:
        perform(case, None, Action.PREPARE_DELIVERY)
    except DomainError:
        # 容缺 material outstanding (deferred_outstanding), or the case moved on meanwhile:
        # the clerk's queue holds it, and the material's arrival brings the system back.
        return
