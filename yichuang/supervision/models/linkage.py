"""审管联动: 双告知 (the approval result pushed to the supervising department) and 双反馈 (the
department's supervision result coming back) (R-53)."""

import uuid

from django.conf import settings
from django.db import models


class SupervisionRoute(models.Model):
    """Which department supervises the results of an approving department (optionally of one
    item only), where its system listens, and how many working days the push may take."""

    approving_department = models.ForeignKey(
        "org.Department", models.CASCADE, related_name="+", verbose_name="审批部门"
    )
    item = models.ForeignKey(
        "catalog.Item",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="事项",
        help_text="留空表示该审批部门的全部事项。",
    )
    supervising_department = models.ForeignKey(
        "org.Department", models.PROTECT, related_name="+", verbose_name="监管部门"
    )
    webhook_url = models.URLField("推送地址", blank=True, help_text="留空则只在监管部门收件箱中告知。")
    secret = models.CharField("签名密钥", max_length=128, help_text="HMAC-SHA256 密钥,与监管部门约定,不得外泄。")
    days_limit = models.PositiveSmallIntegerField("告知时限(工作日)", default=5)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "审管联动路由"

    def __str__(self) -> str:
        return f"{self.approving_department} → {self.supervising_department}"


class Notice(models.Model):
    """双告知: one approval result told to one supervising department; also the webhook's
    delivery record (attempts, backoff, outcome). `event_id` is what the receiver dedups on."""

    class Status(models.TextChoices):
        PENDING = "pending", "待推送"
        DELIVERED = "delivered", "已推送"
        INBOX_ONLY = "inbox", "仅收件箱告知"

    event_id = models.UUIDField("事件标识", default=uuid.uuid4, unique=True, editable=False)
    source_event = models.UUIDField("来源事件")
    route = models.ForeignKey(SupervisionRoute, models.PROTECT, related_name="notices", verbose_name="路由")
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="+", verbose_name="办件")
    decision = models.CharField("审批结果", max_length=8)
    payload = models.JSONField("推送内容")
    created_at = models.DateTimeField("告知时间")
    due_by = models.DateField("告知期限")
    status = models.CharField("推送状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("推送次数", default=0)
    next_attempt_at = models.DateTimeField("下次推送时间")
    delivered_at = models.DateTimeField("推送成功时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    read_at = models.DateTimeField("监管部门查阅时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "双告知"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["source_event", "route"], name="notice_once_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notice_due")]

    @property
    def latest_result(self):
        results = list(self.results.all())  # prefetched by the inbox selector
        return results[-1] if results else None


class SupervisionResult(models.Model):
    """双反馈: what the supervising department found; shown on the case."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", "监管合格"
        RECTIFY = "rectify", "责令整改"
        PENALISED = "penalised", "立案查处"

    notice = models.ForeignKey(Notice, models.CASCADE, related_name="results", verbose_name="告知")
    feedback_id = models.CharField(
        "反馈标识", max_length=64, unique=True, help_text="监管部门的反馈编号:重复提交只记一次。"
    )
    outcome = models.CharField("监管结果", max_length=12, choices=Outcome.choices)
    opinion = models.CharField("监管意见", max_length=500)
    inspected_on = models.DateField("检查日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="填报人"
    )
    received_at = models.DateTimeField("收到时间")

    class Meta:
        verbose_name = verbose_name_plural = "双反馈"
        ordering = ["received_at"]
