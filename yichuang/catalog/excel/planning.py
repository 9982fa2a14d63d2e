"""Phase 2 of the Excel import (see `importer`): inside the import's transaction, load what the
database holds for the workbook's items, decide per version (create / replace a draft / leave an
identical published version / refuse a changed one), validate every version that will be
written and check references. Every problem is collected with the sheet, row and column it came
from; `writing` then carries out what was decided, only when there is none."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from yichuang.common.errors import Problem
from yichuang.org.models import Department, Site

from ..models import Item, ItemVersion
from ..models.choices import VersionStatus
from ..standard import differences, enforced
from ..validation import Draft, draft_problems, publish_problems
from .columns import BUNDLES, ITEMS, PART_SHEETS, SITE_ITEMS, SheetSpec
from .compare import difference, load_drafts
from .db import fetch
from .reading import CellError, Entry, ParsedRow, Workbook

PUBLISHED, DRAFT, RETIRED = VersionStatus.PUBLISHED, VersionStatus.DRAFT, VersionStatus.RETIRED
PART_BY_NAME = {s.part: s for s in PART_SHEETS}
VERSION_IMMUTABLE = "已发布的版本不能修改:请把版本号加一作为新版本导入"


@dataclass
class ImportReport:
    """What the import wrote; counted while planning, so a dry run reports the same figures."""

    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    retired: int = 0
    parts: int = 0
    site_items: int = 0
    bundles: int = 0
    dry_run: bool = False

    @property
    def rows_written(self) -> int:
        return self.created + self.replaced + self.retired + self.parts + self.site_items + self.bundles

    def summary(self) -> str:
        head = "校验通过(试运行,未写入任何数据)" if self.dry_run else "导入完成"
        return (
            f"{head}:新建版本{self.created}个,替换草稿{self.replaced}个,未变{self.unchanged}个,"
            f"废止旧版本{self.retired}个;材料、收费、环节等{self.parts}行,实施清单{self.site_items}行,"
            f"一件事{self.bundles}个。"
        )


def items_by_key(keys: set[str], department_of: dict[str, str]) -> dict[str, Item]:
    """The implementations a workbook's keys name: by 实施编码; by the code an item had before
    issue 17 (legacy_code); or by a basic code together with the row's implementing body."""
    items = Item.objects.select_related("standard")
    found = {i.implementation_code: i for i in fetch(items, "implementation_code__in", keys)}
    rest = keys - set(found)
    found.update({i.legacy_code: i for i in fetch(items.exclude(legacy_code=""), "legacy_code__in", rest)})
    rest -= set(found)
    for i in fetch(items.select_related("department"), "basic_code__in", rest):
        if i.department and department_of.get(i.basic_code) == i.department.credit_code:
            found[i.basic_code] = i
    return found


class ImportJob:
    """One import's state: the workbook, what the database holds for it, and what `plan` decided
    (each Entry's action, the retirements, the site-list and bundle rows) for `writing` to do."""

    def __init__(self, book: Workbook, errors: list[CellError], progress):
        self.book, self.sheets, self.entries = book, book.sheets, book.entries
        self.errors, self.progress = errors, progress
        self.report = ImportReport()
        self.retirements: list[ItemVersion] = []
        self.successor: dict[int, Entry] = {}  # retired version id → the entry that replaces it
        self.superseded: list[str] = []  # published versions not in the workbook, retired by a newer one
        self.site_rows: list[tuple[ParsedRow, Site, Entry]] = []
        self.bundle_rows: list[tuple[ParsedRow, list[str]]] = []

    def err(self, spec: SheetSpec, row: int | None, attr: str | None, code: str, message: str) -> None:
        self.errors.append(self.sheets[spec.name].error(row, attr, code, message))

    def load_db(self) -> None:
        bundle_codes = {c for r in self.sheets[BUNDLES.name].rows for c in (r.values["item_codes"] or ())}
        codes = {e.basic_code for e in self.entries.values()} | bundle_codes
        self.items = items_by_key(codes, {e.basic_code: e.row.values["department_code"] for e in self.entries.values()})
        self.db_versions: dict[int, list[ItemVersion]] = defaultdict(list)
        # Locked so that a publish running meanwhile cannot slip between our checks and writes.
        locked = ItemVersion.objects.select_for_update().order_by("pk")
        for v in fetch(locked, "item_id__in", [i.pk for i in self.items.values()]):
            self.db_versions[v.item_id].append(v)
        dept_codes = {e.row.values["department_code"] for e in self.entries.values()}
        self.departments = {d.credit_code: d for d in fetch(Department.objects.all(), "credit_code__in", dept_codes)}
        site_codes = {r.values["site_code"] for r in self.sheets[SITE_ITEMS.name].rows}
        self.sites = {s.code: s for s in fetch(Site.objects.all(), "code__in", site_codes)}

    def plan(self) -> None:
        existing = {(code, v.number): v for code, item in self.items.items() for v in self.db_versions[item.pk]}
        # Only published/retired versions named in the workbook are compared part by part: a draft
        # is replaced whole, whatever it held.
        stored = load_drafts([v for k, v in existing.items() if k in self.entries and v.status != DRAFT])
        for key, e in self.entries.items():
            self._resolve_department(e)
            e.existing = existing.get(key)
            if e.existing is None:
                e.action = "create"
            elif e.existing.status == DRAFT:
                e.action = "replace"
            else:
                self._compare(e, stored[e.existing.pk])
        self._check_statuses()
        self._validate()
        self._plan_site_items()
        self._plan_bundles()
        r = self.report
        todo = [e for e in self.entries.values() if e.writes]
        r.created = sum(e.action == "create" for e in todo)
        r.replaced = len(todo) - r.created
        r.unchanged = sum(e.action == "unchanged" for e in self.entries.values())
        r.retired = len(self.retirements)
        r.parts = sum(len(getattr(e.draft, s.part)) for e in todo for s in PART_SHEETS)
        r.site_items, r.bundles = len(self.site_rows), len(self.bundle_rows)

    def _resolve_department(self, e: Entry) -> None:
        code = e.row.values["department_code"]
        if code is None:
            return
        department = self.departments.get(code)
        if department is None:
            self.err(
                ITEMS,
                e.row.number,
                "department_code",
                "unknown_department",
                f"系统中没有统一社会信用代码为“{code}”的部门,请先在组织机构中建立该部门。",
            )
        else:
            e.draft.version.department = department

    def _compare(self, e: Entry, stored: Draft) -> None:
        """A published or retired version may come back only as it is (or be retired)."""
        old, new = e.existing.status, e.status
        e.action = "unchanged"  # nothing of it is written unless it is retired below
        where = difference(e, stored)
        if where is None and old == PUBLISHED and new == RETIRED:
            e.action = "retire"
        elif where is not None or (old != new and "status" not in e.row.bad):
            spec, row, attr = where or (ITEMS, e.row.number, "status")
            self.err(spec, row, attr, "version_immutable", VERSION_IMMUTABLE)

    def _check_statuses(self) -> None:
        by_item = defaultdict(list)
        for e in self.entries.values():
            by_item[e.basic_code].append(e)
        for code, entries in by_item.items():
            for status, problem, message in (
                (PUBLISHED, "one_published", "同一事项只能有一个已发布版本,其余版本请标为“已废止”。"),
                (DRAFT, "one_draft", "同一事项只能有一个草稿版本。"),
            ):
                for e in [e for e in entries if e.status == status][1:]:
                    self.err(ITEMS, e.row.number, "status", problem, message)
            item = self.items.get(code)
            stored = self.db_versions[item.pk] if item else []
            new_drafts = [e for e in entries if e.status == DRAFT and e.action == "create"]
            other_drafts = [v for v in stored if v.status == DRAFT and (code, v.number) not in self.entries]
            if new_drafts and other_drafts:
                self.err(
                    ITEMS,
                    new_drafts[0].row.number,
                    "status",
                    "draft_exists",
                    f"该事项在系统中已有草稿版本{other_drafts[0].number},请在表中修改该版本,不要另建草稿。",
                )
            newly_published = next((e for e in entries if e.status == PUBLISHED and e.writes), None)
            for v in (v for v in stored if v.status == PUBLISHED):
                mine = self.entries.get((code, v.number))
                if (mine and mine.action == "retire") or (mine is None and newly_published):
                    # Same semantics as services.publish: the old version retires, sites move on.
                    v.status, v.retired_at = RETIRED, (mine.draft.version.retired_at if mine else None)
                    self.retirements.append(v)
                    if mine is None:
                        self.superseded.append(f"{code}/{v.number}")
                    if newly_published:
                        self.successor[v.pk] = newly_published

    def _validate(self) -> None:
        todo = [e for e in self.entries.values() if e.writes]
        bar = self.progress(desc="校验", total=len(todo), unit="个版本")
        for e in todo:
            check = publish_problems if e.status == PUBLISHED else draft_problems
            for problem in check(e.draft):
                self._locate(e, problem)
            item = self.items.get(e.basic_code)
            if e.status == PUBLISHED and item is not None and enforced(item.standard, item.pk):
                for difference in differences(item.standard, e.draft.version):  # 四级四同, as services.publish
                    self._locate(e, difference.problem())
            bar.update(1)
        bar.close()

    def _locate(self, e: Entry, problem: Problem) -> None:
        """Map a Problem's location (part, index, attr) back to the row and column it came from."""
        loc = problem.location or {}
        part, index, attr = loc.get("part", "item"), loc.get("index"), loc.get("attr")
        spec, row = ITEMS, e.row
        rows = e.part_rows.get(part, [])
        if part in PART_BY_NAME and index is not None and index < len(rows):
            spec, row = PART_BY_NAME[part], rows[index]
        if attr in row.bad:
            return  # that cell's own error already says what is wrong
        self.err(spec, row.number, attr if spec.column(attr) else None, problem.code, problem.message)

    def _plan_site_items(self) -> None:
        seen = {}
        for row in self.sheets[SITE_ITEMS.name].rows:
            v = row.values
            if None in (v["site_code"], v["basic_code"], v["number"]):
                continue
            site = self.sites.get(v["site_code"])
            if site is None:
                self.err(
                    SITE_ITEMS,
                    row.number,
                    "site_code",
                    "unknown_site",
                    f"系统中没有编码为“{v['site_code']}”的站点,请先在组织机构中建立该站点。",
                )
            key = (v["site_code"], v["basic_code"])
            if key in seen:
                self.err(
                    SITE_ITEMS,
                    row.number,
                    "basic_code",
                    "duplicate_key",
                    f"与第{seen[key]}行重复:一个站点对同一事项只能实施一个版本。",
                )
                continue
            seen[key] = row.number
            e = self.entries.get((v["basic_code"], v["number"]))
            if e is None:
                self.err(
                    SITE_ITEMS,
                    row.number,
                    "basic_code",
                    "unknown_version",
                    f"“事项”工作表中没有基本编码“{v['basic_code']}”版本号{v['number']}的行。",
                )
            elif e.status == DRAFT:
                self.err(SITE_ITEMS, row.number, "number", "not_published", "只有已发布的事项版本可以列入实施清单。")
            elif e.status == RETIRED and v["is_active"]:
                self.err(
                    SITE_ITEMS,
                    row.number,
                    "is_active",
                    "retired_listed",
                    "已废止的版本不能对外公布:请填“否”,或改为该事项已发布的版本。",
                )
            if site and e:
                self.site_rows.append((row, site, e))

    def _plan_bundles(self) -> None:
        known = {e.basic_code for e in self.entries.values()} | set(self.items)
        seen = {}
        for row in self.sheets[BUNDLES.name].rows:
            code, members = row.values["code"], list(row.values["item_codes"] or ())
            if code is None:
                continue
            if code in seen:
                self.err(BUNDLES, row.number, "code", "duplicate_key", f"与第{seen[code]}行重复(编码相同)。")
                continue
            seen[code] = row.number
            missing = [c for c in members if c not in known]
            repeated = sorted({c for c in members if members.count(c) > 1})
            if missing:
                self.err(
                    BUNDLES, row.number, "item_codes", "unknown_item", f"没有基本编码为“{'、'.join(missing)}”的事项。"
                )
            if repeated:
                self.err(BUNDLES, row.number, "item_codes", "duplicate_item", f"事项“{'、'.join(repeated)}”重复列出。")
            self.bundle_rows.append((row, members))
