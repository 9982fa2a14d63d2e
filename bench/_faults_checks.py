"""The checks of bench/faults.py (and cluster.py) after the load: every acknowledged case exists
exactly once and whole, `verify_audit` passes, the outbox delivered every event once per
consumer, and the clients got no answer they could not act on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from _faults_clients import Ledger
from intake import ROOT


def check(world: dict, ledger: Ledger, url: str) -> list[str]:
    from django.db import connections
    from django.db.models import Count

    from yichuang.cases.models import Case, CaseMaterial
    from yichuang.common.models import IdempotencyRecord
    from yichuang.ledger.models import AuditRecord, OutboxDelivery, OutboxEvent
    from yichuang.ledger.relay import consumers_for

    connections.close_all()  # the seed's connection died with the PostgreSQL restart
    problems, numbers = [], list(ledger.acked.values())
    cases = {c.number: c for c in Case.objects.filter(number__in=numbers)}
    if len(set(numbers)) != len(numbers):
        problems.append("two acknowledged keys got the same case number")
    missing = [n for n in numbers if n not in cases]
    if missing:
        problems.append(f"{len(missing)} acknowledged cases do not exist, e.g. {missing[:3]}")
    keys = IdempotencyRecord.objects.filter(method="POST", path="/api/v1/cases/")
    if keys.count() != Case.objects.count():
        problems.append(f"{Case.objects.count()} cases but {keys.count()} intake keys: a retry wrote twice")
    stored = {(r.user_id, r.key): json.loads(r.body)["number"] for r in keys}
    wrong = [k for k, n in ledger.acked.items() if stored.get(k) != n]
    if wrong:
        problems.append(f"{len(wrong)} keys answered a different case than stored")
    materials = len(world["materials"])
    short = (
        CaseMaterial.objects.values("case_id").annotate(n=Count("id")).exclude(n=materials).count()
        + Case.objects.exclude(pk__in=CaseMaterial.objects.values("case_id")).count()
    )
    if short:
        problems.append(f"{short} cases without all {materials} materials")
    all_numbers = set(Case.objects.values_list("number", flat=True))
    audited = set(AuditRecord.objects.filter(action="case.received").values_list("object_id", flat=True))
    evented = set(OutboxEvent.objects.filter(topic="case.received").values_list("key", flat=True))
    if all_numbers - audited or all_numbers - evented:
        problems.append(
            f"half-written: {len(all_numbers - audited)} cases without audit, "
            f"{len(all_numbers - evented)} without their event"
        )
    not_accepted = [n for n in ledger.accepted if Case.objects.get(number=n).state == "prereview"]
    if not_accepted:
        problems.append(f"{len(not_accepted)} acknowledged accepts not in the database")
    undelivered = OutboxEvent.objects.filter(delivered_at__isnull=True).count()
    if undelivered:
        errors = set(OutboxEvent.objects.filter(delivered_at__isnull=True).values_list("last_error", flat=True)[:50])
        problems.append(f"{undelivered} outbox events not delivered, e.g. {sorted(errors)[:2]}")
    deliveries = dict(OutboxDelivery.objects.values_list("event_id").annotate(n=Count("id")))
    wrong_count = [e.pk for e in OutboxEvent.objects.all() if deliveries.get(e.pk, 0) != len(consumers_for(e.topic))]
    if wrong_count:
        problems.append(f"{len(wrong_count)} events not delivered exactly once per consumer")
    verified = subprocess.run(
        [sys.executable, "-m", "yichuang.cli", "verify_audit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    if verified.returncode != 0:
        problems.append(f"verify_audit failed: {verified.stderr.strip()[-300:]}")
    print(
        f"cases {len(all_numbers)} (acknowledged {len(numbers)}), accepted {len(ledger.accepted)}, "
        f"audit records {AuditRecord.objects.count()}, outbox events {OutboxEvent.objects.count()}, "
        f"deliveries {OutboxDelivery.objects.count()}; verify_audit: {verified.stdout.strip() or 'failed'}"
    )
    return problems


def client_problems(ledger: Ledger) -> list[str]:
    """What the clients themselves saw go wrong: an answer neither a success nor a failure worth
    retrying, or no acknowledged case at all (then every database check passes vacuously)."""
    problems = []
    if ledger.unexpected:
        problems.append(f"{ledger.unexpected} unexpected answers (neither success nor a retryable failure)")
    if not ledger.acked:
        problems.append("no case was acknowledged: the load did not run")
    return problems


def wait_for_outbox(timeout: float) -> None:
    from django.db import connections

    from yichuang.ledger.models import OutboxEvent

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        connections.close_all()
        try:
            if not OutboxEvent.objects.filter(delivered_at__isnull=True).exists():
                return
        except Exception:  # the database may still be recovering: ask again
            pass
        time.sleep(1)
