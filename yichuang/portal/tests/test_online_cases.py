"""网上申请 in the cases app (issue 6; R-13, R-20, R-22): an online case starts in 预审 with no
owner; the first clerk who pre-reviews it owns it; the citizen supplements online against the
one-time notice; the same eligibility rules as at the window apply."""

import pytest

from yichuang.cases import services as cases
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.workflow import State
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import OutboxEvent
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.services import issue_licence
from yichuang.people.tests.factories import ISSUER_USCC

from ..models import Upload
from ..services import applications
from .factories import citizen, online_world, pdf_file

pytestmark = pytest.mark.django_db
Status = CaseMaterial.Status


def _submit(world, account, uploaded=(), age=86):
    return cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=account.applicant,
        uploaded=list(uploaded),
        form_data={"applicant": {"age": age}},
        submitted_by=cases.online.applicant_actor(account.user),
    )


def test_an_online_case_starts_in_prereview_without_an_owner():
    world, account = online_world(), citizen()
    case = _submit(world, account)
    assert (case.state, case.channel, case.owner, case.visits) == (State.PREREVIEW, Case.Channel.ONLINE, None, 0)
    assert OutboxEvent.objects.filter(topic="case.received", key=case.number).exists()


def test_what_the_government_issued_is_fetched_not_asked_for():
    world, account = online_world(), citizen()
    issue_licence(account.applicant, "111", "居民身份证", "示范县公安局", ISSUER_USCC, data={})
    case = _submit(world, account, uploaded=[world.material("户口簿").pk])
    statuses = {m.material.name: m.status for m in case.materials.select_related("material")}
    assert statuses == {"居民身份证": Status.FETCHED, "户口簿": Status.RECEIVED}


def test_an_application_that_fails_an_intake_rule_is_refused_before_anything_is_written():
    world, account = online_world(), citizen()
    with pytest.raises(DomainError) as exc:
        _submit(world, account, age=40)
    assert exc.value.code == "conditions_not_met" and not Case.objects.exists()


def test_the_first_clerk_who_prereviews_owns_the_case():
    world, account = online_world(), citizen()
    issue_licence(account.applicant, "111", "居民身份证", "示范县公安局", ISSUER_USCC, data={})
    case = _submit(world, account, uploaded=[world.material("户口簿").pk])
    case = cases.prereview_accept(case, world.clerk)
    assert (case.state, case.owner) == (State.ACCEPTED, world.clerk)


def test_a_second_clerk_does_not_take_over_an_owned_case():
    world, account = online_world(), citizen()
    case = cases.take_online(_submit(world, account), world.clerk)
    other = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    with pytest.raises(DomainError) as excinfo:
        cases.take_online(case, other)
    assert excinfo.value.code == "already_taken"
    case.refresh_from_db()
    assert case.owner == world.clerk


def test_a_clerk_of_another_site_cannot_prereview():
    world, account = online_world(), citizen()
    stranger = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    with pytest.raises(NotAllowed):
        cases.take_online(_submit(world, account), stranger)


def test_an_approver_cannot_prereview():
    world, account = online_world(), citizen()
    with pytest.raises(NotAllowed):
        cases.take_online(_submit(world, account), world.approver)


def test_a_window_case_is_not_taken_as_online():
    world = online_world()
    case = cases.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={},
        form_data={"applicant": {"age": 90}},
    )
    with pytest.raises(DomainError) as exc:
        cases.take_online(case, world.clerk)
    assert exc.value.code == "not_online"


def test_an_accepted_case_cannot_be_taken_again():
    world, account = online_world(), citizen()
    issue_licence(account.applicant, "111", "居民身份证", "示范县公安局", ISSUER_USCC, data={})
    case = cases.prereview_accept(_submit(world, account, uploaded=[world.material("户口簿").pk]), world.clerk)
    with pytest.raises(DomainError) as excinfo:
        cases.take_online(case, world.clerk)
    assert excinfo.value.code == "transition_not_allowed"


def test_the_citizen_supplements_online_against_the_notice():
    world, account = online_world(), citizen()
    case = _submit(world, account)
    lines = {m.material_id: "请上传清晰的原件扫描件" for m in case.materials.all()}
    cases.prereview_request_supplement(case, world.clerk, lines)
    files = {pk: pdf_file() for pk in lines}
    case = applications.supplement(case, account.user, set(lines), files)
    assert case.state == State.PREREVIEW and case.owner == world.clerk
    assert Upload.objects.filter(case=case).count() == len(lines)
    assert not case.supplement_notices.filter(supplied_at__isnull=True).exists()


def test_a_supplement_missing_a_listed_material_is_refused_and_nothing_is_stored():
    world, account = online_world(), citizen()
    case = _submit(world, account)
    lines = {m.material_id: "缺少" for m in case.materials.all()}
    cases.prereview_request_supplement(case, world.clerk, lines)
    first = next(iter(lines))
    with pytest.raises(DomainError) as exc:
        applications.supplement(case, account.user, set(lines), {first: pdf_file()})
    assert exc.value.code == "supplement_incomplete" and not Upload.objects.exists()
