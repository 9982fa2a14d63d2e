"""Workbench slice 1: login, role queues, the case page and its action forms (issue 4)."""

import pytest
from django.test import Client

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.seals import notices
from yichuang.supervision.tests.helpers import online_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def new_case(world, missing=()):
    materials = {
        m.pk: MaterialInput(CaseMaterial.Status.MISSING if m.pk in missing else CaseMaterial.Status.RECEIVED)
        for m in world.version.materials.all()
    }
    return services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )


def logged_in(user, **kw):
    client = Client(**kw)
    client.force_login(user)
    return client


def case_url(case):
    return f"/workbench/cases/{case.number}/"


def test_home_requires_login():
    response = Client().get("/workbench/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_login_page_logs_in_and_goes_to_the_workbench(world):
    response = Client().post(
        "/workbench/login/", {"username": world.clerk.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == "/workbench/"


def test_logout_is_a_post_and_ends_the_session(world):
    client = logged_in(world.clerk)
    response = client.post("/workbench/logout/")
    assert response.status_code == 302 and response["Location"] == "/workbench/login/"
    assert client.get("/workbench/").status_code == 302


def test_user_of_another_site_gets_404_for_the_case_page(world):
    case = new_case(world)
    stranger = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.CLERK, user=UserFactory()).user
    assert logged_in(stranger).get(case_url(case)).status_code == 404


def test_user_of_another_site_gets_404_for_an_action_post(world):
    case = new_case(world)
    stranger = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.CLERK, user=UserFactory()).user
    response = logged_in(stranger).post(case_url(case) + "act/accept/")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.state == "prereview"


def test_clerk_sees_the_accept_form_on_a_prereview_case(world):
    case = new_case(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert f'action="{case_url(case)}act/accept/"' in page and "csrfmiddlewaretoken" in page


def test_accepting_through_the_page_moves_the_case(world):
    case = new_case(world)
    response = logged_in(world.clerk).post(case_url(case) + "act/accept/")
    assert response.status_code == 302 and response["Location"] == case_url(case)
    case.refresh_from_db()
    assert case.state == "accepted"


def test_a_refused_action_shows_the_chinese_error_and_changes_nothing(world):
    case = new_case(world)
    response = logged_in(world.clerk).post(
        case_url(case) + "act/refuse_intake/",
        {"refuse_intake-reason": "不属于本中心受理范围", "refuse_intake-basis": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "请填写法律依据。" in page
    case.refresh_from_db()
    assert case.state == "prereview"


def test_the_heads_home_shows_the_clock_level_in_words(world):
    case = services.accept(new_case(world), world.clerk)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    page = logged_in(head).get("/workbench/").content.decode()
    assert case.number in page and "正常" in page and "剩" in page


def test_the_heads_overview_puts_clocked_cases_before_those_still_in_prereview(world):
    waiting = new_case(world)  # 预审: not on the clock yet
    clocked = services.accept(new_case(world), world.clerk)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    page = logged_in(head).get("/workbench/").content.decode()
    assert page.index(clocked.number) < page.index(waiting.number)


def test_the_approvers_queue_lists_accepted_cases_of_their_department(world):
    case = services.accept(new_case(world), world.clerk)
    page = logged_in(world.approver).get("/workbench/").content.decode()
    assert case.number in page


def test_an_action_post_without_csrf_token_is_refused(world):
    case = new_case(world)
    response = logged_in(world.clerk, enforce_csrf_checks=True).post(case_url(case) + "act/accept/")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == "prereview"


def test_a_user_without_staff_roles_is_refused():
    assert logged_in(UserFactory()).get("/workbench/").status_code == 403


def test_the_case_page_shows_the_timeline_from_the_audit_log(world):
    case = services.accept(new_case(world), world.clerk)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "收件" in page and "受理" in page and f"{world.clerk.full_name} · 受理" in page


def test_the_timeline_names_people_and_notices_never_usernames_or_codes(world):
    case = services.accept(new_case(world), world.clerk)
    notices.issue_notice(case, "acceptance", world.clerk)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    timeline = page[page.index('id="h-timeline"') :]
    assert "出具受理通知书" in timeline and "document.generated" not in timeline
    assert world.clerk.username not in timeline


def test_an_online_application_is_shown_as_the_applicants_not_a_citizen_code(world):
    case = online_case(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    timeline = page[page.index('id="h-timeline"') :]
    assert "申请人(网上办事大厅)" in timeline and "citizen:" not in timeline


def test_the_case_page_masks_the_applicants_number(world):
    case = new_case(world)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert world.applicant.masked_number in page and world.applicant.citizen_id not in page


def test_the_supplement_notice_form_sends_the_ticked_materials_with_reasons(world):
    first = world.version.materials.order_by("order", "pk").first()
    case = new_case(world, missing={first.pk})
    response = logged_in(world.clerk).post(
        case_url(case) + "act/request_supplement/",
        {f"request_supplement-m_{first.pk}": "on", f"request_supplement-reason_{first.pk}": "复印件不清晰"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    notice = case.supplement_notices.get()
    assert case.state == "awaiting_supplement"
    assert [(line.material_id, line.reason) for line in notice.lines.all()] == [(first.pk, "复印件不清晰")]


def test_the_case_page_links_the_notices_of_its_state(world):
    case = services.accept(new_case(world), world.clerk)
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert f'href="/documents/{case.number}/acceptance.pdf"' in page
    assert f'href="/documents/{case.number}/one_time_notice.pdf"' in page


def test_a_case_not_yet_accepted_offers_no_acceptance_notice(world):
    case = new_case(world)
    assert "acceptance.pdf" not in logged_in(world.clerk).get(case_url(case)).content.decode()


def test_queue_clocks_read_as_the_case_page_reads_them(world):
    """cases.selectors.read_clocks (one calendar read per queue) agrees with read_clock."""
    from yichuang.cases.clock import read_clock
    from yichuang.cases.selectors import read_clocks

    running = services.accept(new_case(world), world.clerk)
    special = services.start_review(services.accept(new_case(world), world.clerk), world.approver)
    services.start_special(special, world.approver, "site_inspection", "现场核查居住情况")
    cases = list(
        Case.objects.filter(pk__in=[running.pk, special.pk, new_case(world).pk])
        .select_related("home_site")
        .prefetch_related("suspensions")
        .order_by("pk")
    )
    import datetime as dt

    for today in (dt.date(2026, 6, 15), dt.date(2026, 7, 20)):
        assert read_clocks(cases, today) == [read_clock(c, today) for c in cases]


def test_a_long_queue_shows_its_first_rows_and_the_total(world):
    from yichuang.workbench.views import QUEUE_ROWS

    for _ in range(QUEUE_ROWS + 1):
        new_case(world)
    page = logged_in(world.clerk).get("/workbench/").content.decode()
    assert f"共 {QUEUE_ROWS + 1} 件,显示前 {QUEUE_ROWS} 件" in page


def test_a_promised_item_is_not_offered_instant_decision(world):
    case = services.accept(new_case(world), world.clerk)
    assert "act/decide_instantly/" not in logged_in(world.clerk).get(case_url(case)).content.decode()


def test_a_refused_case_shows_its_reason_and_legal_basis(world):
    case = services.refuse_intake(
        new_case(world), world.clerk, reason="不属于本中心受理范围", basis="《行政许可法》第三十二条"
    )
    page = logged_in(world.clerk).get(case_url(case)).content.decode()
    assert "不属于本中心受理范围" in page and "《行政许可法》第三十二条" in page
