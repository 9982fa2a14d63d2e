#!/usr/bin/env python
"""办件信息汇聚 under faults (issue 17 §8): a burst of case events is relayed to the reference
provincial receiver (its own process) while the receiver is killed with SIGKILL again and again
— sometimes after it stored a record and before its answer left. Then prove:

1. 0 lost: every case event in the outbox is a record at the receiver;
2. 0 duplicated: no record id is held twice by the receiver, nor sent-recorded twice by us;
and report how many sends the receiver answered "duplicate" (the idempotency key at work).

    .venv/bin/python bench/provincial_faults.py [--cases 150] [--kill-every 0.7] [--down 0.4]

A SQLite database of its own in a temporary folder; the receiver on port 9290 (huiji's range).
Prints figures with the load average; exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEY = "bench-provincial-key"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument(
        "--kill-every",
        type=float,
        default=0.7,
        help="seconds between kills of the receiver (0: no kills, the baseline)",
    )
    parser.add_argument("--down", type=float, default=0.4, help="seconds the receiver stays dead")
    parser.add_argument("--port", type=int, default=9290)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="provincial-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="yichuang.settings",
        YICHUANG_VAR_DIR=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        PROVINCIAL_EXCHANGE_URL=f"http://127.0.0.1:{args.port}",
        PROVINCIAL_EXCHANGE_KEY=KEY,
        PROVINCIAL_EXCHANGE_TIMEOUT="2",
        YICHUANG_RELAY_MAX_ATTEMPTS="1000",
    )
    sys.path.insert(0, str(REPO))
    from zoneinfo import ZoneInfo

    import django
    import time_machine

    # A working day of a year the calendar knows (as the suite does): due dates need one.
    time_machine.travel(dt.datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True).start()
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    settings.YICHUANG_RELAY_MAX_ATTEMPTS = 1000  # the bench measures retries, not dead letters
    call_command("migrate", verbosity=0)
    from yichuang.cases.tests.factories import make_world
    from yichuang.ledger.models import OutboxEvent
    from yichuang.ledger.relay import relay_once
    from yichuang.provincial.models import SentRecord
    from yichuang.provincial.records import CASE_EVENTS
    from yichuang.provincial.tests.factories import accepted_case
    from yichuang.provincial.tests.receiver_process import Running

    world = make_world()
    started = time.monotonic()
    for _ in range(args.cases):
        accepted_case(world)
    events = set(
        str(pk)
        for pk in OutboxEvent.objects.filter(topic__in=[e.value for e in CASE_EVENTS]).values_list("pk", flat=True)
    )
    print(f"burst: {args.cases} cases, {len(events)} case events in {time.monotonic() - started:.1f} s")

    receiver = Running(args.port, str(tmp / "province.sqlite3"), key=KEY)
    receiver.start()
    stop, kills = threading.Event(), Counter()

    def killer():
        while not stop.wait(args.kill_every):
            receiver.stop()
            kills["kills"] += 1
            time.sleep(args.down)
            receiver.start()

    chaos = threading.Thread(target=killer, daemon=True)
    cpu0, started = time.process_time(), time.monotonic()
    if args.kill_every > 0:
        chaos.start()
    rounds, skew = 0, dt.timedelta()
    while SentRecord.objects.count() < len(events) and time.monotonic() - started < 300:
        if not relay_once(batch=50, now=timezone.now() + skew):
            skew += dt.timedelta(hours=1)  # past every backoff: the bench does not wait for them
            time.sleep(0.05)
        rounds += 1
    stop.set()
    if chaos.is_alive():
        chaos.join()
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu0
    receiver.stop()

    with sqlite3.connect(receiver.db) as db:
        held = Counter(rid for (rid,) in db.execute("select record_id from records"))
    answers = Counter(SentRecord.objects.values_list("answer", flat=True))
    ours = Counter(str(r) for r in SentRecord.objects.values_list("record_id", flat=True))
    lost = len(events - held.keys())
    duplicated = sum(n - 1 for n in held.values() if n > 1) + sum(n - 1 for n in ours.values() if n > 1)
    unknown = len(held.keys() - events)
    print(
        f"relayed {len(events)} records in {elapsed:.1f} s ({cpu * 1000 / max(len(events), 1):.1f} ms CPU each),"
        f" receiver killed {kills['kills']} times (down {args.down} s each)"
    )
    print(
        f"lost {lost}, duplicated {duplicated}, unknown at the receiver {unknown};"
        f" answered 'duplicate' (sent again after a lost answer) {answers.get('duplicate', 0)}"
    )
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    ok = lost == 0 and duplicated == 0 and unknown == 0 and (kills["kills"] > 0 or args.kill_every <= 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
