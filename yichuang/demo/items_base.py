"""The shape of a demo item and the materials many items share.

An `ItemSpec` is one catalogue entry. A township spec is implemented once per township (each
township's own department is the implementing body); a county spec once, at the county.
`catalogue` derives the codes, the power source, the contacts and the place from the spec and
the department, so the data files only say what differs between items.

Material helpers return plain dicts because a `Material` row is consumed when its draft is
saved; `catalogue` builds fresh instances for every implementation.
"""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.catalog.models import Material
from yichuang.catalog.models.choices import (
    DelegationMode,
    HandlingMode,
    ItemType,
    OnlineDepth,
    ResultType,
    ServiceObject,
    TongbanScope,
)

T = ItemType
D = DelegationMode
H = HandlingMode
O = OnlineDepth
S = ServiceObject
TB = TongbanScope
RT = ResultType

# Fictional e-licence type codes of the demo. A real deployment takes them from the provincial
# licence catalogue; what matters is that the item issuing a licence and the materials asking
# for it carry the same code, so intake can fetch the licence instead of asking for it.
LICENCE = {
    "居民身份证": "111",
    "居民户口簿": "112",
    "出生医学证明": "113",
    "居住证": "114",
    "无犯罪记录证明": "115",
    "准予迁入证明": "116",
    "犬只登记证": "117",
    "结婚证": "121",
    "离婚证": "122",
    "残疾人证": "131",
    "社会保障卡": "141",
    "退役军人优待证": "151",
    "公共场所卫生许可证": "161",
    "道路运输经营许可证": "171",
    "烟花爆竹经营许可证": "181",
    "营业执照": "201",
    "食品经营许可证": "202",
    "小餐饮店登记证": "203",
    "乡村建设规划许可证": "301",
    "建设工程规划许可证": "302",
    "建设用地规划许可证": "303",
    "农村宅基地批准书": "304",
    "不动产权证书": "305",
    "建筑工程施工许可证": "307",
    "林木采伐许可证": "311",
    "农药经营许可证": "312",
}


@dataclass(frozen=True)
class ItemSpec:
    seq: str  # 3 digits, stable; the same entry at county and township shares it
    name: str
    dept: str  # department key at the implementing site (county.py)
    type: str
    basis: str
    days: tuple[int, int]  # (statutory, promised) working days; promised 0 = 即办件
    conditions: str
    materials: tuple[dict, ...]
    steps: tuple[tuple, ...]  # (name, actor, days[, description]); a leading "*" marks a special procedure
    result: tuple[str, str]  # (ResultType, result name)
    keywords: str
    mode: str = D.OWN
    # Townships (by key) that implement the entry under another delegation mode than `mode`: one
    # basic code, each implementation with its own mode, e.g. (("ft", D.DEVOLVED),).
    mode_at: tuple[tuple[str, str], ...] = ()
    by: str = ""  # county department that devolves or entrusts the item
    handling: str = H.DEPARTMENT
    who: str = S.PERSON
    online: int = O.PREREVIEW
    tongban: str = TB.COUNTY
    local_approval: bool = False
    quota: int | None = None
    visits: int | None = None  # None: 0 when fully online, else 1
    visit_reason: str = "须核验申请人身份和申请材料原件"
    procedures: tuple[tuple, ...] = ()  # (SpecialProcedure.Kind, max days, description)
    rules: tuple[tuple, ...] = ()  # (CEL expression, sentence)
    fees: tuple[tuple, ...] = ()  # (name, standard, basis, reducible)
    licence: str = ""
    statutory_note: str = ""
    promised_note: str = ""
    express: bool = False
    self_service: bool = False
    village: bool = False  # also offered (帮办代办) at the township's village stations


def mode_of(spec: ItemSpec, site_key: str) -> str:
    return dict(spec.mode_at).get(site_key, spec.mode)


def gov(name: str, issuer: str, licence: str = "", **kw) -> dict:
    """A material that a government body issued: fetched from the licence store or the issuer,
    not asked for again (R-13)."""
    return {
        "name": name,
        "source": Material.Source.GOVERNMENT,
        "issuing_body": issuer,
        "licence_type_code": LICENCE.get(licence, licence),
        **kw,
    }


def own(name: str, **kw) -> dict:
    """A material the applicant brings (forms, contracts, photos …)."""
    return {"name": name, "source": Material.Source.APPLICANT, **kw}


def optional(m: dict) -> dict:
    return {**m, "necessity": Material.Necessity.OPTIONAL}


def deferrable(m: dict) -> dict:
    """容缺: not a key material; the case is accepted and it is supplied later (R-23)."""
    return {**m, "necessity": Material.Necessity.DEFERRABLE}


def named(m: dict, name: str) -> dict:
    return {**m, "name": name}


def form(name: str, **kw) -> dict:
    defaults = {
        "kind": Material.Kind.ORIGINAL,
        "form": Material.Form.EITHER,
        "acceptance_standard": "如实填写并由申请人签字(可在窗口当场填写或网上填报)",
    }
    return own(name, **{**defaults, **kw})


def photo(name: str = "近期二寸免冠白底彩色照片", copies: int = 2) -> dict:
    return own(name, copies=copies, spec="二寸", acceptance_standard="近6个月内拍摄,可在窗口现场拍摄")


def id_card(**kw) -> dict:
    defaults = {"kind": Material.Kind.ORIGINAL, "acceptance_standard": "在有效期内,与申请人本人一致"}
    return gov("居民身份证", "公安机关", "居民身份证", **{**defaults, **kw})


def hukou(**kw) -> dict:
    return gov("居民户口簿", "公安机关", "居民户口簿", **kw)


def birth_cert(**kw) -> dict:
    return gov("出生医学证明", "助产机构(卫生健康部门监制)", "出生医学证明", **kw)


def marriage_cert(**kw) -> dict:
    return gov("结婚证", "婚姻登记机关", "结婚证", **kw)


def disability_cert(**kw) -> dict:
    return gov("中华人民共和国残疾人证", "县残疾人联合会", "残疾人证", **kw)


def business_licence(**kw) -> dict:
    return gov("营业执照", "市场监督管理部门", "营业执照", **kw)


def social_card(**kw) -> dict:
    return gov("社会保障卡", "人力资源社会保障部门", "社会保障卡", **kw)


# Steps that recur. Actor placeholders: {dept} the implementing department's short name,
# {by} the county department the item is escalated to or entrusted by.
INSTANT_STEPS = (
    ("受理", "综合受理窗口", 0, "核验身份和材料,符合条件的当场受理"),
    ("审核办结", "综合受理窗口", 0, "当场审核、当场办结"),
    ("出件", "综合出件窗口", 0, "当场出具结果或告知电子结果查询方式"),
)


def promise_steps(days: int) -> tuple[tuple, ...]:
    """受理 → 审核 → 决定 (→ 送达) whose limits add up to exactly `days` working days."""
    decide = max(1, days // 3)
    deliver = 1 if days > 2 else 0
    steps = (
        ("受理", "综合受理窗口", 0, "材料齐全、符合法定形式的当场受理;不齐全的一次性告知"),
        ("审核", "{dept}", days - decide - deliver),
        ("决定", "{dept}负责人", decide),
    )
    return steps + ((("送达", "综合出件窗口", 1, "窗口领取或邮寄送达"),) if deliver else ())


def escalate_steps(first: int, county: int, last: int = 1) -> tuple[tuple, ...]:
    """上报件: the township accepts and checks, the county department decides (R-21)."""
    return (
        ("受理", "综合受理窗口", 0, "材料齐全的当场受理;不齐全的一次性告知"),
        ("初审上报", "{dept}", first, "便民服务中心初审并指定专人全程代办上报"),
        ("审批", "{by}", county, "县级主管部门审批,便民服务中心跟踪进度"),
        ("送达", "综合出件窗口", last, "结果由便民服务中心统一出件或邮寄送达"),
    )
