"""Seal the decision when a case is decided — 准予 or 不予许可决定书, both are written decisions
(行政许可法 art. 38) — with the one approval seal (统一窗口出件).

Cases sit below seals in the dependency order, so cases announce decisions as outbox events
and this consumer reacts; the relay hands each event to it once."""

from __future__ import annotations

from yichuang.cases.models import Case
from yichuang.common.errors import DomainError
from yichuang.ledger.events import Event
from yichuang.ledger.relay import consumer
from yichuang.people.models import Licence

from .licences import sign_licence
from .models import DocumentKind, NoticeKind, SealUse
from .notices import issue_notice
from .rules import county_decision
from .services import seal_case_document


# Decisions taken at the case's home site, and a 上报件's decision taken by the county on the
# platform (sealed with the county's seal, rules.deciding_site). A county outside the platform
# decides and seals in its own system; the township only records that result and hands it out.
# The consumer's name stays as first registered: the relay records deliveries under it.
@consumer(
    Event.CASE_APPROVED,
    Event.CASE_DENIED,
    Event.CASE_DECIDED_INSTANTLY,
    Event.CASE_JOINT_COMPLETED,
    Event.CASE_ESCALATION_DECIDED,
    name="seals.seal_granted_decision",
)
def seal_decision(event) -> None:
    if event.payload.get("decision") not in Case.Decision.values:
        return
    case = Case.objects.filter(number=event.payload.get("case")).first()
    if event.topic == Event.CASE_ESCALATION_DECIDED and case is not None and county_decision(case) is None:
        return  # recorded from a county outside the platform, which sealed it itself
    if case is None or SealUse.objects.filter(case=case, document_kind=DocumentKind.DECISION).exists():
        return
    try:
        seal_case_document(case, DocumentKind.DECISION)
    except DomainError:
        # A refusal (no seal at this site, seal revoked …) is already recorded with a
        # Event.SEAL_MISUSE_REFUSED for supervision; retrying would only repeat it.
        return


@consumer(Event.LICENCE_ISSUED, name="seals.sign_licence")
def sign_issued_licence(event) -> None:
    licence = Licence.objects.select_related("holder").filter(pk=event.payload.get("licence"), signature="").first()
    if licence is not None:
        sign_licence(licence)


@consumer(Event.CASE_SUPPLEMENT_TIMED_OUT, name="seals.supplement_timeout_notice")
def issue_supplement_timeout_notice(event) -> None:
    """The system ended the case: its notice is issued (stored and audited) at once, so the
    applicant's and the staff's documents list it without anyone having to open it first."""
    case = Case.objects.filter(number=event.payload.get("case")).first()
    if case is not None:
        issue_notice(case, NoticeKind.SUPPLEMENT_TIMEOUT)
