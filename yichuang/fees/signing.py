"""The signature both sides of the payment platform put on what they send: HMAC-SHA256 over the
exact body bytes with the merchant's key, hex in a header. Used by the provider client, the
callback view and the reference provider (which imports nothing of Django)."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Pay-Signature"


def sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def verify(key: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, body), signature or "")
