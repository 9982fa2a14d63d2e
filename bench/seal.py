#!/usr/bin/env python
"""Bench: sealed result documents per second (target ≥ 20/s on 2 cores) and /verify p95.

    .venv/bin/python bench/seal.py                 # throwaway SQLite under /tmp, 200 documents
    .venv/bin/python bench/seal.py -n 400 --workers 2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_seal .venv/bin/python bench/seal.py --flush

Builds one township with its CA and seals and N decided cases, then measures with `workers`
processes (forked after warm-up, as gunicorn --preload does):
  1. generate + sign: the whole service `seal_case_document` — render the HTML template with
     WeasyPrint, sign with pyHanko (PAdES, ECDSA P-256, visible seal), store the file and the
     SealUse with its audit record and event;
  2. sign only: the signer on already rendered PDFs;
  3. through the outbox relay, as the product seals (`--relay`): N fresh decisions and
     `workers` relay processes delivering their events (`relay_once(batch)` in a loop; on
     PostgreSQL the processes share the events with SKIP LOCKED). The relay commits each event
     in its own transaction, so the batch size no longer decides whether two relays can seal
     for the same site at once; both batch sizes are printed to show it. SQLite runs this with
     one process only (one writer at a time).
  4. /verify/<code> through the Django test client (whole middleware/template stack, no
     network): the first view of each code (signature validated) and repeat views (the
     validation result is cached by file hash). Rate limiting is switched off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
_TMP = Path(tempfile.mkdtemp(prefix="yichuang_bench_seal_"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

# The calendar library knows 2025–2026; run "on" a working Monday as the test suite does.
TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def setup(n: int, flush: bool):
    from yichuang.seals import services
    from yichuang.seals.tests.factories import decided_case, make_seal_world

    call_command("migrate", verbosity=0)
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    sw = make_seal_world(basic_code=f"3300{int(time.time()) % 10**8:08d}")
    started = time.perf_counter()
    case_ids = [decided_case(sw.world).pk for _ in range(n)]
    print(f"setup: {n} decided cases in {time.perf_counter() - started:.1f} s")
    services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)  # warm-up: fonts, caches, imports
    return sw, case_ids


def _seal_chunk(args):
    case_ids, clerk_id = args
    from yichuang.cases.models import Case
    from yichuang.org.models import User
    from yichuang.seals import services

    clerk = User.objects.get(pk=clerk_id)
    cpu = time.process_time()
    codes = [services.seal_case_document(Case.objects.get(pk=pk), actor=clerk).short_code for pk in case_ids]
    cpu = time.process_time() - cpu
    connections.close_all()
    return codes, cpu


def _sign_chunk(args):
    pdfs, seal_id = args
    from yichuang.seals.models import Seal
    from yichuang.seals.pdf import RenderedDocument
    from yichuang.seals.signers import get_signer

    seal = Seal.objects.select_related("site", "authority").get(pk=seal_id)
    signer = get_signer()
    cpu = time.process_time()
    for rendered in pdfs:
        rendered: RenderedDocument
        signer.sign_pdf(rendered.pdf, seal, rendered.placement, reason="准予许可决定书", location=seal.site.name)
    cpu = time.process_time() - cpu
    connections.close_all()
    return [], cpu


def parallel(func, chunks, workers: int) -> float:
    connections.close_all()  # never fork with an open connection
    ctx = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with ctx.Pool(workers) as pool:
        results = pool.map(func, chunks)
    return time.perf_counter() - started, results


def split(items, parts):
    return [items[i::parts] for i in range(parts)]


def report(label, n, workers, wall, results):
    """Wall-clock throughput, and the CPU time per document the workers used: on a shared
    machine the second figure (capacity of `workers` dedicated cores) is the stable one."""
    cpu_ms = sum(cpu for _, cpu in results) / n * 1000
    print(
        f"{label}: {n} documents, {workers} processes: {wall:.2f} s → {n / wall:.1f} documents/s "
        f"(CPU {cpu_ms:.0f} ms per document → {workers * 1000 / cpu_ms:.1f}/s on {workers} dedicated cores)"
    )


def bench_sealing(sw, case_ids, workers):
    wall, results = parallel(_seal_chunk, [(chunk, sw.world.clerk.pk) for chunk in split(case_ids, workers)], workers)
    report("generate + sign", len(case_ids), workers, wall, results)
    return [code for chunk, _ in results for code in chunk]


def bench_sign_only(sw, case_ids, workers):
    from yichuang.cases.models import Case
    from yichuang.seals import documents
    from yichuang.seals.pdf import render_pdf

    started = time.perf_counter()
    rendered = [
        render_pdf(
            "seals/decision.html",
            documents.template_context(Case.objects.get(pk=pk), "decision", sw.approval, "BENCH00000"),
            title="bench",
            author=sw.site.name,
        )
        for pk in case_ids
    ]
    render_wall = time.perf_counter() - started
    n = len(rendered)
    print(f"generate only (1 process): {n / render_wall:.1f} documents/s ({render_wall / n * 1000:.0f} ms each)")
    wall, results = parallel(_sign_chunk, [(chunk, sw.approval.pk) for chunk in split(rendered, workers)], workers)
    report("sign only", n, workers, wall, results)


def _relay_chunk(args):
    (batch,) = args
    from django.utils import timezone

    from yichuang.ledger.models import OutboxEvent
    from yichuang.ledger.relay import relay_once

    cpu, delivered = time.process_time(), 0
    # Until nothing is due: relay_once counts only events every consumer took, and another app's
    # failing consumer (retried later) must not end the loop while decisions wait to be sealed.
    while OutboxEvent.objects.filter(delivered_at__isnull=True, available_at__lte=timezone.now()).exists():
        done = relay_once(batch=batch)
        delivered += done
        if not done:
            time.sleep(0.002)  # the other process holds the due events (SKIP LOCKED), or they failed
    cpu = time.process_time() - cpu
    connections.close_all()
    return [delivered], cpu


def bench_relay(sw, n: int, workers: int, batch: int):
    from django.utils import timezone

    from yichuang.ledger.models import OutboxEvent
    from yichuang.seals.models import SealUse
    from yichuang.seals.tests.factories import decided_case

    if connection.vendor == "sqlite":
        workers = 1
    OutboxEvent.objects.filter(delivered_at__isnull=True).update(delivered_at=timezone.now())
    cases = [decided_case(sw.world).pk for _ in range(n)]
    # Only the decisions are left for the relay: the events of intake and acceptance before them
    # would be delivered by the relay too, but are not what this measures.
    OutboxEvent.objects.filter(delivered_at__isnull=True).exclude(topic="case.decided_instantly").update(
        delivered_at=timezone.now()
    )
    wall, results = parallel(_relay_chunk, [(batch,)] * workers, workers)
    sealed = SealUse.objects.filter(case_id__in=cases).count()
    assert sealed == n, f"{sealed} of {n} decisions sealed"
    report(f"through the relay (batch {batch})", n, workers, wall, results)


def bench_notices(case_ids, rounds: int = 40):
    """Notices (受理通知书, 一次性告知书) are rendered, not signed: CPU per notice, one process."""
    from yichuang.cases.models import Case
    from yichuang.seals import notices

    case = Case.objects.get(pk=case_ids[0])
    for kind in ("acceptance", "one_time_notice"):
        notices.render_notice(case, kind)
        cpu = time.process_time()
        for _ in range(rounds):
            notices.render_notice(case, kind)
        print(f"notice {kind}: {(time.process_time() - cpu) / rounds * 1000:.0f} ms CPU each (facts + PDF, 1 process)")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_verify(codes, repeats: int):
    client = Client()
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="yichuang.seals.tests.urls",
        STORAGES=storages,
        YICHUANG={**settings.YICHUANG, "VERIFY_RATE": "off"},
    ):
        for label, rounds in (
            ("first view (validates the signature)", 1),
            ("repeat views (cached validation)", repeats),
        ):
            timings = []
            for _ in range(rounds):
                for code in codes:
                    started = time.perf_counter()
                    response = client.get(f"/verify/{code}")
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200 and "真实有效" in response.content.decode(), code
            print(
                f"/verify {label}: {len(timings)} requests, p50 {statistics.median(timings):.1f} ms, "
                f"p95 {pct(timings, 95):.1f} ms, max {max(timings):.1f} ms"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("-n", type=int, default=200, help="documents to seal")
    parser.add_argument("--workers", type=int, default=2, help="processes (cores)")
    parser.add_argument("--repeats", type=int, default=3, help="repeat views per code for the cached /verify figure")
    parser.add_argument("--flush", action="store_true", help="empty the database first (PostgreSQL runs)")
    parser.add_argument("--relay", action="store_true", help="also seal N decisions through the outbox relay")
    parser.add_argument("--skip-verify", action="store_true")
    args = parser.parse_args()
    settings.MEDIA_ROOT = _TMP / "media"
    settings.ROOT_URLCONF = "yichuang.seals.tests.urls"  # verify_url() reverses the public page
    print(
        f"database: {connection.vendor}; cores available: {os.cpu_count()}; workers: {args.workers}; "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    with time_machine.travel(TODAY, tick=True):
        sw, case_ids = setup(args.n, args.flush)
        codes = bench_sealing(sw, case_ids, args.workers)
        bench_sign_only(sw, case_ids[: max(20, args.n // 2)], args.workers)
        bench_notices(case_ids)
        if args.relay:
            for batch in (100, 1):
                bench_relay(sw, args.n, args.workers, batch)
        if not args.skip_verify:
            bench_verify(codes[:100], args.repeats)
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
