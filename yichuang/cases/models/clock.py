"""Stops of the clock: 补正 waiting and special procedures (行政许可法 art. 45)."""

from django.db import models


class ClockSuspension(models.Model):
    class Reason(models.TextChoices):
        SUPPLEMENT = "supplement", "补正材料"
        SPECIAL = "special", "特别程序"

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="suspensions", verbose_name="办件")
    reason = models.CharField("原因", max_length=12, choices=Reason.choices)
    procedure = models.CharField("特别程序", max_length=20, blank=True)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    working_days = models.PositiveIntegerField("暂停工作日数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "暂停计时"
        ordering = ["started_on"]
