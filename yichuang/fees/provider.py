"""The payment-provider interface: what the platform asks of the unified public payment
platform. `HttpProvider` speaks the reference provider's protocol (reference_provider.py);
a province's own platform is another class with the same methods (orders, statement,
callback check, refunds and their status)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from yichuang.common.errors import DomainError, Problem

from .signing import HEADER, sign, verify


@dataclass(frozen=True)
class StatementLine:
    order_no: str
    txn_id: str
    amount_fen: int
    paid_at: str


@dataclass(frozen=True)
class RefundLine:
    refund_no: str
    order_no: str
    refund_txn: str
    amount_fen: int
    refunded_at: str


class ProviderUnavailable(DomainError):
    status = 503


def unavailable() -> ProviderUnavailable:
    return ProviderUnavailable(
        Problem("payment_provider_unavailable", "统一公共支付平台暂时无法连接,请稍后再试或到窗口缴费。")
    )


class HttpProvider:
    def __init__(self, url: str, key: str, timeout: float = 10):
        self.url, self.key, self.timeout = url.rstrip("/"), key, timeout

    def _call(self, method: str, path: str, data: dict | None = None) -> dict:
        body = json.dumps(data, ensure_ascii=False).encode() if data is not None else None
        headers = {"Content-Type": "application/json"}
        if body is not None:
            headers[HEADER] = sign(self.key, body)
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw, signature = response.read(), response.headers.get(HEADER, "")
        except (urllib.error.URLError, OSError) as exc:
            raise unavailable() from exc
        if not verify(self.key, raw, signature):  # an answer we cannot trust is no answer
            raise unavailable()
        return json.loads(raw)

    def create_order(self, order_no: str, amount_fen: int, subject: str, notify_url: str, return_url: str) -> str:
        """Open (or find again: the same order_no is the same order) an order; its pay page's address."""
        answer = self._call(
            "POST",
            "/orders",
            {
                "order_no": order_no,
                "amount_fen": amount_fen,
                "subject": subject,
                "notify_url": notify_url,
                "return_url": return_url,
            },
        )
        return answer["pay_url"]

    def statement(self, day: dt.date) -> list[StatementLine]:
        return self.day_statement(day)[0]

    def day_statement(self, day: dt.date) -> tuple[list[StatementLine], list[RefundLine]]:
        """The day's 对账单: the payments and the refunds the platform made."""
        answer = self._call("GET", "/statement?" + urllib.parse.urlencode({"day": day.isoformat()}))
        return (
            [StatementLine(**line) for line in answer["lines"]],
            [RefundLine(**line) for line in answer.get("refunds", [])],
        )

    def refund(self, refund_no: str, order_no: str, amount_fen: int, reason: str, notify_url: str) -> RefundLine:
        """Ask the platform to pay an order's money back. Idempotent by refund_no: asking again
        (after a lost answer) returns the same refund, never a second one."""
        data = {
            "refund_no": refund_no,
            "order_no": order_no,
            "amount_fen": amount_fen,
            "reason": reason,
            "notify_url": notify_url,
        }
        answer = self._call("POST", "/refunds", data)
        return RefundLine(**{k: answer[k] for k in RefundLine.__dataclass_fields__})

    def refund_status(self, refund_no: str) -> RefundLine | None:
        """The platform's record of a refund (None: it never made it)."""
        try:
            answer = self._call("GET", "/refunds/" + urllib.parse.quote(refund_no))
        except ProviderUnavailable as exc:
            if isinstance(exc.__cause__, urllib.error.HTTPError) and exc.__cause__.code == 404:
                return None
            raise
        return RefundLine(**{k: answer[k] for k in RefundLine.__dataclass_fields__})

    def verify_callback(self, body: bytes, signature: str) -> bool:
        return verify(self.key, body, signature)


def provider() -> HttpProvider:
    conf = settings.YICHUANG_PAYMENT
    return HttpProvider(conf["URL"], conf["KEY"])
