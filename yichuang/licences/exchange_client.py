"""HTTP client of the provincial 证照库 exchange (docs/licence-exchange.md). Every licence it
returns has had its chain, its body signature and its freshly signed status checked; what fails
is returned as a refusal with a Chinese reason, never as a licence. Answers are cached (Django's
cache) for LICENCE_EXCHANGE["CACHE_SECONDS"] and re-verified on every use."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from cryptography import x509
from django.conf import settings
from django.core.cache import cache

from . import signing

_NUMBER = re.compile(r"[0-9A-Z.]{1,128}")


class ExchangeDown(Exception):
    """No usable answer within the timeout."""


@dataclass
class Answer:
    licences: list[dict] = field(default_factory=list)  # verified licence bodies, status valid
    refusals: list[str] = field(default_factory=list)  # Chinese reasons, one per refused licence


def _config() -> dict:
    return getattr(settings, "LICENCE_EXCHANGE", {}) or {}


def enabled() -> bool:
    return bool(_config().get("URL"))


@functools.cache
def _ca(path: str) -> x509.Certificate:
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read())


def _call(url: str, timeout: float, payload: dict | None = None) -> dict:
    """POST `payload` as JSON (GET without one); the answer's JSON, or ExchangeDown."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured https/http URL
            return json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return {}
        raise ExchangeDown(f"HTTP {err.code}") from err
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ValueError) as err:
        raise ExchangeDown(str(err)) from err


def _check(envelope: dict, holder_id: str | None, type_code: str, ca: x509.Certificate) -> str:
    """'' when the envelope is a valid licence (of this holder and type, when given), otherwise the reason."""
    body = envelope.get("licence") or {}
    label = f"证照“{body.get('licence_type_name', type_code)}”({body.get('number', '无标识')})"
    try:
        signing.verify(body, envelope.get("signature", ""), envelope.get("certificate", ""), ca)
        status = envelope.get("status") or {}
        signing.verify(status, envelope.get("status_signature", ""), envelope.get("certificate", ""), ca)
    except signing.SignatureRefused as err:
        return f"{label}已拒收:{err}。"
    if status.get("number") != body.get("number"):
        return f"{label}已拒收:状态应答与证照不符。"
    if status.get("status") == "revoked":
        reason = status.get("reason") or "未说明原因"
        return f"{label}已拒收:颁发机关已撤销该证照({reason})。"
    found = (str(body.get("holder_id_number", "")).upper(), body.get("licence_type_code"))
    if holder_id is not None and found != (holder_id, type_code):
        return f"{label}已拒收:持证主体或证照类型与查询不符。"
    return ""


def lookup(holder_id: str, type_code: str) -> Answer:
    """The exchange's licences of this holder and type. Raises ExchangeDown."""
    config = _config()
    holder_id, type_code = holder_id.strip().upper(), type_code.strip().upper()
    # The cache key is a digest: an ID number is not written anywhere in clear by us.
    key = "licence-exchange:" + hashlib.sha256(f"{holder_id}|{type_code}".encode()).hexdigest()
    raw = cache.get(key)
    if raw is None:
        url = config["URL"].rstrip("/") + "/api/v1/licences/lookup"
        raw = _call(url, config.get("TIMEOUT", 2.0), {"holder_id_number": holder_id, "licence_type_code": type_code})
        cache.set(key, raw, config.get("CACHE_SECONDS", 300))
    return _verified(raw.get("items", []), holder_id, type_code)


def _verified(envelopes: list[dict], holder_id: str | None, type_code: str) -> Answer:
    ca = _ca(_config()["CA_CERT"])
    answer = Answer()
    for envelope in envelopes:
        reason = _check(envelope, holder_id, type_code, ca)
        if reason:
            answer.refusals.append(reason)
        else:
            answer.licences.append(envelope)
    return answer


def by_number(number: str) -> Answer:
    """One licence by its 电子证照标识, verified as `lookup` verifies; not cached (a status check).
    Raises ExchangeDown."""
    config = _config()
    if not _NUMBER.fullmatch(number or ""):
        return Answer()
    raw = _call(config["URL"].rstrip("/") + "/api/v1/licences/" + number, config.get("TIMEOUT", 2.0))
    return _verified([raw] if raw else [], None, "")
