"""Supervision pages and API: authorisation by role and site for every view (R-52…R-54):
anonymous, wrong role, other site, and the right person."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory
from yichuang.supervision.alerts import Rule, raise_alert
from yichuang.supervision.models import Alert, Notice, SupervisionResult, SupervisionRoute

from .helpers import approved_case, county_supervisor, drain, head_of, staff

pytestmark = pytest.mark.django_db


# A case number with a hyphen: a CSRF token (letters and digits) on the page can never contain it,
# as it once contained "C1" and failed the test that the head of another site sees nothing.
CASE = "QX-2026-0001"


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def alert(world):
    return raise_alert(Rule.OVERDUE, world.site, CASE, "办件已超期。", case_number=CASE)


def login(client, user):
    client.force_login(user)
    return client


# ---------------------------------------------------------------- alerts


def test_anonymous_is_sent_to_login_from_the_alerts_page(client):
    response = client.get(reverse("supervision:alerts"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_clerk_may_not_open_the_alerts_page(client, world):
    assert login(client, world.clerk).get(reverse("supervision:alerts")).status_code == 403


def test_the_head_sees_alerts_of_their_site(client, world, alert):
    body = login(client, head_of(world.site)).get(reverse("supervision:alerts")).content.decode()
    assert CASE in body and "超期" in body


def test_the_head_of_another_site_does_not_see_them(client, world, alert):
    body = login(client, head_of(TownshipSiteFactory())).get(reverse("supervision:alerts")).content.decode()
    assert CASE not in body


def test_the_county_supervisor_sees_alerts_of_townships_below(client, world, alert):
    body = login(client, county_supervisor(world.site)).get(reverse("supervision:alerts")).content.decode()
    assert CASE in body


def test_the_head_acknowledges_and_closes_an_alert_with_a_note(client, world, alert):
    c = login(client, head_of(world.site))
    c.post(reverse("supervision:alert-acknowledge", args=[alert.pk]))
    c.post(reverse("supervision:alert-close", args=[alert.pk]), {"note": "已督促审批人员当日办结"})
    alert.refresh_from_db()
    assert (alert.status, alert.note) == (Alert.Status.CLOSED, "已督促审批人员当日办结")


def test_closing_without_a_note_is_refused(client, world, alert):
    c = login(client, head_of(world.site))
    response = c.post(reverse("supervision:alert-close", args=[alert.pk]), {"note": " "}, follow=True)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and "请填写处理说明" in response.content.decode()


def test_the_head_of_another_site_cannot_close_it(client, world, alert):
    c = login(client, head_of(TownshipSiteFactory()))
    assert c.post(reverse("supervision:alert-close", args=[alert.pk]), {"note": "x"}).status_code == 404


def test_a_closed_alert_lets_the_rule_fire_again(world, alert):
    from yichuang.supervision.alerts import close

    close(alert, head_of(world.site), "已处理")
    assert raise_alert(Rule.OVERDUE, world.site, CASE, "办件再次超期。") is not None


def test_the_alerts_api_refuses_anonymous_and_clerks_and_filters_by_site(client, world, alert):
    url = reverse("supervision-alerts")
    assert client.get(url).status_code == 403
    assert login(client, world.clerk).get(url).status_code == 403
    assert [a["case"] for a in login(client, head_of(world.site)).get(url).json()] == [CASE]
    assert login(client, head_of(TownshipSiteFactory())).get(url).json() == []


# ---------------------------------------------------------------- inbox (审管联动)


@pytest.fixture
def notice(world):
    route = SupervisionRoute.objects.create(
        approving_department=world.version.department,
        supervising_department=DepartmentFactory(name="县民政局"),
        secret="s",
    )
    approved_case(world)
    drain()
    return Notice.objects.get(route=route)


def department_user(notice):
    dept = notice.route.supervising_department
    return staff(dept.site, StaffRole.Role.CLERK, department=dept)


def test_anonymous_is_sent_to_login_from_the_inbox(client):
    assert client.get(reverse("supervision:inbox")).status_code == 302


def test_staff_without_a_department_may_not_open_the_inbox(client, world):
    assert login(client, head_of(world.site)).get(reverse("supervision:inbox")).status_code == 403


def test_another_department_cannot_open_the_notice(client, world, notice):
    other = DepartmentFactory()
    user = staff(other.site, StaffRole.Role.CLERK, department=other)
    assert login(client, user).get(reverse("supervision:notice", args=[notice.event_id])).status_code == 404


def test_the_department_files_its_result_from_the_notice_page(client, notice):
    c = login(client, department_user(notice))
    url = reverse("supervision:notice", args=[notice.event_id])
    assert notice.case.number in c.get(reverse("supervision:inbox")).content.decode()
    c.post(
        url,
        {
            "feedback_id": "WEB-1",
            "outcome": "rectify",
            "opinion": "责令限期整改消防通道。",
            "inspected_on": "2026-06-15",
        },
    )
    assert SupervisionResult.objects.get().outcome == "rectify"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_result_without_an_opinion_is_shown_back_with_the_error(client, notice):
    c = login(client, department_user(notice))
    response = c.post(
        reverse("supervision:notice", args=[notice.event_id]),
        {"feedback_id": "WEB-2", "outcome": "compliant", "opinion": "", "inspected_on": "2026-06-15"},
    )
    assert response.status_code == 400 and "请填写监管意见" in response.content.decode()
    assert not SupervisionResult.objects.exists()


# ---------------------------------------------------------------- scorecards


def test_anonymous_is_sent_to_login_from_the_scorecard(client):
    assert client.get(reverse("supervision:scorecard")).status_code == 302
    assert client.get(reverse("supervision:scorecard-excel")).status_code == 302


def test_a_clerk_may_not_open_the_scorecard_or_export_it(client, world):
    c = login(client, world.clerk)
    assert c.get(reverse("supervision:scorecard")).status_code == 403
    assert c.get(reverse("supervision:scorecard-excel")).status_code == 403
    assert c.get(reverse("supervision-scorecard")).status_code == 403


def test_the_head_s_scorecard_counts_their_site_only(client, world):
    approved_case(world)
    other = make_world(basic_code="330000000300")
    approved_case(other)
    drain()
    data = login(client, head_of(world.site)).get(reverse("supervision-scorecard"), {"start": "2026-06-01"}).json()
    assert data["total"]["received"] == 1
    assert [r["label"] for r in data["rows"]] == [world.site.name]


def test_asking_for_another_site_does_not_widen_the_head_s_view(client, world):
    other = make_world(basic_code="330000000300")
    approved_case(other)
    drain()
    data = (
        login(client, head_of(world.site))
        .get(reverse("supervision-scorecard"), {"site": other.site.code, "start": "2026-06-01"})
        .json()
    )
    assert data["total"]["received"] == 0


def test_the_excel_export_holds_the_page_s_figures(client, world):
    approved_case(world)
    drain()
    response = login(client, head_of(world.site)).get(reverse("supervision:scorecard-excel"), {"start": "2026-06-01"})
    sheet = load_workbook(io.BytesIO(response.content))["成绩单"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == world.site.name and rows[0][1] == 1 and rows[-1][0] == "合计"


def test_the_public_scorecard_needs_no_login_and_shows_no_staff(client, world):
    approved_case(world)
    drain()
    response = client.get(reverse("supervision:public-scorecard"), {"by": "staff", "start": "2026-06-01"})
    body = response.content.decode()
    assert response.status_code == 200 and world.site.name in body
    assert world.clerk.full_name not in body and world.applicant.name not in body


def test_the_public_scorecard_is_rate_limited(client, settings):
    settings.YICHUANG = {**settings.YICHUANG, "PUBLIC_SCORECARD_RATE": "2/min"}
    url = reverse("supervision:public-scorecard")
    codes = [client.get(url).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_alerts_are_counted_per_site_for_the_county_supervisor(world, alert):
    from yichuang.supervision.selectors import alert_counts

    other = make_world(basic_code="330000000300")
    raise_alert(Rule.UNTOUCHED, other.site, "C2", "长时间未处理。")
    raise_alert(Rule.CLOCK_RED, other.site, "C2", "红牌。")
    counts = {c["site__name"]: c["open"] for c in alert_counts(county_supervisor(world.site))}
    assert counts == {world.site.name: 1, other.site.name: 2}
