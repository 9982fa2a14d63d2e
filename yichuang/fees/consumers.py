"""The fees app follows the case through the outbox (it sits above the case core): a charge is
assessed when a case is accepted; it is cancelled or refunded when the case ends without the
service — 不予许可, withdrawal before review began, termination."""

from __future__ import annotations

from yichuang.cases.models import Case
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.relay import consumer

from . import assessment, refunds

DECISIONS = (
    Event.CASE_APPROVED,
    Event.CASE_DENIED,
    Event.CASE_DECIDED_INSTANTLY,
    Event.CASE_JOINT_COMPLETED,
    Event.CASE_ESCALATION_DECIDED,
)


def _case(event) -> Case | None:
    return Case.objects.select_related("item_version").filter(number=event.payload.get("case")).first()


@consumer(Event.CASE_ACCEPTED, Event.CASE_DEEMED_ACCEPTED, name="fees.assess")
def assess_accepted(event) -> None:
    case = _case(event)
    if case is not None:
        assessment.assess(case)


@consumer(*DECISIONS, name="fees.refund_denied")
def refund_denied(event) -> None:
    case = _case(event)
    if case is not None and case.decision == Case.Decision.DENIED:
        refunds.close_for_case(case, "不予许可,依法退还已缴费用")


@consumer(Event.CASE_WITHDRAWN, Event.CASE_TERMINATED, name="fees.refund_ended")
def refund_ended(event) -> None:
    """Withdrawn before the department began work: the fee goes back. Withdrawn later, the
    work was done and the fee stands (a person may still refund by hand)."""
    case = _case(event)
    if case is None:
        return
    started = AuditRecord.objects.filter(stream=case.audit_stream, action=Event.CASE_REVIEW_STARTED.value).exists()
    if event.topic == Event.CASE_TERMINATED.value or not started:
        refunds.close_for_case(case, "撤回或终止办理(审查开始前),依法退还已缴费用")
