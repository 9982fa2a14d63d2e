"""Working-day calendar (R-24; 行政许可法 art. 82). Expected dates are counted by hand from the
State Council's 2025 and 2026 holiday notices: the start day is never counted."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yichuang.org.calendar import UnknownCalendarYear, add_working_days, is_working_day, working_days_between
from yichuang.org.models import CalendarDay, CalendarYear
from yichuang.org.services import seed_calendar_from_library
from yichuang.org.tests.factories import TownshipSiteFactory

D = dt.date


@pytest.fixture
def calendar(db):
    seed_calendar_from_library([2025, 2026])


@pytest.fixture
def site(db):
    return TownshipSiteFactory()


@pytest.mark.parametrize(
    "start, n, due",
    [
        # 2025 春节: 1/28–2/4 off; Sun 1/26 and Sat 2/8 are 调休 working days.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        (D(2025, 1, 24), 6, D(2025, 2, 8)),
        # 2025 国庆+中秋: 10/1–10/8 off; Sun 9/28 and Sat 10/11 work.
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 26), 4, D(2025, 10, 9)),
        (D(2025, 9, 26), 6, D(2025, 10, 11)),
        # 2026 春节: 2/15–2/23 off; Sat 2/14 and Sat 2/28 work.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),
        # 2026 中秋 9/25 and 国庆 10/1–10/7 off; Sun 9/20 and Sat 10/10 work.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 18), 6, D(2026, 9, 28)),
        (D(2026, 9, 18), 9, D(2026, 10, 8)),
        (D(2026, 9, 18), 11, D(2026, 10, 10)),
    ],
)
def test_due_date_skips_holidays_and_counts_adjusted_weekends(calendar, site, start, n, due):
    assert add_working_days(site, start, n) == due


def test_start_day_is_not_counted_even_when_it_is_a_holiday(calendar, site):
    # Accepted on National Day itself: the first working day after it is day 1.
    assert add_working_days(site, D(2026, 10, 1), 1) == D(2026, 10, 8)


def test_zero_working_days_is_the_same_day(calendar, site):
    assert add_working_days(site, D(2026, 3, 4), 0) == D(2026, 3, 4)


def test_adjusted_weekend_is_a_working_day_and_holiday_weekday_is_not(calendar, site):
    assert is_working_day(site, D(2026, 2, 28)) is True
    assert is_working_day(site, D(2026, 2, 16)) is False
    assert is_working_day(site, D(2026, 3, 7)) is False  # an ordinary Saturday


def test_working_days_between_counts_across_national_day(calendar, site):
    assert working_days_between(site, D(2026, 9, 30), D(2026, 10, 8)) == 1
    assert working_days_between(site, D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(site, D(2026, 10, 10), D(2026, 9, 30)) == -3


def test_unknown_year_is_an_error_not_a_guess(calendar, site):
    with pytest.raises(UnknownCalendarYear) as excinfo:
        add_working_days(site, D(2026, 12, 20), 20)
    assert excinfo.value.code == "calendar_year_unknown"
    assert "2027年" in excinfo.value.message


def test_asking_about_a_single_day_in_an_unknown_year_is_an_error(calendar, site):
    with pytest.raises(UnknownCalendarYear):
        is_working_day(site, D(2027, 1, 4))


def test_a_year_entered_by_an_administrator_becomes_usable(calendar, site):
    CalendarYear.objects.create(year=2027, source="国务院办公厅通知(管理员录入)")
    CalendarDay.objects.create(date=D(2027, 1, 1), is_working=False, name="元旦")
    assert add_working_days(site, D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_a_site_exception_overrides_the_national_calendar_only_for_that_site(calendar, site):
    other = TownshipSiteFactory()
    CalendarDay.objects.create(site=site, date=D(2026, 3, 7), is_working=True, name="周六延时服务")
    assert add_working_days(site, D(2026, 3, 6), 1) == D(2026, 3, 7)
    assert add_working_days(other, D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_seeding_keeps_an_administrators_correction_unless_replace(calendar):
    CalendarDay.objects.filter(date=D(2026, 2, 28), site__isnull=True).update(is_working=False)
    assert seed_calendar_from_library([2026]) == []
    assert CalendarDay.objects.get(date=D(2026, 2, 28), site__isnull=True).is_working is False
    assert seed_calendar_from_library([2026], replace=True) == [2026]
    assert CalendarDay.objects.get(date=D(2026, 2, 28), site__isnull=True).is_working is True


def test_seeding_a_year_the_library_does_not_know_is_refused(db):
    with pytest.raises(Exception) as excinfo:
        seed_calendar_from_library([2031])
    assert getattr(excinfo.value, "code", "") == "calendar_library_year_unknown"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(min_value=0, max_value=600), n=st.integers(min_value=0, max_value=60))
def test_adding_then_counting_working_days_gives_back_n(calendar, site, offset, n):
    start = D(2025, 1, 1) + dt.timedelta(days=offset)
    due = add_working_days(site, start, n)
    assert working_days_between(site, start, due) == n
    if n:
        assert is_working_day(site, due)
