"""Case search (办件查询, issue 20 §2): staff find a case by its number's tail, the applicant's
name, ID number (posted, never in a URL) or phone tail, only among their own sites' cases, a
page at a time."""

import logging

import pytest
from django.test import Client

from yichuang.cases import search, services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.org.tests.factories import UserFactory
from yichuang.people.tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db
URL = "/workbench/search/"


@pytest.fixture
def world():
    return make_world()


def receive(world, applicant=None, site=None, clerk=None):
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    return services.receive(
        site=site or world.site,
        clerk=clerk or world.clerk,
        version=world.version,
        applicant=applicant or world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def found(response) -> list[str]:
    assert response.status_code == 200
    return [c.number for c in response.context["page"].rows]


def test_the_search_page_opens_with_an_empty_form_for_staff(world):
    response = logged_in(world.clerk).get(URL)
    assert response.status_code == 200 and "办件查询" in response.content.decode()


def test_a_case_is_found_by_the_tail_of_its_number(world):
    case, other = receive(world), receive(world)
    assert found(logged_in(world.clerk).post(URL, {"number": case.number[-4:]})) == [case.number]
    assert other.number != case.number


def test_a_case_is_found_by_its_whole_number(world):
    case = receive(world)
    receive(world)
    assert found(logged_in(world.clerk).post(URL, {"number": case.number})) == [case.number]


def test_a_case_is_found_by_the_beginning_of_the_applicants_name(world):
    wang = receive(world, ApplicantFactory(name="王小明"))
    receive(world, ApplicantFactory(name="李四"))
    assert found(logged_in(world.clerk).post(URL, {"name": "王小"})) == [wang.number]


def test_a_case_is_found_by_the_applicants_id_number_sent_by_post(world):
    person = ApplicantFactory()
    mine = receive(world, person)
    receive(world)
    response = logged_in(world.clerk).post(URL, {"id_number": person.citizen_id.lower()})
    assert found(response) == [mine.number]


def test_the_id_number_appears_only_masked_in_the_result_page(world):
    person = ApplicantFactory()
    receive(world, person)
    html = logged_in(world.clerk).post(URL, {"id_number": person.citizen_id}).content.decode()
    assert person.citizen_id not in html and person.masked_number in html


def test_the_id_number_is_never_in_a_url_or_the_log(world, caplog):
    """The form posts; the answer is the page itself (no redirect), and the next page names the
    search by a token, not by its criteria."""
    person = ApplicantFactory()
    for _ in range(search.PAGE_ROWS + 1):
        receive(world, person)
    client = logged_in(world.clerk)
    page = client.get(URL).content.decode()
    assert '<form method="post" action="/workbench/search/"' in page
    with caplog.at_level(logging.DEBUG):
        first = client.post(URL, {"id_number": person.citizen_id})
        second = client.post(URL, {"search": first.context["token"], "after": first.context["page"].next_cursor})
    assert first.status_code == second.status_code == 200 and "Location" not in first
    assert person.citizen_id not in first.content.decode() + second.content.decode()
    assert person.citizen_id not in caplog.text
    assert len(found(second)) == 1


def test_a_get_with_an_id_number_in_the_query_is_not_searched(world):
    person = ApplicantFactory()
    receive(world, person)
    response = logged_in(world.clerk).get(URL, {"id_number": person.citizen_id})
    assert response.context["searched"] is False


def test_a_case_is_found_by_the_tail_of_the_applicants_phone(world):
    mine = receive(world, ApplicantFactory(phone="13912345678"))
    receive(world, ApplicantFactory(phone="13900000000"))
    assert found(logged_in(world.clerk).post(URL, {"phone_tail": "5678"})) == [mine.number]


def test_another_sites_cases_never_appear(world):
    elsewhere = make_world(basic_code="330000000200")
    person = ApplicantFactory(name="赵六")
    theirs = receive(elsewhere, person)
    ours = receive(world, person)
    stranger_site = elsewhere.site
    client = logged_in(world.clerk)
    for criteria in (
        {},
        {"name": "赵六"},
        {"id_number": person.citizen_id},
        {"number": theirs.number},
        {"site": stranger_site.pk},
    ):
        response = client.post(URL, criteria)
        rows = response.context["page"].rows if response.context["searched"] else []
        assert theirs.number not in [c.number for c in rows], criteria
    assert found(client.post(URL, {"name": "赵六"})) == [ours.number]


def test_the_pages_follow_each_other_without_repeating_or_skipping_a_case(world):
    made = [receive(world).number for _ in range(2 * search.PAGE_ROWS + 3)]
    client = logged_in(world.clerk)
    response, seen = client.post(URL, {}), []
    while True:
        seen += found(response)
        cursor = response.context["page"].next_cursor
        if cursor is None:
            break
        response = client.post(URL, {"search": response.context["token"], "after": cursor})
    newest_first = [c.number for c in Case.objects.order_by("-received_at", "-pk")]
    assert seen == newest_first and sorted(seen) == sorted(made)


def test_state_and_dates_narrow_the_search(world):
    accepted = services.accept(receive(world), world.clerk)
    receive(world)
    today = accepted.received_at.date().isoformat()
    assert found(
        logged_in(world.clerk).post(URL, {"state": "accepted", "received_from": today, "received_to": today})
    ) == [accepted.number]
    assert found(logged_in(world.clerk).post(URL, {"received_from": "2000-01-01", "received_to": "2000-01-31"})) == []


def test_bad_criteria_get_a_chinese_message_and_no_results(world):
    response = logged_in(world.clerk).post(URL, {"id_number": "123", "number": "12", "phone_tail": "56"})
    html = response.content.decode()
    assert response.status_code == 400 and response.context["searched"] is False
    for message in ("证件号码无效", "请至少输入办件编号的后4位", "请至少输入联系电话的后4位数字"):
        assert message in html


def test_an_expired_search_token_asks_to_search_again(world):
    response = logged_in(world.clerk).post(URL, {"search": "gone", "after": "1.1"})
    assert response.status_code == 200 and "检索条件已过期" in response.content.decode()


def test_the_workbench_bar_links_to_the_search(world):
    assert f'href="{URL}"' in logged_in(world.clerk).get("/workbench/").content.decode()


def test_a_person_without_a_staff_role_may_not_search():
    assert logged_in(UserFactory()).get(URL).status_code == 403


def test_a_date_outside_the_era_is_refused_in_words_not_a_server_error(db):
    from yichuang.workbench.search import SearchForm

    form = SearchForm({"received_from": "0001-01-01", "received_to": "9999-12-31"})
    assert not form.is_valid()
    assert "日期须在2000年至2099年之间。" in form.errors["received_from"]
    assert "日期须在2000年至2099年之间。" in form.errors["received_to"]
