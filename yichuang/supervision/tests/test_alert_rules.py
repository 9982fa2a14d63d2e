"""电子监察 rules (R-52): each rule raises an alert on its trigger and only then; one open
alert per rule and case however often events or scans repeat."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.supervision.models import Alert
from yichuang.supervision.scan import scan_alerts

from .helpers import drain, new_case

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
Rule = Alert.Rule


def at(day, hour=10):
    return dt.datetime(2026, 6, day, hour, tzinfo=TZ)


def rules():
    return sorted(Alert.objects.values_list("rule", flat=True))


def emit(topic, payload):
    with transaction.atomic():
        ledger.emit(topic, payload)


def accepted(world):
    return services.accept(
        new_case(world), world.clerk
    )  # accepted Monday 2026-06-15; 5 working days (19 June is 端午节) → due 23 June


def test_second_supplement_notice_on_one_case_raises_an_alert():
    world = make_world()
    case = new_case(world)
    services.request_supplement(case, world.clerk, {world.material("户口簿").pk: "复印件不清晰"})
    services.supplement(case, world.clerk, [world.material("户口簿").pk])
    services.accept(case, world.clerk)
    services.start_review(case, world.approver)
    drain()
    assert rules() == []
    services.request_supplement(case, world.approver, {world.material("居民身份证").pk: "身份证已过期"})
    drain()
    assert rules() == [Rule.SECOND_SUPPLEMENT]


def test_a_refusal_with_a_perfunctory_reason_raises_an_alert():
    world = make_world()
    services.refuse_intake(new_case(world), world.clerk, "不符合", "《行政许可法》第三十二条")
    drain()
    assert rules() == [Rule.REFUSAL_WITHOUT_REASON]


def test_a_refusal_with_a_full_reason_raises_nothing():
    world = make_world()
    services.refuse_intake(new_case(world), world.clerk, "申请事项依法不属于本中心职权范围", "《行政许可法》第三十二条")
    drain()
    assert rules() == []


def test_refused_seal_use_raises_a_seal_misuse_alert_each_time():
    world = make_world()
    case = new_case(world)
    for _ in range(2):
        emit(
            Event.SEAL_MISUSE_REFUSED,
            {
                "code": "seal_other_site",
                "case": case.number,
                "document_kind": "decision",
                "seal": "S1",
                "site": world.site.code,
                "message": "不能使用其他站点的印章。",
                "actor": "clerk",
            },
        )
    drain()
    assert rules() == [Rule.SEAL_MISUSE, Rule.SEAL_MISUSE]


def test_a_bad_review_rectified_late_raises_an_alert():
    world = make_world()
    emit(
        Event.FEEDBACK_TICKET_CLOSED,
        {"ticket": 9, "site": world.site.code, "source": "bad_review", "closed_on": "2026-06-25", "on_time": False},
    )
    drain()
    assert rules() == [Rule.REVIEW_NOT_RECTIFIED]


def test_a_bad_review_still_open_past_its_due_date_is_found_by_the_scan():
    world = make_world()
    emit(
        Event.FEEDBACK_TICKET_OPENED,
        {"ticket": 8, "site": world.site.code, "source": "bad_review", "due_on": "2026-06-16"},
    )
    drain()
    scan_alerts(at(16))
    assert rules() == []
    scan_alerts(at(17))
    assert rules() == [Rule.REVIEW_NOT_RECTIFIED]


def test_the_scan_raises_a_yellow_card_two_working_days_before_the_due_date():
    accepted(make_world())
    scan_alerts(at(17))
    assert Rule.CLOCK_YELLOW not in rules()
    scan_alerts(at(18))
    assert Rule.CLOCK_YELLOW in rules()


def test_the_scan_raises_a_red_card_on_the_due_date():
    accepted(make_world())
    scan_alerts(at(23))
    assert Rule.CLOCK_RED in rules() and Rule.OVERDUE not in rules()


def test_the_scan_raises_overdue_after_the_due_date():
    accepted(make_world())
    scan_alerts(at(24))
    assert Rule.OVERDUE in rules()


def test_a_stopped_clock_does_not_go_overdue():
    world = make_world()
    case = accepted(world)
    services.start_review(case, world.approver)
    services.start_special(case, world.approver, "site_inspection", "现场核查")
    scan_alerts(at(30))
    assert Rule.OVERDUE not in rules()


def test_a_case_untouched_for_eight_working_hours_raises_an_alert():
    new_case(make_world())  # received Monday 10:00
    scan_alerts(at(15, 17))
    assert Rule.UNTOUCHED not in rules()
    scan_alerts(at(16, 12))  # 7 h Monday + 3 h Tuesday
    assert Rule.UNTOUCHED in rules()


def test_holidays_and_weekends_are_not_working_hours(time_machine):
    world = make_world()
    time_machine.move_to(at(18, 16))  # Thursday 16:00; Friday 2026-06-19 is 端午节
    new_case(world)
    scan_alerts(at(22, 12))  # 1 h Thursday + 3 h Monday
    assert Rule.UNTOUCHED not in rules()
    scan_alerts(at(22, 17))  # 1 h + 8 h
    assert Rule.UNTOUCHED in rules()


def test_scanning_twice_keeps_one_open_alert_per_case_and_rule():
    accepted(make_world())
    scan_alerts(at(24))
    scan_alerts(at(25))
    assert rules().count(Rule.OVERDUE) == 1


def test_the_scan_command_reports_what_it_raised():
    import io

    from django.core.management import call_command

    accepted(make_world())
    out = io.StringIO()
    call_command("scan_alerts", stdout=out)
    assert out.getvalue().startswith("raised:")
