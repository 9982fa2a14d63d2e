"""A township whose item is decided by a county department on the platform (上报件, issue 20 §4):
the world of factories.make_world, with the item's 委托部门 stationed at the county centre and
a clerk and an approver there."""

from dataclasses import dataclass

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, UserFactory

from .factories import World, make_world

COUNTY_DEPARTMENT = "示范县民政局"


@dataclass
class CountyWorld:
    world: World
    county: object
    department: object
    county_clerk: object
    county_approver: object


def make_county_world() -> CountyWorld:
    world = make_world(entrusting_body=COUNTY_DEPARTMENT)
    county = world.site.parent
    department = DepartmentFactory(site=county, name=COUNTY_DEPARTMENT)
    clerk = StaffRoleFactory(site=county, role=StaffRole.Role.CLERK, user=UserFactory()).user
    approver = StaffRoleFactory(
        site=county, role=StaffRole.Role.APPROVER, department=department, user=UserFactory()
    ).user
    return CountyWorld(world, county, department, clerk, approver)


def escalated_case(cw: CountyWorld):
    """Received with every material, accepted and escalated by the township's clerk."""
    w = cw.world
    case = services.receive(
        site=w.site,
        clerk=w.clerk,
        version=w.version,
        applicant=w.applicant,
        materials={m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in w.version.materials.all()},
        form_data={"applicant": {"age": 85}},
    )
    services.escalate(services.accept(case, w.clerk), w.clerk, to_site=cw.county, tracker=w.clerk)
    return case
