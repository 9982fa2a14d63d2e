"""事后核查 outcomes (R-13): 核查属实 closes the task; 承诺不实 writes a 失信记录 and revokes a
granted decision through the case table's step 撤销准予决定, audited; only the deciding
department's approver records it, once."""

import pytest

from yichuang.cases import steps
from yichuang.cases.workflow import Action, State
from yichuang.commitments import services
from yichuang.commitments.models import CreditRecord, PostCheck
from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord

from .factories import make_commitment_world, other_department_approver

pytestmark = pytest.mark.django_db

FALSE, TRUE = PostCheck.Outcome.FALSE, PostCheck.Outcome.TRUE


@pytest.fixture
def world():
    return make_commitment_world()


def check_of(case):
    return PostCheck.objects.get(commitment__case=case)


def test_a_true_commitment_closes_the_check_and_leaves_the_decision(world):
    case = world.granted()
    services.record_outcome(check_of(case), world.approver, TRUE, "")
    case.refresh_from_db()
    assert check_of(case).outcome == TRUE and case.state == State.DECIDED
    assert not CreditRecord.objects.exists()


def test_a_false_commitment_revokes_the_granted_decision(world):
    case = world.granted()
    services.record_outcome(check_of(case), world.approver, FALSE, "租房合同系伪造")
    case.refresh_from_db()
    assert case.state == State.REVOKED and "租房合同系伪造" in case.decision_reason


def test_the_revocation_is_an_audited_case_step(world):
    case = world.granted()
    services.record_outcome(check_of(case), world.approver, FALSE, "租房合同系伪造")
    record = AuditRecord.objects.filter(stream=case.audit_stream).order_by("-pk").first()
    assert record.data.get("step") == Action.REVOKE_DECISION.value


def test_a_false_commitment_leaves_a_credit_record_against_the_applicant(world):
    case = world.granted()
    services.record_outcome(check_of(case), world.approver, FALSE, "租房合同系伪造")
    record = CreditRecord.objects.get()
    assert record.applicant == world.applicant and record.case_number == case.number


def test_a_completed_case_is_revoked_too(world):
    from yichuang.cases import services as cases

    case = world.granted()
    cases.deliver(cases.prepare_delivery(case, world.clerk), world.clerk, "window")
    case.refresh_from_db()
    assert case.state == State.COMPLETED
    services.record_outcome(check_of(case), world.approver, FALSE, "无实际居住")
    case.refresh_from_db()
    assert case.state == State.REVOKED


def test_a_false_commitment_before_the_decision_is_recorded_without_revoking(world):
    case = world.receive()
    services.record_outcome(check_of(case), world.approver, FALSE, "无实际居住")
    case.refresh_from_db()
    assert case.state == State.PREREVIEW and CreditRecord.objects.count() == 1


def test_a_false_finding_needs_a_written_finding(world):
    case = world.granted()
    with pytest.raises(DomainError) as refused:
        services.record_outcome(check_of(case), world.approver, FALSE, " ")
    assert refused.value.code == "finding_required"


def test_an_outcome_is_recorded_once(world):
    case = world.granted()
    services.record_outcome(check_of(case), world.approver, TRUE, "")
    with pytest.raises(Conflict):
        services.record_outcome(check_of(case), world.approver, FALSE, "改判")


def test_an_approver_of_another_department_cannot_record_the_outcome(world):
    case = world.granted()
    with pytest.raises(NotAllowed):
        services.record_outcome(check_of(case), other_department_approver(world), FALSE, "x")
    assert check_of(case).outcome == PostCheck.Outcome.PENDING


def test_the_clerk_cannot_record_the_outcome(world):
    case = world.granted()
    with pytest.raises(NotAllowed):
        services.record_outcome(check_of(case), world.clerk, TRUE, "")


def test_the_revocation_step_is_refused_without_a_false_commitment(world):
    case = world.granted()
    with pytest.raises(DomainError) as refused:
        steps.perform(case, world.approver, Action.REVOKE_DECISION, {"reason": "x", "basis": "y"})
    assert refused.value.code == "no_false_commitment"
