"""A reference provincial 办件信息汇聚 receiver for tests and the demo: a real HTTP server process
on loopback that behaves as the province's interface is documented (docs/provincial-exchange.md)
and knows nothing of Django.

    python -m yichuang.provincial.reference_receiver --port 8411 --key KEY --db /tmp/prov.sqlite3

- POST /records          one signed 办件信息 record → 200 {"code": "received"}; the same record id
                         again → 200 {"code": "duplicate", "message": "已接收"} and nothing stored
                         twice; a bad signature or a stale timestamp → 401; a record without a
                         required data item → 400 {"code": "invalid_record", "errors": [...]}.
- GET  /summary?day=D    (signed) the day's count and record ids, by the record's business day.
- GET  /health
Every answer is signed over the request's nonce. State is SQLite, so a killed receiver loses
nothing it acknowledged (each insert commits before the answer is written)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import signing
from .protocol import REQUIRED

SCHEMA = """
create table if not exists records (
  record_id text primary key, sender text not null, case_number text not null,
  stage_code text not null, occurred_on text not null, body text not null, received_at text not null);
create index if not exists records_day on records (occurred_on);
"""


class Store:
    def __init__(self, path: str):
        self.path = path
        self.lock = threading.Lock()
        with self.db() as db:
            db.execute("pragma journal_mode=wal")
            db.executescript(SCHEMA)

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def keep(self, record: dict, sender: str) -> bool:
        """Store a record once; False when its id is already held (the idempotency key)."""
        with self.lock, self.db() as db:
            cursor = db.execute(
                "insert or ignore into records values (?, ?, ?, ?, ?, ?, ?)",
                (
                    record["record_id"],
                    sender,
                    record["case_number"],
                    record["stage_code"],
                    record["occurred_on"],
                    json.dumps(record, ensure_ascii=False),
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )
            return cursor.rowcount == 1

    def day(self, day: str) -> list[str]:
        with self.db() as db:
            rows = db.execute("select record_id from records where occurred_on=? order by record_id", (day,))
            return [r["record_id"] for r in rows]


def invalid(record) -> list[str]:
    if not isinstance(record, dict):
        return ["记录必须是 JSON 对象"]
    errors = [f"缺少数据项 {name}" for name in REQUIRED if record.get(name) in (None, "")]
    try:
        dt.date.fromisoformat(str(record.get("occurred_on")))
    except ValueError:
        errors.append("occurred_on 不是日期")
    return errors


def make_handler(store: Store, key: str, clock_offset: float = 0.0):
    def now() -> float:
        return time.time() + clock_offset

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet: a record carries personal data; it is never logged
            return

        def _json(self, status: int, data: dict):
            body = json.dumps(data, ensure_ascii=False).encode()
            nonce = self.headers.get(signing.NONCE) or ""
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in signing.headers(key, "province", "ANSWER", self.path, nonce, body, now()).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _refused(self, body: bytes) -> bool:
            problem = signing.check(key, self.command, self.path, body, dict(self.headers.items()), now())
            if problem:
                message = "签名无效" if problem == "bad_signature" else "请求时间超出允许范围"
                self._json(401, {"code": problem, "message": message})
            return bool(problem)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if urllib.parse.urlsplit(self.path).path != "/records":
                return self._json(404, {"code": "not_found"})
            if self._refused(body):
                return None
            try:
                record = json.loads(body)
            except ValueError:
                return self._json(400, {"code": "invalid_record", "message": "不是 JSON", "errors": []})
            errors = invalid(record)
            if not errors and record["record_id"] != self.headers.get(signing.NONCE):
                errors = ["签名所用的记录标识与记录不一致"]
            if errors:
                return self._json(400, {"code": "invalid_record", "message": "记录不完整", "errors": errors})
            if store.keep(record, self.headers.get(signing.SENDER) or ""):
                return self._json(200, {"code": "received", "message": "接收成功"})
            return self._json(200, {"code": "duplicate", "message": "已接收"})

        def do_GET(self):
            parts = urllib.parse.urlsplit(self.path)
            if parts.path == "/health":
                return self._json(200, {"ok": True})
            if parts.path != "/summary":
                return self._json(404, {"code": "not_found"})
            if self._refused(b""):
                return None
            day = urllib.parse.parse_qs(parts.query).get("day", [""])[0]
            ids = store.day(day)
            return self._json(200, {"day": day, "count": len(ids), "record_ids": ids})

    return Handler


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="参考省级办件信息汇聚接收端(测试与演示)")
    parser.add_argument("--port", type=int, default=8411)
    parser.add_argument("--key", required=True)
    parser.add_argument("--db", required=True)
    # Tests move their own clock to a known working day; the receiver then keeps theirs.
    parser.add_argument("--clock-offset", type=float, default=0.0, help="seconds added to this clock (tests)")
    args = parser.parse_args(argv)
    handler = make_handler(Store(args.db), args.key, args.clock_offset)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
