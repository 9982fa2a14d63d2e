"""Bench: the cost of counting one event into the rollups (the consumers' path), to compare
with gen_cases' COPY (docs/decisions/0014).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_sup_bench .venv/bin/python bench/supervision_consumers.py [--n 5000]

Runs `rollups.add` (day + month full-key upserts and the two cube upserts) for n random keys
inside one transaction that is rolled back, so the bench database is left unchanged.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("set DATABASE_URL to the bench database")
    os.environ["DJANGO_SETTINGS_MODULE"] = "yichuang.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import transaction

    from yichuang.org.models import Site
    from yichuang.supervision import rollups

    sites = list(Site.objects.values_list("pk", flat=True))
    rnd = random.Random(7)
    samples = []
    try:
        with transaction.atomic():
            for _ in range(args.n):
                key = (
                    dt.date(2026, 6, rnd.randint(1, 30)),
                    rnd.choice(sites),
                    rnd.randint(1, 40),
                    rnd.randint(1, 80),
                    rnd.randint(1, 300),
                )
                began = time.perf_counter()
                rollups.add(key, Counter(received=1, online=rnd.randint(0, 1)))
                samples.append((time.perf_counter() - began) * 1000)
            raise Rollback
    except Rollback:
        pass
    samples.sort()
    mean = sum(samples) / len(samples)
    print(
        f"rollups.add (4 upserts) x{args.n}: mean {mean:.2f} ms, p50 {samples[len(samples) // 2]:.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95)]:.2f} ms"
    )
    print(
        f"≈ {1000 / mean:.0f} counted events/s in one process; a case has ≈ 4 counted events "
        f"(received, accepted, delivered, evaluated) → ≈ {4 * mean * 1_000_000 / 1000 / 3600:.1f} h per million cases "
        f"through the consumers (plus the relay's own reads and delivery rows)"
    )


if __name__ == "__main__":
    main()
