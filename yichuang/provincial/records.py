"""The standard 办件信息 record: one per state change of a case (one per case outbox event),
built from the case as it is now and the event's own facts (the state it reached, when). The
table `STAGES` maps every case event to its 办理环节 and, where the standard has one, its end
result code (出证, 退回, 作废, 转报, 补正超时驳回, 办结); a case event added to the ledger without
a row here fails on import, so no state change is silently left out of what the province sees.

The record carries the applicant's name and document number because the province's data items
require them; a natural person's ID number is masked (first 6 and last 4 kept) as the exchange
allows, and no part of a record is ever written to a log (docs/provincial-exchange.md)."""

from __future__ import annotations

from typing import NamedTuple

from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.workflow import State
from yichuang.ledger.events import Event
from yichuang.people.numbers import mask_citizen_id

CASE_EVENTS = Event.of_kind("case")
VERSION = "1.0"  # of this record layout; the receiver keeps it with each record


class Stage(NamedTuple):
    code: str  # 办理环节代码
    name: str  # 办理环节
    result_code: str = ""  # 办件结果代码, only where the step ends the case or hands it on


STAGES: dict[Event, Stage] = {
    Event.CASE_RECEIVED: Stage("01", "收件"),
    Event.CASE_TAKEN: Stage("02", "预审"),
    Event.CASE_SUPPLEMENT_REQUESTED: Stage("03", "补正告知"),
    Event.CASE_SUPPLEMENTED: Stage("04", "补正材料"),
    Event.CASE_ACCEPTED: Stage("05", "受理"),
    Event.CASE_DEEMED_ACCEPTED: Stage("06", "视为受理"),
    Event.CASE_INTAKE_REFUSED: Stage("07", "不予受理", "退回"),
    Event.CASE_SUPPLEMENT_TIMED_OUT: Stage("08", "补正超时", "补正超时驳回"),
    Event.CASE_DEFERRED_SUPPLIED: Stage("09", "容缺后补"),
    Event.CASE_REVIEW_STARTED: Stage("10", "审查"),
    Event.CASE_JOINT_DISPATCHED: Stage("11", "分送联办"),
    Event.CASE_JOINT_TASK_ANSWERED: Stage("12", "联办答复"),
    Event.CASE_JOINT_COMPLETED: Stage("13", "联办决定"),
    Event.CASE_SPECIAL_STARTED: Stage("14", "特别程序开始"),
    Event.CASE_SPECIAL_ENDED: Stage("15", "特别程序结束"),
    Event.CASE_EXTENDED: Stage("16", "延期"),
    Event.CASE_ESCALATED: Stage("17", "转报", "转报"),
    Event.CASE_ESCALATION_ACCEPTED: Stage("18", "上级受理"),
    Event.CASE_ESCALATION_REVIEW_STARTED: Stage("19", "上级审查"),
    Event.CASE_ESCALATION_SYNCED: Stage("20", "上级办理进度"),
    Event.CASE_ESCALATION_DECIDED: Stage("21", "上级决定"),
    Event.CASE_DECIDED_INSTANTLY: Stage("22", "即办办结", "办结"),
    Event.CASE_APPROVED: Stage("23", "准予许可"),
    Event.CASE_DENIED: Stage("24", "不予许可"),
    Event.CASE_DELIVERY_PREPARED: Stage("25", "制证", "出证"),
    Event.CASE_DELIVERED: Stage("26", "送达", "办结"),
    Event.CASE_WITHDRAWN: Stage("27", "申请人撤回", "作废"),
    Event.CASE_TERMINATED: Stage("28", "终止办理", "作废"),
    Event.CASE_REVOKED: Stage("29", "撤销决定(承诺不实)", "撤销"),
}
_unmapped = sorted(e.value for e in CASE_EVENTS - STAGES.keys())
if _unmapped:  # a new case event must say what the province sees, before it can be emitted
    raise ImportError(f"case events without a 办件信息 mapping: {_unmapped}")


def _at(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def occurred_on(event) -> str:
    """The business day of the record (Beijing): both sides count a record on this day, however
    late it arrives, so an outage moves no record from one day's reconciliation to another's."""
    return timezone.localdate(event.created_at).isoformat()


def _applicant(applicant) -> dict:
    natural = applicant.kind == applicant.Kind.NATURAL
    return {
        "applicant_kind": applicant.get_kind_display(),
        "applicant_name": applicant.name,
        "applicant_id_type": "居民身份证" if natural else "统一社会信用代码",
        # A credit code identifies a company publicly; a citizen's number is masked.
        "applicant_id": mask_citizen_id(applicant.citizen_id) if natural else applicant.credit_code,
    }


def _result(decision) -> str:
    """办理结果 as the event reported it (准予 / 不予); a step that decides nothing has none, even
    when the record is sent after the case was decided."""
    return Case.Decision(decision).label if decision else ""


def build(event, sender: str) -> dict:
    """The 办件信息 record of one case event, as JSON-ready values (times in Beijing, ISO 8601)."""
    topic = Event(event.topic)
    stage = STAGES[topic]
    case = Case.objects.select_related("site", "item", "item_version__department", "applicant").get(
        number=event.payload["case"]
    )
    version = case.item_version
    state = State(event.payload["state"])
    return {
        "record_id": str(event.id),
        "version": VERSION,
        "sender": sender,
        "case_number": case.number,
        "basic_code": case.item.basic_code,
        "implementation_code": version.implementation_code,
        "handling_code": version.handling_code,
        "item_name": version.name,
        "item_type": version.get_item_type_display(),
        "case_kind": version.get_case_kind_display(),
        "department": version.department.name,
        "department_code": version.department.credit_code,
        "site_code": case.site.code,
        "site_name": case.site.name,
        "channel": case.get_channel_display(),
        **_applicant(case.applicant),
        "received_at": _at(case.received_at),
        "accepted_at": _at(case.accepted_at),
        "promised_days": version.promised_days,
        "due_date": case.due_date.isoformat() if case.due_date else "",
        "statutory_days": version.statutory_days,
        "completed_at": _at(case.completed_at),
        "status_code": state.value,
        "status": state.label,
        "stage_code": stage.code,
        "stage": stage.name,
        "result": _result(event.payload.get("decision")),
        "result_code": stage.result_code,
        "occurred_at": _at(event.created_at),
        "occurred_on": occurred_on(event),
    }
