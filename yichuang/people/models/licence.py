"""电子证照库 (R-42, GB/T 36901–36906-2018): licences issued by government bodies, held for
their holders so that intake fetches them instead of asking the applicant again (R-13).

`source_case_ref` is a plain reference, not a foreign key: people sits below cases, and the
cases app fills it when its results are issued. `signature` stays blank until the seals app
signs the licence."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from yichuang.common.idnumbers import validate_uscc

from .applicant import Applicant


class Licence(models.Model):
    """电子证照."""

    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"
        EXPIRED = "expired", "已过期"  # never stored: derived from valid_until, see current_status

    holder = models.ForeignKey(Applicant, models.PROTECT, related_name="licences", verbose_name="持证主体")
    licence_type_code = models.CharField("证照类型代码", max_length=32)
    licence_type_name = models.CharField("证照类型名称", max_length=100)
    number = models.CharField(
        "电子证照标识",
        max_length=128,
        unique=True,
        help_text="1.2.156.3005.2.类型代码.颁发机构代码.流水号.版本号.校验位",
    )
    serial = models.PositiveBigIntegerField("流水号")
    version = models.PositiveSmallIntegerField("版本号", default=1)
    issuer_name = models.CharField("颁发机构", max_length=200)
    issuer_credit_code = models.CharField("颁发机构统一社会信用代码", max_length=18, validators=[validate_uscc])
    issued_on = models.DateField("颁发日期")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="留空为长期有效。")
    data = models.JSONField("证照信息", default=dict, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revocation_reason = models.CharField("撤销原因", max_length=200, blank=True)
    source_case_ref = models.CharField("来源办件", max_length=64, blank=True)
    signature = models.CharField("签章", max_length=4096, blank=True, help_text="由签章模块填写。")
    created_at = models.DateTimeField("入库时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子证照"
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["holder", "licence_type_code"], name="licence_holder_type_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["licence_type_code", "issuer_credit_code", "serial", "version"], name="licence_unique_serial"
            ),
            models.CheckConstraint(condition=~models.Q(status="expired"), name="licence_expired_not_stored"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type_name} {self.number}"

    def current_status(self, on: dt.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.status == self.Status.VALID and self.valid_until is not None and self.valid_until < on:
            return self.Status.EXPIRED
        return self.status

    @property
    def effective_status(self) -> str:
        """The status today: a valid licence past its valid_until date reads as expired."""
        return self.current_status()


class LicenceSerialCounter(models.Model):
    """The last serial issued per (licence type, issuer). Incrementing it locks its row, so two
    clerks issuing at the same moment get distinct serials without a table-wide lock."""

    licence_type_code = models.CharField("证照类型代码", max_length=32)
    issuer_credit_code = models.CharField("颁发机构统一社会信用代码", max_length=18)
    last_serial = models.PositiveBigIntegerField("最新流水号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "证照流水号"
        constraints = [
            models.UniqueConstraint(
                fields=["licence_type_code", "issuer_credit_code"], name="licence_serial_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.licence_type_code}/{self.issuer_credit_code}: {self.last_serial}"
