"""A decided case goes to its delivering window's hand-out queue by itself (issue 20 §1): it is
never in nobody's queue, and once the relay has passed the system has taken 制证待送达, unless
a promised 容缺 material is still outstanding."""

import pytest

from yichuang.cases import selectors, services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import Where
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.relay import relay_once
from yichuang.org.models import StaffRole
from yichuang.workbench.tests.test_pages import logged_in

pytestmark = pytest.mark.django_db


def approved(world, deferred=False):
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    if deferred:
        import datetime as dt

        materials[world.material("户口簿").pk] = MaterialInput(
            CaseMaterial.Status.DEFERRED, promised_by=dt.date(2026, 6, 20)
        )
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )
    case = services.start_review(services.accept(case, world.clerk), world.approver)
    return services.approve(case, world.approver, "同意")


def window_queue(world):
    role = world.clerk.staff_roles.get(role=StaffRole.Role.CLERK)
    return set(selectors.role_queue(world.clerk, role, Where.WINDOW).values_list("number", flat=True))


def state(case):
    return Case.objects.get(pk=case.pk).state


def test_a_decided_case_is_in_the_clerks_window_queue_before_the_relay_passes():
    world = make_world()
    case = approved(world)
    assert state(case) == "decided" and case.number in window_queue(world)


def test_the_system_prepares_the_delivery_once_the_relay_passes():
    world = make_world()
    case = approved(world)
    relay_once()
    assert state(case) == "awaiting_delivery"
    record = AuditRecord.objects.filter(stream=case.audit_stream).order_by("-seq").first()
    assert (record.data["step"], record.actor) == ("prepare_delivery", "system")


def test_the_clerks_home_lists_it_under_awaiting_delivery():
    world = make_world()
    case = approved(world)
    relay_once()
    page = logged_in(world.clerk).get("/workbench/").content.decode()
    assert case.number in page and "待送达" in page


def test_with_a_deferred_material_outstanding_it_stays_decided_in_the_clerks_queue():
    world = make_world()
    case = approved(world, deferred=True)
    relay_once()
    assert state(case) == "decided" and case.number in window_queue(world)


def test_the_arrival_of_the_deferred_material_brings_the_system_back():
    world = make_world()
    case = approved(world, deferred=True)
    relay_once()
    services.supply_deferred(Case.objects.get(pk=case.pk), world.clerk, [world.material("户口簿").pk])
    relay_once()
    assert state(case) == "awaiting_delivery"


def test_a_case_prepared_by_hand_is_left_alone():
    world = make_world()
    case = services.prepare_delivery(approved(world), world.clerk)
    relay_once()
    assert state(case) == "awaiting_delivery"
    assert AuditRecord.objects.filter(stream=case.audit_stream, data__step="prepare_delivery").count() == 1
