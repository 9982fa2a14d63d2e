"""Reads of supervision: alerts a user may see, per-site alert counts, a department's inbox, and
the 双反馈 results to show on a case (for the workbench case page: `results_for_case`)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .access import department_ids, watched_site_ids
from .models import Alert, Notice, SupervisionResult


def visible_alerts(user, *, status: str = "", rule: str = "", site_id: int | None = None) -> QuerySet[Alert]:
    qs = Alert.objects.filter(site_id__in=watched_site_ids(user)).select_related("site", "acknowledged_by", "closed_by")
    if status:
        qs = qs.filter(status=status)
    if rule:
        qs = qs.filter(rule=rule)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("status", "-raised_at")


def alert_counts(user) -> list[dict]:
    """Per site: open, acknowledged and closed alerts (电子监察 counted per site)."""
    rows = (
        Alert.objects.filter(site_id__in=watched_site_ids(user))
        .values("site_id", "site__name")
        .annotate(
            open=Count("pk", filter=Q(status=Alert.Status.OPEN)),
            acknowledged=Count("pk", filter=Q(status=Alert.Status.ACKNOWLEDGED)),
            closed=Count("pk", filter=Q(status=Alert.Status.CLOSED)),
            total=Count("pk"),
        )
        .order_by("site__name")
    )
    return list(rows)


def inbox(user) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(route__supervising_department_id__in=department_ids(user))
        .select_related("case", "route__supervising_department", "route__approving_department")
        .prefetch_related("results")
        .order_by("-created_at")
    )


def results_for_case(case) -> list[dict]:
    """双告知 and 双反馈 of one case, oldest first: what the case page shows under 审管联动."""
    notices = (
        Notice.objects.filter(case=case)
        .select_related("route__supervising_department")
        .prefetch_related("results")
        .order_by("created_at")
    )
    return [
        {"notice": n, "department": n.route.supervising_department.name, "results": list(n.results.all())}
        for n in notices
    ]


def latest_result(case) -> SupervisionResult | None:
    return SupervisionResult.objects.filter(notice__case=case).order_by("-received_at").first()
