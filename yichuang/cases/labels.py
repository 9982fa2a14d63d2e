"""The Chinese words for a case's audit records: the timeline's (staff) and the progress
page's (the applicant), read from the table of steps so a new step is labelled with no edit."""

from __future__ import annotations

from .services import common
from .steps import ACTS, OTHER_EVENTS


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """Timeline and progress labels by audit action name (the event's, as the audit chain
    spells it) and by step name."""
    timeline, progress = {}, {}
    for act in ACTS.values():
        name = common.AUDIT_ACTIONS.get(act.event, act.event.value)
        timeline.setdefault(name, act.label)
        progress.setdefault(name, act.progress or act.label)
        timeline[act.action.value], progress[act.action.value] = act.label, act.progress or act.label
    for event, (label, public) in OTHER_EVENTS.items():
        timeline[event.value], progress[event.value] = label, public
    # Records other contexts write on the case's stream under their own action names (seals,
    # 审管联动, fees, 告知承诺; tests/style/test_case_stream_labels.py finds every one): staff
    # read them on the timeline; the applicant's progress page does not show them.
    timeline.update(
        {
            "document.generated": "出具文书",
            "supervision.notified": "审管联动:已告知监管部门",
            "supervision.result_received": "审管联动:监管部门反馈结果",
            "fees.assessed": "核定收费",
            "fees.paid": "缴费",
            "fees.voided": "作废缴费记录",
            "fees.duplicate": "重复缴费(待退还)",
            "fees.refund_requested": "申请退费",
            "fees.refunded": "退费",
            "commitment.signed": "签署告知承诺书",
            "commitment.checked": "告知承诺事后核查",
        }
    )
    return timeline, progress


# The notice kinds the seals app stores (seals.models.NoticeKind; the case core imports no app above it).
DOCUMENT_NAMES = {
    "one_time_notice": "一次性告知书",
    "acceptance": "受理通知书",
    "refusal_of_intake": "不予受理通知书",
    "supplement": "补正材料通知书",
    "special_procedure": "特别程序告知书",
    "decision": "决定书",
    "delivery_receipt": "送达回证",
    "payment_notice": "缴费通知书",
    "fee_receipt": "缴费电子票据",
}


def timeline_label(audit_action: str, data: dict | None = None) -> str:
    """The Chinese word for one audit record of a case: by the step that wrote it, else by its
    action name (records from before steps were named), else the raw name."""
    timeline, _ = _labels()
    data = data or {}
    step = data.get("step")
    label = timeline.get(step) or timeline.get(audit_action)
    if audit_action == "document.generated" and data.get("kind") in DOCUMENT_NAMES:
        return f"出具{DOCUMENT_NAMES[data['kind']]}"
    return label or "其他记录"  # never a raw code on a page people read


def progress_label(audit_action: str, data: dict | None = None) -> str | None:
    """What the applicant's progress page calls one audit record; None for records it does not show."""
    _, progress = _labels()
    step = (data or {}).get("step")
    return progress.get(step) or progress.get(audit_action)
