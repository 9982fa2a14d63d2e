"""Import the catalogue from an Excel workbook — all or nothing (issue 2 §5).

1. `reading` turns the workbook into Drafts in memory (cell problems: unknown labels,
   non-integers, missing required cells, duplicate keys, rows without their version).
2. `planning`, inside one transaction: load what the database holds for these items, decide per
   version (create / replace a draft / leave an identical published version / refuse a changed
   one), validate every version that will be written, check references — collecting every
   problem with the sheet, row and column it came from.
3. `writing`, only when there is none: bulk inserts (a county's 5,000 items are ~50,000 rows)
   and one audit record that describes it all.

Versions are keyed by (基本编码, 版本号); organisation (departments, sites) is not part of the
workbook and must already exist.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from yichuang.common.errors import DomainError, Problem

from .planning import ImportJob, ImportReport
from .reading import CellError, NullBar, read_workbook
from .writing import record, write

__all__ = ["ImportRefused", "ImportReport", "import_workbook"]


class ImportRefused(DomainError):
    """The workbook has problems; nothing was written. `errors` lists every one of them."""

    def __init__(self, errors: list[CellError]):
        self.errors = sorted(errors, key=CellError.sort_key)
        super().__init__(
            [
                Problem(
                    e.code,
                    e.message,
                    f"{e.sheet}!{e.column or ''}{e.row or ''}",
                    {"sheet": e.sheet, "row": e.row, "column": e.column, "header": e.header},
                )
                for e in self.errors
            ],
            code="import_refused",
        )


def import_workbook(source, *, dry_run: bool = False, actor: str = "system", progress=None) -> ImportReport:
    """Import the workbook at `source` (a path or a binary file). Raises ImportRefused with
    every problem found, having written nothing; otherwise writes everything in one
    transaction, with one audit record. `progress` is a tqdm-like factory (desc=, total=,
    unit=) for progress bars."""
    progress = progress or NullBar
    errors: list[CellError] = []
    book = read_workbook(source, errors, progress)
    if book is None:
        raise ImportRefused(errors)
    job = ImportJob(book, errors, progress)
    try:
        with transaction.atomic():
            job.load_db()
            job.plan()
            if job.errors:
                raise ImportRefused(job.errors)
            job.report.dry_run = dry_run
            if not dry_run:
                write(job)
                record(job, actor)
    except IntegrityError as exc:  # another writer got in between our checks and our writes
        raise ImportRefused(
            [
                CellError(
                    "",
                    None,
                    None,
                    None,
                    f"写入时与其他同时进行的修改冲突,未写入任何数据,请重新导入。({exc})",
                    "write_conflict",
                )
            ]
        ) from exc
    return job.report
