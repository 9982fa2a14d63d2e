"""办件: one application from intake to archive (R-20…R-24)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..workflow import State


class Case(models.Model):
    class Decision(models.TextChoices):
        GRANTED = "granted", "准予"
        DENIED = "denied", "不予"

    class Channel(models.TextChoices):
        WINDOW = "window", "窗口"
        ONLINE = "online", "网上"
        HELPER = "helper", "帮办代办"

    class TransferMode(models.TextChoices):
        NONE = "none", "本地受理本地审批"
        HOME_APPROVAL = "home_approval", "通办地受理、归属地审批"
        LOCAL_APPROVAL = "local_approval", "通办地受理、通办地审批"

    number = models.CharField("办件编号", max_length=32, unique=True)
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="cases", verbose_name="受理站点")
    home_site = models.ForeignKey(
        "org.Site", models.PROTECT, related_name="home_cases", verbose_name="审批站点(归属地)"
    )
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="cases", verbose_name="事项")
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        models.PROTECT,
        related_name="cases",
        verbose_name="事项版本",
        help_text="受理时的版本;事项改版不影响在办件。",
    )
    applicant = models.ForeignKey("people.Applicant", models.PROTECT, related_name="cases", verbose_name="申请人")
    authorisation = models.ForeignKey(
        "people.Authorisation", models.PROTECT, null=True, blank=True, related_name="cases", verbose_name="代办授权"
    )
    transfer_mode = models.CharField("通办模式", max_length=16, choices=TransferMode.choices, default=TransferMode.NONE)
    channel = models.CharField("申请渠道", max_length=8, choices=Channel.choices, default=Channel.WINDOW)
    state = models.CharField("状态", max_length=24, choices=State.choices, default=State.PREREVIEW)
    # Null only for an online application (网上申请) no clerk has pre-reviewed yet: the first
    # clerk who takes it in 预审 owns it (首问负责), see services/online.py.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="owned_cases",
        null=True,
        blank=True,
        verbose_name="首问责任人",
        help_text="首先接收办件的工作人员,负责到办结。",
    )
    form_data = models.JSONField("申请表数据", default=dict, blank=True)
    rule_results = models.JSONField("条件判断结果", default=list, blank=True)

    received_at = models.DateTimeField("收件时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    # 行政许可法第三十二条: left in 预审 past five working days without a 补正 notice or a
    # decision, the application counts as accepted on the day its materials came in. Set by the
    # time rules (services/timers.py); `accept` then starts the clock on this date.
    deemed_accepted_on = models.DateField(
        "视为受理日期",
        null=True,
        blank=True,
        help_text="预审逾期(五个工作日)未告知补正也未作受理决定,自收到申请材料之日起即为受理。",
    )
    due_date = models.DateField("承诺办结日期", null=True, blank=True)
    statutory_due_date = models.DateField("法定办结日期", null=True, blank=True)
    suspended_days = models.PositiveIntegerField("暂停计时(工作日)", default=0)
    extended_days = models.PositiveIntegerField("延期(工作日)", default=0)

    decision = models.CharField("决定", max_length=8, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    decision_basis = models.CharField("法律依据", max_length=300, blank=True)
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    visits = models.PositiveSmallIntegerField("跑动次数", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["site", "state"]),
            models.Index(fields=["home_site", "state"]),
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_stream(self) -> str:
        return f"case:{self.number}"


class CaseMaterial(models.Model):
    """One material of the item's list as handled in this case."""

    class Status(models.TextChoices):
        RECEIVED = "received", "已收取"
        FETCHED = "fetched", "已调取(电子证照)"
        DEFERRED = "deferred", "容缺后补"
        MISSING = "missing", "缺少"
        REJECTED = "rejected", "不符合要求"

    case = models.ForeignKey(Case, models.CASCADE, related_name="materials", verbose_name="办件")
    material = models.ForeignKey("catalog.Material", models.PROTECT, related_name="+", verbose_name="材料")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    licence = models.ForeignKey(
        "people.Licence", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="调取的证照"
    )
    promised_by = models.DateField("承诺补交日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件材料"
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="casematerial_unique")]

    @property
    def is_satisfied(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.FETCHED)


class CaseSequence(models.Model):
    """Daily counter per site for readable, unique case numbers: the row is locked while a
    number is taken, so concurrent intakes at one site queue only on this tiny row."""

    site = models.ForeignKey("org.Site", models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="casesequence_unique")]
