"""Reads of the seals app for staff pages: which notices (告知书、通知书、决定书、送达回证) a
case has in its current state, and the case a staff member may download them for."""

from __future__ import annotations

from django.urls import reverse

from yichuang.cases import selectors as case_selectors
from yichuang.cases.models import Case, ClockSuspension
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord

from . import wording
from .models import DocumentKind, NoticeKind, SealUse

INTAKE_REFUSED = Event.CASE_INTAKE_REFUSED.value


def visible_case(user, number: str) -> Case | None:
    """The case if `user` holds a role at its accepting or home site (the workbench's rule,
    cases.selectors.visible_cases), else None: the caller answers 404, leaking nothing."""
    return (
        case_selectors.visible_cases(user)
        .select_related("site", "home_site", "applicant", "item_version__department")
        .filter(number=number)
        .first()
    )


def intake_refusal(case: Case) -> AuditRecord | None:
    """The audit record of 不予受理: a terminated case carries a reason and basis either way, only
    the ledger says whether it was refused at intake or terminated later."""
    return AuditRecord.objects.filter(stream=case.audit_stream, action=INTAKE_REFUSED).order_by("-seq").first()


def sealed_decision(case: Case) -> SealUse | None:
    return (
        SealUse.objects.select_related("seal__site")
        .filter(case=case, document_kind=DocumentKind.DECISION)
        .order_by("-used_at")
        .first()
    )


def available_notices(case: Case) -> list[str]:
    """The notice kinds (NoticeKind values, in NoticeKind order) that apply to the case now.
    The decision is offered once it is sealed (the relay seals it just after the decision)."""
    kinds = [NoticeKind.ONE_TIME_NOTICE]  # what to bring: always true of the item version applied for
    if case.accepted_at is not None:
        kinds.append(NoticeKind.ACCEPTANCE)
    elif case.state == "terminated" and intake_refusal(case) is not None:
        kinds.append(NoticeKind.REFUSAL_OF_INTAKE)
    if case.supplement_notices.exists():
        kinds.append(NoticeKind.SUPPLEMENT)
    if case.suspensions.filter(reason=ClockSuspension.Reason.SPECIAL).exists():
        kinds.append(NoticeKind.SPECIAL_PROCEDURE)
    if case.decision and SealUse.objects.filter(case=case, document_kind=DocumentKind.DECISION).exists():
        kinds.append(NoticeKind.DECISION)
    if hasattr(case, "delivery"):
        kinds.append(NoticeKind.DELIVERY_RECEIPT)
    if (
        case.state == "terminated"
        and AuditRecord.objects.filter(stream=case.audit_stream, action=Event.CASE_SUPPLEMENT_TIMED_OUT.value).exists()
    ):
        kinds.append(NoticeKind.SUPPLEMENT_TIMEOUT)
    charge = getattr(case, "charge", None)  # the fees app's row (fee_notices.py)
    if charge is not None and charge.amount_fen:
        kinds.append(NoticeKind.PAYMENT_NOTICE)
        if charge.payments.filter(receipt_number__isnull=False).exists():
            kinds.append(NoticeKind.FEE_RECEIPT)
    order = list(NoticeKind.values)
    return sorted((str(k.value) for k in kinds), key=order.index)


def notice_label(case: Case, kind: str) -> str:
    if kind == NoticeKind.DECISION and case.decision:
        version = case.item_version
        return wording.decision_title(version.item_type, case.decision != Case.Decision.DENIED, version.result_name)
    return NoticeKind(kind).label


def notice_links(case: Case) -> list[dict]:
    """For a staff page: [{"kind", "label", "url"}] of the notices that apply to the case now."""
    return [
        {"kind": kind, "label": notice_label(case, kind), "url": reverse("documents:notice", args=[case.number, kind])}
        for kind in available_notices(case)
    ]
