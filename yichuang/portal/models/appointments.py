"""预约: time slots per site and window type; a slot never takes more bookings than it has room."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Slot(models.Model):
    site = models.ForeignKey("org.Site", models.CASCADE, related_name="+", verbose_name="站点")
    window_type = models.CharField("窗口类型", max_length=16)
    item = models.ForeignKey(
        "catalog.Item",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="事项",
        help_text="留空为该类窗口的所有事项。",
    )
    date = models.DateField("日期")
    start = models.TimeField("开始时间")
    end = models.TimeField("结束时间")
    capacity = models.PositiveSmallIntegerField("可约人数")
    booked = models.PositiveSmallIntegerField("已约人数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "预约时段"
        ordering = ["date", "start", "id"]
        constraints = [
            # The database itself refuses an over-booked slot, whatever a caller does.
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="portal_slot_not_overbooked"),
            models.UniqueConstraint(fields=["site", "window_type", "item", "date", "start"], name="portal_slot_unique"),
        ]

    @property
    def remaining(self) -> int:
        return self.capacity - self.booked


class Booking(models.Model):
    class State(models.TextChoices):
        BOOKED = "booked", "已预约"
        CANCELLED = "cancelled", "已取消"
        CHECKED_IN = "checked_in", "已签到"

    slot = models.ForeignKey(Slot, models.PROTECT, related_name="bookings", verbose_name="时段")
    account = models.ForeignKey(
        "portal.CitizenAccount", models.CASCADE, related_name="bookings", verbose_name="网办账号"
    )
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="+", verbose_name="事项")
    code = models.CharField("预约号", max_length=12, unique=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.BOOKED)
    booked_at = models.DateTimeField("预约时间", auto_now_add=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="签到确认人"
    )

    class Meta:
        verbose_name = verbose_name_plural = "预约"
        ordering = ["-booked_at"]
        constraints = [
            # One live booking per person per slot.
            models.UniqueConstraint(
                fields=["slot", "account"], condition=Q(state="booked"), name="portal_booking_once_per_slot"
            ),
        ]
