"""A decided case with a citizen account that stands for its applicant, the staff of its site,
and a window with a tablet: the smallest world of the feedback loop."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from yichuang.cases import services as cases
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.org.models import Post, StaffRole, Window
from yichuang.org.tests.factories import PostFactory, StaffRoleFactory, TownshipSiteFactory, UserFactory, WindowFactory

from .. import device, permissions, services

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
    tablet: object = None  # the window's bound 评价器 (feedback.TabletDevice)
    tablet_token: str = ""  # its device token, as its cookie holds it

    def new_case(self, applicant=None, authorisation=None):
        w = self.world
        materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in w.version.materials.all()}
        return cases.receive(
            site=self.site,
            clerk=self.clerk,
            version=w.version,
            applicant=applicant or w.applicant,
            materials=materials,
            form_data={"applicant": {"age": 85}},
            authorisation=authorisation,
        )

    def decided_case(self, applicant=None, authorisation=None):
        case = self.new_case(applicant, authorisation)
        cases.accept(case, self.clerk)
        return cases.decide_instantly(case, self.clerk, opinion="当场办结")


def make_feedback_world() -> FeedbackWorld:
    world = make_world(instant=True)
    site = world.site
    head = StaffRoleFactory(site=site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    window = WindowFactory(site=site, type=Window.Type.INTAKE)
    PostFactory(window=window, staff=world.clerk, position=Post.Position.A)  # the clerk's own window
    tablet, token = services.bind_tablet(window, head)
    return FeedbackWorld(
        site=site, clerk=world.clerk, head=head, window=window, world=world, tablet=tablet, tablet_token=token
    )


def bound_tablet(window, head=None):
    """Another window's tablet, bound by the head of its site: (device, token)."""
    return services.bind_tablet(window, head or staff_at(window.site, StaffRole.Role.HEAD))


def tablet_client(token: str, user=None):
    """A browser holding a tablet's device cookie (and, if `user`, also a staff session)."""
    client = Client()
    client.cookies[device.COOKIE] = token
    if user is not None:
        client.force_login(user)
    return client


def staff_at(site, role: str):
    return StaffRoleFactory(site=site, role=role, user=UserFactory()).user


def other_site_head():
    return staff_at(TownshipSiteFactory(), StaffRole.Role.HEAD)
