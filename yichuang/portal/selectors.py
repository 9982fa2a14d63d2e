"""Reads for the online hall. A citizen sees only the cases of the applicants they are (their own
natural person and the companies they represent); anything else reads as "not found" (R-25,
invariant 6). The public progress query shows state, clock and steps, never a personal number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from yichuang.cases import labels as case_labels
from yichuang.cases.clock import read_clock
from yichuang.cases.models import Case
from yichuang.common.idnumbers import normalise_digits
from yichuang.ledger.models import AuditRecord
from yichuang.people.models import Applicant
from yichuang.seals.models import DocumentKind, SealUse

from .models import CitizenAccount, Draft, Upload

SESSION_APPLICANT = "portal_applicant"


def account_of(user) -> CitizenAccount | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CitizenAccount.objects.select_related("applicant").filter(user=user).first()


def applicants_of(account: CitizenAccount) -> list[Applicant]:
    """The natural person first, then the companies this account represents."""
    own = [account.applicant] if account.applicant_id else []
    return own + [r.applicant for r in account.companies.select_related("applicant").order_by("pk")]


def acting_applicant(account: CitizenAccount, session) -> Applicant | None:
    """Who the citizen acts as now (chosen in the session), only ever one of their own."""
    choices = applicants_of(account)
    chosen = session.get(SESSION_APPLICANT)
    return next((a for a in choices if a.pk == chosen), choices[0] if choices else None)


def my_cases(applicant: Applicant) -> QuerySet[Case]:
    return (
        Case.objects.filter(applicant=applicant)
        .select_related("item_version", "site")
        .prefetch_related("suspensions")
        .order_by("-received_at")
    )


def _typed(text: str | None) -> str | None:
    """Typed or linked text fit for a query: PostgreSQL refuses a NUL (a 500), so any control
    character means "no such thing"."""
    text = (text or "").strip()
    return text[:64] if text.isprintable() else None


def my_case(applicant: Applicant, number: str) -> Case | None:
    if _typed(number) is None:
        return None
    return (
        Case.objects.filter(applicant=applicant, number=number)
        .select_related("item_version", "site", "home_site", "applicant")
        .first()
    )


def open_notice(case: Case):
    """The one-time supplement notice (一次性告知) still waiting for materials, with its lines."""
    notice = case.supplement_notices.filter(supplied_at__isnull=True).order_by("-issued_at").first()
    if notice is None:
        return None, []
    return notice, list(notice.lines.select_related("material"))


def sealed_results(case: Case) -> list[SealUse]:
    return list(SealUse.objects.filter(case=case).order_by("used_at"))


def sealed_result(applicant: Applicant, number: str, short_code: str) -> SealUse | None:
    if _typed(number) is None or _typed(short_code) is None:
        return None
    return (
        SealUse.objects.filter(
            case__applicant=applicant, case__number=number, short_code=short_code, document_kind__in=DocumentKind.values
        )
        .select_related("case")
        .first()
    )


def case_uploads(case: Case) -> list[Upload]:
    return list(Upload.objects.filter(case=case).select_related("material"))


def my_draft(applicant: Applicant, site, item, bundle) -> Draft | None:
    return Draft.objects.filter(applicant=applicant, site=site, item=item, bundle=bundle).first()


def latest_online_case(applicant: Applicant, site, item) -> Case | None:
    """The case a just-submitted draft of this item became (for "已提交, see your case")."""
    return (
        Case.objects.filter(applicant=applicant, site=site, item=item, channel=Case.Channel.ONLINE)
        .order_by("-received_at", "-pk")
        .first()
    )


def my_drafts(applicant: Applicant) -> QuerySet[Draft]:
    return Draft.objects.filter(applicant=applicant).select_related("item", "bundle", "site").order_by("-updated_at")


@dataclass
class Step:
    label: str
    at: object


def steps(case: Case) -> list[Step]:
    """The case's history as the public may see it: what happened and when, not who or why."""
    records = (
        AuditRecord.objects.filter(stream=case.audit_stream).order_by("seq").values_list("action", "data", "created_at")
    )
    labelled = ((case_labels.progress_label(action, data), at) for action, data, at in records)
    return [Step(label, at) for label, at in labelled if label]


@dataclass
class Progress:
    number: str
    item_name: str
    site_name: str
    state: str
    received_at: object
    due_date: object
    clock: object
    steps: list[Step]


LAST4 = re.compile("[0-9]{4}")


def progress(number: str, phone_last4: str) -> Progress | None:
    """The public query: the case number and the last four digits of the applicant's phone.
    A wrong pair and an unknown number look the same (no hint which one was wrong)."""
    number = _typed(number)
    case = (
        Case.objects.filter(number=number).select_related("applicant", "item_version", "site").first()
        if number
        else None
    )
    digits = normalise_digits(phone_last4 or "")  # full-width digits are the same; other scripts' are not
    if case is None or not LAST4.fullmatch(digits) or not case.applicant.phone.endswith(digits):
        return None
    return Progress(
        case.number,
        case.item_version.name,
        case.site.name,
        case.get_state_display(),
        case.received_at,
        case.due_date,
        read_clock(case),
        steps(case),
    )
