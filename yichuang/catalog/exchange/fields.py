"""The exchange format's fields, once: JSON key = model attribute, the Chinese header the Excel
sheets use, the kind of value, whether it is required, and the allowed codes. docs/catalog-exchange.md
describes the same table (a test holds them together)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Material
from ..models.choices import (
    CaseKind,
    DelegationMode,
    ExerciseLevel,
    HandlingMode,
    ItemType,
    OnlineDepth,
    ResultType,
    ServiceObject,
    TongbanScope,
    VersionStatus,
)


@dataclass(frozen=True)
class F:
    key: str
    header: str
    kind: str = "text"  # text | int | bool | choice | date
    required: bool = False
    choices: tuple = ()
    max_length: int | None = None
    labels: tuple = ()  # (Chinese label, code): an Excel sheet may say 行政许可 for 01

    def code_for(self, text: str) -> str | None:
        if text in self.choices:
            return text
        return next((code for label, code in self.labels if label == text), None)


def _c(choices) -> dict:
    return {
        "choices": tuple(str(v) for v in choices.values),
        "labels": tuple((str(label), str(v)) for v, label in choices.choices),
    }


# 四级四同: the standard item's elements, the same at every implementation.
STANDARD = (
    F("basic_code", "基本编码", required=True, max_length=40),
    F("name", "事项名称", required=True, max_length=200),
    F("item_type", "事项类型", "choice", True, **_c(ItemType)),
    F("legal_basis", "设定依据", required=True),
)
# The rest of the national 基本目录's item fields, carried into every implementation's version.
VERSION = (
    F("handling_code", "业务办理项编码", max_length=50),
    F("power_source", "权力来源", max_length=64),
    F("exercise_level", "行使层级", "choice", True, **_c(ExerciseLevel)),
    F("service_object", "服务对象", "choice", True, **_c(ServiceObject)),
    F("keywords", "关键词", max_length=200),
    F("statutory_days", "法定办结时限(工作日)", "int"),
    F("statutory_note", "法定时限说明", max_length=200),
    F("promised_days", "承诺办结时限(工作日)", "int"),
    F("promised_note", "承诺时限说明", max_length=200),
    F("case_kind", "办件类型", "choice", True, **_c(CaseKind)),
    F("conditions", "受理条件", required=True),
    F("procedure", "办理流程"),
    F("handling_mode", "办理模式", "choice", True, **_c(HandlingMode)),
    F("visits_required", "到办事现场次数", "int"),
    F("visit_reason", "必须现场办理原因", max_length=200),
    F("online_depth", "网上办理深度", "choice", False, **_c(OnlineDepth)),
    F("tongban_scope", "通办范围", "choice", False, **_c(TongbanScope)),
    F("has_fees", "是否收费", "bool"),
    F("result_type", "审批结果类型", "choice", True, **_c(ResultType)),
    F("result_name", "审批结果名称", required=True, max_length=128),
    F("licence_type_code", "电子证照类型代码", max_length=32),
    F("consult_phone", "咨询电话", max_length=40),
    F("complaint_phone", "监督投诉电话", max_length=40),
    F("review_body", "行政复议机关", max_length=200),
    F("litigation_body", "行政诉讼法院", max_length=200),
)
MATERIAL = (
    F("name", "材料名称", required=True, max_length=200),
    F("kind", "材料类型", "choice", False, **_c(Material.Kind)),
    F("form", "材料形式", "choice", False, **_c(Material.Form)),
    F("necessity", "必要性", "choice", False, **_c(Material.Necessity)),
    F("source", "来源渠道", "choice", False, **_c(Material.Source)),
    F("issuing_body", "核发部门", max_length=128),
    F("licence_type_code", "电子证照类型代码", max_length=32),
    F("copies", "份数", "int"),
    F("basis", "材料依据", max_length=300),
    F("commitment_allowed", "可告知承诺替代", "bool"),
)
STEP = (
    F("name", "环节名称", required=True, max_length=64),
    F("actor", "办理人员(岗位)", max_length=64),
    F("days", "环节时限(工作日)", "int"),
)
FEE = (
    F("name", "收费项目", required=True, max_length=128),
    F("standard", "收费标准", required=True, max_length=200),
    F("basis", "收费依据", required=True, max_length=300),
)
# One implementing body at one site (实施清单): who, where, how it came to implement it.
IMPLEMENTATION = (
    F("department_code", "实施主体统一社会信用代码", required=True, max_length=18),
    F("site_code", "实施站点编码", required=True, max_length=12),
    F("delegation_mode", "承接方式", "choice", False, **_c(DelegationMode)),
    F("entrusting_body", "委托部门", max_length=128),
    F(
        "status",
        "导入后状态",
        "choice",
        False,
        (VersionStatus.PUBLISHED.value, VersionStatus.DRAFT.value),
        labels=(("已发布", VersionStatus.PUBLISHED.value), ("草稿", VersionStatus.DRAFT.value)),
    ),
)
ALL = {
    "item": STANDARD + VERSION,
    "materials": MATERIAL,
    "steps": STEP,
    "fees": FEE,
    "implementations": IMPLEMENTATION,
}
