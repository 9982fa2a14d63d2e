"""The clients of bench/faults.py (and cluster.py): clerks taking cases through the API, each
request retried with its Idempotency-Key until the service answers, and a Ledger of what they
were told — the truth the checks hold the database to."""

from __future__ import annotations

import json
import threading
import time
import uuid

from monday import Http, intake_body

RETRY_FOR = 60.0  # a client keeps retrying one request this long before it gives up


class Ledger:
    """What the clients were told: acknowledged intakes (key → number) and accepts."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked: dict[tuple[int, str], str] = {}
        self.accepted: set[str] = set()
        self.requests = self.retries = self.gave_up = self.unexpected = 0
        self.samples: list[str] = []

    def note(self, **counts) -> None:
        with self.lock:
            for k, v in counts.items():
                setattr(self, k, getattr(self, k) + v)


def send_until_answered(http_, ledger: Ledger, path: str, body: str, key: str, ok: int, stop_at: float):
    """POST with one Idempotency-Key until the service answers (or RETRY_FOR passes): a lost
    answer, a killed worker, a database restarting — the client cannot tell whether the write
    happened, so it asks again with the same key and gets the stored answer or a first write."""
    began, delay = time.monotonic(), 0.1
    while True:
        status, data = http_.request("POST", path, body, key)
        ledger.note(requests=1)
        if status == ok:
            return json.loads(data)
        if status not in (0, 500, 502, 503, 504):
            ledger.note(unexpected=1)
            with ledger.lock:
                if len(ledger.samples) < 5:
                    ledger.samples.append(f"{status} {path} {data[:200]!r}")
            return None
        if time.monotonic() - began > RETRY_FOR or time.monotonic() > stop_at + RETRY_FOR:
            ledger.note(gave_up=1)
            return None
        ledger.note(retries=1)
        time.sleep(delay)
        delay = min(delay * 2, 2.0)


def clerk(world: dict, port: int, n: int, deadline: float, ledger: Ledger) -> None:
    http_ = Http(port, world["clerks"][n])
    user = world["clerks"][n]["user_id"]
    i = n * 1_000_000
    while time.monotonic() < deadline:
        i += 1
        key = uuid.uuid4().hex
        case = send_until_answered(http_, ledger, "/api/v1/cases/", intake_body(world, i), key, 201, deadline)
        if case is None:
            continue
        with ledger.lock:
            ledger.acked[(user, key)] = case["number"]
        if (
            send_until_answered(
                http_, ledger, f"/api/v1/cases/{case['number']}/accept/", "{}", uuid.uuid4().hex, 200, deadline
            )
            is not None
        ):
            with ledger.lock:
                ledger.accepted.add(case["number"])
