"""统一身份认证 (the province's single sign-on, OpenID Connect) links of staff accounts.

A staff member logs in through the province's platform as the subject (`sub`) it knows them by;
this table says which of our staff accounts that subject is. Roles at sites stay ours
(org.StaffRole): the platform proves who someone is, never what they may do here. Citizens need
no link: they are found by the real-name claims the platform verified (yichuang/sso/services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StaffIdentity(models.Model):
    issuer = models.CharField("认证平台", max_length=200, help_text="ID 令牌的 iss,即统一身份认证平台的地址")
    subject = models.CharField("平台用户标识", max_length=255, help_text="ID 令牌的 sub")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_identity", verbose_name="工作人员账号"
    )
    created_at = models.DateTimeField("关联时间", auto_now_add=True)
    last_login_at = models.DateTimeField("最近统一认证登录", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员统一身份关联"
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_staff_subject_unique")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.user}"
