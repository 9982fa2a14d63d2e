"""Telling an applicant (R-25): `tell` writes the messages, `send_due` sends what is due.

`tell` writes one hall message (read in the online hall's 消息 list at once) and, when the
applicant has a mobile phone on record, one SMS to send — each only where the applicant has not
turned that channel off (我的设置, ChannelPreference), except the notices in REQUIRED_KINDS,
which go by every channel: they start a time limit that runs against the applicant (the
一次性告知's supplement period; the 不予受理 and the decision, from which the periods for
administrative review and litigation run — 行政许可法 第三十二条、第三十八条), so being told
late or not at all costs them rights (decision 0111). Both are unique per (key, applicant,
channel): telling twice is a no-op. An SMS is sent straight away unless it falls in the quiet
hours or the phone has had its day's share — then it waits (deferred, not dropped) until the
morning or the next day. A gateway failure leaves it pending with a growing delay; `send_due`
(the `send_messages` command, run by the scheduler) retries it, and gives up only after
MAX_ATTEMPTS, marked 发送失败 for staff to see."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yichuang.people.numbers import MOBILE, mask_phone

from .models import ChannelPreference, Message
from .sms import get_backend

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
Channel, Status = Message.Channel, Message.Status
Kind = Message.Kind
# Told by every channel whatever the applicant chose (see the module's note and decision 0111).
REQUIRED_KINDS = frozenset({Kind.SUPPLEMENT, Kind.REFUSED, Kind.DECIDED, Kind.JOINT_RESULT})


def _conf(name: str, default):
    return getattr(settings, name, default)


def tell(
    applicant, kind: str, key: str, text: str, *, case=None, phone: str = "", now: dt.datetime | None = None
) -> list[Message]:
    """Write the messages for one thing to tell; returns those written now (none when told before).
    Without an applicant, `phone` gets the SMS alone (a booker not yet real-named)."""
    now = now or timezone.now()
    written = []
    to = applicant.phone if applicant else phone
    channels = ([Channel.HALL] if applicant else []) + ([Channel.SMS] if MOBILE.fullmatch(to or "") else [])
    chosen = preference_of(applicant) if applicant else None  # a phone-only booker chose nothing
    channels = [c for c in channels if kind in REQUIRED_KINDS or chosen is None or chosen.allows(c)]
    for channel in channels:
        hall = channel == Channel.HALL
        try:
            with transaction.atomic():  # a savepoint: a duplicate is the one already told
                written.append(
                    Message.objects.create(
                        key=key[:100],
                        kind=kind,
                        channel=channel,
                        applicant=applicant,
                        phone="" if applicant else phone,
                        case=case,
                        text=text[:500],
                        masked_phone="" if hall else mask_phone(to),
                        status=Status.SENT if hall else Status.PENDING,
                        sent_at=now if hall else None,
                        due_at=now,
                    )
                )
        except IntegrityError:
            continue
    for message in written:
        if message.channel == Channel.SMS:
            send(message, now)
    return written


def preference_of(applicant) -> ChannelPreference:
    """The applicant's choice, or the default (every channel) unsaved."""
    return ChannelPreference.objects.filter(applicant=applicant).first() or ChannelPreference(applicant=applicant)


@transaction.atomic
def set_channels(applicant, *, sms: bool, hall: bool) -> ChannelPreference:
    preference, _ = ChannelPreference.objects.update_or_create(applicant=applicant, defaults={"sms": sms, "hall": hall})
    return preference


def quiet_until(at: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours (no SMS from 21:00 to 08:00 local time by default) when `at`
    falls in them, else None."""
    start, end = _conf("NOTIFY_QUIET_HOURS", (21, 8))
    local = timezone.localtime(at)
    if start <= local.hour or local.hour < end:
        day = local.date() + dt.timedelta(days=1 if local.hour >= start else 0)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(end)))
    return None


def _over_limit(message: Message, now: dt.datetime) -> dt.datetime | None:
    """The next morning when the phone already had its day's SMS (NOTIFY_SMS_PER_PHONE_PER_DAY)."""
    local = timezone.localtime(now)
    midnight = timezone.make_aware(dt.datetime.combine(local.date(), dt.time()))
    phone = message.to_phone
    sent_today = (
        Message.objects.filter(channel=Channel.SMS, status=Status.SENT, sent_at__gte=midnight)
        .filter(Q(applicant__phone=phone) | Q(applicant__isnull=True, phone=phone))
        .count()
    )
    if sent_today < _conf("NOTIFY_SMS_PER_PHONE_PER_DAY", 10):
        return None
    return midnight + dt.timedelta(days=1, hours=_conf("NOTIFY_QUIET_HOURS", (21, 8))[1])


def send(message: Message, now: dt.datetime | None = None) -> Message:
    """Send one pending SMS now, or put it off to when it may go; a failure is retried later."""
    now = now or timezone.now()
    later = quiet_until(now) or _over_limit(message, now)
    if later is not None:
        message.due_at = later
        message.save(update_fields=["due_at"])
        return message
    message.attempts += 1
    try:
        phone = message.to_phone
        if not MOBILE.fullmatch(phone or ""):
            raise ValueError("申请人没有登记手机号")
        get_backend().send(phone, message.text)
    except Exception as exc:  # any gateway failure: keep it and try again later
        log.warning("SMS message %s failed (%s)", message.pk, exc.__class__.__name__)
        message.last_error = f"{exc.__class__.__name__}: {str(exc)[:150]}"
        if message.attempts >= MAX_ATTEMPTS:
            message.status = Status.FAILED
        message.due_at = now + min(dt.timedelta(minutes=2**message.attempts), dt.timedelta(hours=6))
    else:
        message.status, message.sent_at, message.last_error = Status.SENT, now, ""
    message.save(update_fields=["attempts", "last_error", "status", "due_at", "sent_at"])
    return message


def send_due(now: dt.datetime | None = None, batch: int = 500) -> int:
    """Send (or put off again) every pending SMS that is due; returns how many went out."""
    now = now or timezone.now()
    sent = 0
    due = Message.objects.filter(channel=Channel.SMS, status=Status.PENDING, due_at__lte=now)
    for pk in list(due.order_by("due_at").values_list("pk", flat=True)[:batch]):
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(of=("self",))
                .select_related("applicant")
                .filter(pk=pk, status=Status.PENDING)
                .first()
            )
            if message is not None and send(message, now).status == Status.SENT:
                sent += 1
    return sent


def mark_read(applicant_ids, now: dt.datetime | None = None) -> int:
    return Message.objects.filter(
        applicant_id__in=list(applicant_ids), channel=Channel.HALL, read_at__isnull=True
    ).update(read_at=now or timezone.now())
