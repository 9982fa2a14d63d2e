"""The payload each outbox event carries: one TypedDict per `events.Event` member, with the
fields its emitter writes. `events.check_payload` holds every `emit` to them, so a consumer can
read `payload["x"]` without guessing what an older or a sloppier emitter may have left out.

Values are JSON (the outbox stores them as such): dates and times go as ISO strings. No
`from __future__ import annotations` here: Python 3.11 would not see `NotRequired` in string
annotations and would count such fields as required."""

from typing import NotRequired, TypedDict


class CaseFacts(TypedDict):
    """What every case event says: the case, the state it is in now, the accepting site."""

    case: str
    state: str
    site: str


class CaseReceived(CaseFacts):
    item: str
    version: int
    transfer: str
    missing: int
    channel: NotRequired[str]  # only the online hall says so; a window intake is the default


class CaseTaken(CaseFacts):
    owner: str


class CaseAccepted(CaseFacts):
    due_date: str


class CaseMaterials(CaseFacts):
    materials: list[int]


class CaseDecided(CaseFacts):
    decision: str


class CaseRevoked(CaseFacts):
    """撤销准予决定 (告知承诺不实): why, on what basis, and the licences revoked with it."""

    reason: str
    basis: str
    licences: list


class CaseEscalated(CaseFacts):
    to_site: str
    tracker: str


class CaseEscalationSynced(CaseFacts):
    """The county's progress, recorded at the window (no decision yet)."""

    note: str
    decision: str  # always "" since the result has its own event; older rows may carry one


class CaseEscalationDecided(CaseFacts):
    """The county's decision, taken by the county on the platform or recorded at the window
    for a county outside it: the case goes on to delivery at the township."""

    note: str
    decision: str


class CaseEscalationAccepted(CaseFacts):
    """The county centre took the escalated case in; due_date is on the county's calendar."""

    due_date: str


class CaseJointDispatched(CaseFacts):
    departments: list[str]


class CaseJointTaskAnswered(CaseFacts):
    department: str
    status: str


class CaseJointCompleted(CaseFacts):
    decision: str
    notify: str


class CaseSpecialStarted(CaseFacts):
    kind: str
    reason: str


class CaseSpecialEnded(CaseFacts):
    result: str


class CaseExtended(CaseFacts):
    days: int
    due_date: str


class CaseDelivered(CaseFacts):
    method: str
    visits: int


class CaseSupplementTimedOut(CaseFacts):
    """补正 not supplied within its limit: the system ended the case (its notice follows)."""

    notice: int  # the SupplementNotice not answered
    deadline: str  # the last day the applicant could have supplied (ISO date)


class CaseDeemedAccepted(CaseFacts):
    """预审 past five working days (行政许可法第三十二条): accepted as of the day the materials came in."""

    received_on: str


class ItemPublished(TypedDict):
    item: str
    version: int


class SupervisionResultReceived(TypedDict):
    case: str
    outcome: str
    department: str


class FeedbackEvaluated(TypedDict):
    evaluation: int
    site: str
    case: str | None
    window: int | None
    staff: str | None
    level: int
    channel: str
    at: str


class TicketOpened(TypedDict):
    ticket: int
    site: str
    source: str
    due_on: str


class TicketClosed(TypedDict):
    ticket: int
    site: str
    source: str
    closed_on: str
    on_time: bool


class SealIssued(TypedDict):
    seal: str
    site: str
    kind: str
    valid_until: str
    fingerprint: str


class SealRevoked(TypedDict):
    seal: str
    site: str
    reason: str


class SealMisuseRefused(TypedDict):
    code: str
    case: str
    document_kind: str
    seal: str  # "" when the site has no seal at all
    site: str
    message: str
    actor: str


class SealUsed(TypedDict):
    case: str
    document_kind: str
    sha256: str
    short_code: str
    seal: str
    site: str


class Appointment(TypedDict):
    booking: str
    site: str
    date: str


class LicenceIssued(TypedDict):
    licence: int
    number: str
    licence_type_code: str
    holder: int
    source_case_ref: str


class LicenceRevoked(TypedDict):
    licence: int
    number: str
    licence_type_code: str
