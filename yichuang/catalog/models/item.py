"""Items, their immutable versions, and per-site implementation lists (R-10, R-11, R-14, R-15)."""

from __future__ import annotations

from django.db import models

from yichuang.common.errors import Conflict, Problem

from .choices import (
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


class StandardItem(models.Model):
    """基本目录事项: an item as the province publishes it, identified by its 基本编码 and carrying
    the "四级四同" elements (name, code, type, legal basis) that every implementation must keep
    unchanged (R-10). Many bodies at many sites implement one standard item (`Item`)."""

    class Source(models.TextChoices):
        LOCAL = "local", "本地录入"
        PROVINCE = "province", "省级基本目录"

    basic_code = models.CharField("基本编码", max_length=40, unique=True)
    source = models.CharField(
        "来源",
        max_length=16,
        choices=Source.choices,
        default=Source.LOCAL,
        help_text="本地录入且只有一个实施的事项,发布新版本时基本目录随之更新;省级基本目录的要素只能由导入修改。",
    )
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=2, choices=ItemType.choices)
    legal_basis = models.TextField("设定依据")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "基本目录事项"
        ordering = ["basic_code"]

    def __str__(self) -> str:
        return f"{self.name}({self.basic_code})"


class Item(models.Model):
    """事项实施: one body's implementation of a standard item — the stable identity of an item
    across its versions (cases, site lists and bundles point here). Its 实施编码 is the basic
    code followed by the implementing body's 统一社会信用代码; the delegation mode (R-05) and
    everything else a body may set lives on the versions."""

    standard = models.ForeignKey(
        StandardItem, models.PROTECT, related_name="implementations", verbose_name="基本目录事项"
    )
    # A copy of standard.basic_code, kept so that lists and filters (`item__basic_code`) need no
    # join; services set both together and the standard's code never changes.
    basic_code = models.CharField("基本编码", max_length=40, db_index=True)
    department = models.ForeignKey(
        "org.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="implementations",
        verbose_name="实施主体",
        help_text="仅迁移前没有任何版本的旧事项为空。",
    )
    implementation_code = models.CharField("实施编码", max_length=80, unique=True)
    legacy_code = models.CharField(
        "原编码", max_length=40, blank=True, help_text="迁移前本实施自带的(自编)基本编码,旧链接据此仍可找到。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务服务事项(实施)"
        ordering = ["basic_code", "implementation_code"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "department"], name="item_one_implementation_per_body")
        ]

    def __str__(self) -> str:
        current = self.versions.order_by("-number").first()
        return f"{current.name if current else ''}({self.implementation_code})"

    def save(self, *args, **kwargs):
        # Older callers (and other apps' tests) create an item from a basic code alone; give it
        # the standard item of that code and a code of its own rather than failing.
        if self.standard_id is None:
            self.standard, _ = StandardItem.objects.get_or_create(
                basic_code=self.basic_code,
                defaults={"name": self.basic_code, "item_type": ItemType.OTHER, "legal_basis": ""},
            )
        self.basic_code = self.standard.basic_code
        if not self.implementation_code:
            dept = self.department
            self.implementation_code = self.implementation_code_for(self.basic_code, dept) if dept else self.basic_code
        super().save(*args, **kwargs)

    @staticmethod
    def implementation_code_for(basic_code: str, department) -> str:
        return f"{basic_code}{department.credit_code}"


class ItemVersion(models.Model):
    """事项版本: one state of an item. Draft → published → retired. A published or retired
    version never changes (cases pin the version they were accepted under); editing a
    published item makes a new draft version (`services.revise`)."""

    item = models.ForeignKey(Item, models.PROTECT, related_name="versions", verbose_name="事项")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    retired_at = models.DateTimeField("废止时间", null=True, blank=True)

    # 基本要素
    name = models.CharField("事项名称", max_length=200)
    implementation_code = models.CharField("实施编码", max_length=40, blank=True)
    handling_code = models.CharField("业务办理项编码", max_length=50, blank=True)
    item_type = models.CharField("事项类型", max_length=2, choices=ItemType.choices)
    legal_basis = models.TextField("设定依据")
    power_source = models.CharField(
        "权力来源", max_length=64, blank=True, help_text="法定本级行使 / 上级下放 / 上级委托 …"
    )
    exercise_level = models.CharField("行使层级", max_length=16, choices=ExerciseLevel.choices)
    department = models.ForeignKey(
        "org.Department", models.PROTECT, related_name="item_versions", verbose_name="实施主体"
    )
    entrusting_body = models.CharField("委托部门", max_length=128, blank=True)
    delegation_mode = models.CharField(
        "承接方式", max_length=20, choices=DelegationMode.choices, default=DelegationMode.OWN
    )
    service_object = models.CharField("服务对象", max_length=8, choices=ServiceObject.choices)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="群众常用说法,空格分隔,如“社保 养老”。")

    # 时限 (working days; 0 = 即办)
    statutory_days = models.PositiveIntegerField("法定办结时限(工作日)", null=True, blank=True)
    statutory_note = models.CharField("法定时限说明", max_length=200, blank=True)
    promised_days = models.PositiveIntegerField("承诺办结时限(工作日)", null=True, blank=True)
    promised_note = models.CharField("承诺时限说明", max_length=200, blank=True)
    case_kind = models.CharField("办件类型", max_length=8, choices=CaseKind.choices)

    # 条件与流程
    conditions = models.TextField("受理条件")
    procedure = models.TextField("办理流程", blank=True)
    special_procedure_note = models.TextField("特别程序说明", blank=True)
    handling_mode = models.CharField("办理模式", max_length=12, choices=HandlingMode.choices)

    # 便民要素
    visits_required = models.PositiveSmallIntegerField("到办事现场次数", default=1)
    visit_reason = models.CharField("必须现场办理原因", max_length=200, blank=True)
    online_depth = models.PositiveSmallIntegerField(
        "网上办理深度", choices=OnlineDepth.choices, default=OnlineDepth.NONE
    )
    tongban_scope = models.CharField("通办范围", max_length=12, choices=TongbanScope.choices, default=TongbanScope.NONE)
    tongban_local_approval = models.BooleanField(
        "通办地可审批", default=False, help_text="勾选后可“通办地受理、通办地审批”,否则“通办地受理、归属地审批”。"
    )
    appointment_supported = models.BooleanField("支持预约", default=False)
    appointment_daily_quota = models.PositiveIntegerField("每日预约号源", null=True, blank=True)
    online_payment = models.BooleanField("支持网上支付", default=False)
    express_delivery = models.BooleanField("支持快递送达", default=False)
    self_service = models.BooleanField("支持自助终端", default=False)

    # 收费 (None = 尚未填写, which blocks publishing)
    has_fees = models.BooleanField("是否收费", null=True, blank=True)

    # 审批结果
    result_type = models.CharField("审批结果类型", max_length=12, choices=ResultType.choices)
    result_name = models.CharField("审批结果名称", max_length=128)
    result_sample = models.CharField("审批结果样本", max_length=255, blank=True)
    licence_type_code = models.CharField(
        "电子证照类型代码", max_length=32, blank=True, help_text="产生电子证照的事项填写,用于签发到证照库。"
    )

    # 联系方式
    consult_phone = models.CharField("咨询电话", max_length=40, blank=True)
    complaint_phone = models.CharField("监督投诉电话", max_length=40, blank=True)
    review_body = models.CharField("行政复议机关", max_length=200, blank=True)
    litigation_body = models.CharField("行政诉讼法院", max_length=200, blank=True)
    location = models.CharField("办理地点", max_length=200, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)

    effective_date = models.DateField("计划生效日期", null=True, blank=True)
    cancel_date = models.DateField("计划取消日期", null=True, blank=True)

    search_text = models.TextField("检索文本", blank=True, editable=False)

    IMMUTABLE_STATUSES = {VersionStatus.PUBLISHED, VersionStatus.RETIRED}

    class Meta:
        verbose_name = verbose_name_plural = "事项版本"
        ordering = ["item__basic_code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="itemversion_unique_number"),
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="published"), name="itemversion_one_published"
            ),
            models.UniqueConstraint(fields=["item"], condition=models.Q(status="draft"), name="itemversion_one_draft"),
        ]
        indexes = [models.Index(fields=["status", "department"])]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}({self.get_status_display()})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def is_editable(self) -> bool:
        return getattr(self, "_loaded_status", VersionStatus.DRAFT) == VersionStatus.DRAFT

    def save(self, *args, allow_status_change: bool = False, **kwargs):
        # The invariant "a published version never changes" is enforced here, not only in forms,
        # so that no code path (admin, shell, import) can rewrite what running cases pinned.
        if not self.is_editable and not allow_status_change:
            raise Conflict(Problem("version_immutable", "已发布或已废止的事项版本不能修改,请创建新版本。"))
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def build_search_text(self) -> str:
        parts = [self.name, self.keywords, self.get_item_type_display(), self.result_name, self.basic_code_cached]
        if self.department_id:
            parts.append(str(self.department.name))
        return " ".join(p for p in parts if p).lower()

    @property
    def basic_code_cached(self) -> str:
        return self.item.basic_code if self.item_id else ""

    @property
    def is_instant(self) -> bool:
        return self.case_kind == CaseKind.INSTANT


class SiteItem(models.Model):
    """实施清单 entry: this site offers this item version. A site implements one version of an
    item at a time; publishing a new version moves the site's list to it."""

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="site_items", verbose_name="站点")
    item = models.ForeignKey(Item, models.PROTECT, related_name="site_items", verbose_name="事项")
    version = models.ForeignKey(ItemVersion, models.PROTECT, related_name="site_items", verbose_name="实施版本")
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    is_active = models.BooleanField("对外公布", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "实施清单"
        ordering = ["site__code", "item__basic_code"]
        constraints = [models.UniqueConstraint(fields=["site", "item"], name="siteitem_unique")]

    def __str__(self) -> str:
        return f"{self.site} · {self.version}"
