"""Keyed digests: login codes and SMS records are found by phone without storing the phone."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _digest(kind: str, value: str) -> str:
    key = hashlib.sha256(f"yichuang-portal:{kind}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def phone_digest(phone: str) -> str:
    return _digest("phone", phone)


def code_digest(phone: str, code: str, salt: str) -> str:
    return _digest("code", f"{phone}:{salt}:{code}")
