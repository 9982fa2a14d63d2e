"""bench/intake.py's load (also used by actions.py and monday.py): client threads in forked
processes, each request timed, only those begun after the warm-up counted."""

from __future__ import annotations

import http.client
import itertools
import json
import multiprocessing
import statistics
import threading
import time
import uuid

from _intake_seed import intake_body
from _intake_server import HOST


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    if len(latencies) < 2:
        return (latencies or [0.0])[0], 0.0, 0.0
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def _run_share(worker, ids: list[int], measure_from: float, deadline: float, queue) -> None:
    """One process's share of the clients, as threads; sends (latencies, errors, samples, warm,
    results, last finish) back. `result` is anything a worker wants returned (e.g. case numbers)."""
    lock, latencies, errors, samples, warm, results, last = threading.Lock(), [], [0], [], [0], [], [0.0]

    def record(began: float, ok: bool, detail: str = "", result=None) -> None:
        ended = time.monotonic()
        with lock:
            if result is not None:
                results.append(result)
            if began < measure_from:
                warm[0] += 1
                return
            last[0] = max(last[0], ended)
            if ok:
                latencies.append(ended - began)
            else:
                errors[0] += 1
                if len(samples) < 3:
                    samples.append(detail[:300])

    threads = [threading.Thread(target=worker, args=(i, deadline, record)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put((latencies, errors[0], samples, warm[0], results, last[0]))


def drive(worker, clients: int, processes: int, warmup: float, seconds: float, meter=None) -> dict:
    """Run `worker(i, deadline, record)` for each client i, spread over `processes` forked
    processes (threads inside each); only requests begun after the warm-up are counted.
    Separate processes keep the load generator's own GIL out of what is measured: a thread
    holding a database row lock must not wait for the interpreter of 31 other clients.
    The rate is over the measured window, or up to the last answer if the clients ran out of
    work before the deadline."""
    ctx = multiprocessing.get_context("fork")
    measure_from = time.monotonic() + warmup
    deadline = measure_from + seconds
    queue = ctx.Queue()
    shares = [list(range(clients))[p::processes] for p in range(processes)]
    children = [ctx.Process(target=_run_share, args=(worker, share, measure_from, deadline, queue)) for share in shares]
    for child in children:
        child.start()
    if meter:  # CPU is counted from the end of the warm-up (first requests import and compile)
        time.sleep(max(measure_from - time.monotonic(), 0))
        before = meter()
    latencies, errors, samples, warm, results, last = [], 0, [], 0, [], 0.0
    for _ in children:
        got = queue.get()
        latencies += got[0]
        errors += got[1]
        samples += got[2]
        warm += got[3]
        results += got[4]
        last = max(last, got[5])
    spent = [b - a for a, b in zip(before, meter())] if meter else None  # before the joins: no idle tail
    for child in children:
        child.join()
    window = max(min(deadline, last) - measure_from, 1e-6) if last else seconds
    p50, p95, p99 = percentiles(latencies)
    done = max(len(latencies) + errors, 1)
    cpu = {k: v / done * 1000 for k, v in zip(("django", "postgres"), spent)} if spent else None
    return {
        "rate": len(latencies) / window,
        "ok": len(latencies),
        "errors": errors,
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "samples": samples[:3],
        "cpu_ms": cpu,
        "results": results,
    }


def session_headers(session: dict) -> dict:
    return {
        "Content-Type": "application/json",
        "X-CSRFToken": session["csrf"],
        "Cookie": f"sessionid={session['sessionid']}; csrftoken={session['csrf']}",
    }


def post_loop(port: int, session: dict, requests, deadline: float, record, expect: int = 200, keep=None) -> None:
    """POST each (path, body) of `requests` on one keep-alive connection (reconnecting after an
    error) until they run out or the deadline passes; `keep(data)` picks what to return."""
    headers = session_headers(session)
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    for path, body in requests:
        if time.monotonic() >= deadline:
            break
        began = time.monotonic()
        try:
            conn.request("POST", path, body, {**headers, "Idempotency-Key": uuid.uuid4().hex})
            response = conn.getresponse()
            data = response.read()
            ok = response.status == expect
            record(began, ok, f"{response.status} {data[:200]!r}", keep(data) if ok and keep else None)
        except (OSError, http.client.HTTPException) as exc:
            record(began, False, repr(exc))
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.close()


def http_worker(world: dict, port: int, per_client: int | None = None, keep_numbers: bool = False):
    """Client i takes intakes as clerk i; `per_client` bounds how many (else: until the deadline);
    `keep_numbers` returns (client, case number) of each case taken."""

    def work(i: int, deadline: float, record) -> None:
        session = world["sessions"][i]
        count = (
            itertools.count(i * 1_000_000 + 1)
            if per_client is None
            else range(i * 1_000_000 + 1, i * 1_000_000 + 1 + per_client)
        )
        keep = (lambda data: (i, json.loads(data)["number"])) if keep_numbers else None
        post_loop(
            port,
            session,
            (("/api/v1/cases/", intake_body(world, session, n)) for n in count),
            deadline,
            record,
            expect=201,
            keep=keep,
        )

    return work
