"""Import a provincial catalogue exchange file — all or nothing, and nothing when nothing changed.

1. `reading` turns the file into records; every bad value is a Problem naming the item, the
   row and the field. Then the references (departments by 统一社会信用代码, sites by code) and
   the catalogue's own rules (validation.publish_problems / draft_problems, once per item: its
   implementations share the content) are checked. Any problem: ImportRefused, nothing written.
2. Each implementation (one body at one site) gets a fingerprint: the SHA-256 of the canonical
   JSON of everything the file says about it. An implementation whose fingerprint is the one
   stored for its current version is left alone — re-importing a file writes no row at all.
3. The rest is written in one transaction with bulk statements: new standard items, changed
   四级四同 elements, new implementations, one new version per changed implementation
   (published, retiring the one before and moving the site lists, or a draft — as the file
   says), its parts, the site lists and the fingerprints; one audit record for the import.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.ledger import services as ledger
from yichuang.org.models import Department, Site

from ..excel.db import bulk_create, fetch
from ..models import Fee, Item, ItemVersion, Material, SiteItem, StandardItem, Step
from ..models.choices import VersionStatus
from ..validation import Draft, draft_problems, publish_problems
from .reading import Reader, Record, read

PUBLISHED, DRAFT, RETIRED = VersionStatus.PUBLISHED, VersionStatus.DRAFT, VersionStatus.RETIRED
PARTS = (("materials", Material), ("steps", Step), ("fees", Fee))
PART_WORDS = {"materials": "材料", "steps": "环节", "fees": "收费"}


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


class _Import:
    def __init__(self, records: list[Record], progress):
        self.records, self.progress = records, progress
        self.problems: list[Problem] = []
        self.report = Report()

    # ---- checks before the transaction ----
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
        return Draft(version=version, **{key: [model(**_given(p)) for p in getattr(r, key)] for key, model in PARTS})

    # ---- plan and write, in the transaction ----
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

    def write(self, changes: list[Change]) -> None:
        now, r = timezone.now(), self.report
        bar = self.progress("写入", len(changes) * 2 + 1)
        self._write_standards(changes)
        new_items = {}
        for c in changes:
            if c.item is None:
                code = Item.implementation_code_for(c.record.basic_code, c.department)
                c.item = new_items.get(code) or new_items.setdefault(
                    code,
                    Item(
                        standard=self.standards[c.record.basic_code],
                        basic_code=c.record.basic_code,
                        department=c.department,
                        implementation_code=code,
                    ),
                )
        bulk_create(Item, list(new_items.values()))
        r.implementations_created = len(new_items)
        published = [c for c in changes if c.imp["status"] == PUBLISHED]
        retire = [self.current[c.item.pk][PUBLISHED] for c in published if PUBLISHED in self.current.get(c.item.pk, {})]
        for chunk in _chunks(retire):  # before the new ones: one published version per item
            ItemVersion.objects.filter(pk__in=chunk).update(status=RETIRED, retired_at=now)
        for c in changes:
            self.numbers[c.item.pk] = self.numbers.get(c.item.pk, 0) + 1
            c.version = self._version(c, self.numbers[c.item.pk], now)
        bulk_create(ItemVersion, [c.version for c in changes], bar)
        for key, model in PARTS:
            bulk_create(
                model,
                [
                    model(version=c.version, order=n, **_given(p))
                    for c in changes
                    for n, p in enumerate(getattr(c.record, key), 1)
                ],
            )
        self._write_site_items(published, retire)
        self._write_prints(changes)
        bar.update(len(changes))
        r.versions_published, r.versions_drafted = len(published), len(changes) - len(published)

    def _write_standards(self, changes: list[Change]) -> None:
        new, changed = {}, {}
        for c in changes:
            s = c.record.standard
            known = self.standards.get(s["basic_code"])
            elements = {k: s[k] for k in ("name", "item_type", "legal_basis")}
            if known is None and s["basic_code"] not in new:
                new[s["basic_code"]] = StandardItem(
                    basic_code=s["basic_code"], source=StandardItem.Source.PROVINCE, **elements
                )
            elif known is not None and (
                any(getattr(known, k) != v for k, v in elements.items()) or known.source != StandardItem.Source.PROVINCE
            ):
                for k, v in elements.items():
                    setattr(known, k, v)
                known.source = StandardItem.Source.PROVINCE
                changed[known.pk] = known
        bulk_create(StandardItem, list(new.values()))
        self.standards.update(new)
        StandardItem.objects.bulk_update(
            list(changed.values()), ["name", "item_type", "legal_basis", "source"], batch_size=500
        )
        self.report.standard_created, self.report.standard_changed = len(new), len(changed)

    def _version(self, c: Change, number: int, now) -> ItemVersion:
        s, status = c.record.standard, c.imp["status"]
        v = ItemVersion(
            item=c.item,
            number=number,
            status=status,
            published_at=now if status == PUBLISHED else None,
            name=s["name"],
            item_type=s["item_type"],
            legal_basis=s["legal_basis"],
            implementation_code=c.item.implementation_code,
            department=c.department,
            delegation_mode=c.imp["delegation_mode"] or "own",
            entrusting_body=c.imp["entrusting_body"] or "",
            **{k: v for k, v in c.record.version.items() if v is not None},
        )
        v.search_text = v.build_search_text()
        return v

    def _write_site_items(self, published: list[Change], retired: list[int]) -> None:
        # Every site listing a retired version moves to its successor (as services.publish does).
        successor = {
            self.current[c.item.pk][PUBLISHED]: c.version.pk
            for c in published
            if PUBLISHED in self.current.get(c.item.pk, {})
        }
        moving = list(fetch(SiteItem.objects.all(), "version_id__in", retired))
        for si in moving:
            si.version_id = successor[si.version_id]
        mine = {(c.site.pk, c.item.pk): c for c in published}
        stored = {(si.site_id, si.item_id): si for si in moving}
        stored.update(
            {
                (si.site_id, si.item_id): si
                for si in fetch(SiteItem.objects.all(), "item_id__in", {c.item.pk for c in published})
                if (si.site_id, si.item_id) not in stored
            }
        )
        new = []
        for key, c in mine.items():
            si = stored.get(key)
            if si is None:
                new.append(SiteItem(site=c.site, item=c.item, version=c.version, is_active=True))
            else:
                si.version_id, si.is_active = c.version.pk, True
        SiteItem.objects.bulk_update(list(stored.values()), ["version", "is_active"], batch_size=500)
        bulk_create(SiteItem, new)
        self.report.site_items = len(new) + len(stored)

    def _write_prints(self, changes: list[Change]) -> None:
        from yichuang.exchange.models import ImportedImplementation

        ids = [c.item.pk for c in changes]
        for chunk in _chunks(ids):
            ImportedImplementation.objects.filter(item_id__in=chunk).delete()
        bulk_create(
            ImportedImplementation,
            [ImportedImplementation(item=c.item, version=c.version, sha256=c.sha256) for c in changes],
        )


def _given(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _chunks(values: list, size: int = 500):
    return (values[i : i + size] for i in range(0, len(values), size))


class _NoBar:
    def update(self, n: int) -> None:
        pass


def _no_progress(desc: str, total: int):
    return _NoBar()


def import_file(name: str, content: bytes, *, actor: str = "system", dry_run: bool = False, progress=None) -> Report:
    """Import an exchange file (JSON, or .xlsx by its name). Raises ImportRefused naming every
    problem, having written nothing; writes nothing either when nothing changed. `progress`:
    progress(desc, total) returns a bar whose update(n) is called with the units just done."""
    progress = progress or _no_progress
    reader = Reader()
    records = read(name, content, reader)
    job = _Import(records, progress)
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
        job.write(changes)
        ledger.record(
            "catalog:import",
            "catalog.provincial_imported",
            actor=actor,
            object_type="catalog.ExchangeFile",
            object_id=job.report.sha256,
            data={"file": name[:200], "sha256": job.report.sha256, "summary": job.report.summary()},
        )
    return job.report
