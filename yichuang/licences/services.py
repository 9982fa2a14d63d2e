"""Writes of the licence connector: keeping a verified exchange licence in the licence store."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from yichuang.people.licence_ids import is_valid_licence_id
from yichuang.people.models import Applicant, Licence

from .models import ExchangeCopy

EXCHANGE = "exchange"


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def keep_exchange_copy(holder: Applicant, envelope: dict) -> Licence | None:
    """The store's row of a verified exchange licence, created or refreshed; None when the
    exchange's identifier is not a well-formed 电子证照标识 (the copy could not be told apart)."""
    body = envelope["licence"]
    number = body["number"]
    if not is_valid_licence_id(number):
        return None
    parts = number.split(".")
    fields = {
        "holder": holder,
        "licence_type_code": body["licence_type_code"],
        "licence_type_name": body.get("licence_type_name", ""),
        "serial": int(parts[-3]),
        "version": int(parts[-2]),
        "issuer_name": body.get("issuer_name", ""),
        "issuer_credit_code": body.get("issuer_credit_code", ""),
        "issued_on": _date(body["issued_on"]),
        "valid_until": _date(body.get("valid_until")),
        "data": body.get("data") or {},
        "signature": envelope["signature"],
    }
    licence, _ = Licence.objects.select_for_update().update_or_create(number=number, defaults=fields)
    ExchangeCopy.objects.update_or_create(
        licence=licence, defaults={"provider": EXCHANGE, "envelope": envelope, "checked_at": timezone.now()}
    )
    return licence
