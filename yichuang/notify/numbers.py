"""Keyed digests: SMS records, login codes and per-phone limits find a phone without storing it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def keyed_digest(kind: str, value: str) -> str:
    # The "yichuang-portal" prefix predates this module: changing it would orphan stored digests.
    key = hashlib.sha256(f"yichuang-portal:{kind}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def phone_digest(phone: str) -> str:
    return keyed_digest("phone", phone)
