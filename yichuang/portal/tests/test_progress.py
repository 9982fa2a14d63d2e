"""The public progress query (issue 6; R-25, invariant 6): case number + last four digits of the phone, no
personal numbers shown, limited per address and per case number."""
import pytest
from django.urls import reverse

from yichuang.cases.tests.factories import make_world

from .factories import citizen
from .test_pages import _online_case

pytestmark = pytest.mark.django_db
URL = reverse("portal:progress")


@pytest.fixture
def case():
    return _online_case(make_world(), citizen(phone="13955556789", name="李秀兰"))


def test_the_qr_link_opens_the_form_with_the_case_number(client, case):
    page = client.get(URL, {"case": case.number}).content.decode()
    assert f'value="{case.number}"' in page and "手机号后四位" in page and "预审" not in page


def test_the_right_digits_show_state_and_steps_without_personal_numbers(client, case):
    page = client.post(URL, {"case": case.number, "phone4": "6789"}).content.decode()
    assert "预审" in page and "提交申请" in page and case.item_version.name in page
    for personal in (case.applicant.citizen_id, case.applicant.phone, "李秀兰"):
        assert personal not in page


def test_wrong_digits_and_unknown_numbers_get_the_same_answer(client, case):
    wrong = client.post(URL, {"case": case.number, "phone4": "0000"}).content.decode()
    unknown = client.post(URL, {"case": "NO-SUCH-CASE", "phone4": "6789"}).content.decode()
    assert "不正确" in wrong and "不正确" in unknown and "提交申请" not in wrong


def test_guessing_from_one_address_is_limited(client, case, settings):
    settings.YICHUANG = {**settings.YICHUANG, "PORTAL_PROGRESS_IP_RATE": "3/min"}
    codes = [client.post(URL, {"case": case.number, "phone4": f"{n:04d}"}).status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_guessing_one_case_from_many_addresses_is_limited(client, case, settings):
    settings.YICHUANG = {**settings.YICHUANG, "PORTAL_PROGRESS_CASE_RATE": "3/hour"}
    codes = [client.post(URL, {"case": case.number, "phone4": f"{n:04d}"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
             for n in range(4)]
    assert codes == [200, 200, 200, 429]
