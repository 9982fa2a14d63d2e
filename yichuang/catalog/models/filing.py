"""A township's 实施清单 as it is compiled and filed (R-11). The published list itself stays in
SiteItem; an ImplementationList is one round of drafting → filing → publishing."""

from __future__ import annotations

from django.db import models

from ..filing.workflow import OPEN_STATES, State


class ImplementationList(models.Model):
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="implementation_lists", verbose_name="站点")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.CharField("审核人", max_length=150, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    items = models.ManyToManyField("catalog.Item", through="ListEntry", related_name="+", verbose_name="事项")

    class Meta:
        verbose_name = verbose_name_plural = "实施清单(编制与备案)"
        ordering = ["site__code", "-created_at"]
        constraints = [
            # One list in the works per site: two open rounds could publish over each other.
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(state__in=OPEN_STATES), name="implementationlist_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} 实施清单({self.get_state_display()})"


class ListEntry(models.Model):
    implementation_list = models.ForeignKey(
        ImplementationList, models.CASCADE, related_name="entries", verbose_name="实施清单"
    )
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="list_entries", verbose_name="事项实施")

    class Meta:
        verbose_name = verbose_name_plural = "实施清单条目"
        constraints = [models.UniqueConstraint(fields=["implementation_list", "item"], name="listentry_unique")]
