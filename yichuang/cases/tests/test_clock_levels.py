"""Warning levels of the clock (issue 3 §5): thresholds are settings, a stopped clock is frozen."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.clock import read_clock
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 11, 2))  # Monday
    world = make_world()
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()},
        form_data={"applicant": {"age": 81}},
    )
    case = services.accept(case, world.clerk)  # due Mon 11/9 (5 working days)
    return world, case


@pytest.mark.parametrize(
    "today, level, remaining",
    [
        (dt.date(2026, 11, 3), "normal", 4),
        (dt.date(2026, 11, 5), "yellow", 2),
        (dt.date(2026, 11, 9), "red", 0),
        (dt.date(2026, 11, 11), "red", -2),
    ],
)
def test_level_follows_the_remaining_working_days(accepted, today, level, remaining):
    reading = read_clock(accepted[1], today)
    assert (reading.level, reading.remaining_days) == (level, remaining)
    assert reading.overdue is (today > dt.date(2026, 11, 9))


def test_thresholds_are_configurable(accepted, settings):
    settings.YICHUANG = {**settings.YICHUANG, "WARNING_YELLOW_DAYS": 4}
    assert read_clock(accepted[1], dt.date(2026, 11, 3)).level == "yellow"


def test_a_stopped_clock_reads_as_it_stood_when_it_stopped(accepted, monkeypatch):
    world, case = accepted
    services.start_review(case, world.approver)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 11, 4))
    services.start_special(case, world.approver, "site_inspection", "现场勘验")
    case.refresh_from_db()
    reading = read_clock(case, dt.date(2026, 11, 20))
    assert (reading.stopped, reading.remaining_days, reading.overdue) == (True, 3, False)
