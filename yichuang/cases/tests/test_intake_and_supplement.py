"""Intake, the one-time notice (一次性告知) and acceptance (issue 3 §2, §3, §5; R-20…R-24)."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services.intake import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.ledger.selectors import verify_audit
from yichuang.org.calendar import add_working_days
from yichuang.people.tests.factories import LicenceFactory

pytestmark = pytest.mark.django_db
RECEIVED = CaseMaterial.Status.RECEIVED


@pytest.fixture
def world():
    return make_world()


def receive(world, **materials):
    given = {world.material(name).pk: MaterialInput(**spec) for name, spec in materials.items()}
    return services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=given,
        form_data={"applicant": {"age": 85}},
    )


def test_the_clerk_who_receives_a_case_owns_it_and_it_gets_a_readable_number(world):
    case = receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED})
    assert case.owner == world.clerk and case.state == "prereview"
    assert case.number == f"{world.site.code}-{timezone.localdate():%Y%m%d}-0001"
    assert receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED}).number.endswith("-0002")


def test_eligibility_rules_are_reported_with_their_sentences(world):
    case = receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED})
    assert [(r["sentence"], r["passed"]) for r in case.rule_results] == [("申请人年满80周岁", True)]


def test_a_government_issued_material_is_fetched_from_the_licence_store(world):
    LicenceFactory(holder=world.applicant, licence_type_code="111")
    case = receive(world, 户口簿={"status": RECEIVED})
    assert case.materials.get(material__name="居民身份证").status == CaseMaterial.Status.FETCHED


def test_an_approver_cannot_receive_at_the_window(world):
    world.clerk = world.approver
    with pytest.raises(NotAllowed):
        receive(world, 户口簿={"status": RECEIVED})


def test_a_non_deferrable_material_cannot_be_deferred(world):
    with pytest.raises(DomainError) as excinfo:
        receive(world, 居民身份证={"status": "deferred", "promised_by": dt.date(2026, 12, 1)})
    assert "not_deferrable" in {p.code for p in excinfo.value.problems}


def test_the_notice_must_list_every_missing_material_at_once(world):
    case = receive(world)  # nothing brought
    with pytest.raises(DomainError) as excinfo:
        services.request_supplement(case, world.clerk, {world.material("户口簿").pk: "未提供"})
    assert excinfo.value.code == "notice_incomplete" and "居民身份证" in excinfo.value.message


def test_the_first_notice_lists_a_received_but_wrong_material_too(world):
    case = receive(world, 居民身份证={"status": RECEIVED})
    notice = services.request_supplement(
        case, world.clerk, {world.material("户口簿").pk: "未提供", world.material("居民身份证").pk: "已过有效期"}
    )
    assert notice.lines.count() == 2
    assert case.materials.get(material__name="居民身份证").status == CaseMaterial.Status.REJECTED


def test_a_later_notice_never_asks_again_for_an_accepted_material(world):
    case = receive(world, 居民身份证={"status": RECEIVED})
    services.request_supplement(case, world.clerk, {world.material("户口簿").pk: "未提供"})
    services.supplement(case, world.clerk, [world.material("户口簿").pk])
    for name in ("居民身份证", "户口簿"):  # not questioned the first time / supplied against the notice
        with pytest.raises(DomainError) as excinfo:
            services.request_supplement(case, world.clerk, {world.material(name).pk: "复印不清"})
        assert "material_already_accepted" in {p.code for p in excinfo.value.problems}


def test_supplement_then_accept_starts_the_clock_in_working_days(world):
    case = receive(world, 居民身份证={"status": RECEIVED})
    services.request_supplement(case, world.clerk, {world.material("户口簿").pk: "未提供户口簿"})
    services.supplement(case, world.clerk, [world.material("户口簿").pk])
    case = services.accept(case, world.clerk)
    assert case.state == "accepted"
    assert case.due_date == add_working_days(world.site, case.accepted_on, 5)
    assert case.statutory_due_date == add_working_days(world.site, case.accepted_on, 20)


def test_a_case_with_missing_materials_cannot_be_accepted(world):
    case = receive(world, 居民身份证={"status": RECEIVED})
    with pytest.raises(DomainError) as excinfo:
        services.accept(case, world.clerk)
    assert excinfo.value.code == "materials_incomplete"


def test_a_deferred_material_does_not_block_acceptance(world):
    case = receive(
        world,
        居民身份证={"status": RECEIVED},
        户口簿={"status": "deferred", "promised_by": timezone.localdate() + dt.timedelta(days=7)},
    )
    assert services.accept(case, world.clerk).state == "accepted"


def test_a_case_failing_its_conditions_cannot_be_accepted(world):
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={m.pk: MaterialInput(RECEIVED) for m in world.version.materials.all()},
        form_data={"applicant": {"age": 60}},
    )
    with pytest.raises(DomainError) as excinfo:
        services.accept(case, world.clerk)
    assert excinfo.value.code == "conditions_not_met"


def test_a_denial_needs_reason_and_legal_basis(world):
    case = receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED})
    services.accept(case, world.clerk)
    services.start_review(case, world.approver)
    with pytest.raises(DomainError) as excinfo:
        services.deny(case, world.approver, reason="", basis="")
    assert excinfo.value.code == "denial_needs_reason"
    case = services.deny(case, world.approver, reason="户籍不在本县", basis="《条例》第二十条")
    assert (case.state, case.decision) == ("decided", "denied")


def test_every_step_is_audited_in_the_case_chain_and_announced(world):
    case = receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED})
    services.accept(case, world.clerk)
    services.start_review(case, world.approver)
    services.approve(case, world.approver)
    actions = list(AuditRecord.objects.filter(stream=f"case:{case.number}").values_list("action", flat=True))
    assert actions == ["case.received", "case.accepted", "case.review_started", "case.approve"]
    assert OutboxEvent.objects.filter(key=case.number).count() == 4
    assert verify_audit() is None


def test_a_supplement_during_review_stops_the_clock_and_moves_the_due_date_exactly(world, monkeypatch):
    days = iter([dt.date(2026, 9, 18), dt.date(2026, 9, 21), dt.date(2026, 10, 8)])
    today = {"value": next(days)}
    monkeypatch.setattr(timezone, "localdate", lambda *a: today["value"])
    case = receive(world, 居民身份证={"status": RECEIVED}, 户口簿={"status": RECEIVED})
    case = services.accept(case, world.clerk)  # Fri 9/18 + 5 working days (Sun 9/20 is 调休) = Thu 9/24
    assert case.due_date == dt.date(2026, 9, 24)
    services.start_review(case, world.approver)
    today["value"] = next(days)  # Mon 9/21: the approver finds the 户口簿 page missing
    services.request_supplement(case, world.approver, {world.material("户口簿").pk: "缺少本人页"})
    today["value"] = next(days)  # Thu 10/8: supplied after 中秋 and 国庆
    case = services.supplement(case, world.clerk, [world.material("户口簿").pk])
    # Stopped (9/21, 10/8]: 9/22, 9/23, 9/24, 9/28, 9/29, 9/30, 10/8 = 7 working days.
    assert case.suspended_days == 7
    assert case.due_date == add_working_days(world.site, dt.date(2026, 9, 24), 7) == dt.date(2026, 10, 12)
    assert Case.objects.get(pk=case.pk).state == "in_review"
