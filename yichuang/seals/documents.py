"""What a result document says, built from the case: the template context for the PDF, and
the public facts kept with the seal use for the verification page. The PDF is the
applicant's own document and carries their full name; the public facts never carry a
personal number and mask a natural person's name (invariant 8)."""

from __future__ import annotations

from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.catalog.delegation import deciding_body_wording

from . import wording
from .models import DocumentKind, Seal
from .notice_facts import recourse
from .pdf import chinese_date, format_code, qr_data_uri, verify_url
from .rules import deciding_department

TEMPLATES = {DocumentKind.DECISION: "seals/decision.html", DocumentKind.CERTIFICATE: "seals/certificate.html"}
DENIAL_TEMPLATE = "seals/denial.html"


def is_denial(case: Case, kind: str) -> bool:
    return kind == DocumentKind.DECISION and case.decision == Case.Decision.DENIED


def template_for(case: Case, kind: str) -> str:
    return DENIAL_TEMPLATE if is_denial(case, kind) else TEMPLATES[DocumentKind(kind)]


def title_for(case: Case, kind: str) -> str:
    """One decision per case, titled by its outcome and the item's type: 准予 / 不予许可决定书
    for a licence (行政许可法 art. 38), 给予法律援助决定书 / 不予给付决定书 … for others (wording.py)."""
    if kind == DocumentKind.DECISION:
        version = case.item_version
        return wording.decision_title(version.item_type, not is_denial(case, kind), version.result_name)
    return DocumentKind(kind).label


def _words(case: Case, kind: str) -> dict:
    version = case.item_version
    words = wording.for_type(version.item_type)
    basis = (
        case.decision_basis.strip() if is_denial(case, kind) and case.decision_basis.strip() else version.legal_basis
    )
    return {
        "applied_for": wording.applied_for(version.name),
        "basis_phrase": wording.basis_phrase(basis),
        "grant_words": words.grant,
        "refuse_words": words.deny,
        "subject_label": words.subject_label,
        "deny_reason_label": words.deny.removeprefix("决定") + "的理由",
    }


def mask_name(name: str) -> str:
    """张三明 → 张*明, 张三 → 张*, 欧阳明明 → 欧**明: enough for the holder to recognise, not
    enough for a stranger to learn who applied."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def public_applicant_name(case: Case) -> str:
    # A company's name is public (企业信用信息公示); a person's is masked.
    applicant = case.applicant
    return applicant.name if applicant.kind == applicant.Kind.LEGAL else mask_name(applicant.name)


def named_body(case: Case) -> str:
    """The deciding body as documents name it: under 委托 the entrusting body (R-05)."""
    department = deciding_department(case)
    if department.pk == case.item_version.department_id:
        return deciding_body_wording(case.item_version)
    return department.name


def template_context(case: Case, kind: str, seal: Seal, short_code: str) -> dict:
    version = case.item_version
    url = verify_url(short_code)
    return {
        **_words(case, kind),
        "title": title_for(case, kind),
        "case_number": case.number,
        "site_name": seal.site.name,
        "applicant_name": case.applicant.name,
        "item_name": version.name,
        "result_name": version.result_name,
        "department_name": named_body(case),
        "legal_basis": version.legal_basis.strip().rstrip("。"),
        "opinion": case.decision_reason.strip(),
        "basis": case.decision_basis.strip(),
        "recourse": recourse(version),
        "received_on": chinese_date(case.received_at),
        "accepted_on": chinese_date(case.accepted_at or case.received_at),
        "date": chinese_date(case.decided_at),
        "short_code": format_code(short_code),
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def public_facts(case: Case, kind: str, seal: Seal) -> dict:
    return {
        "document": title_for(case, kind),
        "case_number": case.number,
        "item_name": case.item_version.name,
        "result_name": "" if is_denial(case, kind) else case.item_version.result_name,
        "decision": case.get_decision_display(),
        "site": seal.site.name,
        "department": named_body(case),
        "decided_on": timezone.localtime(case.decided_at).date().isoformat(),
        "applicant": public_applicant_name(case),
        "seal": seal.legend,
        "seal_code": seal.code,
    }
