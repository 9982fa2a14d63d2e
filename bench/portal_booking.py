#!/usr/bin/env python
"""Bench: appointment booking under contention — many citizens racing for one day's slots.

    .venv/bin/python bench/portal_booking.py                    # throwaway SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_booking .venv/bin/python bench/portal_booking.py --flush

THREADS citizens each try to book every slot of the day (quota QUOTA) in a random order; the
run prints bookings per second, the refusals, and checks that no slot holds more bookings than
its capacity (the conditional UPDATE decides; the CHECK constraint backs it up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
if not os.environ.get("DATABASE_URL"):
    _db = Path(tempfile.gettempdir()) / "yichuang_bench_portal_booking.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F  # noqa: E402

from yichuang.cases.tests.factories import make_world  # noqa: E402
from yichuang.common.errors import Conflict  # noqa: E402
from yichuang.portal.models import Booking, Slot  # noqa: E402
from yichuang.portal.services import appointments  # noqa: E402
from yichuang.portal.tests.factories import logged_in_account  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--quota", type=int, default=110)
    parser.add_argument("--flush", action="store_true", help="empty the (PostgreSQL) database first")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.flush:
        call_command("flush", interactive=False, verbosity=0)
    world = make_world(basic_code=f"33{random.randrange(10**10):010d}", appointment_daily_quota=args.quota)
    day = next(
        d
        for d in (dt.date.today() + dt.timedelta(days=n) for n in range(1, 10))
        if appointments.is_working_day(world.site, d)
    )
    slots = appointments.ensure_slots(world.site, world.version, day)
    # More citizens than places, so the last places are fought over and many attempts are refused.
    accounts = [logged_in_account(f"137{n:08d}") for n in range(args.quota * 3 // 2)]
    barrier, booked, refused = threading.Barrier(args.threads), [0], [0]
    lock = threading.Lock()

    def worker(mine):
        barrier.wait()
        for account in mine:
            for slot in random.sample(slots, len(slots)):
                try:
                    appointments.book(account, slot)
                    with lock:
                        booked[0] += 1
                    break
                except Conflict:
                    with lock:
                        refused[0] += 1
        connection.close()

    groups = [accounts[i :: args.threads] for i in range(args.threads)]
    threads = [threading.Thread(target=worker, args=(g,)) for g in groups]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    over = Slot.objects.filter(pk__in=[s.pk for s in slots], booked__gt=F("capacity")).count()
    live = Booking.objects.filter(slot__in=slots, state="booked").values("slot").annotate(n=Count("id"))
    mismatched = sum(1 for row in live if row["n"] != Slot.objects.get(pk=row["slot"]).booked)
    print(
        f"database: {connection.vendor}  threads: {args.threads}  citizens: {len(accounts)}  "
        f"places: {sum(s.capacity for s in slots)}"
    )
    print(
        f"booked: {booked[0]}  refused attempts: {refused[0]}  in {elapsed:.2f} s "
        f"({(booked[0] + refused[0]) / elapsed:.0f} attempts/s)"
    )
    print(f"over-booked slots: {over}  slots whose count differs from their bookings: {mismatched}")


if __name__ == "__main__":
    main()
