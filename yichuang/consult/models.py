"""网上咨询 (R-25): a citizen's question about an item at a site, answered by that site's
综合咨询 staff within a working-day limit that supervision watches."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Question(models.Model):
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="站点")
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="+", verbose_name="事项")
    applicant = models.ForeignKey("people.Applicant", models.CASCADE, related_name="+", verbose_name="咨询人")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="提问账号")
    text = models.CharField("咨询内容", max_length=500)
    asked_at = models.DateTimeField("提问时间")
    due_on = models.DateField("答复期限", help_text="提问后第N个工作日(YICHUANG['CONSULT_WORKING_DAYS'],默认2)。")
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="答复人"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上咨询"
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["site", "answered_at", "due_on"])]

    @property
    def subject(self) -> str:
        """What supervision calls it (one alert per question)."""
        return f"咨询{self.pk}"
