"""Attendance and posts (issue 19 §2; R-04 AB岗, R-55): marks per post, A and B both away close
the window and raise an immediate alert, posts change only through the audited service."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.feedback.tests.factories import staff_at
from yichuang.floor import selectors, services, staffing
from yichuang.floor.models import AttendanceMark
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import Post, StaffRole
from yichuang.supervision.models import Alert

pytestmark = pytest.mark.django_db
Kind = AttendanceMark.Kind


def _with_b_post(hall):
    b = staff_at(hall.site, StaffRole.Role.CLERK)
    post = staffing.assign_post(hall.window, Post.Position.B, b, hall.head)
    staffing.mark(post, b, Kind.SIGN_IN)
    return post, b


def test_the_window_stays_open_while_b_stands_in_for_a(hall):
    _with_b_post(hall)
    staffing.mark(hall.post(), hall.clerk, Kind.AWAY, note="送件到财政所")
    assert staffing.is_open(hall.window)
    assert not Alert.objects.filter(rule=Alert.Rule.WINDOW_UNSTAFFED).exists()


def test_a_and_b_both_away_raises_an_alert_at_once(hall):
    b_post, b = _with_b_post(hall)
    staffing.mark(hall.post(), hall.clerk, Kind.AWAY, note="开会")
    staffing.mark(b_post, b, Kind.SIGN_OUT)
    alert = Alert.objects.get(rule=Alert.Rule.WINDOW_UNSTAFFED)
    assert alert.site == hall.site and "A岗、B岗均不在岗" in alert.message


def test_a_window_nobody_holds_shows_closed_on_the_call_screen(hall):
    staffing.mark(hall.post(), hall.clerk, Kind.AWAY, note="开会")
    shown = {w.window.pk: w.is_open for w in selectors.screen(hall.site).windows}
    assert shown[hall.window.pk] is False and shown[hall.second_window.pk] is True


def test_a_closed_window_cannot_call(hall):
    services.issue(hall.site, "A")
    staffing.mark(hall.post(), hall.clerk, Kind.AWAY, note="开会")
    with pytest.raises(Conflict, match="暂停服务"):
        services.call_next(hall.window, hall.clerk)


def test_leave_entered_by_the_head_closes_the_window_and_alerts(hall):
    now = timezone.now()
    staffing.record_leave(hall.clerk, now - dt.timedelta(minutes=1), now + dt.timedelta(hours=4), "病假", hall.head)
    assert not staffing.is_open(hall.window)
    assert Alert.objects.filter(rule=Alert.Rule.WINDOW_UNSTAFFED).count() == 1


def test_going_out_needs_a_reason(hall):
    with pytest.raises(DomainError, match="外出须填写事由"):
        staffing.mark(hall.post(), hall.clerk, Kind.AWAY)


def test_marks_follow_the_day_in_order(hall):
    with pytest.raises(Conflict, match="在岗"):
        staffing.mark(hall.post(), hall.clerk, Kind.SIGN_IN)  # signed in already by the factory


def test_nobody_marks_a_colleagues_post(hall):
    with pytest.raises(NotAllowed):
        staffing.mark(hall.post(), hall.second_clerk, Kind.SIGN_OUT)


def test_a_post_change_is_audited_with_before_and_after(hall):
    staffing.assign_post(hall.window, Post.Position.A, hall.second_clerk, hall.head)
    record = AuditRecord.objects.filter(action="floor.post.assigned").latest("pk")
    assert record.data["before"] == hall.clerk.username and record.data["after"] == hall.second_clerk.username
    assert record.actor == hall.head.username


def test_only_the_head_changes_posts(hall):
    with pytest.raises(NotAllowed):
        staffing.assign_post(hall.window, Post.Position.B, hall.second_clerk, hall.clerk)
