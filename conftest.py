import datetime as dt
from zoneinfo import ZoneInfo

import pytest

# A Monday in a year the working calendar knows. Case clocks count working days from "today";
# with the real date a 20-working-day limit started in December would reach into a year whose
# holidays are not yet published, and the suite would fail for reasons of the calendar.
TEST_TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _known_calendar_today(time_machine):
    time_machine.move_to(TEST_TODAY, tick=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
