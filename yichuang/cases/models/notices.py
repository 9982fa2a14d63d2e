"""一次性告知: every missing or wrong material, listed once (R-22; 行政许可法 art. 32)."""

from django.conf import settings
from django.db import models


class SupplementNotice(models.Model):
    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="supplement_notices", verbose_name="办件")
    issued_at = models.DateTimeField("告知时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="告知人")
    supplied_at = models.DateTimeField("补齐时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "补正告知书"
        ordering = ["issued_at"]


class SupplementNoticeLine(models.Model):
    notice = models.ForeignKey(SupplementNotice, models.CASCADE, related_name="lines", verbose_name="告知书")
    material = models.ForeignKey("catalog.Material", models.PROTECT, related_name="+", verbose_name="材料")
    reason = models.CharField("原因", max_length=300)

    class Meta:
        verbose_name = verbose_name_plural = "补正材料"
        constraints = [models.UniqueConstraint(fields=["notice", "material"], name="noticeline_unique")]
