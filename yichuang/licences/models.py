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
