"""The applicant chooses how to be told (issue 15 §3 of the second pass; R-25): SMS and the hall's
消息 list can each be turned off; the notices the law makes the centre deliver — the 一次性告知,
不予受理 and the decision — still go by every channel (decision 0111)."""

import pytest

from yichuang.cases import services as cases
from yichuang.ledger.relay import relay_once
from yichuang.notify import services
from yichuang.notify.models import Message

from .factories import decided, no_quiet_hours, received

pytestmark = pytest.mark.django_db
Kind, Channel = Message.Kind, Message.Channel


@pytest.fixture(autouse=True)
def _daytime(settings):
    no_quiet_hours(settings)


def told(applicant, kind, channel) -> bool:
    return Message.objects.filter(applicant=applicant, kind=kind, channel=channel).exists()


def _no_sms(world):
    services.set_channels(world.applicant, sms=False, hall=True)
    return world


def test_with_sms_off_an_acknowledgement_is_told_in_the_hall_only():
    from yichuang.cases.tests.factories import make_world

    world, _ = received(_no_sms(make_world()))
    assert told(world.applicant, Kind.RECEIVED, Channel.HALL)
    assert not told(world.applicant, Kind.RECEIVED, Channel.SMS)


def test_with_sms_off_the_one_time_notice_still_goes_by_sms():
    from yichuang.cases.tests.factories import make_world

    world, case = received(_no_sms(make_world()))
    cases.request_supplement(case, world.clerk, {world.material("户口簿").pk: "复印件不清晰"})
    relay_once()
    message = Message.objects.get(case=case, kind=Kind.SUPPLEMENT, channel=Channel.SMS)
    assert message.status == Message.Status.SENT


def test_with_sms_off_the_decision_still_goes_by_sms():
    from yichuang.cases.tests.factories import make_world

    world, case = decided(_no_sms(make_world()))
    assert told(world.applicant, Kind.DECIDED, Channel.SMS)


def test_with_the_hall_list_off_an_acknowledgement_goes_by_sms_only():
    from yichuang.cases.tests.factories import make_world

    world = make_world()
    services.set_channels(world.applicant, sms=True, hall=False)
    received(world)
    assert told(world.applicant, Kind.RECEIVED, Channel.SMS)
    assert not told(world.applicant, Kind.RECEIVED, Channel.HALL)


def test_an_applicant_who_chose_nothing_is_told_by_every_channel():
    _, case = received()
    assert told(case.applicant, Kind.RECEIVED, Channel.SMS) and told(case.applicant, Kind.RECEIVED, Channel.HALL)


def test_the_required_notices_are_the_one_time_notice_the_refusal_and_the_decision():
    assert services.REQUIRED_KINDS == {Kind.SUPPLEMENT, Kind.REFUSED, Kind.DECIDED, Kind.JOINT_RESULT}
