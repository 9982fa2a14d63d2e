#!/usr/bin/env python
"""How long an intake holds its site's case-number counter locked (issue 14 §5, decision 0141).

    DATABASE_URL=postgres://… .venv/bin/python bench/intake_lock_span.py [--requests 300]

Every intake at a site takes the day's number from one counter row (`cases.services.numbers`),
which stays locked until its transaction commits: with every client at one township (the
bench's default), intakes pass through that span one at a time, so 1 / span bounds the rate
however many cores there are. Seeds as bench/intake.py does, sends intakes one after another
through Django's WSGI handler (no contention), and prints the median span from the counter's
statement to the end of COMMIT, split into the statements inside it, the COMMIT (the WAL flush)
and the Python between them — beside a bare COMMIT of one row on the same database, which the
raw-SQL writes of bench/intake.py also wait for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from intake import DEFAULT_URL, recreate_database, seed  # noqa: E402
from profile_intake import send  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ.update(
        {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "yichuang.settings", "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    )
    recreate_database(url)
    world = seed(4, 1)
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection, connections

    wrapper = type(connections["default"])  # the backend's class: COMMIT is not an execute()
    commits: list[tuple[float, float]] = []
    statements: list[tuple[str, float, float]] = []
    real_commit = wrapper._commit

    def timed_commit(self):
        began = time.perf_counter()
        real_commit(self)
        commits.append((began, time.perf_counter()))

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, began, time.perf_counter()))

    wrapper._commit = timed_commit
    handler = WSGIHandler()
    for n in range(30):  # warm-up
        send(handler, world, n)
    spans, inside, flush, python = [], [], [], []
    with connection.execute_wrapper(timed):
        for n in range(30, 30 + args.requests):
            statements.clear()
            commits.clear()
            send(handler, world, n)
            start = next(began for sql, began, _ in statements if "casesequence" in sql)
            commit_began, commit_ended = commits[-1]
            sql_time = sum(end - began for _, began, end in statements if began >= start)
            spans.append(commit_ended - start)
            inside.append(sql_time)
            flush.append(commit_ended - commit_began)
            python.append(commit_ended - start - sql_time - (commit_ended - commit_began))
    wrapper._commit = real_commit
    bare = []  # one row written and committed: the WAL flush every write transaction waits for
    for n in range(100):
        with connection.cursor() as cursor:
            connection.set_autocommit(False)
            cursor.execute(
                "INSERT INTO cases_casesequence (site_id, day, last) VALUES (%s, '2000-01-01', %s)"
                " ON CONFLICT (site_id, day) DO UPDATE SET last = EXCLUDED.last",
                [world["home_site_id"], n],
            )
            began = time.perf_counter()
            connection.commit()
            bare.append(time.perf_counter() - began)
            connection.set_autocommit(True)

    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:.2f}"

    print(
        f"load average {os.getloadavg()[0]:.2f}; {args.requests} intakes one after another: counter locked "
        f"{ms(spans)} ms (median) = statements {ms(inside)} + COMMIT {ms(flush)} + Python {ms(python)}; "
        f"a bare one-row COMMIT here {ms(bare)} ms; bound at one site: {1 / statistics.median(spans):.0f} intakes/s"
    )


if __name__ == "__main__":
    main()
