"""The home page's queue rows and the clock badge, written out in Python (decision 0130): what
a person reads in each cell — the number linked, the masked ID number, 视为受理, the received
time in Beijing time, and the badge's level, days left, 已超期 and 暂停计时."""

import datetime as dt
from types import SimpleNamespace

from yichuang.people.models import Applicant
from yichuang.workbench.queue_rows import Row
from yichuang.workbench.templatetags.queue_table import badge_html, queue_rows


def _badge(level, text, remaining=None, overdue=False, stopped=False):
    return {"level": level, "text": text, "remaining": remaining, "overdue": overdue, "stopped": stopped}


def test_a_badge_says_the_level_and_the_working_days_left():
    html = badge_html(_badge("yellow", "黄牌预警", remaining=2))
    assert html == '<span class="wb-badge wb-yellow">▲ 黄牌预警<span class="wb-days"> · 剩2个工作日</span></span>\n'


def test_a_badge_of_an_overdue_stopped_clock_says_both():
    html = badge_html(_badge("red", "红牌预警", remaining=-1, overdue=True, stopped=True))
    assert html == '<span class="wb-badge wb-red">● 红牌预警<span class="wb-days"> · 已超期 · 暂停计时</span></span>\n'


def test_a_case_without_a_clock_has_a_dash_and_no_days():
    assert badge_html(_badge("none", "未计时")) == '<span class="wb-badge wb-none">– 未计时</span>\n'


def _row(**extra):
    applicant = Applicant(kind="natural", name="张<三>", citizen_id="330999194001210006", credit_code="")
    row = Row(
        "330999100000-20261207-0001",
        "prereview",
        dt.datetime(2026, 12, 6, 16, 30, tzinfo=dt.UTC),
        extra.get("deemed"),
        SimpleNamespace(name="高龄老人津贴申请"),
        applicant,
        href="/workbench/cases/330999100000-20261207-0001/",
    )
    return row


def test_a_queue_row_links_the_case_and_shows_the_received_time_in_beijing_time():
    html = queue_rows({"rows": [_row()], "show_clock": False})
    assert '<a href="/workbench/cases/330999100000-20261207-0001/" class="code">330999100000-20261207-0001</a>' in html
    assert "<div>2026-12-07 00:30</div>" in html
    assert "视为受理" not in html


def test_a_queue_row_masks_the_id_number_and_escapes_the_name():
    html = queue_rows({"rows": [_row()], "show_clock": False})
    assert "张&lt;三&gt;" in html and "330999194001210006" not in html


def test_a_case_deemed_accepted_is_flagged_in_its_row():
    html = queue_rows({"rows": [_row(deemed=dt.date(2026, 12, 6))], "show_clock": False})
    assert '<span class="wb-flag">视为受理</span>' in html
