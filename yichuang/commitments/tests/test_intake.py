"""告知承诺 at intake (R-13): a material the catalogue marks replaceable is satisfied by the
applicant's signed commitment; the case records who, when and the text's hash; a post-check
with a deadline goes to the deciding department."""

import hashlib

import pytest

from yichuang.cases.models import CaseMaterial
from yichuang.commitments.models import Commitment, PostCheck
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord

from .factories import make_commitment_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_commitment_world()


def test_a_replaceable_material_is_satisfied_by_a_commitment(world):
    case = world.receive()
    row = CaseMaterial.objects.get(case=case, material=world.proof)
    assert row.is_satisfied
    assert Commitment.objects.get(case=case).material == world.proof


def test_the_commitment_records_who_when_and_the_hash_of_the_text(world):
    commitment = world.receive().commitments.get()
    assert commitment.signed_by == world.applicant.name and commitment.witnessed_by == world.clerk
    assert commitment.signed_at is not None and commitment.channel == Commitment.Channel.WINDOW
    assert commitment.text_sha256 == hashlib.sha256(commitment.text.encode()).hexdigest()
    assert world.proof.name in commitment.text and commitment.case.number in commitment.text


def test_the_applicants_id_number_is_not_in_the_commitment_text(world):
    commitment = world.receive().commitments.get()
    assert world.applicant.citizen_id not in commitment.text


def test_a_material_not_marked_replaceable_cannot_be_committed(world):
    from yichuang.cases import services
    from yichuang.cases.services.intake import MaterialInput

    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    materials[world.household.pk] = MaterialInput(CaseMaterial.Status.RECEIVED, commitment=True)
    with pytest.raises(DomainError) as refused:
        services.receive(
            site=world.site, clerk=world.clerk, version=world.version, applicant=world.applicant, materials=materials
        )
    assert refused.value.code == "commitment_not_allowed"
    assert not Commitment.objects.exists()


def test_a_post_check_with_a_deadline_goes_to_the_deciding_department(world):
    case = world.receive()
    check = PostCheck.objects.get(commitment__case=case)
    assert check.department == world.version.department and check.site == case.home_site
    assert check.outcome == PostCheck.Outcome.PENDING and check.due_on > case.received_at.date()


def test_the_signature_is_in_the_cases_audit_chain(world):
    case = world.receive()
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="commitment.signed").count() == 1


def test_a_material_received_on_paper_makes_no_commitment(world):
    world.receive(commit=False)
    assert not Commitment.objects.exists() and not PostCheck.objects.exists()
