"""Quiet hours, the per-phone daily limit (both put off, never drop) and retries of a failing gateway."""

import datetime as dt

import pytest
from django.utils import timezone

from yichuang.notify import services
from yichuang.notify.models import Message
from yichuang.notify.texts import render, scrub
from yichuang.people.tests.factories import ApplicantFactory, make_citizen_id

pytestmark = pytest.mark.django_db
Status = Message.Status


def at(hour, minute=0, day=7):
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, minute))


def sms(applicant, key, now):
    written = services.tell(applicant, Message.Kind.RECEIVED, key, "【一窗通】测试", now=now)
    return next(m for m in written if m.channel == Message.Channel.SMS)


class FailingGateway:
    def send(self, phone, text):
        raise ConnectionError("网关超时")


def test_an_sms_due_in_the_quiet_hours_waits_for_eight_in_the_morning():
    message = sms(ApplicantFactory(), "k1", at(22, 30))
    assert message.status == Status.PENDING and message.due_at == at(8, day=8)
    assert services.send_due(at(7, 59, day=8)) == 0
    assert services.send_due(at(8, day=8)) == 1


def test_a_phone_past_its_daily_limit_gets_the_rest_the_next_morning(settings):
    settings.NOTIFY_SMS_PER_PHONE_PER_DAY = 2
    applicant = ApplicantFactory()
    statuses = [sms(applicant, f"k{i}", at(10, i)).status for i in range(3)]
    assert statuses == [Status.SENT, Status.SENT, Status.PENDING]
    assert Message.objects.get(key="k2", channel=Message.Channel.SMS).due_at == at(8, day=8)


def test_a_failing_gateway_is_retried_later_and_the_message_kept(settings):
    settings.YICHUANG_SMS_BACKEND = "yichuang.notify.tests.test_sending.FailingGateway"
    message = sms(ApplicantFactory(), "k1", at(10))
    assert message.status == Status.PENDING and message.attempts == 1 and "网关超时" in message.last_error
    settings.YICHUANG_SMS_BACKEND = "yichuang.notify.sms.ConsoleAndDatabaseBackend"
    assert services.send_due(at(10, 1)) == 0  # not due yet: it backs off
    assert services.send_due(at(11)) == 1


def test_a_message_that_keeps_failing_is_marked_failed_for_staff(settings):
    settings.YICHUANG_SMS_BACKEND = "yichuang.notify.tests.test_sending.FailingGateway"
    message = sms(ApplicantFactory(), "k1", at(10))
    for day in range(8, 8 + services.MAX_ATTEMPTS):
        services.send_due(at(10, day=day))
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.attempts == services.MAX_ATTEMPTS


def test_telling_twice_with_one_key_writes_nothing_the_second_time():
    applicant = ApplicantFactory()
    sms(applicant, "k1", at(10))
    assert services.tell(applicant, Message.Kind.RECEIVED, "k1", "再说一次", now=at(11)) == []


def test_a_full_id_number_is_masked_whatever_the_template_is_given():
    number = make_citizen_id(7)
    text = render(Message.Kind.ANSWER, item=f"关于{number}的咨询")
    assert number not in text and number[:6] + "********" + number[-4:] in text


def test_an_eighteen_digit_tracking_number_that_is_no_id_number_is_left_alone():
    assert scrub("快递单号123456789012345678") == "快递单号123456789012345678"
