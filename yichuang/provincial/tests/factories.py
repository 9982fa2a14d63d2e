"""Cases whose events the relay reports: an accepted case is the smallest that has a 受理时间."""

import datetime as dt

from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services.intake import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxEvent
from yichuang.ledger.relay import relay_once


def accepted_case(world=None):
    world = world or make_world()
    given = {
        world.material(name).pk: MaterialInput(status=CaseMaterial.Status.RECEIVED) for name in ("居民身份证", "户口簿")
    }
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=given,
        form_data={"applicant": {"age": 85}},
    )
    return services.accept(case, world.clerk)


def acceptance_of(case) -> OutboxEvent:
    return OutboxEvent.objects.get(topic=Event.CASE_ACCEPTED.value, payload__case=case.number)


def relay_all(later: dt.timedelta = dt.timedelta()) -> int:
    """Run the relay until nothing is due, `later` from now (past any backoff)."""
    now, total = timezone.now() + later, 0
    while done := relay_once(now=now):
        total += done
    return total
