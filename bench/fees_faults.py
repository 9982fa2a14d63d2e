#!/usr/bin/env python
"""Money under faults (issue 18 §6; a sibling of `make faults`): citizens pay online through the
reference payment platform (its own process) while the web workers that receive its callbacks
are killed with SIGKILL, every callback is sent twice, some are lost for good, and the platform
itself is stopped for a while. Then prove:

1. 0 lost payments: every order the platform's statement lists as paid is applied (by its
   callback, or by the daily reconciliation that follows);
2. 0 charged twice: no charge has two payments counted, no case two `fees.paid` records;
3. every paid case can be handed out (the delivery step's fee guard passes).

    .venv/bin/python bench/fees_faults.py [--payers 40] [--outage 60] [--workers 3]

PostgreSQL is a cluster of its own (faults.Cluster) on --pg-port; gunicorn and the platform
listen on this branch's ports. Prints figures with the load average; exits non-zero when a
check fails. CI: `--outage 10 --payers 20`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from faults import Cluster, worker_pids  # noqa: E402
from intake import start_gunicorn, stop  # noqa: E402

KEY = "bench-payment-key"


def pay(platform_port: int, order_no: str, until: float) -> bool:
    """The citizen's click on 确认支付, retried while the platform is down."""
    while time.monotonic() < until:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", platform_port, timeout=5)
            conn.request("POST", f"/pay/{order_no}")
            if conn.getresponse().status == 303:
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payers", type=int, default=40)
    parser.add_argument("--outage", type=float, default=60, help="seconds the platform is stopped")
    parser.add_argument("--lost", type=int, default=3, help="callbacks the platform loses for good")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8403)
    parser.add_argument("--platform-port", type=int, default=8405)
    parser.add_argument("--pg-port", type=int, default=8404)
    args = parser.parse_args()

    cluster = Cluster(args.pg_port)
    work = Path(tempfile.mkdtemp(prefix="yc-fees-faults-"))
    payment_env = {
        "YICHUANG_PAYMENT_URL": f"http://127.0.0.1:{args.platform_port}",
        "YICHUANG_PAYMENT_KEY": KEY,
        "YICHUANG_PAYMENT_NOTIFY_BASE": f"http://127.0.0.1:{args.port}",
    }
    os.environ.update(
        {
            "DATABASE_URL": cluster.url,
            "DJANGO_SETTINGS_MODULE": "yichuang.settings",
            "LOG_LEVEL": "CRITICAL",
            **payment_env,
        }
    )
    log_path = work / "server.log"
    terminal = os.fdopen(os.dup(2), "w")
    os.dup2(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    print(f"server logs: {log_path}", file=terminal, flush=True)
    gunicorn = None
    from yichuang.fees.tests.provider_process import Running

    platform = Running(args.platform_port, str(work / "platform.sqlite3"))
    import yichuang.fees.tests.provider_process as provider_process

    provider_process.KEY = KEY
    try:
        print(f"load average {os.getloadavg()[0]:.2f}; PostgreSQL of our own on port {args.pg_port} …", flush=True)
        cluster.create()
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from yichuang.demo.loader import _next_year_by_weekday_rule
        from yichuang.fees import services
        from yichuang.fees.models import Charge
        from yichuang.fees.tests.factories import accepted, charged_item
        from yichuang.org.services import seed_calendar_from_library
        from yichuang.people.tests.factories import ApplicantFactory

        seed_calendar_from_library()
        _next_year_by_weekday_rule(lambda _: None)  # real time: due dates may fall next year
        world = charged_item()
        charges = []
        for _ in range(args.payers):
            world.applicant = ApplicantFactory()
            charges.append(Charge.objects.get(case=accepted(world)))
        platform.start()
        platform.control(duplicate_callbacks=True, drop_callbacks=args.lost)
        gunicorn = start_gunicorn(cluster.url, str(args.workers), args.port)
        orders = [services.start_online(c, "applicant", "http://127.0.0.1/back") for c in charges]
        order_nos = [url.rsplit("/", 1)[-1] for url in orders]

        kills, events, done = [0], [], threading.Event()

        def chaos():
            while not done.is_set():
                time.sleep(random.uniform(2.0, 5.0))  # gunicorn needs a moment to replace a worker on a busy machine
                pids = worker_pids(gunicorn.pid)
                if pids:
                    os.kill(random.choice(pids), 9)
                    kills[0] += 1

        began = time.monotonic()
        killer = threading.Thread(target=chaos)
        killer.start()
        half = len(order_nos) // 2
        paid_ok = sum(pay(args.platform_port, o, time.monotonic() + 120) for o in order_nos[:half])
        time.sleep(1)
        platform.stop()  # the platform goes away with callbacks still owed
        events.append(f"platform stopped for {args.outage:.0f} s at {time.monotonic() - began:.1f} s")
        time.sleep(args.outage)
        platform.start()  # its orders table is on disk: it resumes sending what it owes
        paid_ok += sum(pay(args.platform_port, o, time.monotonic() + 120) for o in order_nos[half:])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            import sqlite3

            with sqlite3.connect(platform.db) as db:
                owed = db.execute("select count(*) from orders where status='paid' and notified=0").fetchone()[0]
            if owed == 0:
                break
            time.sleep(0.5)
        done.set()
        killer.join()
        stop(gunicorn)
        gunicorn = None
        elapsed = time.monotonic() - began
        problems = check(platform, args, paid_ok, kills[0], elapsed, events)
        print("FEES FAULTS: " + ("all checks passed" if not problems else "FAILED\n  " + "\n  ".join(problems)))
        return 1 if problems else 0
    finally:
        platform.stop()
        stop(gunicorn)
        from django.db import connections

        connections.close_all()
        cluster.destroy()


def check(platform, args, paid_ok, kills, elapsed, events) -> list[str]:
    import datetime as dt
    import sqlite3

    from django.db.models import Count

    from yichuang.cases.guards import fee_settled
    from yichuang.fees.models import Charge, Payment
    from yichuang.fees.reconcile import reconcile
    from yichuang.ledger.models import AuditRecord

    by_callback = Payment.objects.filter(status="paid", applied_by="callback").count()
    with sqlite3.connect(platform.db) as db:
        days = [
            dt.date.fromisoformat(d)
            for (d,) in db.execute("select distinct substr(paid_at,1,10) from orders where status='paid'")
        ]
        attempts = db.execute("select sum(attempts) from orders").fetchone()[0] or 0
    applied_late = sum(reconcile(day)["applied"] for day in days)
    again = sum(reconcile(day)["applied"] for day in days)
    statement = [
        line for day in days for line in __import__("yichuang.fees.provider", fromlist=["x"]).provider().statement(day)
    ]
    applied = set(Payment.objects.filter(provider_txn__isnull=False).values_list("order_no", flat=True))
    lost = [line.order_no for line in statement if line.order_no not in applied]
    twice_payments = (
        Payment.objects.values("charge").filter(status="paid").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    twice_audit = (
        AuditRecord.objects.filter(action="fees.paid").values("stream").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    paid = list(Charge.objects.filter(status="paid").select_related("case__item_version"))
    blocked = [c.case.number for c in paid if fee_settled(c.case) is not None]
    print("\n".join(events))
    print(
        f"{elapsed:.0f} s, load average {os.getloadavg()[0]:.2f}: {len(statement)} payments at the platform "
        f"({paid_ok} clicks answered), every callback sent twice, {args.lost} lost for good, "
        f"{attempts} failed callback attempts retried, {kills} web workers killed (SIGKILL)"
    )
    print(
        f"applied by callback {by_callback}, by reconciliation {applied_late} (a second run applied {again}); "
        f"lost {len(lost)}, charged twice {twice_payments + twice_audit}, paid but not deliverable {len(blocked)}"
    )
    problems = []
    if lost:
        problems.append(f"lost payments: {lost[:5]}")
    if twice_payments or twice_audit or again:
        problems.append(f"charged twice: {twice_payments} charges, {twice_audit} cases, {again} re-applied")
    if blocked:
        problems.append(f"paid but not deliverable: {blocked[:5]}")
    if len(paid) != len(statement):
        problems.append(f"{len(statement)} paid at the platform, {len(paid)} charges paid here")
    return problems


if __name__ == "__main__":
    sys.exit(main())
