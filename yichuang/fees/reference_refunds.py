"""The reference payment platform's refunds (退款), a part of reference_provider.py kept apart
for size. Like the real platforms: a refund is asked for by the merchant's own refund number
and is idempotent by it (asking again returns the same refund, never pays twice); a refund
never exceeds what the order took; the answer is signed; an asynchronous signed callback
follows and is retried until acknowledged; the day's statement lists it."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

BEIJING = dt.timezone(dt.timedelta(hours=8))


def _row_out(row) -> dict:
    return {
        "refund_no": row["refund_no"],
        "order_no": row["order_no"],
        "refund_txn": row["refund_txn"],
        "amount_fen": row["amount_fen"],
        "refunded_at": row["refunded_at"],
        "status": "refunded",
    }


def create(handler, store, data: dict):
    try:
        refund_no, order_no, amount = str(data["refund_no"]), str(data["order_no"]), int(data["amount_fen"])
    except (KeyError, TypeError, ValueError):
        return handler._json(400, {"code": "bad_request"})
    with store.lock, store.db() as db:
        row = db.execute("select * from refunds where refund_no=?", (refund_no,)).fetchone()
        if row is not None:  # the same refund asked again: the same answer, no second refund
            if row["order_no"] != order_no or row["amount_fen"] != amount:
                return handler._json(409, {"code": "refund_conflict"})
            return handler._json(200, _row_out(row))
        order = db.execute("select * from orders where order_no=?", (order_no,)).fetchone()
        if order is None or order["status"] != "paid":
            return handler._json(409, {"code": "order_not_paid"})
        (done,) = db.execute(
            "select coalesce(sum(amount_fen), 0) from refunds where order_no=?", (order_no,)
        ).fetchone()
        if amount <= 0 or done + amount > order["amount_fen"]:
            return handler._json(409, {"code": "refund_exceeds_order"})
        now = dt.datetime.now(BEIJING).replace(microsecond=0).isoformat()
        lost = int(store.switch("lose_refund_answers"))
        db.execute(
            "insert into refunds (refund_no, order_no, amount_fen, reason, notify_url, refund_txn, refunded_at,"
            " notified) values (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                refund_no,
                order_no,
                amount,
                str(data.get("reason", ""))[:200],
                str(data.get("notify_url", "")),
                "R" + uuid.uuid4().hex[:20].upper(),
                now,
                1 if lost > 0 else 0,
            ),
        )
        row = db.execute("select * from refunds where refund_no=?", (refund_no,)).fetchone()
    if lost > 0:  # the money went back, but the merchant hears nothing: only the statement tells
        store.set_switch("lose_refund_answers", lost - 1)
        return handler._json(503, {"code": "unavailable"})
    return handler._json(200, _row_out(row))


def status(handler, store, refund_no: str):
    with store.db() as db:
        row = db.execute("select * from refunds where refund_no=?", (refund_no,)).fetchone()
    if row is None:
        return handler._json(404, {"code": "refund_not_found"})
    return handler._json(200, _row_out(row))


def of_day(store, day: str) -> list[dict]:
    with store.db() as db:
        rows = db.execute(
            "select * from refunds where substr(refunded_at, 1, 10)=? order by refunded_at", (day,)
        ).fetchall()
    return [{k: v for k, v in _row_out(r).items() if k != "status"} for r in rows]


def notify_due(store, key: str, post) -> None:
    """Send every unacknowledged refund's signed callback (type "refund")."""
    with store.db() as db:
        due = db.execute(
            "select * from refunds where notified=0 and notify_url!='' and next_try<=? limit 20", (time.time(),)
        ).fetchall()
    deliver(store, key, post, "refunds", "refund_no", due, lambda row: {"type": "refund", **_row_out(row)})


def deliver(store, key: str, post, table: str, id_column: str, rows, body_of) -> None:
    """Post each row's signed callback (twice under the duplicate switch); mark it acknowledged
    on a 200 "SUCCESS", else back off (1 s … 30 s) — for payments and refunds alike."""
    now = time.time()
    for row in rows:
        body = json.dumps(body_of(row), ensure_ascii=False).encode()
        copies = 2 if store.switch("duplicate_callbacks") == "1" else 1
        ok = False
        for _ in range(copies):
            ok = post(row["notify_url"], body, key) or ok
        with store.db() as db:
            if ok:
                db.execute(f"update {table} set notified=1 where {id_column}=?", (row[id_column],))  # noqa: S608
            else:
                wait = min(30.0, 2.0 ** row["attempts"])
                db.execute(
                    f"update {table} set attempts=attempts+1, next_try=? where {id_column}=?",  # noqa: S608
                    (now + wait, row[id_column]),
                )
