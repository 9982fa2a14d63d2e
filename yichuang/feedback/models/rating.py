"""好差评 (R-50; 国办发〔2019〕51号, GB/T 39734/39735-2020): five levels, per channel.

现场 "一次一评": a window rating belongs to one Encounter the clerk opened (one rating per
encounter). 网上 "一事一评": a case rated online (or by SMS / phone) is rated once. Both are
enforced by unique constraints, so a double submit or a race cannot count twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Level(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASICALLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


BAD_LEVELS = frozenset({Level.DISSATISFIED, Level.VERY_DISSATISFIED})  # 差评

# The indicators of domain-facts: online (一事一评) and on-site (一次一评).
ONLINE_INDICATORS = {
    "overall": "整体满意度",
    "efficiency": "办事效率",
    "guide_accuracy": "办事指南精确度",
    "convenience": "办事便捷度",
    "usability": "平台操作性",
}
OFFLINE_INDICATORS = {
    "overall": "整体满意度",
    "service_efficiency": "服务效率",
    "service_level": "服务水平",
    "service_attitude": "服务态度",
}


class Channel(models.TextChoices):
    WINDOW = "window", "窗口评价器"
    ONLINE = "online", "网上"
    SMS = "sms", "短信"
    PHONE = "phone", "电话"


def indicators_for(channel: str) -> dict[str, str]:
    return OFFLINE_INDICATORS if channel == Channel.WINDOW else ONLINE_INDICATORS


class Encounter(models.Model):
    """One service at a window that may be rated once on the window's tablet (评价器). Only the
    clerk opens one, it expires in minutes, and a new one closes the previous: a tablet left
    alone cannot be used to pour in ratings."""

    window = models.ForeignKey("org.Window", models.PROTECT, related_name="encounters", verbose_name="窗口")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="encounters", verbose_name="服务人员"
    )
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="encounters", verbose_name="办件"
    )
    token = models.CharField("评价凭据", max_length=64, unique=True)
    created_at = models.DateTimeField("开始时间")
    expires_at = models.DateTimeField("失效时间")
    closed_at = models.DateTimeField(
        "结束时间", null=True, blank=True, help_text="已评价、被新的服务取代或工作人员取消时填写。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "窗口服务(一次一评)"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["window", "closed_at", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.window} {self.created_at:%Y-%m-%d %H:%M}"


class Rating(models.Model):
    """好差评: one evaluation of a window encounter or of a case."""

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="ratings", verbose_name="站点")
    channel = models.CharField("评价渠道", max_length=8, choices=Channel.choices)
    case = models.ForeignKey(
        "cases.Case", models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name="办件"
    )
    encounter = models.OneToOneField(
        Encounter, models.PROTECT, null=True, blank=True, related_name="rating", verbose_name="窗口服务"
    )
    window = models.ForeignKey(
        "org.Window", models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name="窗口"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_received",
        verbose_name="被评价人员",
    )
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    indicators = models.JSONField("评价指标", default=list, blank=True, help_text="差评时不满意的方面(指标代码)。")
    reason = models.TextField("评价内容", max_length=500, blank=True)
    rater_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_given",
        verbose_name="评价人账号",
    )
    rater_applicant = models.ForeignKey(
        "people.Applicant", models.PROTECT, null=True, blank=True, related_name="ratings_given", verbose_name="评价人"
    )
    created_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = verbose_name_plural = "好差评"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["site", "created_at"]), models.Index(fields=["staff", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=5), name="rating_level_1_to_5"),
            # A window rating has its encounter; any other rating is of a case.
            models.CheckConstraint(
                condition=(Q(channel="window") & Q(encounter__isnull=False))
                | (~Q(channel="window") & Q(encounter__isnull=True) & Q(case__isnull=False)),
                name="rating_subject_matches_channel",
            ),
            # 一事一评: a case is rated once outside the window (the window's own encounter ratings
            # are 一次一评 and unique by the one-to-one above).
            models.UniqueConstraint(fields=["case"], condition=Q(encounter__isnull=True), name="rating_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.site}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    def indicator_labels(self) -> list[str]:
        names = indicators_for(self.channel)
        return [names.get(code, code) for code in self.indicators]
