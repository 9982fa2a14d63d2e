"""办不成事反映 (R-51): "I could not get this done here" — what the person tried, where, and how
to reach them. The phone is needed for the call-back (回访) and is shown masked in lists."""

from __future__ import annotations

from django.db import models

from yichuang.people.numbers import mask_phone


class UnresolvedReport(models.Model):
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="unresolved_reports", verbose_name="站点")
    matter = models.TextField("想办的事和遇到的问题", max_length=1000)
    place = models.CharField("在哪里办(窗口、部门)", max_length=100, blank=True)
    name = models.CharField("称呼", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=24)
    created_at = models.DateTimeField("反映时间")

    class Meta:
        verbose_name = verbose_name_plural = "办不成事反映"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.site} {self.created_at:%Y-%m-%d} {self.masked_phone}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
