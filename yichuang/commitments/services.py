"""事后核查的结果: recorded once, by the deciding department's approver. A false commitment
(承诺不实) writes a 失信记录 against the applicant and, where the case was granted, revokes the
decision through the case table's own step (撤销准予决定) — all in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.cases import steps
from yichuang.cases.models import Case
from yichuang.cases.workflow import Action
from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger

from .models import CreditRecord, PostCheck
from .selectors import can_check

REVOCATION_BASIS = "《中华人民共和国行政许可法》第六十九条;申请人签署的告知承诺书"


def _revocable(case: Case) -> bool:
    return case.decision == Case.Decision.GRANTED and (case.state, Action.REVOKE_DECISION) in steps.STEPS


@transaction.atomic
def record_outcome(post_check: PostCheck, checker, outcome: str, finding: str) -> PostCheck:
    post_check = PostCheck.objects.select_for_update().select_related("commitment").get(pk=post_check.pk)
    if not can_check(checker, post_check):
        raise NotAllowed(Problem("role_not_allowed", "只有核查部门的审批人员可以登记核查结果。", "actor"))
    if post_check.outcome != PostCheck.Outcome.PENDING:
        raise Conflict(Problem("already_checked", "该核查任务已登记结果,不能重复登记。", "outcome"))
    if outcome not in (PostCheck.Outcome.TRUE, PostCheck.Outcome.FALSE):
        raise DomainError(Problem("invalid_outcome", "核查结果只能是“核查属实”或“承诺不实”。", "outcome"))
    finding = (finding or "").strip()
    if outcome == PostCheck.Outcome.FALSE and not finding:
        raise DomainError(Problem("finding_required", "认定承诺不实须写明核查情况。", "finding"))
    now = timezone.now()
    post_check.outcome, post_check.finding = outcome, finding
    post_check.checked_by, post_check.checked_at = checker, now
    post_check.save(update_fields=["outcome", "finding", "checked_by", "checked_at"])
    commitment = post_check.commitment
    case = Case.objects.get(pk=commitment.case_id)
    ledger.record(
        case.audit_stream,
        "commitment.checked",
        actor=checker.username,
        object_type="commitments.PostCheck",
        object_id=str(post_check.pk),
        data={"outcome": outcome},
    )
    if outcome == PostCheck.Outcome.FALSE:
        CreditRecord.objects.create(
            applicant_id=commitment.applicant_id,
            post_check=post_check,
            case_number=case.number,
            reason=f"对“{commitment.material.name}”的告知承诺经核查不实:{finding}",
            recorded_by=checker,
            recorded_at=now,
        )
        if _revocable(case):
            steps.perform(
                case,
                checker,
                Action.REVOKE_DECISION,
                {"reason": f"告知承诺不实:{finding}", "basis": REVOCATION_BASIS},
            )
    return post_check
