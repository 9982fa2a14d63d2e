"""Keyed digests of the online hall's one-time codes (the phone's digest is notify's)."""

from __future__ import annotations

from yichuang.notify.numbers import keyed_digest, phone_digest

__all__ = ["code_digest", "phone_digest"]


def code_digest(phone: str, code: str, salt: str) -> str:
    return keyed_digest("code", f"{phone}:{salt}:{code}")
