"""A case at a township, walked through the real steps, with the relay run after each one."""

from __future__ import annotations

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.ledger.relay import relay_once


def no_quiet_hours(settings) -> None:
    """Tests run at any hour: switch the quiet hours off unless the test is about them."""
    settings.NOTIFY_QUIET_HOURS = (24, 0)


def received(world=None, missing: str | None = None):
    world = world or make_world()
    materials = {
        m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all() if m.name != missing
    }
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )
    relay_once()
    return world, case


def decided(world=None):
    world, case = received(world)
    case = services.start_review(services.accept(case, world.clerk), world.approver)
    case = services.approve(case, world.approver, "同意")
    relay_once()
    return world, case
