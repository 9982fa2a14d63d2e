"""Stored answers to writes sent with an `Idempotency-Key` (architecture invariant 7).

A row is written in the same transaction as the write it answers, so it exists exactly when
the write committed: a retry finds it and gets the same answer instead of a second case.
The unique (user, key) constraint is what makes two concurrent requests with one key safe:
the second INSERT waits for the first transaction and then fails, and the loser replays.
"""

from django.conf import settings
from django.db import models


class IdempotencyRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="用户")
    key = models.CharField("幂等键", max_length=255)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("路径", max_length=255)
    fingerprint = models.CharField("请求摘要", max_length=64, help_text="方法、路径和请求体的 SHA-256。")
    status_code = models.PositiveSmallIntegerField("响应状态码")
    # The rendered JSON as sent, so a replay is byte-for-byte the first answer.
    body = models.TextField("响应内容")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        # Born in `cases` (cases/migrations/0002); moved here with the mechanism that owns it,
        # keeping its table so no row is lost (common/migrations/0001, cases/migrations/0004).
        db_table = "cases_idempotencyrecord"
        verbose_name = verbose_name_plural = "幂等请求记录"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotencyrecord_user_key")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"
