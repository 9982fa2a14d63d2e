"""What each notice says, as plain JSON facts read from the case (R-22, R-30; 行政许可法 arts.
32, 38, 45). The facts are stored with the issued document (CaseDocument.facts): rendering them
again gives the same PDF, so the stored facts are the notice's content, not the case's
current state.

Every date is the date of the event the notice records (intake, acceptance, the 补正 notice,
…), never "today": issuing the same notice twice gives the same facts and so the same document.

The applicant's own notice prints their name; their citizen ID only masked (invariant 8).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.utils import timezone

from yichuang.cases.models import Case, ClockSuspension, SupplementNotice
from yichuang.cases.services import timers
from yichuang.catalog.models import Material, SpecialProcedure
from yichuang.common.errors import DomainError, Problem
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord

from . import fee_notices, selectors, wording
from .models import NoticeKind
from .pdf import chinese_date, verify_url

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # as services.CODE_ALPHABET (Crockford base32)
CODE_LENGTH = 10

# Bump when a kind's facts change shape; old documents keep rendering from their own.
# 2: the item's type and legal basis (wording.py) and the notice's own verification code.
FACTS_VERSION = 2


def progress_url(case_number: str) -> str:
    """The citizen's public progress page (portal app): /hall/progress/?case=<number>."""
    base = getattr(settings, "YICHUANG_PUBLIC_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/hall/progress/?case={case_number}"


def recourse(version) -> str:
    """Where to appeal (行政复议法 art. 20: 60 days; 行政诉讼法 art. 46: six months)."""
    review = version.review_body.strip() or "上一级行政机关或者本级人民政府"
    court = version.litigation_body.strip() or "有管辖权的人民法院"
    return (
        f"如不服本决定,可以自收到本文书之日起六十日内向{review}申请行政复议,"
        f"也可以自收到本文书之日起六个月内向{court}提起行政诉讼。"
    )


def _day(value: dt.datetime | dt.date | None) -> str:
    return chinese_date(value) if value else ""


def _common(case: Case, kind: str, site, dated: dt.datetime) -> dict:
    version, applicant = case.item_version, case.applicant
    return {
        "v": FACTS_VERSION,
        "kind": kind,
        "title": NoticeKind(kind).label,
        "case_number": case.number,
        "site_name": site.name,
        "dated": timezone.localtime(dated).replace(microsecond=0).isoformat(),
        "date": _day(dated),
        "progress_url": progress_url(case.number),
        "applicant_name": applicant.name,
        "applicant_number_label": "公民身份号码" if applicant.is_natural else "统一社会信用代码",
        "applicant_number": applicant.masked_number,
        "item_name": version.name,
        "item_type": version.item_type,
        "legal_basis": version.legal_basis.strip(),
        "department_name": version.department.name,
        "consult_phone": version.consult_phone,
        "received_on": _day(case.received_at),
    }


def _materials(version) -> tuple[list[dict], list[str]]:
    bring, fetched = [], []
    for m in version.materials.all().order_by("order", "pk"):
        if m.source == Material.Source.GOVERNMENT:
            fetched.append(m.name)  # fetched from the licence store, never asked for
            continue
        bring.append(
            {
                "name": m.name,
                "kind": m.get_kind_display(),
                "copies": m.copies,
                "necessity": m.get_necessity_display(),
                "spec": m.spec,
                "standard": m.acceptance_standard,
            }
        )
    return bring, fetched


def one_time_notice(case: Case) -> dict:
    version = case.item_version
    bring, fetched = _materials(version)
    return {
        **_common(case, NoticeKind.ONE_TIME_NOTICE, case.site, case.received_at),
        "materials": bring,
        "fetched": fetched,
        "conditions": version.conditions.strip(),
        "fees": [f"{f.name}:{f.standard}" for f in version.fees.all().order_by("order", "pk")],
        "promised_days": version.promised_days,
        "statutory_days": version.statutory_days,
        "location": version.location,
        "hours": version.hours,
    }


def acceptance(case: Case) -> dict:
    version = case.item_version
    return {
        **_common(case, NoticeKind.ACCEPTANCE, case.site, case.accepted_at),
        "accepted_on": _day(case.accepted_at),
        "due_on": _day(case.due_date),
        "promised_days": version.promised_days,
        "statutory_days": version.statutory_days,
        **fee_notices.acceptance_fee(case),
    }


def refusal_of_intake(case: Case) -> dict:
    record = selectors.intake_refusal(case)
    if record is None:
        raise DomainError(Problem("notice_not_applicable", "该办件未作出不予受理决定。", "kind"))
    return {
        **_common(case, NoticeKind.REFUSAL_OF_INTAKE, case.site, record.created_at),
        "reason": case.decision_reason.strip(),
        "basis": case.decision_basis.strip(),
        "recourse": recourse(case.item_version),
    }


def supplement(case: Case) -> dict:
    notice = SupplementNotice.objects.filter(case=case).order_by("-issued_at", "-pk").first()
    if notice is None:
        raise DomainError(Problem("notice_not_applicable", "该办件没有补正告知。", "kind"))
    lines = notice.lines.select_related("material").order_by("material__order", "material__pk")
    accepted = case.accepted_at is not None
    # Before acceptance the notice ends the case if not answered in time (supplement_timeout):
    # the applicant is told the day on the notice itself.
    deadline = "" if accepted else timers.chinese_day(timers.supplement_deadline(case, notice))
    return {
        **_common(case, NoticeKind.SUPPLEMENT, case.site, notice.issued_at),
        "notice_id": notice.pk,
        "accepted": accepted,
        **({"deadline": deadline} if deadline else {}),
        "lines": [{"name": line.material.name, "reason": line.reason} for line in lines],
    }


def supplement_timeout(case: Case) -> dict:
    """补正期满终止办理告知书: dated when the system ended the case (its audit record)."""
    ended = (
        AuditRecord.objects.filter(stream=case.audit_stream, action=Event.CASE_SUPPLEMENT_TIMED_OUT.value)
        .order_by("-seq")
        .first()
    )
    if ended is None:
        raise DomainError(Problem("notice_not_applicable", "该办件未因补正期满终止办理。", "kind"))
    notice = SupplementNotice.objects.get(pk=ended.data["notice"])
    lines = notice.lines.select_related("material").order_by("material__order", "material__pk")
    return {
        **_common(case, NoticeKind.SUPPLEMENT_TIMEOUT, case.site, ended.created_at),
        "notice_on": _day(notice.issued_at),
        "deadline": _day(dt.date.fromisoformat(ended.data["deadline"])),
        "lines": [{"name": line.material.name, "reason": line.reason} for line in lines],
        "basis": case.decision_basis.strip(),
    }


def special_procedure(case: Case) -> dict:
    stop = case.suspensions.filter(reason=ClockSuspension.Reason.SPECIAL).order_by("-started_on", "-pk").first()
    if stop is None:
        raise DomainError(Problem("notice_not_applicable", "该办件没有启动特别程序。", "kind"))
    listed = SpecialProcedure.objects.filter(version=case.item_version, kind=stop.procedure).first()
    started = (
        AuditRecord.objects.filter(
            stream=case.audit_stream, action=Event.CASE_SPECIAL_STARTED.value, data__kind=stop.procedure
        )
        .order_by("-seq")
        .first()
    )
    dated = started.created_at if started else timezone.make_aware(dt.datetime.combine(stop.started_on, dt.time(9)))
    return {
        **_common(case, NoticeKind.SPECIAL_PROCEDURE, case.home_site, dated),
        "procedure": SpecialProcedure.Kind(stop.procedure).label if stop.procedure else "特别程序",
        "started_on": _day(stop.started_on),
        "max_days": listed.max_days if listed else None,
        "description": listed.description if listed else "",
        "reason": (started.data.get("reason", "") if started else "").strip(),
    }


def delivery_receipt(case: Case) -> dict:
    delivery = case.delivery
    denied = case.decision == Case.Decision.DENIED
    return {
        **_common(case, NoticeKind.DELIVERY_RECEIPT, case.site, delivery.delivered_at),
        "document_name": _delivered_documents(case.item_version, denied),
        "method": delivery.get_method_display(),
        "delivered_on": _day(delivery.delivered_at),
        "tracking_number": delivery.tracking_number,
        "licence_number": delivery.licence_number,
        "delivered_by": str(delivery.delivered_by),
    }  # the staff member's name, else their account


def _delivered_documents(version, denied: bool) -> str:
    title = wording.decision_title(version.item_type, not denied, version.result_name)
    if denied or title == version.result_name or not version.result_name:
        return title
    return f"{title}、{version.result_name}"


BUILDERS = {
    NoticeKind.ONE_TIME_NOTICE: one_time_notice,
    NoticeKind.ACCEPTANCE: acceptance,
    NoticeKind.REFUSAL_OF_INTAKE: refusal_of_intake,
    NoticeKind.SUPPLEMENT: supplement,
    NoticeKind.SPECIAL_PROCEDURE: special_procedure,
    NoticeKind.DELIVERY_RECEIPT: delivery_receipt,
    NoticeKind.SUPPLEMENT_TIMEOUT: supplement_timeout,
    NoticeKind.PAYMENT_NOTICE: lambda case: fee_notices.payment_notice(case, _common),
    NoticeKind.FEE_RECEIPT: lambda case: fee_notices.fee_receipt(case, _common),
}


def notice_code(facts: dict) -> str:
    """The notice's verification code: derived from its facts (not drawn at random), so the same
    facts give the same code and the same document. Crockford base32, as sealed documents' codes."""
    digest = int.from_bytes(hashlib.sha256(canonical(facts)).digest()[:8], "big")
    return "".join(CODE_ALPHABET[(digest >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def canonical(facts: dict) -> bytes:
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def facts_for(case: Case, kind: str) -> dict:
    """The facts of a notice, with its verification code and the page that checks it (/verify)."""
    if kind not in BUILDERS:
        raise DomainError(Problem("notice_kind_unknown", f"无法生成此类文书:{kind}。", "kind"))
    facts = BUILDERS[NoticeKind(kind)](case)
    code = notice_code(facts)
    return {**facts, "verify_code": code, "verify_url": verify_url(code)}
