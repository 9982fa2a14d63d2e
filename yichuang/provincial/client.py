"""The HTTP client of the provincial 办件信息汇聚 interface (docs/provincial-exchange.md): POST a
signed record, GET a signed per-day summary. Any answer whose signature does not fit is treated
as no answer. Exceptions name status codes and record ids only, never a record's contents:
their text reaches the outbox's last error and the dead letters."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings

from . import signing


class ExchangeUnavailable(Exception):
    """The receiver could not be reached or gave no trustworthy answer: retry later."""


class RecordRefused(Exception):
    """The receiver read the request and refused it (signature, stale clock, invalid record)."""


@dataclass(frozen=True)
class Summary:
    day: str
    count: int
    record_ids: frozenset[str]


class Client:
    def __init__(self, url: str, key: str, sender: str, timeout: float = 5):
        self.url, self.key, self.sender, self.timeout = url.rstrip("/"), key, sender, timeout
        self.prefix = urllib.parse.urlsplit(self.url).path  # signed as the receiver sees the path

    def _call(self, method: str, path: str, nonce: str, body: bytes = b"") -> tuple[int, dict]:
        path = self.prefix + path
        headers = {
            "Content-Type": "application/json",
            **signing.headers(self.key, self.sender, method, path, nonce, body),
        }
        request = urllib.request.Request(
            self.url + path.removeprefix(self.prefix), data=body or None, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, raw, answer = response.status, response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, raw, answer = exc.code, exc.read(), exc.headers
        except (urllib.error.URLError, OSError) as exc:
            raise ExchangeUnavailable(f"省平台无法连接({exc.__class__.__name__})") from exc
        if status >= 500:
            raise ExchangeUnavailable(f"省平台暂时不可用(HTTP {status})")
        # An answer is signed over our nonce: a forged or replayed one is no answer.
        if signing.check(self.key, "ANSWER", path, raw, {**dict(answer.items()), signing.NONCE: nonce}):
            raise ExchangeUnavailable(f"省平台答复的签名无效(HTTP {status})")
        return status, json.loads(raw or b"{}")

    def send(self, record: dict) -> str:
        """Deliver one record; "received" the first time, "duplicate" for a record id it already has."""
        body = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
        status, data = self._call("POST", "/records", record["record_id"], body)
        if status == 200 and data.get("code") in ("received", "duplicate"):
            return data["code"]
        raise RecordRefused(f"省平台拒收记录 {record['record_id']}:HTTP {status} {data.get('code', '')}")

    def summary(self, day: str) -> Summary:
        path = "/summary?" + urllib.parse.urlencode({"day": day})
        status, data = self._call("GET", path, uuid.uuid4().hex)
        if status != 200:
            raise RecordRefused(f"省平台拒绝对账查询:HTTP {status} {data.get('code', '')}")
        return Summary(data["day"], int(data["count"]), frozenset(data["record_ids"]))


def enabled() -> bool:
    return bool(settings.PROVINCIAL_EXCHANGE["URL"])


def client() -> Client:
    conf = settings.PROVINCIAL_EXCHANGE
    return Client(conf["URL"], conf["KEY"], conf["SENDER"], conf["TIMEOUT"])
