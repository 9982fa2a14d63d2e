"""Agents apply on someone's behalf only with a recorded authorisation (issue 3 §1, R-28)."""

import datetime as dt

import pytest

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import DomainError
from yichuang.people.models import Authorisation
from yichuang.people.tests.factories import AuthorisationFactory, make_helper

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def helper_case(world, helper, authorisation):
    return services.receive(
        site=world.site,
        clerk=helper,
        version=world.version,
        applicant=world.applicant,
        materials={m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()},
        authorisation=authorisation,
        channel="helper",
        form_data={"applicant": {"age": 88}},
    )


def helper_mandate(world, helper, **kw):
    return AuthorisationFactory(
        principal=world.applicant,
        agent_kind=Authorisation.AgentKind.HELPER,
        agent_person=None,
        agent_user=helper,
        relationship=Authorisation.Relationship.HELPER,
        **kw,
    )


def test_a_village_helper_starts_a_case_for_an_elderly_applicant_with_a_mandate(world):
    helper = make_helper(site=world.site)
    case = helper_case(world, helper, helper_mandate(world, helper))
    assert (case.channel, case.owner, case.authorisation.agent_user) == ("helper", helper, helper)


def test_a_helper_case_without_a_mandate_is_refused(world):
    with pytest.raises(DomainError) as excinfo:
        helper_case(world, make_helper(site=world.site), None)
    assert excinfo.value.code == "authorisation_required"


def test_an_expired_mandate_is_refused(world):
    helper = make_helper(site=world.site)
    mandate = helper_mandate(world, helper, valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2025, 12, 31))
    with pytest.raises(DomainError) as excinfo:
        helper_case(world, helper, mandate)
    assert excinfo.value.code == "authorisation_not_valid"


def test_another_helpers_mandate_is_refused(world):
    mandate = helper_mandate(world, make_helper(site=world.site))
    with pytest.raises(DomainError) as excinfo:
        helper_case(world, make_helper(site=world.site), mandate)
    assert excinfo.value.code == "authorisation_not_for_agent"
