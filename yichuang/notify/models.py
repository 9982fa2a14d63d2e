"""消息: what the platform tells an applicant, by SMS and in the online hall's 消息 list (R-25),
and the record of every SMS the default gateway "sent" (the demo's phone).

A message is written once per (key, applicant, channel): the key is the outbox event's id, or a
name of its own for a message no event carries (the reminder the day before an appointment), so
a relay that hands an event over twice, or a reminder command run twice, tells nobody twice. The
phone is not stored: an SMS goes to the applicant's phone on record when it is sent (only a
booker who has not passed the real-name check, and so has no applicant record, is written to
by the phone they booked with).

Unique per (key, applicant, channel), or (key, phone, channel) for a phone-only recipient."""

from __future__ import annotations

from django.db import models


class Message(models.Model):
    class Kind(models.TextChoices):
        RECEIVED = "received", "收件回执"
        SUPPLEMENT = "one_time_notice", "一次性告知"
        ACCEPTED = "accepted", "受理通知"
        REFUSED = "refused", "不予受理"
        DECIDED = "decided", "办理结果"
        JOINT_RESULT = "joint_result", "联办结果"
        READY = "ready", "待领取"
        POSTED = "posted", "已邮寄"
        ELECTRONIC = "electronic", "电子送达"
        RATING = "rating", "评价邀请"
        REMINDER = "reminder", "预约提醒"
        ANSWER = "answer", "咨询答复"

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        HALL = "hall", "网办大厅消息"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    key = models.CharField("消息键", max_length=100, help_text="事件编号或提醒名;同一键同一人同一渠道只发一次。")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    applicant = models.ForeignKey(
        "people.Applicant", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="申请人"
    )
    phone = models.CharField(
        "收信手机号", max_length=11, blank=True, help_text="仅当收信人尚无申请人记录(未实名的预约人)时保存。"
    )
    case = models.ForeignKey("cases.Case", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="办件")
    text = models.CharField("内容", max_length=500)
    masked_phone = models.CharField("手机号(脱敏)", max_length=24, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField("计划发送时间", help_text="夜间免打扰或超过每日条数时推迟到此时。")
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "applicant", "channel"], name="notify_message_once"),
            models.UniqueConstraint(
                fields=["key", "phone", "channel"], condition=models.Q(applicant__isnull=True), name="notify_phone_once"
            ),
            models.CheckConstraint(
                condition=models.Q(applicant__isnull=False) | ~models.Q(phone=""), name="notify_has_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["applicant", "channel", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_channel_display()}"

    @property
    def to_phone(self) -> str:
        return self.applicant.phone if self.applicant_id else self.phone


class SmsMessage(models.Model):
    """What the database SMS backend sent: text and a masked number, found by the phone's digest."""

    phone_digest = models.CharField("手机号摘要", max_length=64, db_index=True)
    masked_phone = models.CharField("手机号(脱敏)", max_length=24)
    text = models.CharField("短信内容", max_length=500)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "短信记录"
        ordering = ["-sent_at", "-id"]


class ChannelPreference(models.Model):
    """通知方式: which channels an applicant wants to be told by (我的设置 in the hall). No row is
    the default, every channel. The notices the law makes the centre deliver (REQUIRED_KINDS in
    services) go by every channel whatever is chosen here."""

    applicant = models.OneToOneField(
        "people.Applicant", models.CASCADE, related_name="+", verbose_name="申请人", primary_key=True
    )
    sms = models.BooleanField("短信通知", default=True)
    hall = models.BooleanField("网办大厅消息", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知方式设置"

    def __str__(self) -> str:
        return f"{self.applicant_id}: 短信{'开' if self.sms else '关'} 消息{'开' if self.hall else '关'}"

    def allows(self, channel: str) -> bool:
        return {Message.Channel.SMS: self.sms, Message.Channel.HALL: self.hall}.get(channel, True)
