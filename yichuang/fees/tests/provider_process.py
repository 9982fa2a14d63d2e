"""The reference payment platform as a real process on loopback, for tests and benches."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from yichuang.common.testing import answers
from yichuang.fees.signing import HEADER, sign

KEY = "test-payment-key"


class Running:
    def __init__(self, port: int, db: str):
        self.port, self.db, self.url = port, db, f"http://127.0.0.1:{port}"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "yichuang.fees.reference_provider",
                "--port",
                str(self.port),
                "--key",
                KEY,
                "--db",
                self.db,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if answers(self.url + "/health"):
            return
        raise RuntimeError("reference payment provider did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def control(self, **switches) -> None:
        body = json.dumps(switches).encode()
        request = urllib.request.Request(
            self.url + "/control", data=body, method="POST", headers={HEADER: sign(KEY, body)}
        )
        urllib.request.urlopen(request, timeout=5).read()

    def paid_day(self, order_no: str):
        """The platform's day of a payment (its own clock: the tests' clock is moved in-process only)."""
        import datetime as dt
        import sqlite3

        with sqlite3.connect(self.db) as db:
            (paid_at,) = db.execute("select paid_at from orders where order_no=?", (order_no,)).fetchone()
        return dt.date.fromisoformat(paid_at[:10])

    def refunds_of(self, order_no: str) -> list[tuple[str, int]]:
        """The refunds the platform made of an order: (refund_no, amount_fen) — its own record."""
        import sqlite3

        with sqlite3.connect(self.db) as db:
            return db.execute("select refund_no, amount_fen from refunds where order_no=?", (order_no,)).fetchall()

    def refunded_day(self, refund_no: str):
        import datetime as dt
        import sqlite3

        with sqlite3.connect(self.db) as db:
            (at,) = db.execute("select refunded_at from refunds where refund_no=?", (refund_no,)).fetchone()
        return dt.date.fromisoformat(at[:10])

    def told(self, table: str, number: str) -> bool:
        """Whether the platform has finished telling the merchant of an order (table "orders") or
        a refund ("refunds"): every copy of the callback posted and answered, or the callback
        dropped for good. Its own record, written after the last copy's answer."""
        import sqlite3

        column = {"orders": "order_no", "refunds": "refund_no"}[table]
        with sqlite3.connect(self.db) as db:
            row = db.execute(f"select notified from {table} where {column}=?", (number,)).fetchone()  # noqa: S608
        return bool(row and row[0])

    def pay(self, pay_url: str) -> None:
        """What the citizen's click on 确认支付 does: the platform marks the order paid."""
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(pay_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("POST", parts.path)
        assert conn.getresponse().status == 303
        conn.close()


def wait_for(condition, seconds=15) -> bool:
    """Poll until `condition()` holds (the platform's callbacks are asynchronous)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def reference_provider(port: int, db: str):
    running = Running(port, db)
    running.start()
    try:
        yield running
    finally:
        running.stop()
