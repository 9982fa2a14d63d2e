"""A reference unified public payment platform (统一公共支付平台) for tests and the demo: a real
HTTP server process on loopback that behaves like the province's — it knows nothing of Django.

    python -m yichuang.fees.reference_provider --port 8401 --key KEY --db /tmp/pay.sqlite3

- POST /orders            (signed JSON: order_no, amount_fen, subject, notify_url, return_url)
                          → {"pay_url": …}; the same order_no again returns the same order.
- GET  /pay/<order_no>    the pay page (a form with one button); POST pays the order, queues
                          the signed asynchronous callback and sends the browser back.
- GET  /statement?day=    the day's paid orders (对账单), signed.
- POST /refunds           (signed JSON: refund_no, order_no, amount_fen, reason, notify_url)
                          → the refund, done at once (status "refunded", refund_txn); the same
                          refund_no again is the same refund, never a second one.
- GET  /refunds/<no>      a refund's status (signed), for a merchant that lost the answer.
- POST /control           (signed) test switches: {"drop_callbacks": n} loses the next n
                          callbacks for good; {"duplicate_callbacks": true} sends each twice;
                          {"lose_refund_answers": n} makes the next n refunds but answers 503
                          and never calls back (only the statement tells).
The statement lists the day's refunds beside the payments; refund callbacks are retried like
payment callbacks.
Callbacks are retried with backoff until the merchant answers 200 "SUCCESS", from the
orders table, so a restarted provider keeps sending what it owes. State is SQLite, so
stopping the process loses nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sqlite3
import threading
import time
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import reference_refunds as refunds
from .signing import HEADER, sign, verify

BEIJING = dt.timezone(dt.timedelta(hours=8))  # the platform's day is Beijing's: its statement is by that day
SCHEMA = """
create table if not exists orders (
  order_no text primary key, amount_fen integer not null, subject text not null,
  notify_url text not null, return_url text not null, status text not null,
  txn_id text, paid_at text, notified integer not null default 0,
  attempts integer not null default 0, next_try real not null default 0);
create table if not exists refunds (
  refund_no text primary key, order_no text not null, amount_fen integer not null, reason text not null,
  notify_url text not null, refund_txn text not null, refunded_at text not null,
  notified integer not null default 0, attempts integer not null default 0, next_try real not null default 0);
create table if not exists switches (name text primary key, value text not null);
"""


class Store:
    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        with self.db() as db:
            db.executescript(SCHEMA)

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def switch(self, name: str, default: str = "0") -> str:
        with self.db() as db:
            row = db.execute("select value from switches where name=?", (name,)).fetchone()
        return row["value"] if row else default

    def set_switch(self, name: str, value) -> None:
        with self.db() as db:
            db.execute("insert or replace into switches values (?, ?)", (name, str(value)))


def make_handler(store: Store, key: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: the tests read the merchant's records, not this log
            return

        def _send(self, status: int, body: bytes, ctype="application/json", headers=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict):
            body = json.dumps(data, ensure_ascii=False).encode()
            self._send(status, body, headers={HEADER: sign(key, body)})

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            body = self._body()
            if path.startswith("/pay/"):
                return self._pay(path.removeprefix("/pay/"))
            if not verify(key, body, self.headers.get(HEADER, "")):
                return self._json(401, {"code": "bad_signature"})
            data = json.loads(body)
            if path == "/orders":
                return self._create(data)
            if path == "/refunds":
                return refunds.create(self, store, data)
            if path == "/control":
                for name, value in data.items():
                    store.set_switch(name, int(value) if isinstance(value, (bool, int)) else value)
                return self._json(200, {"ok": True})
            return self._json(404, {"code": "not_found"})

        def _create(self, data: dict):
            with store.lock, store.db() as db:
                row = db.execute("select * from orders where order_no=?", (data["order_no"],)).fetchone()
                if row is None:
                    db.execute(
                        "insert into orders (order_no, amount_fen, subject, notify_url, return_url, status)"
                        " values (?, ?, ?, ?, ?, 'unpaid')",
                        (
                            data["order_no"],
                            int(data["amount_fen"]),
                            data["subject"],
                            data["notify_url"],
                            data["return_url"],
                        ),
                    )
                elif row["amount_fen"] != int(data["amount_fen"]):
                    return self._json(409, {"code": "order_conflict"})
            host = self.headers.get("Host")
            return self._json(200, {"order_no": data["order_no"], "pay_url": f"http://{host}/pay/{data['order_no']}"})

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            if parts.path.startswith("/pay/"):
                return self._page(parts.path.removeprefix("/pay/"))
            if parts.path == "/statement":
                day = urllib.parse.parse_qs(parts.query).get("day", [""])[0]
                with store.db() as db:
                    rows = db.execute(
                        "select order_no, txn_id, amount_fen, paid_at from orders"
                        " where status='paid' and substr(paid_at, 1, 10)=? order by paid_at",
                        (day,),
                    ).fetchall()
                return self._json(
                    200, {"day": day, "lines": [dict(r) for r in rows], "refunds": refunds.of_day(store, day)}
                )
            if parts.path.startswith("/refunds/"):
                return refunds.status(self, store, parts.path.removeprefix("/refunds/"))
            if parts.path == "/health":
                return self._json(200, {"ok": True})
            return self._json(404, {"code": "not_found"})

        def _page(self, order_no: str):
            with store.db() as db:
                row = db.execute("select * from orders where order_no=?", (order_no,)).fetchone()
            if row is None:
                return self._send(404, "订单不存在".encode(), "text/plain; charset=utf-8")
            amount = f"{row['amount_fen'] // 100}.{row['amount_fen'] % 100:02d}"
            done = row["status"] == "paid"
            page = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>统一公共支付平台</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.6}}
button{{font-size:1.25rem;padding:.75rem 1.5rem;background:#b00;color:#fff;border:0;border-radius:.4rem}}</style>
</head><body><main><h1>统一公共支付平台(演示)</h1>
<p>缴费事项:{html.escape(row["subject"])}</p><p>订单号:{html.escape(order_no)}</p>
<p>金额:<strong>{amount}元</strong></p>
{"<p>该订单已支付。</p>" if done else f'<form method="post" action="/pay/{html.escape(order_no)}"><button type="submit">确认支付</button></form>'}
</main></body></html>"""
            return self._send(200, page.encode(), "text/html; charset=utf-8")

        def _pay(self, order_no: str):
            now = dt.datetime.now(BEIJING).replace(microsecond=0).isoformat()
            with store.lock, store.db() as db:
                row = db.execute("select * from orders where order_no=?", (order_no,)).fetchone()
                if row is None:
                    return self._send(404, "订单不存在".encode(), "text/plain; charset=utf-8")
                if row["status"] != "paid":
                    txn = "T" + uuid.uuid4().hex[:20].upper()
                    db.execute(
                        "update orders set status='paid', txn_id=?, paid_at=? where order_no=?", (txn, now, order_no)
                    )
                    dropped = int(store.switch("drop_callbacks"))
                    if dropped > 0:  # this callback is lost for good: only the statement tells
                        store.set_switch("drop_callbacks", dropped - 1)
                        db.execute("update orders set notified=1 where order_no=?", (order_no,))
            self.send_response(303)
            self.send_header("Location", row["return_url"])
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def notify_loop(store: Store, key: str, stop: threading.Event) -> None:
    """Send every paid, unacknowledged order's callback; back off on failure (1 s … 30 s)."""
    while not stop.is_set():
        now = time.time()
        with store.db() as db:
            due = db.execute(
                "select * from orders where status='paid' and notified=0 and next_try<=? limit 20", (now,)
            ).fetchall()
        refunds.deliver(store, key, _post, "orders", "order_no", due, _paid_notice)
        refunds.notify_due(store, key, _post)
        stop.wait(0.2)


def _paid_notice(row) -> dict:
    return {
        "order_no": row["order_no"],
        "txn_id": row["txn_id"],
        "amount_fen": row["amount_fen"],
        "paid_at": row["paid_at"],
        "status": "paid",
    }


def _post(url: str, body: bytes, key: str) -> bool:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", HEADER: sign(key, body)}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200 and json.loads(response.read()).get("code") == "SUCCESS"
    except Exception:  # noqa: BLE001  any failure is retried later
        return False


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="参考统一公共支付平台(测试与演示)")
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--key", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    store = Store(args.db)
    stop = threading.Event()
    threading.Thread(target=notify_loop, args=(store, args.key, stop), daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(store, args.key))
    try:
        server.serve_forever()
    finally:
        stop.set()


if __name__ == "__main__":
    main()
