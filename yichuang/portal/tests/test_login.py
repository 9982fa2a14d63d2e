"""Citizen login by phone and one-time code, real-name check, legal persons (issue 6; R-25).

Codes are stored hashed, expire, allow few attempts and are sent at a limited rate; the SMS
backend and the identity provider are pluggable settings."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord
from yichuang.notify.models import SmsMessage
from yichuang.org.tests.factories import StaffRoleFactory
from yichuang.people.tests.factories import make_citizen_id, make_credit_code

from ..models import CitizenAccount, LoginCode
from ..services import accounts
from .factories import citizen, last_code, logged_in_account

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def test_a_first_login_creates_an_account_named_by_a_pseudonym():
    account = logged_in_account(PHONE)
    assert account.phone == PHONE and account.user.username.startswith("citizen-")
    assert PHONE not in account.user.username


def test_the_code_is_stored_only_as_a_hash():
    accounts.send_login_code(PHONE)
    code = last_code(PHONE)
    row = LoginCode.objects.get()
    assert code not in row.code_hash and PHONE not in row.phone_digest


def test_the_console_backend_masks_the_phone_in_its_record():
    accounts.send_login_code(PHONE)
    assert SmsMessage.objects.get().masked_phone == "139****5678"


def test_a_code_is_used_once():
    accounts.send_login_code(PHONE)
    code = last_code(PHONE)
    accounts.log_in_with_code(PHONE, code)
    with pytest.raises(DomainError) as exc:
        accounts.log_in_with_code(PHONE, code)
    assert exc.value.code == "code_expired"


def test_an_expired_code_is_refused():
    accounts.send_login_code(PHONE)
    code = last_code(PHONE)
    with time_machine.travel(dt.timedelta(minutes=accounts.CODE_MINUTES + 1)):
        with pytest.raises(DomainError) as exc:
            accounts.log_in_with_code(PHONE, code)
    assert exc.value.code == "code_expired"


def test_wrong_codes_lock_the_code_after_the_allowed_attempts():
    accounts.send_login_code(PHONE)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(accounts.MAX_ATTEMPTS):
        with pytest.raises(DomainError):
            accounts.log_in_with_code(PHONE, wrong)
    with pytest.raises(DomainError) as exc:
        accounts.log_in_with_code(PHONE, code)
    assert exc.value.code == "code_locked"


def test_a_second_code_within_a_minute_is_refused():
    accounts.send_login_code(PHONE)
    with pytest.raises(DomainError) as exc:
        accounts.send_login_code(PHONE)
    assert exc.value.code == "code_sent_recently"


def test_a_phone_gets_at_most_five_codes_an_hour():
    for minute in range(accounts.SENDS_PER_HOUR):
        with time_machine.travel(dt.timedelta(minutes=2 * minute + 1)):
            accounts.send_login_code(PHONE)
    with time_machine.travel(dt.timedelta(minutes=30)):
        with pytest.raises(DomainError) as exc:
            accounts.send_login_code(PHONE)
    assert exc.value.code == "too_many_codes"


def test_an_invalid_phone_is_refused_with_a_chinese_message():
    with pytest.raises(DomainError) as exc:
        accounts.send_login_code("12345")
    assert exc.value.code == "invalid_phone" and "手机号" in exc.value.message


def test_a_staff_account_cannot_log_in_to_the_hall():
    account = logged_in_account(PHONE)
    StaffRoleFactory(user=account.user)
    with time_machine.travel(dt.timedelta(minutes=2)):
        accounts.send_login_code(PHONE)
        with pytest.raises(NotAllowed):
            accounts.log_in_with_code(PHONE, last_code(PHONE))


def test_the_sms_backend_is_a_setting(settings):
    settings.YICHUANG_SMS_BACKEND = "yichuang.portal.tests.doubles.RecordingBackend"
    from .doubles import RecordingBackend

    accounts.send_login_code(PHONE)
    assert RecordingBackend.sent[-1][0] == PHONE and not SmsMessage.objects.exists()


def test_the_identity_provider_is_a_setting(settings):
    settings.YICHUANG_IDENTITY_PROVIDER = "yichuang.portal.tests.doubles.RefusingProvider"
    account = logged_in_account(PHONE)
    with pytest.raises(DomainError) as exc:
        accounts.verify_identity(account, name="张三", citizen_id=make_citizen_id(1))
    assert "核验未通过" in exc.value.message


def test_real_name_check_links_the_account_to_the_applicant_without_logging_the_id():
    account = citizen(PHONE, name="张三", n=7)
    assert account.applicant.citizen_id == make_citizen_id(7) and account.applicant.phone == PHONE
    logged = " ".join(str(r.data) + r.actor for r in AuditRecord.objects.filter(stream__startswith="citizen:"))
    assert make_citizen_id(7) not in logged and PHONE not in logged


def test_a_name_that_does_not_match_the_known_id_is_refused():
    citizen("13900000001", name="张三", n=8)
    other = logged_in_account("13900000002")
    with pytest.raises(DomainError) as exc:
        accounts.verify_identity(other, name="李四", citizen_id=make_citizen_id(8))
    assert exc.value.code == "identity_not_verified"


def test_an_identity_bound_to_another_phone_is_refused():
    citizen("13900000001", name="张三", n=9)
    other = logged_in_account("13900000002")
    with pytest.raises(DomainError) as exc:
        accounts.verify_identity(other, name="张三", citizen_id=make_citizen_id(9))
    assert exc.value.code == "identity_taken"


def test_a_legal_representative_adds_their_company():
    account = citizen(PHONE, name="王五")
    company = accounts.add_company(account, credit_code=make_credit_code(3), name="清溪县好味餐饮有限公司")
    assert (company.kind, company.legal_representative) == ("legal", "王五")
    assert account.companies.get().applicant == company


def test_someone_else_cannot_add_a_company_with_another_representative():
    accounts.add_company(citizen("13900000001", name="王五"), credit_code=make_credit_code(4), name="好味公司")
    with pytest.raises(DomainError) as exc:
        accounts.add_company(citizen("13900000002", name="赵六"), credit_code=make_credit_code(4), name="好味公司")
    assert exc.value.code == "not_representative"


def test_the_login_page_logs_in_with_the_code(client):
    client.post(reverse("portal:login"), {"phone": PHONE, "step": "send"})
    response = client.post(reverse("portal:login"), {"phone": PHONE, "step": "verify", "code": last_code(PHONE)})
    assert response.status_code == 302 and CitizenAccount.objects.get(phone=PHONE).user.pk == int(
        client.session["_auth_user_id"]
    )


def test_sending_codes_is_limited_per_address(client, settings):
    settings.YICHUANG = {**settings.YICHUANG, "PORTAL_LOGIN_IP_RATE": "2/hour"}
    for n in range(2):
        assert client.post(reverse("portal:login"), {"phone": f"1390000000{n}", "step": "send"}).status_code == 200
    assert client.post(reverse("portal:login"), {"phone": "13900000009", "step": "send"}).status_code == 429


def test_the_login_page_does_not_redirect_to_another_host(client):
    client.post(reverse("portal:login"), {"phone": PHONE, "step": "send"})
    response = client.post(
        reverse("portal:login"),
        {"phone": PHONE, "step": "verify", "code": last_code(PHONE), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("portal:cases")
