"""Citizens of the online hall, made through the real login and real-name services."""

from __future__ import annotations

import itertools
import re

from django.core.files.uploadedfile import SimpleUploadedFile

from yichuang.notify.models import SmsMessage
from yichuang.people.tests.factories import make_citizen_id

from ..numbers import phone_digest
from ..services import accounts

_numbers = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def last_code(phone: str) -> str:
    text = SmsMessage.objects.filter(phone_digest=phone_digest(phone)).order_by("-pk").first().text
    return re.search(r"验证码是(\d{6})", text).group(1)


def logged_in_account(phone: str | None = None):
    phone = phone or f"139{next(_numbers):08d}"
    accounts.send_login_code(phone)
    return accounts.log_in_with_code(phone, last_code(phone))


def citizen(phone: str | None = None, name: str = "张秀英", n: int | None = None):
    """A logged-in, real-named citizen (born April 1940: 86 in the tests' June 2026). Numbers from
    100,000 up: ApplicantFactory's sequence counts from 0 across a whole test process, and a long
    run (or another order, under xdist) reached 500 + k and gave this citizen another's name."""
    account = logged_in_account(phone)
    accounts.verify_identity(account, name=name, citizen_id=make_citizen_id(n or 100_000 + next(_numbers)))
    account.refresh_from_db()
    return account


def pdf_file(name: str = "户口簿.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def with_id_card(account):
    """The citizen's 居民身份证 in the licence store (the test worlds' material fetched by code 111)."""
    from yichuang.people.services import issue_licence
    from yichuang.people.tests.factories import ISSUER_USCC

    issue_licence(account.applicant, "111", "居民身份证", "示范县公安局", ISSUER_USCC, data={})
    return account


def online_world(**version_overrides):
    """make_world with its item handled online (网上受理办理): the hall takes applications only for
    such items (issue 15 §5); the default version is window-only."""
    from yichuang.cases.tests.factories import make_world
    from yichuang.catalog.models.choices import OnlineDepth

    return make_world(**{"online_depth": OnlineDepth.ONLINE, **version_overrides})
