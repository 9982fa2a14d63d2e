"""A/B posts (AB岗, R-04): A staffs the window; B stands in while A is away."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.org.models import Post
from yichuang.org.selectors import on_duty, windows_covered_by
from yichuang.org.tests.factories import LeaveFactory, PostFactory, UserFactory, WindowFactory

NOW = timezone.make_aware(dt.datetime(2026, 11, 24, 10, 0))


@pytest.fixture
def window(db):
    w = WindowFactory()
    PostFactory(window=w, position=Post.Position.A, staff=UserFactory(full_name="张三"))
    PostFactory(window=w, position=Post.Position.B, staff=UserFactory(full_name="李四"))
    return w


def staff(window, position):
    return window.posts.get(position=position).staff


def test_a_is_on_duty_when_present(window):
    assert on_duty(window, NOW) == staff(window, "A")


def test_b_takes_over_while_a_is_on_leave(window):
    LeaveFactory(staff=staff(window, "A"), starts_at=NOW - dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=3))
    assert on_duty(window, NOW) == staff(window, "B")


def test_a_is_back_on_duty_the_moment_the_leave_ends(window):
    LeaveFactory(staff=staff(window, "A"), starts_at=NOW - dt.timedelta(hours=2), ends_at=NOW)
    assert on_duty(window, NOW) == staff(window, "A")


def test_window_is_unstaffed_only_when_a_and_b_are_both_away(window):
    for position in "AB":
        LeaveFactory(
            staff=staff(window, position), starts_at=NOW - dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=1)
        )
    assert on_duty(window, NOW) is None


def test_b_serves_the_queue_of_a_window_whose_a_is_away(window):
    b = staff(window, "B")
    assert window not in windows_covered_by(b, NOW)
    LeaveFactory(staff=staff(window, "A"), starts_at=NOW - dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=1))
    assert window in windows_covered_by(b, NOW)


def test_a_window_has_at_most_one_a_post(window):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(window=window, position=Post.Position.A)


def test_the_kept_coverage_statement_follows_the_moment_and_the_person_asking(window):
    """coverage is composed once (common.composed, decision 0130) and run with the person and
    the moment: the same statement says B covers A during A's leave, not after it, and never
    for someone without a post there."""
    a, b = staff(window, "A"), staff(window, "B")
    LeaveFactory(staff=a, starts_at=NOW - dt.timedelta(hours=1), ends_at=NOW + dt.timedelta(hours=1))
    assert window in windows_covered_by(b, NOW)
    assert window not in windows_covered_by(b, NOW + dt.timedelta(hours=2))
    assert window in windows_covered_by(a, NOW + dt.timedelta(hours=2))
    assert windows_covered_by(UserFactory(), NOW) == []
