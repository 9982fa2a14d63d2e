"""The signature on every request and answer of the provincial exchange (decision 0100):
HMAC-SHA256 with the key the province issues to this system, over one canonical string

    METHOD \n PATH \n TIMESTAMP \n NONCE \n SHA256(BODY)

in headers. The nonce of a record is its record id, the idempotency key the receiver keeps, so a
request replayed inside the timestamp window is answered "already received" and one replayed
later is refused as stale. An answer is signed over the request's nonce, so an old answer cannot
be replayed to us either. Used by the client and by the reference receiver (which imports
nothing of Django)."""

from __future__ import annotations

import hashlib
import hmac
import time

SENDER = "X-Exchange-Sender"
TIMESTAMP = "X-Exchange-Timestamp"
NONCE = "X-Exchange-Nonce"
SIGNATURE = "X-Exchange-Signature"
MAX_SKEW_SECONDS = 300  # how far a request's clock may be from the receiver's


def canonical(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), path, timestamp, nonce, hashlib.sha256(body).hexdigest()]).encode()


def sign(key: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    return hmac.new(key.encode(), canonical(method, path, timestamp, nonce, body), hashlib.sha256).hexdigest()


def headers(key: str, sender: str, method: str, path: str, nonce: str, body: bytes, now: float | None = None) -> dict:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        SENDER: sender,
        TIMESTAMP: timestamp,
        NONCE: nonce,
        SIGNATURE: sign(key, method, path, timestamp, nonce, body),
    }


def check(key: str, method: str, path: str, body: bytes, got: dict, now: float | None = None) -> str:
    """ "" when the signed headers `got` fit; else the refusal's code (bad_signature, stale_request)."""
    timestamp, nonce = got.get(TIMESTAMP) or "", got.get(NONCE) or ""
    expected = sign(key, method, path, timestamp, nonce, body)
    if not nonce or not hmac.compare_digest(expected, got.get(SIGNATURE) or ""):
        return "bad_signature"
    try:
        skew = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return "bad_signature"
    return "stale_request" if skew > MAX_SKEW_SECONDS else ""
