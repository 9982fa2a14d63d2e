"""Working-day calendar (R-24; 行政许可法 art. 82: limits count working days).

The calendar lives in the database because the State Council publishes each year's
schedule (with 调休 working weekends) only around November: libraries know a fixed range
of years, administrators add the rest. A year without a CalendarYear row is unknown, and
asking about it is an error, never a guess.
"""

from django.db import models


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=64, help_text="例如 chinesecalendar 1.11.0 或 国务院办公厅通知")
    loaded_at = models.DateTimeField("载入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已知日历年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年({self.source})"


class CalendarDay(models.Model):
    """One day that differs from the plain Monday–Friday rule: a holiday on a weekday, a 调休
    working weekend — or, with a site, a local exception (e.g. a Saturday service day, "5+X")."""

    date = models.DateField("日期")
    is_working = models.BooleanField("是否工作日")
    name = models.CharField("说明", max_length=64, blank=True)
    site = models.ForeignKey(
        "org.Site", models.CASCADE, null=True, blank=True, related_name="calendar_days", verbose_name="站点(留空为全国)"
    )

    class Meta:
        verbose_name = verbose_name_plural = "工作日历"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(site__isnull=True), name="calendarday_national_unique"
            ),
            models.UniqueConstraint(fields=["site", "date"], name="calendarday_site_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_working else '休息日'} {self.name}"
