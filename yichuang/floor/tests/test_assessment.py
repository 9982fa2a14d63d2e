"""月度考核表 (issue 19 §2; R-55): figures per staff member from tickets, cases, ratings and
attendance; the head's score (audited); an Excel export that opens with openpyxl."""

import datetime as dt
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yichuang.common.errors import DomainError, NotAllowed
from yichuang.feedback import services as feedback
from yichuang.floor import assessment, services
from yichuang.ledger.models import AuditRecord

pytestmark = pytest.mark.django_db


def _row(hall, user):
    return next(r for r in assessment.sheet(hall.site, timezone.localdate()) if r.staff == user)


def test_the_sheet_counts_tickets_served_ratings_complaints_and_days_signed_in(hall):
    services.issue(hall.site, "A")
    done = services.finish(services.call_next(hall.window, hall.clerk), hall.clerk)
    feedback.rate_encounter(
        done.encounter.token, device=hall.fw.tablet, level=1, indicators=["service_attitude"], reason="态度差"
    )
    row = _row(hall, hall.clerk)
    assert (row.tickets, row.ratings, row.complaints, row.days_in) == (1, 1, 1, 1)


def test_the_on_time_rate_counts_cases_decided_by_their_promise(hall):
    hall.fw.decided_case()  # decided on the spot: on time
    assert _row(hall, hall.clerk).on_time == "100.0%"


def test_the_heads_score_is_kept_and_audited(hall):
    assessment.score(hall.site, hall.clerk, timezone.localdate(), "92", "服务热情", hall.head)
    row = _row(hall, hall.clerk)
    assert (row.assessment.score, row.assessment.comment) == (92, "服务热情")
    assert AuditRecord.objects.filter(action="floor.assessment.scored", actor=hall.head.username).exists()


def test_a_score_outside_0_to_100_is_refused(hall):
    with pytest.raises(DomainError, match="0到100"):
        assessment.score(hall.site, hall.clerk, timezone.localdate(), "120", "", hall.head)


def test_only_the_head_scores(hall):
    with pytest.raises(NotAllowed):
        assessment.score(hall.site, hall.second_clerk, timezone.localdate(), "60", "", hall.clerk)


def test_the_excel_export_has_a_row_per_staff_member(hall):
    client = Client()
    client.force_login(hall.head)
    month = f"{timezone.localdate():%Y-%m}"
    response = client.get(reverse("floor:assessment", args=[hall.site.code]), {"month": month, "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "人员" and {sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)} >= {
        str(hall.clerk),
        str(hall.second_clerk),
    }


def test_a_bad_month_is_refused_in_words(hall):
    client = Client()
    client.force_login(hall.head)
    response = client.get(reverse("floor:assessment", args=[hall.site.code]), {"month": "12/2026"})
    assert response.status_code == 400 and "月份格式" in response.content.decode()


def test_last_months_sheet_does_not_count_this_months_work(hall):
    services.issue(hall.site, "A")
    services.finish(services.call_next(hall.window, hall.clerk), hall.clerk)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    row = next(r for r in assessment.sheet(hall.site, last_month) if r.staff == hall.clerk)
    assert row.tickets == 0
