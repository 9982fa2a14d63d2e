"""Reads about money."""

from __future__ import annotations

import re

from django.http import Http404

from yichuang.common.errors import DomainError, Problem

from .models import Charge, Payment

_YUAN = re.compile(r"^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$")


def charge_of(case) -> Charge:
    charge = Charge.objects.filter(case=case).select_related("case").first()
    if charge is None:
        raise Http404("该办件没有应缴费用")
    return charge


def payments(charge: Charge | None) -> list[Payment]:
    if charge is None:
        return []
    return list(charge.payments.select_related("recorded_by", "confirmed_by").order_by("created_at", "pk"))


def fen_from_yuan(text: str) -> int:
    """ "80" or "80.5" or "80.50" → 8050 fen, exactly (no float ever touches money)."""
    found = _YUAN.match(text or "")
    if not found:
        raise DomainError(Problem("amount_invalid", "金额格式不正确,请填写如 80 或 80.00。", "amount"))
    return int(found.group(1)) * 100 + int((found.group(2) or "0").ljust(2, "0"))
