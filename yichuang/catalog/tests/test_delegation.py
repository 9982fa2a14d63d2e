"""The delegation mode of an implementation decides things (R-05, seed 004): 委托收件 cases go to
the county at intake; 委托 documents name the entrusting body; who supervises follows the mode."""

import pytest

from yichuang.cases import steps
from yichuang.cases.models import CaseMaterial, Escalation
from yichuang.cases.services.intake import MaterialInput, receive
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import Action
from yichuang.catalog import delegation
from yichuang.catalog.models.choices import DelegationMode as D
from yichuang.catalog.tests.factories import ItemVersionFactory
from yichuang.common.errors import DomainError
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory
from yichuang.supervision.linkage import routes_for
from yichuang.supervision.models import SupervisionRoute

pytestmark = pytest.mark.django_db


def _received(world):
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    return receive(
        site=world.site, clerk=world.clerk, version=world.version, applicant=world.applicant, materials=materials
    )


def _county_body(township_department, name="清溪县民政局"):
    return DepartmentFactory(site=township_department.site.parent, name=name)


def test_an_entrusted_intake_case_received_at_a_township_lands_in_the_county_queue():
    world = make_world(delegation_mode=D.ENTRUSTED_INTAKE, entrusting_body="清溪县民政局")
    case = _received(world)
    assert case.site == world.site  # accepted at the township's window
    assert case.home_site == world.site.parent and case.home_site.level == "county"


@pytest.mark.parametrize("mode", [D.OWN, D.DEVOLVED, D.ENTRUSTED, D.STATIONED])
def test_every_other_mode_keeps_the_case_at_the_implementing_township(mode):
    entrusting = "清溪县民政局" if mode in (D.ENTRUSTED, D.DEVOLVED) else ""
    world = make_world(delegation_mode=mode, entrusting_body=entrusting)
    assert _received(world).home_site == world.site


def test_a_devolved_item_is_supervised_by_the_township():
    version = ItemVersionFactory.build(delegation_mode=D.DEVOLVED)
    _county_body(version.department)
    assert delegation.supervising_departments(version) == [version.department]


def test_an_entrusted_item_is_supervised_by_the_entrusting_department_and_the_township_jointly():
    version = ItemVersionFactory.build(delegation_mode=D.ENTRUSTED, entrusting_body="清溪县民政局")
    county = _county_body(version.department)
    assert delegation.supervising_departments(version) == [version.department, county]


def test_an_entrusted_intake_item_is_supervised_by_the_county_department():
    version = ItemVersionFactory.build(delegation_mode=D.ENTRUSTED_INTAKE, entrusting_body="清溪县民政局")
    county = _county_body(version.department)
    assert delegation.supervising_departments(version) == [county]


def test_supervision_notices_of_an_entrusted_item_reach_the_entrusting_departments_routes_too():
    world = make_world(delegation_mode=D.ENTRUSTED, entrusting_body="清溪县民政局")
    county = _county_body(world.version.department)
    regulator = DepartmentFactory(site=county.site, name="清溪县综合行政执法局")
    own = SupervisionRoute.objects.create(
        approving_department=world.version.department, supervising_department=regulator, secret="s1"
    )
    entrusting = SupervisionRoute.objects.create(
        approving_department=county, supervising_department=regulator, secret="s2"
    )
    other = SupervisionRoute.objects.create(
        approving_department=DepartmentFactory(site=TownshipSiteFactory()),
        supervising_department=regulator,
        secret="s3",
    )
    case = _received(world)
    assert set(routes_for(case)) == {own, entrusting} and other not in set(routes_for(case))


def test_a_decision_under_entrustment_names_the_entrusting_body_first():
    version = ItemVersionFactory.build(delegation_mode=D.ENTRUSTED, entrusting_body="清溪县民政局")
    assert delegation.deciding_body_wording(version) == f"清溪县民政局(委托{version.department.name}实施)"


def test_a_decision_of_a_devolved_item_names_the_township_body_alone():
    version = ItemVersionFactory.build(delegation_mode=D.DEVOLVED, entrusting_body="")
    assert delegation.deciding_body_wording(version) == version.department.name


def test_the_decision_document_of_an_entrusted_case_names_the_entrusting_body():
    from yichuang.seals.documents import named_body

    world = make_world(delegation_mode=D.ENTRUSTED, entrusting_body="清溪县民政局")
    assert named_body(_received(world)).startswith("清溪县民政局(委托")


def test_an_entrusted_intake_case_is_not_offered_to_the_receiving_window_for_escalation():
    """委托收件: the county decides from intake on, so the township's window has nothing to send up
    (the table's guard `decided_here`); what the page offers equals what the entry point accepts."""
    world = make_world(delegation_mode=D.ENTRUSTED_INTAKE, entrusting_body="清溪县民政局")
    case = _received(world)
    steps.perform(case, world.clerk, Action.ACCEPT)
    case.refresh_from_db()
    assert Action.ESCALATE not in steps.offered(case, world.clerk)
    with pytest.raises(DomainError) as refused:
        steps.perform(case, world.clerk, Action.ESCALATE)
    assert refused.value.code == "decided_elsewhere"
    assert not Escalation.objects.filter(case=case).exists()


def test_a_case_the_township_decides_is_still_offered_for_escalation():
    world = make_world(delegation_mode=D.OWN)
    case = _received(world)
    steps.perform(case, world.clerk, Action.ACCEPT)
    case.refresh_from_db()
    assert Action.ESCALATE in steps.offered(case, world.clerk)
