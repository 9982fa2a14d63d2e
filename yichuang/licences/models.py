"""A licence fetched from the provincial exchange is copied into the licence store (people.Licence)
so a case material can point at it like any other; this row keeps the proof: the exact body
and signatures the exchange sent, and when they were last checked."""

from django.db import models

from yichuang.people.models import Licence


class ExchangeCopy(models.Model):
    """交换平台证照副本."""

    licence = models.OneToOneField(Licence, models.PROTECT, related_name="exchange_copy", verbose_name="电子证照")
    provider = models.CharField("来源", max_length=40)
    envelope = models.JSONField("交换平台原文(含签名)")
    checked_at = models.DateTimeField("最近核验时间")

    class Meta:
        verbose_name = verbose_name_plural = "交换平台证照副本"

    def __str__(self) -> str:
        return f"{self.provider}: {self.licence.number}"


class LicenceImport(models.Model):
    """证照批量导入: one row per file imported, whoever ran it (admin upload or command)."""

    file_name = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("导入证照数")
    actor = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证照批量导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}({self.rows}张)"
