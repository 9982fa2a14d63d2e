"""Where intake looks for a licence (R-42, R-13): every provider in turn — this platform's own
licence store, then the provincial 证照库 exchange. The first valid licence wins; what a
provider could not answer or refused is a notice for the clerk, and the material is then asked
for on paper as before. `fetchable_licence` keeps the signature of the people selector intake
called, so intake changed by one import."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from yichuang.people import selectors as people
from yichuang.people.models import Applicant, Licence

from . import exchange_client, services
from .models import ExchangeCopy

log = logging.getLogger(__name__)
DOWN_NOTICE = "省证照库交换平台暂时无法连接,未能调取“{name}”,请收取纸质材料。"


@dataclass
class Fetched:
    licence: Licence | None = None
    notices: list[str] = field(default_factory=list)


class OwnStore:
    """本平台证照库: licences this platform issued or a county imported. A copy fetched from the
    exchange counts only while its last check is fresh; after that the exchange is asked again,
    so a revocation there reaches intake within the cache time."""

    def find(self, applicant: Applicant, type_code: str, name: str) -> Fetched:
        licence = people.fetchable_licence(applicant, type_code)
        if licence is None:
            return Fetched()
        checked = ExchangeCopy.objects.filter(licence=licence).values_list("checked_at", flat=True).first()
        if checked is not None and checked < timezone.now() - dt.timedelta(seconds=_cache_seconds()):
            return Fetched()
        return Fetched(licence)


class Exchange:
    """省证照库交换平台, over HTTP (docs/licence-exchange.md)."""

    def find(self, applicant: Applicant, type_code: str, name: str) -> Fetched:
        if not exchange_client.enabled():
            return Fetched()
        try:
            answer = exchange_client.lookup(applicant.number, type_code)
        except exchange_client.ExchangeDown as err:
            log.warning("licence exchange unavailable: %s", type(err.__cause__).__name__)
            return Fetched(notices=[DOWN_NOTICE.format(name=name)])
        notices = [*answer.refusals]
        for envelope in answer.licences:
            if _current(envelope["licence"]):
                licence = services.keep_exchange_copy(applicant, envelope)
                if licence is not None:
                    return Fetched(licence, notices)
        return Fetched(notices=notices)


def _cache_seconds() -> int:
    return (getattr(settings, "LICENCE_EXCHANGE", {}) or {}).get("CACHE_SECONDS", 300)


def _current(body: dict) -> bool:
    today = timezone.localdate().isoformat()
    return body.get("issued_on", "9999") <= today and (not body.get("valid_until") or body["valid_until"] >= today)


PROVIDERS = (OwnStore(), Exchange())


def fetch(applicant: Applicant | None, type_code: str, name: str = "") -> Fetched:
    if applicant is None or applicant.pk is None:
        return Fetched()
    type_code = (type_code or "").strip().upper()
    notices = []
    for provider in PROVIDERS:
        found = provider.find(applicant, type_code, name or type_code)
        notices += found.notices
        if found.licence is not None:
            return Fetched(found.licence, notices)
    return Fetched(notices=notices)


def fetchable_licence(applicant: Applicant, type_code: str) -> Licence | None:
    return fetch(applicant, type_code).licence
