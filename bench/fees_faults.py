#!/usr/bin/env python
"""Money under faults (issue 18 §6; a sibling of `make faults`): citizens pay online through the
reference payment platform (its own process) while the web workers that receive its callbacks
are killed with SIGKILL, every callback is sent twice, some are lost for good, and the platform
itself is stopped for a while. Then prove:

1. 0 lost payments: every order the platform's statement lists as paid is applied (by its
   callback, or by the daily reconciliation that follows);
2. 0 charged twice: no charge has two payments counted, no case two `fees.paid` records;
3. every paid case can be handed out (the delivery step's fee guard passes);
4. refunds (a third of the paid cases refused, 不予许可): 0 refunded twice — each refund is
   asked for twice, its callback sent twice and racing the answer, --lost answers are lost
   (the platform refunds but tells no one), the platform is away while some are asked — and
   0 lost refunds: every refund the platform made is applied here (answer, callback or
   reconciliation), every refund owed is made.

    .venv/bin/python bench/fees_faults.py [--payers 40] [--outage 60] [--workers 3]

PostgreSQL is a cluster of its own (the faults bench's Cluster, bench/_faults_processes.py) on
--pg-port; gunicorn and the platform listen on this branch's ports. Prints figures with the load
average; exits non-zero when a check fails. CI: `--outage 10 --payers 20`.
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
from _faults_processes import Cluster, worker_pids  # noqa: E402
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
    parser.add_argument("--port", type=int, default=9310)
    parser.add_argument("--platform-port", type=int, default=9312)
    parser.add_argument("--pg-port", type=int, default=9311)
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
        settle_callbacks(platform, "orders")
        refund_phase(platform, args, charges, events, began)
        settle_callbacks(platform, "refunds")
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


def settle_callbacks(platform, table: str) -> None:
    """Wait (up to 2 minutes) until the platform has no callback left to deliver."""
    import sqlite3

    paid = "status='paid' and " if table == "orders" else "notify_url!='' and "
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with sqlite3.connect(platform.db) as db:
            owed = db.execute(f"select count(*) from {table} where {paid}notified=0").fetchone()[0]  # noqa: S608
        if owed == 0:
            return
        time.sleep(0.5)


def refund_phase(platform, args, charges, events, began) -> None:
    """不予许可 for a third of the paid cases (the refund consumer's own function): half asked
    while the platform is up (--lost answers lost), half while it is away; then every refund
    asked while it was away is asked for twice over, from two threads at once."""
    from yichuang.common.testing import run_together
    from yichuang.fees import refunds
    from yichuang.fees.models import Charge, Refund

    paid = list(Charge.objects.filter(pk__in=[c.pk for c in charges], status="paid").select_related("case"))
    chosen = paid[: max(2, len(paid) // 3)]
    platform.control(lose_refund_answers=args.lost)
    half = len(chosen) // 2
    for charge in chosen[:half]:
        refunds.close_for_case(charge.case, "不予许可,依法退还已缴费用")
    platform.stop()
    events.append(f"platform stopped during refunds at {time.monotonic() - began:.1f} s")
    for charge in chosen[half:]:
        refunds.close_for_case(charge.case, "不予许可,依法退还已缴费用")
    time.sleep(min(args.outage, 10))
    platform.start()
    # Those asked while it was away are asked again, twice over at once; those whose answer was
    # lost are left to the daily reconciliation, which must find them in the statement.
    away = [c.pk for c in chosen[half:]]
    waiting = list(Refund.objects.filter(status="requested", payment__charge__in=away).values_list("pk", flat=True))
    for pk in waiting:
        run_together([lambda pk=pk: refunds.send(pk), lambda pk=pk: refunds.send(pk)])
    events.append(f"{len(chosen)} refunds decided, {len(waiting)} asked again twice over")


def check_refunds(platform) -> tuple[list[str], str]:
    import datetime as dt
    import sqlite3

    from django.db.models import Count

    from yichuang.fees.models import Refund
    from yichuang.fees.reconcile import reconcile
    from yichuang.ledger.models import AuditRecord

    with sqlite3.connect(platform.db) as db:
        days = [
            dt.date.fromisoformat(d) for (d,) in db.execute("select distinct substr(refunded_at,1,10) from refunds")
        ]
        made = {r for (r,) in db.execute("select refund_no from refunds")}
        twice_there = db.execute(
            "select count(*) from (select r.order_no from refunds r join orders o using (order_no)"
            " group by r.order_no having count(*) > 1 or sum(r.amount_fen) > max(o.amount_fen))"
        ).fetchone()[0]
    late = sum(reconcile(day)["refund_applied"] for day in days)
    again = sum(reconcile(day)["refund_applied"] for day in days)
    here = Refund.objects.filter(channel="online")
    refunded = set(here.filter(status="refunded").values_list("refund_no", flat=True))
    owed = here.filter(status="requested").count()
    twice_audit = (
        AuditRecord.objects.filter(action="fees.refunded").values("stream").annotate(n=Count("pk")).filter(n__gt=1)
    ).count()
    by = dict(here.values_list("applied_by").annotate(n=Count("pk")))
    lost = made - refunded
    figures = (
        f"refunds: {len(made)} made by the platform, applied here by its answer {by.get('answer', 0)}, "
        f"its callback {by.get('callback', 0)}, the reconciliation {by.get('reconciliation', 0)} "
        f"(further runs applied {late + again}); lost {len(lost)}, still owed {owed}, "
        f"refunded twice {twice_there + twice_audit}"
    )
    problems = []
    if lost or owed:
        problems.append(f"lost refunds: {sorted(lost)[:5]}, {owed} still owed")
    if twice_there or twice_audit or again:
        problems.append(
            f"refunded twice: {twice_there} orders at the platform, {twice_audit} cases, {again} re-applied"
        )
    return problems, figures


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
    refund_problems, refund_figures = check_refunds(platform)
    paid = list(Charge.objects.filter(status="paid").select_related("case__item_version"))
    refunded_charges = Charge.objects.filter(status="refunded").count()
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
    print(refund_figures)
    problems = list(refund_problems)
    if lost:
        problems.append(f"lost payments: {lost[:5]}")
    if twice_payments or twice_audit or again:
        problems.append(f"charged twice: {twice_payments} charges, {twice_audit} cases, {again} re-applied")
    if blocked:
        problems.append(f"paid but not deliverable: {blocked[:5]}")
    if len(paid) + refunded_charges != len(statement):
        problems.append(f"{len(statement)} paid at the platform, {len(paid)} paid and {refunded_charges} refunded here")
    return problems


if __name__ == "__main__":
    sys.exit(main())
