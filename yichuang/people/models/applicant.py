"""申请人: natural and legal persons who apply, one row per person reused across cases
(一数一源, R-61). The ID number is the key: intake finds the person by it and refreshes the
contact data instead of creating a second record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from yichuang.common.idnumbers import validate_citizen_id, validate_uscc

from ..numbers import is_valid_phone, mask_citizen_id, mask_phone


def validate_phone(value: str) -> None:
    if not is_valid_phone(value):
        raise ValidationError("联系电话无效:应为11位手机号或带区号的固定电话。", code="invalid_phone")


class Applicant(models.Model):
    """申请人 (自然人 / 法人)."""

    class Kind(models.TextChoices):
        NATURAL = "natural", "自然人"
        LEGAL = "legal", "法人"

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    name = models.CharField("姓名或名称", max_length=200)
    citizen_id = models.CharField(
        "公民身份号码",
        max_length=18,
        blank=True,
        validators=[validate_citizen_id],
        help_text="自然人填写;校验码为 X 时以大写保存。",
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc], help_text="法人填写。"
    )
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True)
    # The natural person the identity provider confirmed as this company's representative. A
    # name is no proof (anyone can be called 王五): the online hall compares this, never the name.
    representative = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="represents",
        limit_choices_to={"kind": "natural"},
        verbose_name="法定代表人(已核验)",
    )
    phone = models.CharField("联系电话", max_length=24, blank=True, validators=[validate_phone])
    address = models.CharField("地址", max_length=255, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请人"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=Q(kind="natural"), name="applicant_unique_citizen_id"
            ),
            models.UniqueConstraint(
                fields=["credit_code"], condition=Q(kind="legal"), name="applicant_unique_credit_code"
            ),
            # Each kind carries exactly its own number, so the lookup by number is unambiguous.
            models.CheckConstraint(
                condition=(Q(kind="natural") & ~Q(citizen_id="") & Q(credit_code=""))
                | (Q(kind="legal") & ~Q(credit_code="") & Q(citizen_id="")),
                name="applicant_number_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="legal") | Q(representative__isnull=True),
                name="applicant_representative_only_for_legal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.masked_number})"

    @property
    def is_natural(self) -> bool:
        return self.kind == self.Kind.NATURAL

    @property
    def number(self) -> str:
        return self.citizen_id if self.is_natural else self.credit_code

    @property
    def masked_number(self) -> str:
        # A credit code is public (营业执照, 信用公示), a citizen ID is personal data.
        return mask_citizen_id(self.citizen_id) if self.is_natural else self.credit_code

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def clean(self) -> None:
        self.citizen_id = (self.citizen_id or "").strip().upper()
        self.credit_code = (self.credit_code or "").strip().upper()
        if self.kind == self.Kind.NATURAL and not self.citizen_id:
            raise ValidationError(
                {"citizen_id": ValidationError("自然人须填写公民身份号码。", code="citizen_id_required")}
            )
        if self.kind == self.Kind.LEGAL and not self.credit_code:
            raise ValidationError(
                {"credit_code": ValidationError("法人须填写统一社会信用代码。", code="credit_code_required")}
            )
        if self.kind == self.Kind.NATURAL and self.credit_code:
            raise ValidationError(
                {"credit_code": ValidationError("自然人不填写统一社会信用代码。", code="number_kind_mismatch")}
            )
        if self.kind == self.Kind.LEGAL and self.citizen_id:
            raise ValidationError(
                {"citizen_id": ValidationError("法人不填写公民身份号码。", code="number_kind_mismatch")}
            )

    def save(self, *args, **kwargs):
        self.citizen_id = (self.citizen_id or "").upper()  # a lower-case x would dodge the unique index
        self.credit_code = (self.credit_code or "").upper()
        super().save(*args, **kwargs)
