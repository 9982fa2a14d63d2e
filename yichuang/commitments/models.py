"""告知承诺书, its 事后核查 task, and the 失信记录 a false one leaves."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Commitment(models.Model):
    """告知承诺书: one material of one case satisfied by the applicant's commitment. The text is
    kept as signed, with its SHA-256, so what the applicant signed can be proved later."""

    class Channel(models.TextChoices):
        WINDOW = "window", "窗口当面签署"
        ONLINE = "online", "网上实名确认"

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="commitments", verbose_name="办件")
    material = models.ForeignKey("catalog.Material", models.PROTECT, related_name="+", verbose_name="替代的材料")
    applicant = models.ForeignKey("people.Applicant", models.PROTECT, related_name="commitments", verbose_name="承诺人")
    text = models.TextField("承诺书内容")
    text_sha256 = models.CharField("承诺书内容摘要(SHA-256)", max_length=64)
    channel = models.CharField("签署方式", max_length=8, choices=Channel.choices)
    signed_by = models.CharField(
        "签署人", max_length=200, help_text="窗口:申请人姓名,由受理人员见证;网上:实名认证的账户。"
    )
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="见证的受理人员",
    )
    signed_at = models.DateTimeField("签署时间")

    class Meta:
        verbose_name = verbose_name_plural = "告知承诺书"
        constraints = [models.UniqueConstraint(fields=["case", "material"], name="commitment_one_per_material")]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.material.name}"


class PostCheck(models.Model):
    """事后核查: the department that decides the case checks the commitment by a deadline."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待核查"
        TRUE = "true", "核查属实"
        FALSE = "false", "承诺不实"

    commitment = models.OneToOneField(Commitment, models.CASCADE, related_name="post_check", verbose_name="告知承诺书")
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="核查站点(归属地)")
    department = models.ForeignKey("org.Department", models.PROTECT, related_name="+", verbose_name="核查部门")
    due_on = models.DateField("核查期限")
    outcome = models.CharField("核查结果", max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    finding = models.TextField("核查情况", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="核查人"
    )
    checked_at = models.DateTimeField("核查时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "事后核查任务"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["site", "department", "outcome"])]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.get_outcome_display()}"


class CreditRecord(models.Model):
    """失信记录: a commitment a post-check found false, recorded against the applicant."""

    applicant = models.ForeignKey(
        "people.Applicant", models.PROTECT, related_name="credit_records", verbose_name="失信主体"
    )
    post_check = models.OneToOneField(
        PostCheck, models.PROTECT, related_name="credit_record", verbose_name="事后核查任务"
    )
    case_number = models.CharField("办件编号", max_length=32)
    reason = models.TextField("失信事实")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = verbose_name_plural = "失信记录"
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.case_number}"
