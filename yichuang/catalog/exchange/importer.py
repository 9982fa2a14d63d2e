"""Import a provincial catalogue exchange file — all or nothing, and nothing when nothing changed.

1. `reading` turns the file into records; every bad value is a Problem naming the item, the
   row and the field. Then `planning` checks the references (departments by 统一社会信用代码,
   sites by code) and the catalogue's own rules (validation.publish_problems / draft_problems,
   once per item: its implementations share the content). Any problem: ImportRefused, nothing
   written.
2. Each implementation (one body at one site) gets a fingerprint: the SHA-256 of the canonical
   JSON of everything the file says about it. An implementation whose fingerprint is the one
   stored for its current version is left alone — re-importing a file writes no row at all.
3. `writing` writes the rest in one transaction with bulk statements: new standard items,
   changed 四级四同 elements, new implementations, one new version per changed implementation
   (published, retiring the one before and moving the site lists, or a draft — as the file
   says), its parts, the site lists and the fingerprints; one audit record for the import.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from yichuang.common.errors import DomainError, Problem
from yichuang.ledger import services as ledger

from ..excel.reading import NullBar
from .planning import PUBLISHED, ImportJob
from .reading import Reader, read
from .writing import write


class ImportRefused(DomainError):
    """The file has problems; nothing was written. `problems` names each by item, row and field."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, code="import_refused")


@dataclass
class Report:
    standard_created: int = 0
    standard_changed: int = 0
    implementations_created: int = 0
    versions_published: int = 0
    versions_drafted: int = 0
    unchanged: int = 0
    site_items: int = 0
    dry_run: bool = False
    sha256: str = ""

    @property
    def wrote(self) -> bool:
        return bool(self.standard_created + self.standard_changed + self.versions_published + self.versions_drafted)

    def summary(self) -> str:
        head = "校验通过(试运行,未写入)" if self.dry_run else ("导入完成" if self.wrote else "没有变化,未写入任何数据")
        return (
            f"{head}:新增基本目录事项{self.standard_created}个,更新四级四同要素{self.standard_changed}个,"
            f"新增实施{self.implementations_created}个,发布新版本{self.versions_published}个,"
            f"新建草稿{self.versions_drafted}个,未变{self.unchanged}个,实施清单{self.site_items}行。"
        )


def import_file(name: str, content: bytes, *, actor: str = "system", dry_run: bool = False, progress=None) -> Report:
    """Import an exchange file (JSON, or .xlsx by its name). Raises ImportRefused naming every
    problem, having written nothing; writes nothing either when nothing changed. `progress`:
    progress(desc, total) returns a bar whose update(n) is called with the units just done."""
    progress = progress or NullBar
    reader = Reader()
    records = read(name, content, reader)
    job = ImportJob(records, progress, Report())
    job.problems = reader.problems
    if not reader.problems:
        job.check()
    if job.problems:
        raise ImportRefused(job.problems)
    job.report.sha256, job.report.dry_run = hashlib.sha256(content).hexdigest(), dry_run
    with transaction.atomic():
        changes = job.plan()
        if job.problems:
            raise ImportRefused(job.problems)
        if dry_run or not changes:
            job.report.versions_published = sum(c.imp["status"] == PUBLISHED for c in changes) if dry_run else 0
            return job.report
        write(job, changes)
        ledger.record(
            "catalog:import",
            "catalog.provincial_imported",
            actor=actor,
            object_type="catalog.ExchangeFile",
            object_id=job.report.sha256,
            data={"file": name[:200], "sha256": job.report.sha256, "summary": job.report.summary()},
        )
    return job.report
