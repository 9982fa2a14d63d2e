"""Append-only, hash-chained audit log and the transactional outbox (invariants 1 and 2).

One global chain would make every write in the county queue behind one lock. Instead each
*stream* (a case, an item, a site's catalogue…) has its own chain whose head row is locked
while a record is appended; `AuditCheckpoint` rows periodically anchor the heads of the
streams that changed since the previous checkpoint in one chain of their own, so truncating a
stream or rewriting history across streams is still detected (decision 0070).
"""

from __future__ import annotations

import uuid

from django.db import models

from yichuang.common.errors import Conflict, Problem


class ChainHead(models.Model):
    stream = models.CharField("链", max_length=80, unique=True)
    seq = models.PositiveBigIntegerField("最新序号", default=0)
    last_hash = models.CharField("最新哈希", max_length=64, default="0" * 64)
    # The seq the last checkpoint anchored: a checkpoint takes only heads where seq differs, so
    # its size follows the hour's activity, not the number of streams ever written (0070).
    anchored_seq = models.PositiveBigIntegerField("已锚定序号", default=0, db_default=0)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"


class AuditRecord(models.Model):
    """审计日志: one change, linked to the previous record of its stream by hash."""

    stream = models.CharField("链", max_length=80)
    seq = models.PositiveBigIntegerField("序号")
    created_at = models.DateTimeField("时间")
    actor = models.CharField("操作人", max_length=150, help_text="用户名或 system;不记录身份证号、手机号等个人信息。")
    action = models.CharField("动作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    data = models.JSONField("内容", default=dict, blank=True)
    prev_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["stream", "seq"]
        constraints = [models.UniqueConstraint(fields=["stream", "seq"], name="auditrecord_stream_seq")]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Conflict(Problem("audit_append_only", "审计日志只能追加,不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Conflict(Problem("audit_append_only", "审计日志只能追加,不能删除。"))


class AuditCheckpoint(models.Model):
    """A periodic anchor of the heads of the streams changed since the previous checkpoint,
    itself hash-chained. Together the checkpoints anchor every stream's head as of each hour."""

    created_at = models.DateTimeField("时间")
    heads = models.JSONField("各链头", help_text="{stream: [seq, hash]}")
    prev_digest = models.CharField("前一摘要", max_length=64)
    digest = models.CharField("摘要", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计检查点"
        ordering = ["id"]


class OutboxEvent(models.Model):
    """事件发件箱: an event written in the same transaction as the change it reports, delivered
    to its consumers after commit, at least once; consumers are idempotent by `id`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    topic = models.CharField("主题", max_length=64)
    key = models.CharField("对象标识", max_length=80, blank=True)
    payload = models.JSONField("内容", default=dict)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    available_at = models.DateTimeField("可投递时间", auto_now_add=True)
    attempts = models.PositiveIntegerField("投递次数", default=0)
    delivered_at = models.DateTimeField("投递时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "事件发件箱"
        ordering = ["created_at"]
        indexes = [models.Index(fields=["delivered_at", "available_at"])]


class OutboxDelivery(models.Model):
    """One consumer's successful handling of one event: the relay never hands an event to a
    consumer that already has it, even when another consumer's failure makes it retry."""

    event = models.ForeignKey(OutboxEvent, models.CASCADE, related_name="deliveries", verbose_name="事件")
    consumer = models.CharField("消费者", max_length=200)
    delivered_at = models.DateTimeField("处理时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "事件投递记录"
        constraints = [models.UniqueConstraint(fields=["event", "consumer"], name="outboxdelivery_unique")]


class OutboxDeadLetter(models.Model):
    """死信: one consumer that failed an event on every allowed attempt. The event is not retried
    for it any more; the traceback is kept for the operator, who retries it from the admin once
    the cause is fixed (the delivery row then records that it was handled, once)."""

    event = models.ForeignKey(OutboxEvent, models.CASCADE, related_name="dead_letters", verbose_name="事件")
    consumer = models.CharField("消费者", max_length=200)
    attempts = models.PositiveIntegerField("已尝试次数")
    error = models.CharField("错误", max_length=500)
    traceback = models.TextField("错误堆栈")
    created_at = models.DateTimeField("进入死信时间", auto_now_add=True)
    retries = models.PositiveIntegerField("人工重试次数", default=0)
    resolved_at = models.DateTimeField("已处理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "事件死信"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "consumer"], name="outboxdeadletter_unique")]

    def __str__(self) -> str:
        return f"{self.consumer} ← {self.event.topic}"
