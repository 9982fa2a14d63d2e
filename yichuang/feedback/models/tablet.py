"""评价器 devices: the tablet at a window is bound to that window once, by the site's head, and
from then on identifies itself with a long-lived device token in its own cookie — never with a
staff session. A rating typed into the clerk's own logged-in browser therefore cannot reach the
window channel (issue 13: clerks rated themselves)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class TabletDevice(models.Model):
    window = models.ForeignKey("org.Window", models.PROTECT, related_name="tablets", verbose_name="窗口")
    # Only the SHA-256 of the token is stored: a database dump does not let anyone pose as a tablet.
    token_hash = models.CharField("设备凭据摘要", max_length=64, unique=True)
    bound_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="tablets_bound", verbose_name="绑定人"
    )
    bound_at = models.DateTimeField("绑定时间")
    revoked_at = models.DateTimeField(
        "解除时间", null=True, blank=True, help_text="重新绑定本窗口的评价器时,原设备自动解除。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "窗口评价器设备"
        ordering = ["-bound_at"]
        constraints = [
            # One window, one tablet: binding a new one revokes the old in the same transaction.
            models.UniqueConstraint(
                fields=["window"], condition=Q(revoked_at__isnull=True), name="tablet_one_active_per_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} 评价器 {self.bound_at:%Y-%m-%d}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(str(token).encode("utf-8", "ignore")).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
