"""整改单: the loop that closes a 差评 or a 办不成事 report (R-50, R-51): verify → rectify →
call back → close, by a due date counted in the site's working days. Each step is a row of its
own (who, when, what), never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..workflow import Action, State


class Rectification(models.Model):
    class Source(models.TextChoices):
        BAD_REVIEW = "bad_review", "差评"
        CANNOT_DO = "cannot_do", "办不成事"

    site = models.ForeignKey("org.Site", models.PROTECT, related_name="rectifications", verbose_name="站点")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    rating = models.OneToOneField(
        "feedback.Rating", models.PROTECT, null=True, blank=True, related_name="rectification", verbose_name="差评"
    )
    report = models.OneToOneField(
        "feedback.UnresolvedReport",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
        verbose_name="办不成事反映",
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.VERIFYING)
    opened_on = models.DateField("立单日期")
    due_on = models.DateField("整改期限")
    closed_on = models.DateField("办结日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改单"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["site", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="bad_review") & Q(rating__isnull=False) & Q(report__isnull=True))
                | (Q(source="cannot_do") & Q(report__isnull=False) & Q(rating__isnull=True)),
                name="rectification_source_matches_subject",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("opened_on")), name="rectification_due_after_open"),
        ]

    def __str__(self) -> str:
        return f"整改单 {self.pk} · {self.get_source_display()} · {self.site}"

    @property
    def audit_stream(self) -> str:
        return f"feedback.ticket.{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def is_overdue(self) -> bool:
        """Open past its due date, or closed after it."""
        last = self.closed_on or timezone.localdate()
        return last > self.due_on


class RectificationStep(models.Model):
    class Result(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        UNSATISFIED = "unsatisfied", "仍不满意"
        UNREACHABLE = "unreachable", "无法联系(匿名或多次未接通)"

    ticket = models.ForeignKey(Rectification, models.CASCADE, related_name="steps", verbose_name="整改单")
    action = models.CharField("环节", max_length=16, choices=Action.choices)
    state = models.CharField("办理后状态", max_length=16, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="办理人"
    )
    at = models.DateTimeField("办理时间")
    note = models.TextField("情况说明", max_length=2000, blank=True)
    result = models.CharField("回访结果", max_length=12, choices=Result.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改环节"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
