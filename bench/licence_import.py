"""Bench: bulk import of existing licences (issue 17 §5) — rows per second for a CSV and an
.xlsx of N rows, half of them for holders not yet registered, with the load average beside.

    .venv/bin/python bench/licence_import.py [--rows 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_licences .venv/bin/python bench/licence_import.py

Runs against a throwaway database: a fresh SQLite file under /tmp unless DATABASE_URL is set.
A DATABASE_URL database is migrated and FLUSHED — never point this at real data.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ISSUER = "11330000002482051P"


def setup_django(sqlite: str) -> str:
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(sqlite + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "yichuang.settings"
    sys.path.insert(0, str(REPO))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from django.db import connection

    return connection.vendor


def table(n: int, offset: int) -> list[list[str]]:
    from yichuang.licences.importing import COLUMNS
    from yichuang.people.services import find_or_create_applicant
    from yichuang.people.tests.factories import make_citizen_id

    rows = [list(COLUMNS)]
    for i in range(n):
        number = make_citizen_id(offset + i)
        if i % 2:  # half the holders are registered already
            find_or_create_applicant("natural", number, name=f"持证人{i}")
        rows.append(["自然人", number, f"持证人{i}", "121", "结婚证", "示范县民政局", ISSUER, "2019-05-20", "", ""])
    return rows


def as_csv(rows) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description="电子证照批量导入性能测试")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--sqlite", default="/tmp/yc_bench_licences.sqlite3")
    args = parser.parse_args()
    vendor = setup_django(args.sqlite)
    from yichuang.licences.importing import import_licences, read_rows

    for n, (name, encode) in enumerate((("licences.csv", as_csv), ("licences.xlsx", as_xlsx))):
        content = encode(table(args.rows, 100_000 + n * args.rows))
        started = time.perf_counter()
        rows = read_rows(name, content)
        read = time.perf_counter() - started
        import_licences(rows, actor="bench")
        total = time.perf_counter() - started
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"{vendor} {name}: {len(rows)} rows in {total:.1f} s ({len(rows) / total:.0f} rows/s; "
            f"reading {read:.2f} s) — load average {load}"
        )


if __name__ == "__main__":
    main()
