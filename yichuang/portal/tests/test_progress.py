"""The public progress query (issue 6; R-25, invariant 6): case number + last four digits of the phone, no
personal numbers shown, limited per address (a budget and a growing wait), never per case (issue 13)."""

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


def test_wrong_guesses_from_many_addresses_do_not_lock_out_the_holder(client, case):
    for n in range(30):  # sequential case numbers make any case a target
        client.post(URL, {"case": case.number, "phone4": f"{n:04d}"}, REMOTE_ADDR=f"10.0.{n}.1")
    response = client.post(URL, {"case": case.number, "phone4": "6789"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200 and "提交申请" in response.content.decode()


def test_wrong_guesses_from_one_address_make_it_wait_longer_and_longer(client, case, time_machine):
    waits = []
    for n in range(12):
        response = client.post(URL, {"case": case.number, "phone4": f"{n:04d}"})
        if response.status_code == 429:
            waits.append(int(response["Retry-After"]))
            time_machine.shift(waits[-1])
    assert len(waits) >= 3 and waits == sorted(waits) and waits[-1] > waits[0]


def test_a_waiting_address_is_told_in_chinese_how_long(client, case):
    for n in range(10):
        response = client.post(URL, {"case": case.number, "phone4": f"{n:04d}"})
    assert response.status_code == 429 and "秒" in response.content.decode()


def test_the_holder_elsewhere_is_not_slowed_by_a_guessing_address(client, case):
    for n in range(10):
        client.post(URL, {"case": case.number, "phone4": f"{n:04d}"}, REMOTE_ADDR="203.0.113.9")
    assert client.post(URL, {"case": case.number, "phone4": "6789"}, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_case_number_with_a_control_character_is_no_server_error(client, case):
    response = client.post(URL, {"case": "\x01" + case.number, "phone4": "0000\x01"})
    assert response.status_code == 200 and "不正确" in response.content.decode()


def test_full_width_last_four_digits_are_the_same_digits(client, case):
    page = client.post(URL, {"case": case.number, "phone4": "６７８９"}).content.decode()
    assert "提交申请" in page


def test_last_four_digits_in_another_script_are_a_wrong_answer(client, case):
    page = client.post(URL, {"case": case.number, "phone4": "٦٧٨٩"}).content.decode()
    assert "不正确" in page and "提交申请" not in page
