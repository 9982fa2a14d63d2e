"""The parts of an item version: materials, fees, steps, special procedures, rules.
Each belongs to one version and is frozen with it."""

from __future__ import annotations

from django.db import models

from yichuang.common.errors import Conflict, Problem


class VersionPart(models.Model):
    version = models.ForeignKey(
        "catalog.ItemVersion", models.CASCADE, related_name="%(class)ss", verbose_name="事项版本"
    )
    order = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        abstract = True
        ordering = ["version", "order", "id"]

    def save(self, *args, **kwargs):
        if not self.version.is_editable:
            raise Conflict(Problem("version_immutable", "已发布或已废止的事项版本不能修改,请创建新版本。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.version.is_editable:
            raise Conflict(Problem("version_immutable", "已发布或已废止的事项版本不能修改,请创建新版本。"))
        return super().delete(*args, **kwargs)


class Material(VersionPart):
    """申请材料."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "原件"
        COPY = "copy", "复印件"
        ORIGINAL_AND_COPY = "both", "原件和复印件"
        ELECTRONIC = "electronic", "电子材料"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"
        EITHER = "either", "纸质或电子"

    class Necessity(models.TextChoices):
        REQUIRED = "required", "必要"
        OPTIONAL = "optional", "非必要"
        DEFERRABLE = "deferrable", "容缺(可后补)"

    class Source(models.TextChoices):
        APPLICANT = "applicant", "申请人自备"
        GOVERNMENT = "government", "政府部门核发"

    name = models.CharField("材料名称", max_length=200)
    kind = models.CharField("材料类型", max_length=12, choices=Kind.choices, default=Kind.ORIGINAL)
    form = models.CharField("材料形式", max_length=12, choices=Form.choices, default=Form.EITHER)
    necessity = models.CharField("必要性", max_length=12, choices=Necessity.choices, default=Necessity.REQUIRED)
    source = models.CharField("来源渠道", max_length=12, choices=Source.choices, default=Source.APPLICANT)
    issuing_body = models.CharField("核发部门", max_length=128, blank=True)
    licence_type_code = models.CharField(
        "电子证照类型代码",
        max_length=32,
        blank=True,
        help_text="政府部门核发的材料:由此从电子证照库调取,不向申请人索要。",
    )
    copies = models.PositiveSmallIntegerField("份数", default=1)
    spec = models.CharField("规格", max_length=100, blank=True, help_text="如 A4")
    acceptance_standard = models.CharField("受理标准", max_length=300, blank=True)
    basis = models.CharField("材料依据", max_length=300, blank=True)
    blank_form = models.CharField("空白表格", max_length=255, blank=True, help_text="表格文件路径或网址")
    sample = models.CharField("示例样表", max_length=255, blank=True, help_text="样表文件路径或网址")
    commitment_allowed = models.BooleanField("可告知承诺替代", default=False)

    class Meta(VersionPart.Meta):
        verbose_name = verbose_name_plural = "申请材料"

    def __str__(self) -> str:
        return self.name

    @property
    def is_fetched(self) -> bool:
        return self.source == self.Source.GOVERNMENT


class Fee(VersionPart):
    """收费项目."""

    name = models.CharField("收费项目", max_length=128)
    standard = models.CharField("收费标准", max_length=200)
    basis = models.CharField("收费依据", max_length=300)
    reducible = models.BooleanField("可减免", default=False)
    # What the platform collects per case (一次性收费, R-31; yichuang.fees): integer fen, never a
    # float. Blank: the line is published in the guide but not collected through the platform.
    amount_fen = models.PositiveIntegerField("每件金额(分)", null=True, blank=True)
    exemption = models.CharField(
        "免收条件",
        max_length=300,
        blank=True,
        help_text="CEL 表达式,按申请表数据判断,如 household.is_subsistence || household.is_extreme_poverty。",
    )
    exemption_basis = models.CharField("免收依据", max_length=300, blank=True)
    # Lines that are alternatives or extras (补领 40元 vs 申领 20元; 每增加一本证书加收10元) are
    # decided at acceptance from the application's form data, in the same CEL as `exemption`.
    condition = models.CharField(
        "收取条件",
        max_length=300,
        blank=True,
        help_text="CEL 表达式,为真时收取本项;留空为每件都收。如 application.reason == 'lost'。",
    )
    quantity = models.CharField(
        "数量",
        max_length=200,
        blank=True,
        help_text="CEL 表达式,结果为件数或本数;留空为每件 1。如 property.certificates - 1。",
    )

    class Meta(VersionPart.Meta):
        verbose_name = verbose_name_plural = "收费项目"

    def __str__(self) -> str:
        return f"{self.name}:{self.standard}"


class Step(VersionPart):
    """办理环节 with its own limit (R-14)."""

    name = models.CharField("环节名称", max_length=64)
    actor = models.CharField("办理人员(岗位)", max_length=64, blank=True)
    days = models.PositiveSmallIntegerField("环节时限(工作日)", default=0)
    description = models.CharField("办理标准", max_length=300, blank=True)
    has_special_procedure = models.BooleanField("含特别程序", default=False)

    class Meta(VersionPart.Meta):
        verbose_name = verbose_name_plural = "办理环节"

    def __str__(self) -> str:
        return f"{self.order}. {self.name}({self.days}个工作日)"


class SpecialProcedure(VersionPart):
    """特别程序: its time is not counted in the limit (行政许可法 art. 45)."""

    class Kind(models.TextChoices):
        SITE_INSPECTION = "site_inspection", "现场勘验"
        HEARING = "hearing", "听证"
        TESTING = "testing", "检验检测"
        EXPERT_REVIEW = "expert_review", "专家评审"
        TECHNICAL_REVIEW = "technical_review", "技术审查"
        APPRAISAL = "appraisal", "鉴定"
        PUBLIC_NOTICE = "public_notice", "公示"
        QUARANTINE = "quarantine", "检疫"

    kind = models.CharField("特别程序", max_length=20, choices=Kind.choices)
    max_days = models.PositiveSmallIntegerField("时限(工作日)")
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = verbose_name_plural = "特别程序"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}(不超过{self.max_days}个工作日)"


class Rule(VersionPart):
    """受理条件 / 审批条件 as a CEL expression over the application's form data, with the sentence a
    clerk and a citizen read. The expression is compiled on validation, never `eval`ed."""

    class Stage(models.TextChoices):
        INTAKE = "intake", "受理条件"
        APPROVAL = "approval", "审批条件"

    stage = models.CharField("适用阶段", max_length=8, choices=Stage.choices, default=Stage.INTAKE)
    expression = models.TextField("CEL表达式")
    sentence = models.CharField("条件说明", max_length=300)
    failure_message = models.CharField("不符合时的提示", max_length=300, blank=True)

    class Meta(VersionPart.Meta):
        verbose_name = verbose_name_plural = "受理审批条件"

    def __str__(self) -> str:
        return self.sentence
