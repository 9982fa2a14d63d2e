"""电子证照库 (R-42): licences are issued under unique identifiers and offered to intake only
while valid, so government-issued materials are fetched instead of asked for (R-13)."""

import datetime as dt

import pytest

from yichuang.common.errors import Conflict, DomainError
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.people import services
from yichuang.people.licence_ids import is_valid_licence_id
from yichuang.people.models import Licence
from yichuang.people.selectors import licence_by_number, licences_for
from yichuang.people.tests.factories import ISSUER_USCC, ApplicantFactory, LicenceFactory, make_credit_code

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)


def issue(holder=None, type_code="111", issuer=ISSUER_USCC, **kw):
    return services.issue_licence(
        holder or ApplicantFactory(),
        type_code,
        "居民身份证",
        "示范县公安局",
        issuer,
        {"有效期限": "长期"},
        issued_on=kw.pop("issued_on", dt.date(2026, 1, 5)),
        **kw,
    )


def test_an_issued_licence_carries_a_valid_identifier():
    licence = issue()
    assert is_valid_licence_id(licence.number) and licence.number.startswith(f"1.2.156.3005.2.111.{ISSUER_USCC}.")
    assert licence_by_number(licence.number) == licence


def test_licence_serials_are_unique_per_type_and_issuer():
    same = [issue().serial for _ in range(3)]
    other_issuer = issue(issuer=make_credit_code(5)).serial
    other_type = issue(type_code="112").serial
    assert same == [1, 2, 3] and other_issuer == 1 and other_type == 1
    assert Licence.objects.values("number").distinct().count() == 5


def test_issuing_is_audited_and_announced_without_personal_numbers():
    holder = ApplicantFactory()
    licence = issue(holder, source_case_ref="330999101000-20260105-0001", actor="approver1")
    record = AuditRecord.objects.get(stream=f"licence:{licence.pk}")
    event = OutboxEvent.objects.get(topic="licence.issued")
    assert (record.action, record.actor) == ("licence.issued", "approver1")
    assert event.payload == {
        "licence": licence.pk,
        "number": licence.number,
        "licence_type_code": "111",
        "holder": holder.pk,
        "source_case_ref": "330999101000-20260105-0001",
    }
    assert holder.citizen_id not in str(record.data) + str(event.payload)


def test_an_invalid_issuer_credit_code_is_refused():
    with pytest.raises(DomainError) as excinfo:
        issue(issuer=ISSUER_USCC[:17] + ("0" if ISSUER_USCC[17] != "0" else "1"))
    assert excinfo.value.code == "invalid_uscc" and excinfo.value.problems[0].field == "issuer_credit_code"
    assert not Licence.objects.exists()


def test_a_licence_cannot_expire_before_it_is_issued():
    with pytest.raises(DomainError) as excinfo:
        issue(valid_until=dt.date(2026, 1, 4))
    assert excinfo.value.code == "valid_until_before_issued_on"


def test_only_valid_licences_are_offered_for_fetching():
    holder = ApplicantFactory()
    valid = LicenceFactory(holder=holder)
    LicenceFactory(holder=holder, valid_until=DAY - dt.timedelta(days=1))  # expired
    LicenceFactory(holder=holder, status=Licence.Status.REVOKED)  # revoked
    LicenceFactory(holder=holder, licence_type_code="112", licence_type_name="户口簿")  # other type
    LicenceFactory(licence_type_code="111")  # other holder
    assert list(licences_for(holder, "111", on=DAY)) == [valid]


def test_a_licence_is_offered_on_its_last_valid_day():
    licence = LicenceFactory(valid_until=DAY)
    assert list(licences_for(licence.holder, "111", on=DAY)) == [licence]


def test_a_valid_licence_past_its_date_reads_as_expired():
    licence = LicenceFactory(valid_until=DAY)
    assert licence.current_status(on=DAY) == Licence.Status.VALID
    assert licence.current_status(on=DAY + dt.timedelta(days=1)) == Licence.Status.EXPIRED
    assert LicenceFactory(valid_until=dt.date(2000, 1, 1)).effective_status == Licence.Status.EXPIRED


def test_a_revoked_licence_is_no_longer_offered_and_revocation_is_announced():
    licence = issue()
    services.revoke_licence(licence, reason="证照信息有误", actor="approver1")
    assert not licences_for(licence.holder, "111").exists()
    assert OutboxEvent.objects.filter(topic="licence.revoked", key=licence.number).exists()


def test_revoking_a_licence_twice_is_a_conflict():
    licence = issue()
    services.revoke_licence(licence, reason="证照信息有误")
    with pytest.raises(Conflict) as excinfo:
        services.revoke_licence(licence, reason="再次撤销")
    assert excinfo.value.code == "licence_already_revoked"


def test_revoking_a_licence_needs_a_reason():
    with pytest.raises(DomainError) as excinfo:
        services.revoke_licence(issue(), reason=" ")
    assert excinfo.value.code == "reason_required"


def test_intake_finds_a_government_material_in_the_store_by_its_licence_type():
    from yichuang.catalog.tests.factories import publishable_draft

    (id_card,) = [m for m in publishable_draft().materials if m.is_fetched]
    holder = ApplicantFactory()
    assert not licences_for(holder, id_card.licence_type_code).exists()
    issue(holder, type_code=id_card.licence_type_code, issued_on=dt.date(2020, 1, 1))
    assert licences_for(holder, id_card.licence_type_code).exists()


def test_the_licence_intake_fetches_is_the_first_one_offered():
    from yichuang.people.selectors import fetchable_licence

    holder = ApplicantFactory()
    assert fetchable_licence(holder, "111", on=DAY) is None
    older = LicenceFactory(holder=holder, issued_on=dt.date(2020, 1, 1))
    newer = LicenceFactory(holder=holder, issued_on=dt.date(2024, 1, 1))
    LicenceFactory(holder=holder, issued_on=dt.date(2025, 1, 1), valid_until=DAY - dt.timedelta(days=1))  # expired
    LicenceFactory(holder=holder, issued_on=dt.date(2025, 2, 1), status=Licence.Status.REVOKED)
    LicenceFactory(holder=holder, issued_on=DAY + dt.timedelta(days=1))  # not issued yet on DAY
    assert fetchable_licence(holder, " 111 ", on=DAY) == licences_for(holder, "111", on=DAY).first() == newer
    got = fetchable_licence(holder, "111", on=DAY)
    assert [getattr(got, f.attname) for f in Licence._meta.concrete_fields] == [
        getattr(Licence.objects.get(pk=newer.pk), f.attname) for f in Licence._meta.concrete_fields
    ]
    assert older in licences_for(holder, "111", on=DAY)
