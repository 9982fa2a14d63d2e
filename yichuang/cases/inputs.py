"""What each case step takes as input, one small serializer per kind of input. The API
validates a request body with it; the workbench renders a form from its fields and validates a
posted form with it too (workbench.step_forms), so both accept exactly the same input.

They check shapes and types only; whether a material belongs to the case, a reason suffices or
a department is reachable is the step's business (cases.services), answered as a structured
error. `label` is what a form shows; `help_text` what the API documents."""

from __future__ import annotations

from rest_framework import serializers

from .api.serializers import MAX_LIST, Id, Str, Text, id_key
from .models import Case, Delivery


def Needed(max_length: int, help_text: str, label: str):  # noqa: N802 — reads like a field type
    """A text the step cannot do without: missing or blank is refused with the field's name."""
    message = f"请填写{label}。"
    return Text(
        max_length,
        help_text,
        required=True,
        label=label,
        error_messages={"required": message, "blank": message, "null": message},
    )


class Nothing(serializers.Serializer):
    """A step with nothing to fill in (受理, 开始审查, 制证待送达 …)."""


class Opinion(serializers.Serializer):
    opinion = Text(2000, "意见", label="意见")


class ReasonBasis(serializers.Serializer):
    reason = Needed(2000, "理由", "理由")
    basis = Needed(300, "法律依据", "法律依据")


class Reason(serializers.Serializer):
    reason = Text(2000, "理由", label="理由")


class NoticeLines(serializers.Serializer):
    lines = serializers.DictField(
        child=Text(300, "补正原因", required=True),
        label="补正材料及原因",
        help_text='一次性告知:{"材料编号": "原因"},须列出全部缺少或不符合要求的材料',
    )

    def validate_lines(self, value: dict) -> dict:
        if len(value) > MAX_LIST:
            raise serializers.ValidationError(serializers.ErrorDetail("材料项过多。", code="too_many"))
        return {id_key(k): v for k, v in value.items()}


class Supplied(serializers.Serializer):
    received = serializers.ListField(
        child=Id(), max_length=MAX_LIST, label="已补交的材料", help_text="本次补交的材料编号(须包括告知书所列全部材料)"
    )


class DeferredSupplied(serializers.Serializer):
    material_ids = serializers.ListField(
        child=Id(), min_length=1, max_length=MAX_LIST, label="已补交的容缺材料", help_text="本次补交的容缺材料编号"
    )


class Escalation(serializers.Serializer):
    to_site = Text(12, "上报至(县级中心站点编码);默认本中心所属的县级中心", label="上报至")
    tracker = Text(150, "跟踪责任人的用户名(本中心工作人员);默认本人", label="跟踪责任人")


class EscalationProgress(serializers.Serializer):
    status_note = Needed(300, "上级最新进度", "最新进度")
    external_number = Text(64, "上级办件编号", label="上级办件编号")


class EscalationResult(serializers.Serializer):
    decision = serializers.ChoiceField(Case.Decision.choices, label="上级审批结果", help_text="上级审批结果")
    status_note = Text(300, "说明(默认为审批结果)", label="说明")
    external_number = Text(64, "上级办件编号", label="上级办件编号")
    reason = Text(2000, "上级的理由(不予时)", label="理由")


class Departments(serializers.Serializer):
    departments = serializers.ListField(
        child=Id(), min_length=1, max_length=20, label="联办部门(两个及以上)", help_text="联办部门编号(至少两个)"
    )


class JointAnswer(serializers.Serializer):
    task = Id(label="联办任务", help_text="联办任务编号(本部门待答复的任务)")
    granted = serializers.BooleanField(label="本部门意见", help_text="是否同意")
    opinion = Text(2000, "意见(不同意时必填)", label="意见(不同意时必填)")


class SpecialStart(serializers.Serializer):
    kind = Str(20, "特别程序类型(须为事项实施清单所列)", label="特别程序")
    reason = Needed(2000, "启动理由", "理由")


class SpecialEnd(serializers.Serializer):
    result = Needed(2000, "特别程序结果", "特别程序结果")


class Extension(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, label="延长工作日", help_text="延长的工作日数")
    reason = Needed(300, "延期理由", "延期理由")


class Handover(serializers.Serializer):
    method = serializers.ChoiceField(Delivery.Method.choices, label="送达方式", help_text="送达方式")
    tracking_number = Text(40, "快递单号(邮政快递送达时必填)", label="快递单号(邮政快递时必填)")
