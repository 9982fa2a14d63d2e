"""What the applicant is told, event by event (R-25, and R-21 for a 联办件's result): one relay
consumer, subscribed by Event member, writes the message for the case's applicant. The event's
id is the message key, so a retried event tells nobody twice."""

from __future__ import annotations

from yichuang.cases.models import Case
from yichuang.catalog.models import Material
from yichuang.ledger.events import Event
from yichuang.ledger.relay import consumer

from . import services
from .models import Message
from .texts import render

Kind = Message.Kind
KINDS = {
    Event.CASE_RECEIVED: Kind.RECEIVED,
    Event.CASE_SUPPLEMENT_REQUESTED: Kind.SUPPLEMENT,
    Event.CASE_ACCEPTED: Kind.ACCEPTED,
    Event.CASE_ESCALATION_ACCEPTED: Kind.ACCEPTED,
    Event.CASE_INTAKE_REFUSED: Kind.REFUSED,
    Event.CASE_DECIDED_INSTANTLY: Kind.DECIDED,
    Event.CASE_APPROVED: Kind.DECIDED,
    Event.CASE_DENIED: Kind.DECIDED,
    Event.CASE_ESCALATION_DECIDED: Kind.DECIDED,
    Event.CASE_JOINT_COMPLETED: Kind.JOINT_RESULT,
    Event.CASE_DELIVERY_PREPARED: Kind.READY,
    Event.CASE_DELIVERED: Kind.RATING,
}
DELIVERED = {"post": Kind.POSTED, "electronic": Kind.ELECTRONIC}
DECISION_WORDS = {Case.Decision.GRANTED: "准予办理", Case.Decision.DENIED: "不予办理,理由和依据见决定书"}


def _materials(case: Case, event) -> str:
    notice = case.supplement_notices.order_by("-issued_at", "-pk").first()
    if notice is not None:
        lines = notice.lines.select_related("material").order_by("pk")
        return ";".join(f"{i}. {line.material.name}({line.reason})" for i, line in enumerate(lines, 1))
    names = Material.objects.filter(pk__in=event.payload.get("materials", [])).values_list("name", flat=True)
    return "、".join(names)


@consumer(*KINDS, name="notify.tell_applicant")
def tell_applicant(event) -> None:
    topic = Event(event.topic)
    case = (
        Case.objects.select_related("applicant", "site", "item_version", "delivery")
        .filter(number=event.payload["case"])
        .first()
    )
    if case is None:
        return
    values = {
        "case": case.number,
        "item": case.item_version.name,
        "site": case.site.name,
        "due_date": f"{case.due_date:%Y年%-m月%-d日}" if case.due_date else "",
        "decision": DECISION_WORDS.get(case.decision, "已作出决定"),
        "materials": _materials(case, event) if topic == Event.CASE_SUPPLEMENT_REQUESTED else "",
        "tracking": "",
    }
    told = [KINDS[topic]]
    if topic == Event.CASE_DELIVERED:
        delivery = getattr(case, "delivery", None)
        method = event.payload.get("method", "")
        values["tracking"] = delivery.tracking_number if delivery else ""
        if method in DELIVERED:
            told.insert(0, DELIVERED[method])
    for kind in told:
        key = str(event.id) if kind == KINDS[topic] else f"{event.id}:{kind}"
        services.tell(case.applicant, kind, key, render(kind, **values), case=case)
