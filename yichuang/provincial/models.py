"""What we sent to the provincial platform, and what the daily reconciliation found."""

from __future__ import annotations

from django.db import models


class SentRecord(models.Model):
    """已报送办件信息: one record the receiver acknowledged, written in the consumer's
    transaction with the relay's delivery row (so it exists exactly when the event counts as sent)."""

    class Answer(models.TextChoices):
        RECEIVED = "received", "已接收"
        DUPLICATE = "duplicate", "重复(此前已接收)"

    record_id = models.UUIDField("记录标识", unique=True, help_text="即事件发件箱中事件的标识,省平台据此去重。")
    case_number = models.CharField("办件编号", max_length=32, db_index=True)
    stage = models.CharField("办理环节", max_length=32)
    occurred_on = models.DateField("业务发生日期", db_index=True)
    answer = models.CharField("省平台答复", max_length=16, choices=Answer.choices)
    sent_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已报送办件信息"
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.case_number} {self.stage}"


class Difference(models.Model):
    """办件汇聚对账差异: one record on which we and the province disagree for a day, for a person
    to look into (resend, or explain); found again by a later run it is not duplicated."""

    class Kind(models.TextChoices):
        MISSING_AT_RECEIVER = "missing_at_receiver", "已报送但省平台没有"
        UNKNOWN_TO_US = "unknown_to_us", "省平台有但本系统未报送"
        NOT_SENT = "not_sent", "尚未报送(重试中或死信)"

    day = models.DateField("业务日期")
    kind = models.CharField("差异类型", max_length=24, choices=Kind.choices)
    record_id = models.UUIDField("记录标识")
    case_number = models.CharField("办件编号", max_length=32, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    note = models.CharField("处理说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件汇聚对账差异"
        ordering = ["-day", "kind"]
        constraints = [models.UniqueConstraint(fields=["day", "kind", "record_id"], name="provincial_difference_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.case_number or self.record_id}"
