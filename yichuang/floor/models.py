"""取号叫号 (R-55 hall order; seeds: "排号等号、耗时长"): kiosks, tickets and their counters."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kiosk(models.Model):
    """A ticket kiosk (取号机) in a hall. Like the window's 评价器 it is bound once by the site's
    head and then identifies itself with a device token in its own cookie, never a staff
    session; only the token's SHA-256 is stored."""

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="kiosks", verbose_name="站点")
    token_hash = models.CharField("设备凭据摘要", max_length=64, unique=True)
    bound_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="绑定人")
    bound_at = models.DateTimeField("绑定时间")
    revoked_at = models.DateTimeField("解除时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "取号机"
        ordering = ["-bound_at"]

    def __str__(self) -> str:
        return f"{self.site} 取号机 {self.bound_at:%Y-%m-%d}"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(str(token).encode("utf-8", "ignore")).hexdigest()


class TicketCounter(models.Model):
    """The last number issued per site, day and category: locked while a number is taken, so
    two kiosks never print the same number."""

    site = models.ForeignKey("org.Site", models.CASCADE, related_name="+", verbose_name="站点")
    day = models.DateField("日期")
    category = models.CharField("业务类别", max_length=1)
    last = models.PositiveIntegerField("已发号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "取号计数"
        constraints = [models.UniqueConstraint(fields=["site", "day", "category"], name="floor_counter_unique")]


class Ticket(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "等候中"
        CALLED = "called", "已叫号"
        SERVING = "serving", "办理中"
        DONE = "done", "已办结"
        SKIPPED = "skipped", "过号"

    class Priority(models.IntegerChoices):
        NORMAL = 0, "普通"
        APPOINTMENT = 1, "预约"
        GREEN = 2, "绿色通道"

    class Green(models.TextChoices):
        ELDERLY = "elderly", "70岁以上老人"
        DISABLED = "disabled", "残疾人"
        PREGNANT = "pregnant", "孕妇"

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="tickets", verbose_name="站点")
    day = models.DateField("日期")
    category = models.CharField("业务类别", max_length=1)
    number = models.PositiveIntegerField("序号")
    priority = models.PositiveSmallIntegerField("优先级", choices=Priority.choices, default=Priority.NORMAL)
    green_reason = models.CharField("绿色通道事由", max_length=16, choices=Green.choices, blank=True)
    booking = models.OneToOneField(
        "portal.Booking", models.PROTECT, null=True, blank=True, related_name="ticket", verbose_name="预约"
    )
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.WAITING)
    issued_at = models.DateTimeField("取号时间")
    called_at = models.DateTimeField("首次叫号时间", null=True, blank=True)
    last_called_at = models.DateTimeField("最近叫号时间", null=True, blank=True)
    calls = models.PositiveSmallIntegerField("叫号次数", default=0)
    started_at = models.DateTimeField("开始办理时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    window = models.ForeignKey(
        "org.Window", models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name="窗口"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="服务人员"
    )
    # The category the ticket waits in: its own (the printed prefix) unless a clerk transferred it.
    queue = models.CharField("排队类别", max_length=1)
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="tickets", verbose_name="办件"
    )
    encounter = models.OneToOneField(
        "feedback.Encounter", models.PROTECT, null=True, blank=True, related_name="ticket", verbose_name="窗口服务"
    )

    class Meta:
        verbose_name = verbose_name_plural = "排队号"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "category", "number"], name="floor_ticket_unique"),
            models.CheckConstraint(
                condition=Q(priority=2) | Q(green_reason=""), name="floor_green_reason_only_for_green"
            ),
        ]
        indexes = [models.Index(fields=["site", "day", "state", "queue"], name="floor_ticket_queue")]

    def __str__(self) -> str:
        return f"{self.site} {self.day} {self.code}"

    @property
    def code(self) -> str:
        return f"{self.category}{self.number:03d}"

    @property
    def wait_seconds(self) -> float | None:
        return (self.called_at - self.issued_at).total_seconds() if self.called_at else None

    @property
    def service_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class AttendanceMark(models.Model):
    """考勤 per post (R-55, R-04): sign-in, sign-out, 外出 and 返岗 as they happen. A post is in
    place after its last mark of the day is 签到 or 返岗 and no 请假 (org.Leave) covers the
    moment; a window is open while one of its A/B posts is in place."""

    class Kind(models.TextChoices):
        SIGN_IN = "in", "签到"
        SIGN_OUT = "out", "签退"
        AWAY = "away", "外出"
        BACK = "back", "返岗"

    post = models.ForeignKey("org.Post", models.CASCADE, related_name="marks", verbose_name="岗位")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="人员")
    kind = models.CharField("类型", max_length=4, choices=Kind.choices)
    at = models.DateTimeField("时间")
    day = models.DateField("日期")
    note = models.CharField("事由", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "岗位考勤"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["post", "day"], name="floor_mark_post_day")]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def present(self) -> bool:
        return self.kind in (self.Kind.SIGN_IN, self.Kind.BACK)


class Assessment(models.Model):
    """月度考核 (R-55): the head's score and comment on one staff member for one month, beside
    the figures the sheet computes (workload, on-time rate, ratings, complaints, attendance)."""

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="站点")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="人员")
    month = models.DateField("月份", help_text="该月1日。")
    score = models.PositiveSmallIntegerField("负责人评分")
    comment = models.CharField("负责人评语", max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="评分人")
    scored_at = models.DateTimeField("评分时间")

    class Meta:
        verbose_name = verbose_name_plural = "月度考核"
        constraints = [
            models.UniqueConstraint(fields=["site", "staff", "month"], name="floor_assessment_once_a_month"),
            models.CheckConstraint(condition=Q(score__lte=100), name="floor_assessment_score_to_100"),
        ]


class Location(models.Model):
    """Where a village's centre (a 区划 of level village) or a service site's building is, for
    the service circles (R-56). WGS-84 degrees."""

    region = models.OneToOneField(
        "org.Region", models.CASCADE, null=True, blank=True, related_name="location", verbose_name="村(社区)"
    )
    site = models.OneToOneField(
        "org.Site", models.CASCADE, null=True, blank=True, related_name="location", verbose_name="站点"
    )
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = verbose_name_plural = "位置"
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, site__isnull=False) | Q(region__isnull=False, site__isnull=True),
                name="floor_location_of_one_thing",
            )
        ]
