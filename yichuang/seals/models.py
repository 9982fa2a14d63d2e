"""印章、用印记录 (R-40…R-42; invariant 5).

Each township (and county) centre has one administrative seal (行政公章) and one approval seal
(审批专用章). A seal is a key pair with a certificate from the platform's CA, an image drawn
from the site's name, a validity period and, when needed, a revocation. Rows are never
deleted: a document sealed years ago must still name the seal that sealed it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SealKind(models.TextChoices):
    APPROVAL = "approval", "审批专用章"
    ADMINISTRATIVE = "administrative", "行政公章"


class DocumentKind(models.TextChoices):
    """Sealed results. One decision per case: 准予许可决定书 or 不予许可决定书, by case.decision."""

    DECISION = "decision", "行政许可决定书"
    CERTIFICATE = "certificate", "证明"


class NoticeKind(models.TextChoices):
    """The notices a case produces (printable, stored with the case). Order = order in a case's life."""

    ONE_TIME_NOTICE = "one_time_notice", "一次性告知书"
    ACCEPTANCE = "acceptance", "受理通知书"
    REFUSAL_OF_INTAKE = "refusal_of_intake", "不予受理通知书"
    SUPPLEMENT = "supplement", "补正材料通知书"
    SPECIAL_PROCEDURE = "special_procedure", "特别程序告知书"
    DECISION = "decision", "行政许可决定书"
    DELIVERY_RECEIPT = "delivery_receipt", "送达回证"
    SUPPLEMENT_TIMEOUT = "supplement_timeout", "补正期满终止办理告知书"  # ends a case: never before another
    PAYMENT_NOTICE = "payment_notice", "缴费通知书"  # 一次性收费 (fee_notices.py)
    FEE_RECEIPT = "fee_receipt", "缴费电子票据"


class CertificateAuthority(models.Model):
    """The platform's CA (电子印章根证书). One is active; an old one stays so that documents it
    certified keep validating."""

    name = models.CharField("名称", max_length=128)
    certificate_pem = models.TextField("证书(PEM)")
    fingerprint = models.CharField("证书指纹(SHA-256)", max_length=64, unique=True)
    private_key = models.TextField("私钥(加密)", help_text="AES-256-GCM 加密,密钥由 YICHUANG_SEAL_KEY 派生。")
    key_id = models.CharField("加密密钥标识", max_length=12)
    not_before = models.DateTimeField("生效时间")
    not_after = models.DateTimeField("失效时间")
    is_active = models.BooleanField("当前使用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子印章CA"
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="seals_one_active_ca")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def aad(self) -> str:
        return f"ca:{self.fingerprint}"


class Seal(models.Model):
    """印章: one site's seal of one kind."""

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="seals", verbose_name="站点")
    kind = models.CharField("印章类型", max_length=16, choices=SealKind.choices)
    code = models.CharField("印章编码", max_length=40, unique=True)
    authority = models.ForeignKey(CertificateAuthority, models.PROTECT, related_name="seals", verbose_name="签发CA")
    certificate_pem = models.TextField("证书(PEM)")
    fingerprint = models.CharField("证书指纹(SHA-256)", max_length=64, unique=True)
    private_key = models.TextField("私钥(加密)")
    key_id = models.CharField("加密密钥标识", max_length=12)
    image = models.BinaryField("印模(PNG)")
    valid_from = models.DateTimeField("生效时间")
    valid_until = models.DateTimeField("失效时间")
    revoked_at = models.DateTimeField("注销时间", null=True, blank=True)
    revocation_reason = models.CharField("注销原因", max_length=200, blank=True)
    created_at = models.DateTimeField("制作时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "印章"
        ordering = ["site__code", "kind", "-valid_from"]
        constraints = [
            # "One seal": a site has at most one unrevoked seal of each kind; renewing revokes the old one.
            models.UniqueConstraint(
                fields=["site", "kind"], condition=Q(revoked_at__isnull=True), name="seals_one_current_per_site_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.name}{self.get_kind_display()}({self.code})"

    @property
    def aad(self) -> str:
        return f"seal:{self.code}"

    @property
    def legend(self) -> str:
        """What the seal says, as on the physical seal: the site's name and the kind."""
        return f"{self.site.name}{self.get_kind_display()}"

    def status_at(self, when: dt.datetime | None = None) -> str:
        when = when or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= when:
            return "revoked"
        if when < self.valid_from:
            return "not_yet_valid"
        if when >= self.valid_until:
            return "expired"
        return "valid"


class SealUse(models.Model):
    """用印记录: one application of a seal to a document. Holds the facts the public
    verification page shows; none of them is a personal number (invariant 8)."""

    seal = models.ForeignKey(Seal, models.PROTECT, related_name="uses", verbose_name="印章")
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="seal_uses", verbose_name="办件")
    case_number = models.CharField("办件编号", max_length=32)
    document_kind = models.CharField("文书类型", max_length=16, choices=DocumentKind.choices)
    short_code = models.CharField("验证码", max_length=16, unique=True)
    sha256 = models.CharField("文件哈希(SHA-256)", max_length=64, db_index=True)
    signer = models.CharField("签章方式", max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="用印人"
    )
    actor_name = models.CharField("用印人账号", max_length=150, help_text="system 表示由系统自动用印。")
    used_at = models.DateTimeField("用印时间")
    facts = models.JSONField("文书要素", default=dict)
    document = models.FileField("已签章文件", upload_to="sealed/%Y/%m/", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "用印记录"
        ordering = ["-used_at"]
        indexes = [models.Index(fields=["case_number"]), models.Index(fields=["seal", "used_at"])]

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_document_kind_display()} {self.short_code}"


class SealRefusal(models.Model):
    """拒绝用印: an attempt to use a seal outside its rules. Kept even though the sealing was
    refused, so supervision (电子监察) sees every attempt."""

    seal = models.ForeignKey(Seal, models.PROTECT, null=True, blank=True, related_name="refusals", verbose_name="印章")
    site = models.ForeignKey(
        "org.Site", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="印章所属站点"
    )
    case_number = models.CharField("办件编号", max_length=32, blank=True)
    document_kind = models.CharField("文书类型", max_length=16, blank=True)
    code = models.CharField("拒绝原因代码", max_length=40)
    message = models.CharField("拒绝原因", max_length=300)
    actor_name = models.CharField("操作人账号", max_length=150)
    refused_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "拒绝用印记录"
        ordering = ["-refused_at"]


class CaseDocument(models.Model):
    """A notice as issued: the PDF, its hash and the facts it was rendered from. Rendering the
    same facts again gives the same bytes (notices.render_facts fixes every date in the PDF to
    the document's date), so a stored notice can always be proven to say what the case said.
    A new row is written only when the facts change (e.g. a later 补正 notice)."""

    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="documents", verbose_name="办件")
    kind = models.CharField("文书类型", max_length=24, choices=NoticeKind.choices)
    sha256 = models.CharField("文件哈希(SHA-256)", max_length=64)
    facts_sha256 = models.CharField("要素哈希(SHA-256)", max_length=64)
    # Printed on the notice since facts version 2 (found at /verify/<code>); notices issued before
    # carry none and are found by their file's hash.
    short_code = models.CharField("验证码", max_length=16, unique=True, null=True, blank=True)
    facts = models.JSONField("文书要素", help_text="生成文书所用的全部数据;据此可重新生成完全相同的文件。")
    file = models.FileField("文件", upload_to="notices/%Y/%m/", max_length=200)
    created_at = models.DateTimeField("生成时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="生成人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "办件文书"
        ordering = ["case", "kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "facts_sha256"], name="casedocument_unique_facts")
        ]
        indexes = [models.Index(fields=["sha256"], name="casedocument_sha256")]  # /verify by upload

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"
