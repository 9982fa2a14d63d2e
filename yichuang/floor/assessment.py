"""月度考核表 (R-55: attendance, conduct, assessment): per staff member of a site and month,
the workload (tickets served, cases first received), the on-time rate of the cases they own
decided that month, window ratings and 差评 (complaints), attendance, and the head's score and
comment — kept through `score`, audited — with an Excel export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.feedback import permissions as feedback_permissions
from yichuang.feedback.models import Rating
from yichuang.feedback.models.rating import BAD_LEVELS
from yichuang.ledger import services as ledger
from yichuang.org.models import Leave, StaffRole, User

from .models import Assessment, AttendanceMark, Ticket

SHEET_ROLES = (StaffRole.Role.CLERK, StaffRole.Role.HELPER, StaffRole.Role.APPROVER)
COLUMNS = (
    "人员", "办结排队号", "首问收件", "按时办结率", "窗口评价数", "平均评价分", "差评",
    "出勤天数", "外出次数", "请假次数", "负责人评分", "负责人评语",
)  # fmt: skip


@dataclass
class SheetRow:
    staff: User
    tickets: int
    cases: int
    on_time: str
    ratings: int
    mean_rating: str
    complaints: int
    days_in: int
    away: int
    leaves: int
    assessment: Assessment | None

    def cells(self) -> list:
        a = self.assessment
        return [
            str(self.staff), self.tickets, self.cases, self.on_time, self.ratings, self.mean_rating,
            self.complaints, self.days_in, self.away, self.leaves, a.score if a else "", a.comment if a else "",
        ]  # fmt: skip


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def parse_month(text: str) -> dt.date:
    if not text:
        return timezone.localdate().replace(day=1)
    try:
        return dt.datetime.strptime(text.strip()[:7], "%Y-%m").date()
    except ValueError:
        raise DomainError(Problem("bad_month", "月份格式应为“2026-12”。", "month")) from None


def sheet(site, month: dt.date) -> list[SheetRow]:
    first, after = month_bounds(month)
    people = list(
        User.objects.filter(staff_roles__site=site, staff_roles__role__in=SHEET_ROLES).distinct().order_by("username")
    )
    ids = [u.pk for u in people]
    tickets = dict(
        Ticket.objects.filter(site=site, staff_id__in=ids, state=Ticket.State.DONE, day__gte=first, day__lt=after)
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    received = dict(
        Case.objects.filter(site=site, owner_id__in=ids, received_at__date__gte=first, received_at__date__lt=after)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    decided = {
        row["owner_id"]: row
        for row in Case.objects.filter(
            site=site, owner_id__in=ids, decided_at__date__gte=first, decided_at__date__lt=after
        )
        .values("owner_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(due_date__isnull=False, decided_at__date__gt=F("due_date"))))
    }
    ratings = {
        row["staff_id"]: row
        for row in Rating.objects.filter(
            site=site, staff_id__in=ids, created_at__date__gte=first, created_at__date__lt=after
        )
        .values("staff_id")
        .annotate(n=Count("pk"), mean=Avg("level"), bad=Count("pk", filter=Q(level__in=list(BAD_LEVELS))))
    }
    marks = AttendanceMark.objects.filter(post__window__site=site, staff_id__in=ids, day__gte=first, day__lt=after)
    days_in = dict(
        marks.filter(kind=AttendanceMark.Kind.SIGN_IN)
        .values("staff_id")
        .annotate(n=Count("day", distinct=True))
        .values_list("staff_id", "n")
    )
    away = dict(
        marks.filter(kind=AttendanceMark.Kind.AWAY)
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    leaves = dict(
        Leave.objects.filter(staff_id__in=ids, starts_at__date__lt=after, ends_at__date__gte=first)
        .values("staff_id")
        .annotate(n=Count("pk"))
        .values_list("staff_id", "n")
    )
    scores = {a.staff_id: a for a in Assessment.objects.filter(site=site, month=first)}
    rows = []
    for u in people:
        d = decided.get(u.pk)
        r = ratings.get(u.pk)
        rows.append(
            SheetRow(
                staff=u,
                tickets=tickets.get(u.pk, 0),
                cases=received.get(u.pk, 0),
                on_time=f"{(d['n'] - d['late']) / d['n'] * 100:.1f}%" if d and d["n"] else "—",
                ratings=r["n"] if r else 0,
                mean_rating=f"{r['mean']:.2f}" if r else "—",
                complaints=r["bad"] if r else 0,
                days_in=days_in.get(u.pk, 0),
                away=away.get(u.pk, 0),
                leaves=leaves.get(u.pk, 0),
                assessment=scores.get(u.pk),
            )
        )
    return rows


@transaction.atomic
def score(site, staff: User, month: dt.date, value, comment: str, by: User) -> Assessment:
    """The head's score (0–100) and comment for the month; a second entry replaces the first,
    and both are in the ledger."""
    if site.pk not in feedback_permissions.headed_site_ids(by):
        raise NotAllowed(Problem("role_not_allowed", "只有本中心负责人可以评分。", "staff"))
    if not staff.staff_roles.filter(site=site, role__in=SHEET_ROLES).exists():
        raise DomainError(Problem("staff_other_site", "该人员不在本中心的考核范围内。", "staff"))
    try:
        value = int(str(value).strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        raise DomainError(Problem("bad_score", "评分应为0到100的整数。", "score"))
    first, _ = month_bounds(month)
    entry, _ = Assessment.objects.update_or_create(
        site=site,
        staff=staff,
        month=first,
        defaults={"score": value, "comment": comment.strip()[:300], "scored_by": by, "scored_at": timezone.now()},
    )
    ledger.record(
        f"org.staff.{staff.pk}",
        "floor.assessment.scored",
        actor=by.username,
        object_type="floor.Assessment",
        object_id=entry.pk,
        data={"site": site.code, "month": f"{first:%Y-%m}", "score": value},
    )
    return entry


def workbook(site, month: dt.date, rows: list[SheetRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = f"{month:%Y-%m}"
    ws.append([f"{site.name} {month:%Y年%m月} 窗口工作人员月度考核表"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row.cells())
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["L"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()
