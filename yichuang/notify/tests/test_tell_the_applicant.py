"""R-25: the applicant is told what happens to their case, by SMS and in the hall's 消息 list,
once per event, from the ledger outbox."""

import pytest

from yichuang.cases import services
from yichuang.cases.models import Case
from yichuang.ledger.relay import relay_once
from yichuang.notify.models import Message, SmsMessage
from yichuang.notify.numbers import phone_digest

from .factories import decided, no_quiet_hours, received

pytestmark = pytest.mark.django_db
Kind = Message.Kind


@pytest.fixture(autouse=True)
def _daytime(settings):
    no_quiet_hours(settings)


def kinds(case, channel=Message.Channel.SMS):
    return list(Message.objects.filter(case=case, channel=channel).order_by("id").values_list("kind", flat=True))


def test_a_received_application_is_acknowledged_by_sms_and_in_the_hall():
    _, case = received()
    assert kinds(case) == [Kind.RECEIVED] and kinds(case, Message.Channel.HALL) == [Kind.RECEIVED]
    sms = SmsMessage.objects.get(phone_digest=phone_digest(case.applicant.phone))
    assert case.number in sms.text and sms.text.startswith("【一窗通】")


def test_the_one_time_notice_lists_every_material_asked_for_with_its_reason():
    world, case = received()
    material = world.material("户口簿")
    services.request_supplement(case, world.clerk, {material.pk: "复印件不清晰"})
    relay_once()
    message = Message.objects.get(case=case, kind=Kind.SUPPLEMENT, channel=Message.Channel.SMS)
    assert "户口簿(复印件不清晰)" in message.text and message.status == Message.Status.SENT


def test_acceptance_names_the_promised_due_date():
    world, case = received()
    case = services.accept(case, world.clerk)
    relay_once()
    text = Message.objects.get(case=case, kind=Kind.ACCEPTED, channel=Message.Channel.SMS).text
    assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in text


def test_a_decision_and_the_result_ready_for_pick_up_are_both_told():
    _, case = decided()
    relay_once()  # the system's 制证待送达 is itself an event
    assert kinds(case)[-2:] == [Kind.DECIDED, Kind.READY]
    assert "准予办理" in Message.objects.get(case=case, kind=Kind.DECIDED, channel=Message.Channel.SMS).text


def test_a_posted_result_gives_the_tracking_number_and_invites_a_rating():
    world, case = decided()
    relay_once()
    services.deliver(Case.objects.get(pk=case.pk), world.clerk, "post", "SF1234567890")
    relay_once()
    assert kinds(case)[-2:] == [Kind.POSTED, Kind.RATING]
    assert "SF1234567890" in Message.objects.get(case=case, kind=Kind.POSTED, channel=Message.Channel.SMS).text


def test_an_electronic_delivery_says_where_to_download_it():
    world, case = decided()
    relay_once()
    services.deliver(Case.objects.get(pk=case.pk), world.clerk, "electronic")
    relay_once()
    assert Kind.ELECTRONIC in kinds(case)


def test_an_event_handed_over_twice_tells_the_applicant_once():
    from yichuang.ledger.models import OutboxDelivery, OutboxEvent
    from yichuang.notify.consumers import tell_applicant

    _, case = received()
    event = OutboxEvent.objects.get(payload__case=case.number)
    OutboxDelivery.objects.filter(event=event).delete()
    tell_applicant(event)
    assert Message.objects.filter(case=case).count() == 2  # one SMS, one hall message
    assert SmsMessage.objects.filter(phone_digest=phone_digest(case.applicant.phone)).count() == 1


def test_an_applicant_without_a_mobile_is_told_in_the_hall_only():
    from yichuang.cases.tests.factories import make_world

    world = make_world()
    world.applicant.phone = "0571-87654321"
    world.applicant.save()
    _, case = received(world)
    assert kinds(case) == [] and kinds(case, Message.Channel.HALL) == [Kind.RECEIVED]


def test_no_message_ever_carries_the_full_id_number():
    world, case = decided()
    relay_once()
    services.deliver(Case.objects.get(pk=case.pk), world.clerk, "window")
    relay_once()
    number = case.applicant.citizen_id
    texts = list(Message.objects.values_list("text", flat=True)) + list(
        SmsMessage.objects.values_list("text", flat=True)
    )
    assert number and len(texts) >= 8 and not any(number in t for t in texts)


def test_staff_see_on_the_case_page_what_the_applicant_was_sent_and_when():
    from django.test import Client

    world, case = received()
    client = Client()
    client.force_login(world.clerk)
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "已告知申请人" in page and "收件回执" in page and case.applicant.masked_phone in page
