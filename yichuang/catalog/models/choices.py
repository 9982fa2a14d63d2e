"""Code lists of the implementation list (实施清单) — see domain-facts.md."""

from django.db import models


class ItemType(models.TextChoices):
    """事项类型 with the common two-digit codes; 行政备案 was added by 国发〔2022〕5号 (code ours)."""

    LICENSING = "01", "行政许可"
    PENALTY = "02", "行政处罚"
    ENFORCEMENT = "03", "行政强制"
    LEVY = "04", "行政征收"
    BENEFIT = "05", "行政给付"
    INSPECTION = "06", "行政检查"
    CONFIRMATION = "07", "行政确认"
    REWARD = "08", "行政奖励"
    ADJUDICATION = "09", "行政裁决"
    OTHER_POWER = "10", "其他行政权力"
    FILING = "11", "行政备案"
    PUBLIC_SERVICE = "20", "公共服务"
    OTHER = "99", "其他"


# Types that citizens apply for (依申请) and that therefore become cases.
ON_APPLICATION_TYPES = {
    ItemType.LICENSING,
    ItemType.BENEFIT,
    ItemType.CONFIRMATION,
    ItemType.REWARD,
    ItemType.ADJUDICATION,
    ItemType.OTHER_POWER,
    ItemType.FILING,
    ItemType.PUBLIC_SERVICE,
    ItemType.OTHER,
}


class ExerciseLevel(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡(镇、街道)级"
    VILLAGE = "village", "村(社区)级"


class CaseKind(models.TextChoices):
    INSTANT = "instant", "即办件"
    PROMISED = "promised", "承诺件"


class HandlingMode(models.TextChoices):
    WINDOW = "window", "窗口受理窗口办理"
    DEPARTMENT = "department", "窗口受理部门办理"
    ESCALATE = "escalate", "上报"


class DelegationMode(models.TextChoices):
    OWN = "own", "本级实施"
    DEVOLVED = "devolved", "下放"
    ENTRUSTED = "entrusted", "委托"
    ENTRUSTED_INTAKE = "entrusted_intake", "委托收件"
    STATIONED = "stationed", "派驻"


class ServiceObject(models.TextChoices):
    PERSON = "person", "自然人"
    ENTITY = "entity", "法人"
    BOTH = "both", "自然人、法人"


class OnlineDepth(models.IntegerChoices):
    NONE = 0, "不可网办"
    INFO = 1, "网上咨询(一级)"
    FORMS = 2, "表格下载(二级)"
    PREREVIEW = 3, "网上预审(三级)"
    ONLINE = 4, "网上受理办理(四级)"
    FULL = 5, "全程网办"


class TongbanScope(models.TextChoices):
    NONE = "none", "不通办"
    COUNTY = "county", "全县(市)通办"
    PROVINCE = "province", "省内通办"
    NATIONAL = "national", "跨省通办"


class ResultType(models.TextChoices):
    LICENCE = "licence", "证照"
    APPROVAL = "approval", "批准文书"
    CERTIFICATE = "certificate", "证明"
    PAYMENT = "payment", "待遇发放"
    OTHER = "other", "其他"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已废止"
