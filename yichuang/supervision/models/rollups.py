"""成绩单的汇总表: counters per (period, site, window, staff, item), kept up to date event by
event by the relay consumers in supervision/consumers.py (R-54).

The key columns are plain integers, 0 meaning "not applicable" (a 差评 ticket has no item, an
online case no window): NULLs would make the unique key useless (NULL ≠ NULL) and foreign keys
would cost a lookup per row on bulk loads. Month rows repeat the day rows summed by month, so a
year's scorecard sums twelve rows per key instead of 365.
"""

from django.db import models

CUBE_DIMS = ("site", "window", "staff", "item")

# Every counter of a rollup row, in the order scorecards and the recount use them.
METRICS = (
    "received",
    "online",
    "accepted",
    "instant",
    "completed",
    "on_time",
    "overdue",
    "promised_days",
    "used_days",
    "visits",
    "one_visit",
    "materials_total",
    "materials_reused",
    "supplement_notices",
    "evaluations",
    "satisfaction_points",
    "bad_reviews",
    "tickets_opened",
    "tickets_closed",
    "tickets_on_time",
)
KEY = ("day", "site_id", "window_id", "staff_id", "item_id")


class Counters(models.Model):
    day = models.DateField("日期", help_text="月汇总行为当月1日。")
    site_id = models.IntegerField("站点")

    received = models.PositiveIntegerField("收件", default=0)
    online = models.PositiveIntegerField("网上申请", default=0)
    accepted = models.PositiveIntegerField("受理", default=0)
    instant = models.PositiveIntegerField("即办", default=0)
    completed = models.PositiveIntegerField("办结", default=0)
    on_time = models.PositiveIntegerField("按时办结", default=0)
    overdue = models.PositiveIntegerField("超期办结", default=0)
    promised_days = models.PositiveIntegerField("承诺时限合计(工作日)", default=0)
    used_days = models.PositiveIntegerField("实际用时合计(工作日)", default=0)
    visits = models.PositiveIntegerField("跑动次数合计", default=0)
    one_visit = models.PositiveIntegerField("最多跑一次办结", default=0)
    materials_total = models.PositiveIntegerField("材料总数", default=0)
    materials_reused = models.PositiveIntegerField("免提交材料(证照复用)", default=0)
    supplement_notices = models.PositiveIntegerField("补正告知", default=0)
    evaluations = models.PositiveIntegerField("评价", default=0)
    satisfaction_points = models.PositiveIntegerField("评价分合计", default=0)
    bad_reviews = models.PositiveIntegerField("差评", default=0)
    tickets_opened = models.PositiveIntegerField("整改单", default=0)
    tickets_closed = models.PositiveIntegerField("整改完成", default=0)
    tickets_on_time = models.PositiveIntegerField("按期整改", default=0)

    class Meta:
        abstract = True


class RollupBase(Counters):
    window_id = models.IntegerField("窗口", default=0)
    staff_id = models.IntegerField("人员", default=0)
    item_id = models.IntegerField("事项", default=0)

    class Meta:
        abstract = True


class CubeBase(Counters):
    """The same counters with one dimension kept: `dim` is "site" (the site's total; value 0),
    "window", "staff" or "item" (value = its id). A scorecard grouped by one dimension reads a
    few hundred of these instead of every (window, staff, item) combination of the period."""

    dim = models.CharField("维度", max_length=8)
    value = models.IntegerField("维度取值", default=0)

    class Meta:
        abstract = True


class DailyRollup(RollupBase):
    class Meta:
        verbose_name = verbose_name_plural = "成绩单日汇总"
        constraints = [models.UniqueConstraint(fields=list(KEY), name="dailyrollup_key")]
        # Full-key rows are read only for item-filtered scorecards; cubes serve the rest.
        indexes = [
            models.Index(fields=["site_id", "day"], name="dailyrollup_site_day"),
            models.Index(fields=["item_id", "day"], name="dailyrollup_item_day"),
        ]


class MonthlyRollup(RollupBase):
    class Meta:
        verbose_name = verbose_name_plural = "成绩单月汇总"
        constraints = [models.UniqueConstraint(fields=list(KEY), name="monthlyrollup_key")]
        indexes = [
            models.Index(fields=["site_id", "day"], name="monthlyrollup_site_day"),
            models.Index(fields=["item_id", "day"], name="monthlyrollup_item_day"),
        ]


class DailyCube(CubeBase):
    class Meta:
        verbose_name = verbose_name_plural = "成绩单日汇总(按维度)"
        constraints = [models.UniqueConstraint(fields=["day", "site_id", "dim", "value"], name="dailycube_key")]
        indexes = [models.Index(fields=["dim", "day"], name="dailycube_dim_day")]


class MonthlyCube(CubeBase):
    class Meta:
        verbose_name = verbose_name_plural = "成绩单月汇总(按维度)"
        constraints = [models.UniqueConstraint(fields=["day", "site_id", "dim", "value"], name="monthlycube_key")]
        indexes = [models.Index(fields=["dim", "day"], name="monthlycube_dim_day")]
