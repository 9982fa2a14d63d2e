"""SMS gateways (pluggable): settings.YICHUANG_SMS_BACKEND names a class with `send(phone, text)`;
a failure is an exception, and the caller retries. Login codes (portal) and every message to
an applicant (this app) go through the one configured gateway.

The default writes the message to the console log (phone masked) and to the database
(SmsMessage), so a demo or a test can read it. A county plugs its SMS gateway in with a class
of its own; nothing else changes."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from yichuang.people.numbers import mask_phone

from .models import SmsMessage
from .numbers import phone_digest

DEFAULT_BACKEND = "yichuang.notify.sms.ConsoleAndDatabaseBackend"
logger = logging.getLogger("yichuang.notify.sms")


class ConsoleAndDatabaseBackend:
    def send(self, phone: str, text: str) -> None:
        SmsMessage.objects.create(phone_digest=phone_digest(phone), masked_phone=mask_phone(phone), text=text)
        logger.info("短信 → %s:%s", mask_phone(phone), text)


def get_backend():
    return import_string(getattr(settings, "YICHUANG_SMS_BACKEND", DEFAULT_BACKEND))()
