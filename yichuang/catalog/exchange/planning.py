"""Steps 1 and 2 of the provincial import (see `importer`): check the records against the
references and the catalogue's rules, then, inside the transaction, load what the database
holds and keep only the implementations whose fingerprint changed. Every problem names the item,
the row and the field."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Max

from yichuang.common.errors import Problem
from yichuang.org.models import Department, Site

from ..excel.db import fetch
from ..models import Fee, Item, ItemVersion, Material, StandardItem, Step
from ..models.choices import VersionStatus
from ..validation import Draft, draft_problems, publish_problems
from .reading import Record

if TYPE_CHECKING:
    from .importer import Report

PUBLISHED, DRAFT, RETIRED = VersionStatus.PUBLISHED, VersionStatus.DRAFT, VersionStatus.RETIRED
PARTS = (("materials", Material), ("steps", Step), ("fees", Fee))
PART_WORDS = {"materials": "材料", "steps": "环节", "fees": "收费"}


@dataclass
class Change:
    record: Record
    imp: dict
    department: Department
    site: Site
    sha256: str
    item: Item | None = None
    version: ItemVersion | None = None
    parts: dict = field(default_factory=dict)


def fingerprint(record: Record, imp: dict) -> str:
    content = {
        "standard": record.standard,
        "version": record.version,
        **{key: getattr(record, key) for key, _ in PARTS},
        "implementation": imp,
    }
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _problem(record: Record, key: str, code: str, message: str, index: int | None = None) -> Problem:
    return Problem(
        code,
        f"{record.where}(事项{record.basic_code or '?'}){message}",
        key,
        {"item": record.basic_code, "row": record.row, "field": key, "index": index},
    )


class ImportJob:
    """One import's state: the records, the references they name and, once planned, what the
    database holds for them (standard items, implementations, fingerprints, current versions)."""

    def __init__(self, records: list[Record], progress, report: Report):
        self.records, self.progress = records, progress
        self.problems: list[Problem] = []
        self.report = report

    # ---- checks that need no lock: before the transaction ----
    def check(self) -> None:
        seen = {}
        for r in self.records:
            if r.basic_code in seen:
                self.problems.append(
                    _problem(r, "basic_code", "duplicate_item", f"与{seen[r.basic_code]}的基本编码重复。")
                )
            seen.setdefault(r.basic_code, r.where)
            if not r.implementations:
                self.problems.append(
                    _problem(r, "implementations", "no_implementation", "至少要有一个实施(实施主体和站点)。")
                )
        dept_codes = {i["department_code"] for r in self.records for i in r.implementations}
        site_codes = {i["site_code"] for r in self.records for i in r.implementations}
        self.departments = {d.credit_code: d for d in fetch(Department.objects.all(), "credit_code__in", dept_codes)}
        self.sites = {s.code: s for s in fetch(Site.objects.all(), "code__in", site_codes)}
        bar = self.progress("校验", len(self.records))
        for r in self.records:
            self._check_record(r)
            bar.update(1)

    def _check_record(self, r: Record) -> None:
        pairs = {}
        for n, imp in enumerate(r.implementations, start=1):
            code, site = imp["department_code"], imp["site_code"]
            if code and code not in self.departments:
                self.problems.append(
                    _problem(
                        r,
                        "department_code",
                        "unknown_department",
                        f"实施{n}:系统中没有统一社会信用代码为“{code}”的部门。",
                        n,
                    )
                )
            if site and site not in self.sites:
                self.problems.append(
                    _problem(r, "site_code", "unknown_site", f"实施{n}:系统中没有编码为“{site}”的站点。", n)
                )
            if (code, site) in pairs:
                self.problems.append(
                    _problem(
                        r,
                        "site_code",
                        "duplicate_implementation",
                        f"实施{n}:与实施{pairs[(code, site)]}重复(同一部门同一站点)。",
                        n,
                    )
                )
            pairs.setdefault((code, site), n)
        first = next((self.departments.get(i["department_code"]) for i in r.implementations), None)
        if first is None or None in r.standard.values():
            return  # the missing reference or element has its own problem already
        status = PUBLISHED if any(i["status"] == PUBLISHED for i in r.implementations) else DRAFT
        check = publish_problems if status == PUBLISHED else draft_problems
        for p in check(self._draft(r, first)):
            loc = p.location or {}
            key = loc.get("attr") or p.field or "item"
            part = loc.get("part")
            index = loc.get("index")
            where = f"{PART_WORDS.get(part, '')}{index + 1}" if part in PART_WORDS and index is not None else ""
            self.problems.append(_problem(r, key, p.code, f"{where}:{p.message}" if where else f":{p.message}"))

    def _draft(self, r: Record, department) -> Draft:
        version = ItemVersion(
            **{k: v for k, v in r.standard.items() if k != "basic_code"},
            **{k: v for k, v in r.version.items() if v is not None},
            department=department,
        )
        return Draft(version=version, **{key: [model(**given(p)) for p in getattr(r, key)] for key, model in PARTS})

    # ---- in the transaction: the current versions stay locked until the writes commit ----
    def plan(self) -> list[Change]:
        codes = [r.basic_code for r in self.records]
        self.standards = {s.basic_code: s for s in fetch(StandardItem.objects.all(), "basic_code__in", codes)}
        impl_codes = [
            Item.implementation_code_for(r.basic_code, self.departments[i["department_code"]])
            for r in self.records
            for i in r.implementations
        ]
        self.items = {
            i.implementation_code: i for i in fetch(Item.objects.all(), "implementation_code__in", impl_codes)
        }
        item_ids = [i.pk for i in self.items.values()]
        from yichuang.exchange.models import ImportedImplementation

        self.prints = {p.item_id: p for p in fetch(ImportedImplementation.objects.all(), "item_id__in", item_ids)}
        current = (
            ItemVersion.objects.filter(status__in=[PUBLISHED, DRAFT])
            .select_for_update()
            .values("pk", "item_id", "status")
        )
        self.current = defaultdict(dict)
        for v in fetch(current, "item_id__in", item_ids):
            self.current[v["item_id"]][v["status"]] = v["pk"]
        numbers = ItemVersion.objects.values("item_id").annotate(last=Max("number"))
        self.numbers = {n["item_id"]: n["last"] for n in fetch(numbers, "item_id__in", item_ids)}
        changes = []
        for r in self.records:
            for imp in r.implementations:
                dept = self.departments[imp["department_code"]]
                item = self.items.get(Item.implementation_code_for(r.basic_code, dept))
                sha = fingerprint(r, imp)
                if item is not None and self._unchanged(item, sha, imp["status"]):
                    self.report.unchanged += 1
                    continue
                if item is not None and imp["status"] == DRAFT and DRAFT in self.current[item.pk]:
                    self.problems.append(
                        _problem(
                            r,
                            "status",
                            "draft_exists",
                            f"实施主体{dept.name}的该事项已有草稿版本,请先发布或删除该草稿再导入。",
                        )
                    )
                changes.append(Change(r, imp, dept, self.sites[imp["site_code"]], sha, item))
        return changes

    def _unchanged(self, item: Item, sha: str, status: str) -> bool:
        stored = self.prints.get(item.pk)
        return stored is not None and stored.sha256 == sha and self.current[item.pk].get(status) == stored.version_id


def given(values: dict) -> dict:
    """The values the file gives; a field it leaves out keeps the model's default."""
    return {k: v for k, v in values.items() if v is not None}
