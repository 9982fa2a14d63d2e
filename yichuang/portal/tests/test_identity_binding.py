"""Binding an online account to a person or company (issue 13): by verified identity, never by
name; a known person is bound to a new phone only with the code sent to the phone on record (or
at a window); the citizen's path never rewrites an applicant's master data; every attempt is
audited without a phone or ID number."""

import re

import pytest
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.notify.models import SmsMessage
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory, LegalApplicantFactory, make_citizen_id, make_credit_code

from ..models import CitizenAccount
from ..numbers import phone_digest
from ..services import accounts
from .factories import citizen, logged_in_account

pytestmark = pytest.mark.django_db
ON_RECORD, NEW_PHONE = "13711112222", "13933334444"


def _window_case(applicant):
    world = make_world()
    clerk_actor = cases.online.applicant_actor(world.clerk)
    return cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=applicant,
        uploaded=[],
        form_data={"applicant": {"age": 86}},
        submitted_by=clerk_actor,
    )


@pytest.fixture
def known_person():
    """张三 as a window registered him: his own phone on record and a case."""
    person = ApplicantFactory(name="张三", citizen_id=make_citizen_id(4242), phone=ON_RECORD)
    _window_case(person)
    return person


def _proof_code(phone: str) -> str:
    text = SmsMessage.objects.filter(phone_digest=phone_digest(phone)).order_by("-pk").first().text
    return re.search(r"验证码(\d{6})", text).group(1)


def test_company_representative_matches_by_verified_id_number_not_name():
    real = citizen("13900000001", name="王五", n=11)
    accounts.add_company(real, credit_code=make_credit_code(5), name="清溪县好味餐饮有限公司")
    namesake = citizen("13900000002", name="王五", n=12)  # same name, another (check-valid) ID number
    with pytest.raises(DomainError) as exc:
        accounts.add_company(namesake, credit_code=make_credit_code(5), name="清溪县好味餐饮有限公司")
    assert exc.value.code == "not_representative" and not namesake.companies.exists()


def test_adding_a_company_never_overwrites_its_registered_name():
    rep = citizen("13900000003", name="王五", n=13)
    accounts.add_company(rep, credit_code=make_credit_code(6), name="清溪县好味餐饮有限公司")
    with pytest.raises(DomainError) as exc:
        accounts.add_company(rep, credit_code=make_credit_code(6), name="被改掉的名称")
    assert exc.value.code == "applicant_data_mismatch" and "不一致" in exc.value.message
    assert Applicant.objects.get(credit_code=make_credit_code(6)).name == "清溪县好味餐饮有限公司"


def test_a_company_with_cases_but_no_verified_representative_needs_a_window_check():
    company = LegalApplicantFactory(credit_code=make_credit_code(7), legal_representative="王五")
    _window_case(company)
    with pytest.raises(DomainError) as exc:
        accounts.add_company(
            citizen("13900000004", name="王五", n=14), credit_code=company.credit_code, name=company.name
        )
    assert exc.value.code == "company_needs_window_check" and "窗口" in exc.value.message


def test_binding_a_known_person_to_a_new_phone_needs_the_code_sent_to_the_phone_on_record(known_person):
    account = logged_in_account(NEW_PHONE)
    with pytest.raises(accounts.IdentityProofRequired):
        accounts.verify_identity(account, name="张三", citizen_id=known_person.citizen_id)
    account.refresh_from_db()
    assert account.applicant is None and SmsMessage.objects.filter(phone_digest=phone_digest(ON_RECORD)).exists()


def test_the_code_from_the_phone_on_record_binds_the_new_account(known_person):
    account = logged_in_account(NEW_PHONE)
    with pytest.raises(accounts.IdentityProofRequired):
        accounts.verify_identity(account, name="张三", citizen_id=known_person.citizen_id)
    assert accounts.confirm_identity_binding(account, _proof_code(ON_RECORD)) == known_person


def test_a_wrong_proof_code_does_not_bind_and_counts_against_the_code(known_person):
    account = logged_in_account(NEW_PHONE)
    with pytest.raises(accounts.IdentityProofRequired):
        accounts.verify_identity(account, name="张三", citizen_id=known_person.citizen_id)
    wrong = "000000" if _proof_code(ON_RECORD) != "000000" else "111111"
    with pytest.raises(DomainError) as exc:
        accounts.confirm_identity_binding(account, wrong)
    assert exc.value.code == "code_wrong" and account.identity_proofs.get().attempts == 1
    assert CitizenAccount.objects.get(pk=account.pk).applicant is None


def test_a_person_with_cases_and_no_phone_on_record_is_sent_to_a_window():
    person = ApplicantFactory(name="李四", citizen_id=make_citizen_id(4243), phone="")
    _window_case(person)
    with pytest.raises(DomainError) as exc:
        accounts.verify_identity(logged_in_account(NEW_PHONE), name="李四", citizen_id=person.citizen_id)
    assert exc.value.code == "identity_needs_window_check" and "请携带身份证到窗口核验" in exc.value.message


def test_citizen_verification_never_writes_the_new_phone_onto_the_applicant(known_person):
    account = logged_in_account(NEW_PHONE)
    with pytest.raises(accounts.IdentityProofRequired):
        accounts.verify_identity(account, name="张三", citizen_id=known_person.citizen_id)
    accounts.confirm_identity_binding(account, _proof_code(ON_RECORD))
    known_person.refresh_from_db()
    assert known_person.phone == ON_RECORD


def test_every_binding_attempt_is_audited_without_phone_or_id_number(known_person):
    account = logged_in_account(NEW_PHONE)
    with pytest.raises(DomainError):
        accounts.verify_identity(account, name="张冒", citizen_id=known_person.citizen_id)
    with pytest.raises(accounts.IdentityProofRequired):
        accounts.verify_identity(account, name="张三", citizen_id=known_person.citizen_id)
    accounts.confirm_identity_binding(account, _proof_code(ON_RECORD))
    records = AuditRecord.objects.filter(stream=f"citizen:{account.pk}").order_by("seq")
    assert [r.action for r in records][-3:] == [
        "portal.identity_refused",
        "portal.identity_proof_sent",
        "portal.identity_verified",
    ]
    logged = " ".join(str(r.data) + r.actor for r in AuditRecord.objects.all())
    assert not {ON_RECORD, NEW_PHONE, known_person.citizen_id} & {w for w in re.findall(r"\w+", logged)}


def test_the_proof_page_keeps_the_typed_code_after_an_error(client, known_person):
    account = logged_in_account(NEW_PHONE)
    client.force_login(account.user)
    response = client.post(
        reverse("portal:identity"), {"step": "person", "name": "张三", "citizen_id": known_person.citizen_id}
    )
    assert response["Location"].startswith(reverse("portal:identity_confirm"))
    wrong = "000000" if _proof_code(ON_RECORD) != "000000" else "111111"
    page = client.post(reverse("portal:identity_confirm"), {"code": wrong}).content.decode()
    assert "验证码不正确" in page and f'value="{wrong}"' in page and "csrfmiddlewaretoken" in page


def test_the_identity_page_keeps_the_typed_values_after_an_error(client):
    client.force_login(logged_in_account(NEW_PHONE).user)
    page = client.post(
        reverse("portal:identity"), {"step": "person", "name": "陈建国", "citizen_id": "330999194001010000"}
    ).content.decode()
    assert 'value="陈建国"' in page and 'value="330999194001010000"' in page


def test_act_as_with_a_non_number_is_a_400_with_a_chinese_message(client):
    client.force_login(citizen().user)
    response = client.post(reverse("portal:act_as"), {"applicant": "abc"})
    assert response.status_code == 400 and "请选择要使用的办事身份" in response.content.decode()


def test_act_as_with_non_ascii_digits_is_a_400(client):
    client.force_login(citizen().user)
    assert client.post(reverse("portal:act_as"), {"applicant": "١٢"}).status_code == 400
