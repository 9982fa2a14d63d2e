"""Input serializers of the cases API: they check shapes and types and nothing else. Whether a
material belongs to the item, a transition is allowed or a reason suffices is the services'
business; their refusals come back as the same structured errors.

Every string has a length limit, every id a range, every free-form object a size limit:
bad input is a 400 with field and code, never a 500 from the database.
"""

from __future__ import annotations

import json

from rest_framework import serializers

from yichuang.people.models import Applicant

from ..models import Case, CaseMaterial

MAX_ID = 2**63 - 1  # BigAutoField; a larger number would overflow the database driver
MAX_FORM_DATA = 64 * 1024  # characters of JSON: a form, not a document store
MAX_LIST = 200


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else. DRF's CharField turns any scalar into text, so 1e400 would
    be stored as "inf" and true as "True"; a wrong type is the caller's mistake, named as such."""

    default_error_messages = {"not_a_string": "应为字符串。"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


def Str(max_length: int, help_text: str, **kw):  # noqa: N802
    return StrictCharField(max_length=max_length, help_text=help_text, **kw)


def Id(**kw):  # noqa: N802 — reads like a field type
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kw)


def Text(max_length: int, help_text: str, required: bool = False, **kw):  # noqa: N802
    return StrictCharField(
        max_length=max_length, help_text=help_text, required=required, allow_blank=not required, **kw
    )


def id_key(key: str) -> int:
    """Object keys are material ids written as strings ("12"), as JSON allows nothing else."""
    # At most 19 digits before int(): a longer digit string is refused without converting it.
    if not (isinstance(key, str) and 0 < len(key) <= 19 and key.isascii() and key.isdigit() and 0 < int(key) <= MAX_ID):
        raise serializers.ValidationError(
            {str(key)[:40]: serializers.ErrorDetail("键应为材料编号(正整数)。", code="invalid_material_id")}
        )
    return int(key)


# ---------------------------------------------------------------- applicants


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Applicant.Kind.choices, help_text="申请人类型:natural 自然人 / legal 法人")
    number = Str(18, "公民身份号码或统一社会信用代码(18位,校验码须正确)")
    name = Text(200, "姓名或名称(首次登记必填)")
    phone = Text(24, "联系电话")
    address = Text(255, "地址")
    legal_representative = Text(64, "法定代表人(法人)")
    reason = Text(300, "更新理由:已登记申请人的联系信息与本次填写不一致时必填,记入审计")


class ApplicantRefSerializer(ApplicantInputSerializer):
    """Either an existing applicant's id, or the person's number and data (found or registered)."""

    id = Id(required=False, help_text="已登记申请人的编号;填写后忽略其他字段")
    kind = serializers.ChoiceField(Applicant.Kind.choices, required=False, help_text="申请人类型")
    number = Str(18, "公民身份号码或统一社会信用代码", required=False)

    def validate(self, attrs):
        if "id" not in attrs and not ("kind" in attrs and "number" in attrs):
            raise serializers.ValidationError(
                serializers.ErrorDetail("请填写申请人编号,或申请人类型和证件号码。", code="applicant_required")
            )
        return attrs


# ---------------------------------------------------------------- intake


class MaterialInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(CaseMaterial.Status.choices, help_text="材料状态")
    promised_by = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="容缺材料的承诺补交日期:须晚于今天,且不晚于今天起算的法定办结期限(归属地工作日;事项无法定时限时为一年),"
        "否则400 promise_out_of_range",
    )
    note = Text(200, "说明")
    commitment = serializers.BooleanField(
        required=False,
        help_text="告知承诺替代(R-13):申请人签署告知承诺书替代此材料(status 填 received);"
        "材料不可告知承诺替代时400 commitment_not_allowed",
    )


class IntakeSerializer(serializers.Serializer):
    site = Str(12, "受理站点编码")
    item = Str(40, "事项基本编码;默认使用本站点实施清单中的版本")
    item_version = Id(required=False, allow_null=True, help_text="指定事项版本编号(可选)")
    applicant = ApplicantRefSerializer(help_text="申请人")
    materials = serializers.DictField(
        child=MaterialInputSerializer(),
        required=False,
        default=dict,
        help_text='按材料编号填写:{"材料编号": {status, promised_by, note}};未填写的必要材料记为缺少',
    )
    form_data = serializers.DictField(required=False, default=dict, help_text="申请表数据(用于受理条件判断)")
    # No `online`: online cases come from the hall only (services.intake.receive refuses them too).
    channel = serializers.ChoiceField(
        [(c.value, c.label) for c in Case.Channel if c != Case.Channel.ONLINE],
        required=False,
        default=Case.Channel.WINDOW,
        help_text="申请渠道:window 窗口 / helper 帮办代办;网上申请只能由申请人在网上办事大厅提交",
        error_messages={
            "invalid_choice": "申请渠道只能是窗口(window)或帮办代办(helper);网上申请须由申请人在网上办事大厅提交。"
        },
    )
    authorisation = Id(required=False, allow_null=True, help_text="代办授权编号(代办时填写)")

    def validate_materials(self, value: dict) -> dict:
        if len(value) > MAX_LIST:
            raise serializers.ValidationError(serializers.ErrorDetail("材料项过多。", code="too_many"))
        return {id_key(k): v for k, v in value.items()}

    def validate_form_data(self, value: dict) -> dict:
        text = json.dumps(value, ensure_ascii=False)  # control characters stay escaped: NUL is "\\u0000"
        if len(text) > MAX_FORM_DATA:
            raise serializers.ValidationError(
                serializers.ErrorDetail("申请表数据过大(上限64K字符)。", code="too_large")
            )
        if "\\u0000" in text:  # PostgreSQL's jsonb refuses NUL in any string: a 400, not a 500
            raise serializers.ValidationError(
                serializers.ErrorDetail("申请表数据不能包含空字符。", code="null_character")
            )
        return value


class CaseFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(Case._meta.get_field("state").choices, required=False, help_text="按状态筛选")
    site = Str(12, "按站点编码筛选(受理地或归属地)", required=False)
    queue = serializers.BooleanField(required=False, default=False, help_text="只看等待本人办理的办件")


# The inputs of case actions are in cases/inputs.py, one per kind of input, named by the table of steps.
