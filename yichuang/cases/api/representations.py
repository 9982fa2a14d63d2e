"""What the cases API answers: plain dicts shaped from what selectors loaded, and serializers
that describe those dicts for the OpenAPI schema only.

Why not ModelSerializers: the dicts are built in one pass without touching the database (the
selectors loaded everything) and cost a fraction of a serializer's per-field machinery on the
intake path. `tests/test_api_schema.py` checks that every key answered is documented here.

Personal numbers are masked everywhere (invariant 8): the full ID number or phone is never
part of an API response.
"""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from ..selectors import CaseView, actions_for
from ..steps import ACTS
from ..workflow import State


def _dt(value):
    return timezone.localtime(value).isoformat() if value else None


def _d(value):
    return value.isoformat() if value else None


def _licence_number(row) -> str | None:
    if hasattr(row, "licence_number"):  # a freshly received row, read as values
        return row.licence_number
    return row.licence.number if row.licence_id else None


def _site(site) -> dict:
    return {"code": site.code, "name": site.name}


def applicant_data(applicant) -> dict:
    return {
        "id": applicant.pk,
        "kind": applicant.kind,
        "name": applicant.name,
        "masked_number": applicant.masked_number,
        "masked_phone": applicant.masked_phone,
    }


def applicant_found(applicant, name_given: bool) -> dict:
    """The answer of the applicants endpoint: the name only when the caller sent it (so it tells
    nothing they did not know), never looked up by an ID number alone."""
    return {**applicant_data(applicant), "name": applicant.name if name_given else None}


def case_row(case) -> dict:
    """One row of a list: no form data, no materials, the applicant masked."""
    return {
        "number": case.number,
        "state": case.state,
        "state_label": State(case.state).label,
        "site": _site(case.site),
        "home_site": _site(case.home_site),
        "transfer_mode": case.transfer_mode,
        "channel": case.channel,
        "item": {"basic_code": case.item.basic_code, "name": case.item_version.name},
        "applicant": {
            "kind": case.applicant.kind,
            "name": case.applicant.name,
            "masked_number": case.applicant.masked_number,
        },
        "received_at": _dt(case.received_at),
        "accepted_on": _d(case.accepted_on),
        "due_date": _d(case.due_date),
        "decision": case.decision,
    }


def case_detail(view: CaseView, user) -> dict:
    case, clock = view.case, view.clock
    version = case.item_version
    return {
        **case_row(case),
        "item": {
            "basic_code": case.item.basic_code,
            "name": version.name,
            "version_id": version.pk,
            "version": version.number,
        },
        "applicant": applicant_data(case.applicant),
        "owner": case.owner.username if case.owner_id else "",  # online: none until 预审
        "form_data": case.form_data,
        "rule_results": case.rule_results,
        "accepted_at": _dt(case.accepted_at),
        "statutory_due_date": _d(case.statutory_due_date),
        "suspended_days": case.suspended_days,
        "extended_days": case.extended_days,
        "clock": {
            "level": clock.level,
            "remaining_days": clock.remaining_days,
            "overdue": clock.overdue,
            "stopped": clock.stopped,
        },
        "decision_reason": case.decision_reason,
        "decision_basis": case.decision_basis,
        "decided_at": _dt(case.decided_at),
        "completed_at": _dt(case.completed_at),
        "visits": case.visits,
        "materials": [
            {
                "material_id": m.material_id,
                "name": m.material.name,
                "status": m.status,
                "promised_by": _d(m.promised_by),
                "note": m.note,
                "licence_number": _licence_number(m),
            }
            for m in view.materials
        ],
        "supplement_notices": [
            {
                "issued_at": _dt(n.issued_at),
                "issued_by": n.issued_by.username,
                "supplied_at": _dt(n.supplied_at),
                "lines": [
                    {"material_id": line.material_id, "name": line.material.name, "reason": line.reason}
                    for line in n.lines.all()
                ],
            }
            for n in view.notices
        ],
        "suspensions": [
            {
                "reason": s.reason,
                "procedure": s.procedure,
                "started_on": _d(s.started_on),
                "ended_on": _d(s.ended_on),
                "working_days": s.working_days,
            }
            for s in view.suspensions
        ],
        "joint_tasks": [
            {
                "id": t.pk,
                "department": {"id": t.department_id, "name": t.department.name},
                "status": t.status,
                "opinion": t.opinion,
                "decided_by": t.decided_by.username if t.decided_by_id else None,
                "decided_at": _dt(t.decided_at),
            }
            for t in view.joint_tasks
        ],
        "extensions": [
            {"days": e.days, "reason": e.reason, "approved_at": _dt(e.approved_at)} for e in view.extensions
        ],
        "escalation": None
        if view.escalation is None
        else {
            "to_site": _site(view.escalation.to_site),
            "tracker": view.escalation.tracker.username,
            "sent_at": _dt(view.escalation.sent_at),
            "external_number": view.escalation.external_number,
            "status_note": view.escalation.status_note,
            "synced_at": _dt(view.escalation.synced_at),
        },
        "delivery": None
        if view.delivery is None
        else {
            "method": view.delivery.method,
            "tracking_number": view.delivery.tracking_number,
            "delivered_at": _dt(view.delivery.delivered_at),
            "delivered_by": view.delivery.delivered_by.username,
            "licence_number": view.delivery.licence_number,
        },
        "actions": [{"action": a.value, "label": a.label, "path": ACTS[a].slug} for a in actions_for(user, case)],
    }


# ---------------------------------------------------------------- schema documentation


def S(help_text: str, **kw):  # noqa: N802
    return serializers.CharField(help_text=help_text, **kw)


def N(help_text: str, **kw):  # noqa: N802
    return serializers.IntegerField(help_text=help_text, **kw)


def doc(name: str, fields: dict, **kw):
    return type(name, (serializers.Serializer,), dict(fields))(**kw)


def doc_class(name: str, fields: dict):
    return type(name, (serializers.Serializer,), dict(fields))


ErrorSerializer = doc_class(
    "Error",
    {
        "code": S("错误代码(稳定,供程序判断)"),
        "message": S("中文说明"),
        "errors": doc(
            "ErrorItem",
            {"field": S("字段(可为空)", allow_null=True), "code": S("错误代码"), "message": S("中文说明")},
            many=True,
            help_text="逐项错误",
        ),
    },
)
_site_doc = {"code": S("站点编码"), "name": S("站点名称")}
ApplicantOutSerializer = doc_class(
    "ApplicantMasked",
    {
        "id": N("申请人编号"),
        "kind": S("类型(natural 自然人 / legal 法人)"),
        "name": S("姓名或名称"),
        "masked_number": S("证件号码(脱敏;统一社会信用代码为公开信息,不脱敏)"),
        "masked_phone": S("联系电话(脱敏)"),
    },
)
ApplicantFoundSerializer = doc_class(
    "ApplicantFound",
    {
        "id": N("申请人编号(收件时以 applicant.id 引用)"),
        "kind": S("类型(natural 自然人 / legal 法人)"),
        "name": S(
            "姓名或名称:仅当请求中填写了姓名时返回(与登记一致或已按理由更新),否则为空;不能按证件号码查询姓名",
            allow_null=True,
        ),
        "masked_number": S("证件号码(脱敏;统一社会信用代码为公开信息,不脱敏)"),
        "masked_phone": S("联系电话(脱敏)"),
    },
)
_row = {
    "number": S("办件编号"),
    "state": S("状态"),
    "state_label": S("状态(中文)"),
    "site": doc("CaseSite", _site_doc, help_text="受理站点(通办地)"),
    "home_site": doc("CaseHomeSite", _site_doc, help_text="审批站点(归属地)"),
    "transfer_mode": S("通办模式"),
    "channel": S("申请渠道"),
    "item": doc("CaseRowItem", {"basic_code": S("基本编码"), "name": S("事项名称")}),
    "applicant": doc(
        "CaseRowApplicant", {"kind": S("类型"), "name": S("姓名或名称"), "masked_number": S("证件号码(脱敏)")}
    ),
    "received_at": serializers.DateTimeField(help_text="收件时间"),
    "accepted_on": serializers.DateField(help_text="受理日期", allow_null=True),
    "due_date": serializers.DateField(help_text="承诺办结日期", allow_null=True),
    "decision": S("决定(granted 准予 / denied 不予;未决定为空)"),
}
CaseRowSerializer = doc_class("CaseRow", _row)
CaseDetailSerializer = doc_class(
    "CaseDetail",
    {
        **_row,
        "item": doc(
            "CaseItem",
            {
                "basic_code": S("基本编码"),
                "name": S("事项名称"),
                "version_id": N("事项版本编号"),
                "version": N("版本号"),
            },
        ),
        "applicant": ApplicantOutSerializer(),
        "owner": S("首问责任人(用户名)"),
        "form_data": serializers.DictField(help_text="申请表数据"),
        "rule_results": doc(
            "RuleResult",
            {
                "rule_id": N("条件编号", allow_null=True),
                "sentence": S("条件说明"),
                "passed": serializers.BooleanField(allow_null=True, help_text="是否符合;无法判断为空"),
                "message": S("判断结果说明"),
            },
            many=True,
            help_text="受理条件判断结果",
        ),
        "accepted_at": serializers.DateTimeField(allow_null=True, help_text="受理时间"),
        "statutory_due_date": serializers.DateField(allow_null=True, help_text="法定办结日期"),
        "suspended_days": N("暂停计时(工作日)"),
        "extended_days": N("延期(工作日)"),
        "clock": doc(
            "CaseClock",
            {
                "level": S("预警等级:normal 正常 / yellow 黄牌 / red 红牌 / none 未计时或已结束"),
                "remaining_days": N("剩余工作日(超期为负)", allow_null=True),
                "overdue": serializers.BooleanField(help_text="是否超期"),
                "stopped": serializers.BooleanField(help_text="是否暂停计时"),
            },
            help_text="限时办结",
        ),
        "decision_reason": S("决定或退回理由"),
        "decision_basis": S("法律依据"),
        "decided_at": serializers.DateTimeField(allow_null=True, help_text="决定时间"),
        "completed_at": serializers.DateTimeField(allow_null=True, help_text="办结时间"),
        "visits": N("跑动次数"),
        "materials": doc(
            "CaseMaterialOut",
            {
                "material_id": N("材料编号"),
                "name": S("材料名称"),
                "status": S("状态"),
                "promised_by": serializers.DateField(allow_null=True, help_text="承诺补交日期"),
                "note": S("说明"),
                "licence_number": S("调取的电子证照标识", allow_null=True),
            },
            many=True,
            help_text="材料",
        ),
        "supplement_notices": doc(
            "SupplementNoticeOut",
            {
                "issued_at": serializers.DateTimeField(help_text="告知时间"),
                "issued_by": S("告知人"),
                "supplied_at": serializers.DateTimeField(allow_null=True, help_text="补齐时间"),
                "lines": doc(
                    "SupplementLineOut",
                    {"material_id": N("材料编号"), "name": S("材料名称"), "reason": S("原因")},
                    many=True,
                ),
            },
            many=True,
            help_text="一次性告知书",
        ),
        "suspensions": doc(
            "SuspensionOut",
            {
                "reason": S("暂停原因"),
                "procedure": S("特别程序"),
                "started_on": serializers.DateField(help_text="开始日期"),
                "ended_on": serializers.DateField(allow_null=True, help_text="结束日期"),
                "working_days": N("暂停工作日数"),
            },
            many=True,
            help_text="暂停计时",
        ),
        "joint_tasks": doc(
            "JointTaskOut",
            {
                "id": N("联办任务编号"),
                "department": doc("JointTaskDepartment", {"id": N("部门编号"), "name": S("部门名称")}),
                "status": S("状态"),
                "opinion": S("意见"),
                "decided_by": S("办理人", allow_null=True),
                "decided_at": serializers.DateTimeField(allow_null=True, help_text="办理时间"),
            },
            many=True,
            help_text="联办任务",
        ),
        "extensions": doc(
            "ExtensionOut",
            {
                "days": N("延长工作日"),
                "reason": S("理由"),
                "approved_at": serializers.DateTimeField(help_text="批准时间"),
            },
            many=True,
            help_text="延期",
        ),
        "escalation": doc(
            "EscalationOut",
            {
                "to_site": doc("EscalationSite", _site_doc),
                "tracker": S("跟踪责任人"),
                "sent_at": serializers.DateTimeField(help_text="上报时间"),
                "external_number": S("上级办件编号"),
                "status_note": S("最新进度"),
                "synced_at": serializers.DateTimeField(allow_null=True, help_text="同步时间"),
            },
            allow_null=True,
            help_text="上报件",
        ),
        "delivery": doc(
            "DeliveryOut",
            {
                "method": S("送达方式"),
                "tracking_number": S("快递单号"),
                "delivered_at": serializers.DateTimeField(help_text="送达时间"),
                "delivered_by": S("经办人"),
                "licence_number": S("电子证照标识"),
            },
            allow_null=True,
            help_text="送达",
        ),
        "actions": doc(
            "CaseActionOut",
            {
                "action": S("动作代码"),
                "label": S("动作名称"),
                "path": S("接口路径:POST /api/v1/cases/{number}/{path}/"),
            },
            many=True,
            help_text="当前用户此时可办理的动作",
        ),
    },
)
