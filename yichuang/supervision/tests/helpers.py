"""Shared test helpers: a world with a case, and draining the outbox through the real relay."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.services.online import ApplicantActor
from yichuang.ledger.models import OutboxEvent
from yichuang.ledger.relay import relay_once
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import CountySiteFactory, StaffRoleFactory, UserFactory

RECEIVED = CaseMaterial.Status.RECEIVED


def drain(now: dt.datetime | None = None) -> None:
    """Relay until every due event is delivered (a consumer failure would loop: fail instead)."""
    for _ in range(50):
        if not OutboxEvent.objects.filter(delivered_at__isnull=True, available_at__lte=now or timezone.now()).exists():
            return
        relay_once(now=now)
    raise AssertionError(
        "outbox did not drain: "
        + "; ".join(OutboxEvent.objects.filter(delivered_at__isnull=True).values_list("last_error", flat=True)[:3])
    )


def all_received(world) -> dict:
    return {m.pk: MaterialInput(RECEIVED) for m in world.version.materials.all()}


def new_case(world, channel="window"):
    return services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=all_received(world),
        form_data={"applicant": {"age": 85}},
        channel=channel,
    )


def online_case(world):
    """An application submitted in the online hall: channel online and no owner until a clerk
    takes it at pre-review (cases.services.online)."""
    return services.submit_online(
        site=world.site,
        version=world.version,
        applicant=world.applicant,
        uploaded=[m.pk for m in world.version.materials.all()],
        form_data={"applicant": {"age": 85}},
        submitted_by=ApplicantActor("citizen:test"),
    )


def approved_case(world):
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    return services.approve(case, world.approver, "符合条件")


def staff(site, role, **kw):
    return StaffRoleFactory(site=site, role=role, user=UserFactory(), **kw).user


def head_of(site):
    return staff(site, StaffRole.Role.HEAD)


def county_supervisor(site):
    """A supervisor at the county centre above `site` (the township's parent)."""
    county = site.parent or CountySiteFactory()
    return staff(county, StaffRole.Role.SUPERVISOR)
