"""Citizens and companies in the online hall (网上办事大厅).

A citizen is an org.User without staff roles plus a CitizenAccount: the phone they log in with
(one-time codes, no password) and, after the real-name check, the natural-person Applicant they
are. A company acts through its legal representative: a LegalRepresentation links the account
to the legal-person Applicant once the identity provider confirmed the link. Usernames are
pseudonyms ("citizen-…"): the audit log names actors by username and must hold no phone number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CitizenAccount(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="citizen", verbose_name="用户")
    phone = models.CharField("手机号", max_length=11, unique=True)
    applicant = models.OneToOneField(
        "people.Applicant",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="citizen_account",
        verbose_name="实名申请人(自然人)",
    )
    verified_at = models.DateTimeField("实名认证时间", null=True, blank=True)
    created_at = models.DateTimeField("注册时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "网办账号"

    def __str__(self) -> str:
        return self.user.username


class LegalRepresentation(models.Model):
    """法人登录: this account may act for this company (checked by the identity provider)."""

    account = models.ForeignKey(CitizenAccount, models.CASCADE, related_name="companies", verbose_name="网办账号")
    applicant = models.ForeignKey("people.Applicant", models.PROTECT, related_name="+", verbose_name="法人")
    verified_at = models.DateTimeField("核验时间")

    class Meta:
        verbose_name = verbose_name_plural = "法人身份"
        constraints = [models.UniqueConstraint(fields=["account", "applicant"], name="portal_legal_unique")]


class OneTimeCode(models.Model):
    """A code sent by SMS: only a keyed hash of the phone and of the code is stored."""

    phone_digest = models.CharField("手机号摘要", max_length=64, db_index=True)
    code_hash = models.CharField("验证码摘要", max_length=100, help_text="盐$HMAC")
    created_at = models.DateTimeField("发送时间")
    expires_at = models.DateTimeField("过期时间")
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class LoginCode(OneTimeCode):
    """A one-time login code."""

    class Meta(OneTimeCode.Meta):
        verbose_name = verbose_name_plural = "登录验证码"


class IdentityProof(OneTimeCode):
    """A one-time code sent to the phone on record of an applicant whom a new account wants to be
    (实名绑定核验): whoever claims a person who already has a history, or a phone of their own on
    record, must show they hold that phone. The phone itself is not stored: the code's digest is
    keyed on the phone on record at the time, so a phone changed at a window voids the code."""

    account = models.ForeignKey(CitizenAccount, models.CASCADE, related_name="identity_proofs", verbose_name="网办账号")
    applicant = models.ForeignKey("people.Applicant", models.CASCADE, related_name="+", verbose_name="申请人")
    phone_digest = models.CharField("登记手机号摘要", max_length=64, db_index=True)

    class Meta(OneTimeCode.Meta):
        verbose_name = verbose_name_plural = "实名绑定验证码"
