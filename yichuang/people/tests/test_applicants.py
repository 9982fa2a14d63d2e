"""Applicants (申请人) are one record per ID number, reused across cases (一数一源)."""

import json

import pytest
from django.db import IntegrityError, transaction

from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.people import selectors, services
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id, make_credit_code

pytestmark = pytest.mark.django_db

NATURAL, LEGAL = Applicant.Kind.NATURAL, Applicant.Kind.LEGAL
ID = "11010519491231002X"


def audit_of(applicant):
    return list(AuditRecord.objects.filter(stream=f"applicant:{applicant.pk}").order_by("seq"))


def test_an_applicant_is_reused_by_id_number():
    first = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678")
    again = services.find_or_create_applicant(NATURAL, ID, name="张三")
    assert again.pk == first.pk and Applicant.objects.count() == 1


def test_a_lower_case_check_character_finds_the_same_applicant_stored_upper_case():
    first = services.find_or_create_applicant(NATURAL, ID.lower(), name="张三")
    assert first.citizen_id == ID
    assert services.find_or_create_applicant(NATURAL, ID, name="张三").pk == first.pk


def test_changed_phone_updates_the_applicant_and_audits_without_the_number():
    applicant = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678", address="人民路1号")
    services.find_or_create_applicant(
        NATURAL, ID, name="张三", phone="13987654321", address="人民路1号", actor="clerk1"
    )
    applicant.refresh_from_db()
    assert applicant.phone == "13987654321"
    update = audit_of(applicant)[-1]
    assert (update.action, update.actor, update.data) == ("applicant.updated", "clerk1", {"fields": ["phone"]})
    everything = json.dumps([[r.action, r.object_id, r.data] for r in audit_of(applicant)], ensure_ascii=False)
    for secret in (ID, "13812345678", "13987654321", "5678", "4321"):
        assert secret not in everything


def test_a_visit_with_unchanged_data_writes_no_audit_record():
    applicant = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678")
    services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678")
    assert [r.action for r in audit_of(applicant)] == ["applicant.created"]


def test_blank_contact_data_does_not_erase_what_is_known():
    services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678", address="人民路1号")
    applicant = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="", address=None)
    assert (applicant.phone, applicant.address) == ("13812345678", "人民路1号")


def test_creation_is_audited_with_the_kind_only():
    applicant = services.find_or_create_applicant(NATURAL, ID, name="张三", phone="13812345678")
    (created,) = audit_of(applicant)
    assert (created.action, created.data) == ("applicant.created", {"kind": "natural"})


def test_invalid_citizen_id_check_character_is_refused():
    with pytest.raises(DomainError) as excinfo:
        services.find_or_create_applicant(NATURAL, "110105194912310021", name="张三")
    (problem,) = excinfo.value.problems
    assert (problem.code, problem.field) == ("invalid_citizen_id", "citizen_id") and "校验码" in problem.message
    assert not Applicant.objects.exists()


def test_invalid_credit_code_is_refused():
    body = make_credit_code(7)[:17]
    wrong = "0" if make_credit_code(7)[17] != "0" else "1"
    with pytest.raises(DomainError) as excinfo:
        services.find_or_create_applicant(LEGAL, body + wrong, name="某公司")
    assert excinfo.value.code == "invalid_uscc" and excinfo.value.problems[0].field == "credit_code"


def test_invalid_phone_is_refused():
    with pytest.raises(DomainError) as excinfo:
        services.find_or_create_applicant(NATURAL, ID, name="张三", phone="1381234567")
    assert excinfo.value.code == "invalid_phone" and excinfo.value.problems[0].field == "phone"


def test_a_first_visit_needs_a_name():
    with pytest.raises(DomainError) as excinfo:
        services.find_or_create_applicant(NATURAL, ID, phone="13812345678")
    assert excinfo.value.code == "name_required"


def test_a_legal_person_is_found_by_credit_code_and_keeps_its_representative():
    code = make_credit_code(1)
    company = services.find_or_create_applicant(LEGAL, code, name="示范县青山农业有限公司", legal_representative="王五")
    assert services.find_or_create_applicant(LEGAL, code.lower()).pk == company.pk
    assert company.legal_representative == "王五" and str(company) == f"示范县青山农业有限公司({code})"


def test_a_natural_person_has_no_legal_representative():
    with pytest.raises(DomainError) as excinfo:
        services.find_or_create_applicant(NATURAL, ID, name="张三", legal_representative="李四")
    assert excinfo.value.code == "legal_representative_for_natural_person"


def test_a_citizen_id_is_unique_among_natural_persons():
    ApplicantFactory(citizen_id=ID)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicantFactory(citizen_id=ID.lower())  # stored upper-case, so the index sees the duplicate


def test_an_applicant_reads_with_its_masked_number():
    applicant = ApplicantFactory(name="张三", citizen_id=ID)
    assert str(applicant) == "张三(110105********002X)"


def test_find_applicant_returns_none_for_an_impossible_number():
    ApplicantFactory(citizen_id=make_citizen_id(1))
    assert selectors.find_applicant(NATURAL, make_citizen_id(1)) is not None
    assert selectors.find_applicant(NATURAL, "123") is None
