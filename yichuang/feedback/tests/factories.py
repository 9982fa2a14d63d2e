"""A decided case with a citizen account that stands for its applicant, the staff of its site,
and a window with a tablet: the smallest world of the feedback loop."""
from __future__ import annotations

from dataclasses import dataclass

from yichuang.cases import services as cases
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole, Window
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory, WindowFactory

from .. import permissions

# Which applicant each citizen account stands for; the portal will register its own resolver.
_CITIZENS: dict[int, set[int]] = {}


def resolve_citizen(user) -> set[int]:
    return _CITIZENS.get(user.pk, set())


def citizen_for(applicant, username: str | None = None):
    """A login account of the applicant (the portal's job in the product)."""
    user = UserFactory(username=username) if username else UserFactory()
    _CITIZENS.setdefault(user.pk, set()).add(applicant.pk)
    return user


def forget_citizens() -> None:
    _CITIZENS.clear()


def install_resolver() -> None:
    permissions.register_applicant_resolver(resolve_citizen)


def uninstall_resolver() -> None:
    permissions.unregister_applicant_resolver(resolve_citizen)


@dataclass
class FeedbackWorld:
    site: object
    clerk: object
    head: object
    window: object
    world: object

    def new_case(self, applicant=None, authorisation=None):
        w = self.world
        materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in w.version.materials.all()}
        return cases.receive(site=self.site, clerk=self.clerk, version=w.version, applicant=applicant or w.applicant,
                             materials=materials, form_data={"applicant": {"age": 85}}, authorisation=authorisation)

    def decided_case(self, applicant=None, authorisation=None):
        case = self.new_case(applicant, authorisation)
        cases.accept(case, self.clerk)
        return cases.decide_instantly(case, self.clerk, opinion="当场办结")


def make_feedback_world() -> FeedbackWorld:
    world = make_world(instant=True)
    site = world.site
    head = StaffRoleFactory(site=site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    window = WindowFactory(site=site, type=Window.Type.INTAKE)
    return FeedbackWorld(site=site, clerk=world.clerk, head=head, window=window, world=world)


def staff_at(site, role: str):
    return StaffRoleFactory(site=site, role=role, user=UserFactory()).user


def other_site_head():
    return staff_at(TownshipSiteFactory(), StaffRole.Role.HEAD)
