"""Phase 3 of the Excel import (see `importer`): write what `planning` decided, with bulk
statements — a county's 5,000 items are ~50,000 rows, and one query per row would take minutes.
bulk_create bypasses `save()`, so the search text is computed here; published versions are
retired with a plain UPDATE because that status change is the one `services.publish` itself
makes. One audit record describes it all."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event

from ..models import Bundle, BundleItem, ItemVersion, SiteItem
from ..services import implementation, standard_for
from .columns import BUNDLES, ITEMS, PART_SHEETS
from .db import CHUNK, bulk_create, fetch, slices
from .planning import PUBLISHED, RETIRED, ImportJob
from .reading import Entry


def write(job: ImportJob) -> None:
    now, r = timezone.now(), job.report
    todo = [e for e in job.entries.values() if e.writes]
    bar = job.progress(desc="写入", total=len(todo) + r.parts + r.site_items + r.bundles, unit="行")
    firsts = {}
    for e in todo:
        if e.basic_code not in job.items:
            firsts.setdefault(e.basic_code, e)
    for key in sorted(firsts):  # few per import: a new implementation is rare next to new versions
        e = firsts[key]
        department = job.departments[e.row.values["department_code"]]
        # A 实施编码 is the basic code followed by the body's credit code; any other key is
        # taken as a basic code implemented by the row's body.
        credit = department.credit_code
        basic = key[: -len(credit)] if key.endswith(credit) and len(key) > len(credit) else key
        job.items[key] = implementation(standard_for(basic, e.draft.version), department)
    for v in job.retirements:
        v.retired_at = v.retired_at or now
    # Retire before publishing: the database allows one published version per item.
    ItemVersion.objects.bulk_update(job.retirements, ["status", "retired_at"], batch_size=500)

    for e in todo:
        _prepare(job, e, now)
    fields = [*ITEMS.fields, "department", "search_text"]
    replaced = [e.draft.version for e in todo if e.action == "replace"]
    for v in replaced:  # few in practice; one plain UPDATE each beats bulk_update's CASE per field
        ItemVersion.objects.filter(pk=v.pk).update(**{f: getattr(v, f) for f in fields})
    for spec in PART_SHEETS:
        for ids in slices([v.pk for v in replaced]):
            spec.model.objects.filter(version_id__in=ids).delete()
    bar.update(len(replaced))
    bulk_create(ItemVersion, [e.draft.version for e in todo if e.action == "create"], bar)
    for spec in PART_SHEETS:
        parts = [p for e in todo for p in getattr(e.draft, spec.part)]
        for e in todo:
            for p in getattr(e.draft, spec.part):
                p.version = e.draft.version  # now that the version has its id
        bulk_create(spec.model, parts, bar)
    _write_site_items(job, bar)
    _write_bundles(job, bar)
    bar.close()


def _prepare(job: ImportJob, e: Entry, now) -> None:
    v = e.draft.version
    v.item = job.items[e.basic_code]
    if e.existing is not None:
        v.pk = e.existing.pk
    # The sheet's times are kept (a catalogue moved between systems keeps its history);
    # a version published or retired by this import gets the current time.
    v.published_at = (
        (v.published_at or now) if v.status == PUBLISHED else (v.published_at if v.status == RETIRED else None)
    )
    v.retired_at = (v.retired_at or now) if v.status == RETIRED else None
    v.search_text = v.build_search_text()


def _write_site_items(job: ImportJob, bar) -> None:
    # Sites follow a retired version to its successor (as services.publish does) or, when
    # the version is retired without one, stop listing it (as services.retire does).
    following = list(fetch(SiteItem.objects.all(), "version_id__in", [v.pk for v in job.retirements]))
    for si in following:
        successor = job.successor.get(si.version_id)
        if successor:
            si.version_id = successor.version_id
        else:
            si.is_active = False
    SiteItem.objects.bulk_update(following, ["version", "is_active"], batch_size=500)

    item_ids = {job.items[e.basic_code].pk for _, _, e in job.site_rows}
    stored = SiteItem.objects.filter(site_id__in={s.pk for _, s, _ in job.site_rows})
    stored = {(si.site_id, si.item_id): si for si in fetch(stored, "item_id__in", item_ids)}
    new, changed = [], []
    for row, site, e in job.site_rows:
        values = {
            "version_id": e.version_id,
            "is_active": row.values["is_active"],
            "filed_at": row.values["filed_at"],
        }
        si = stored.get((site.pk, job.items[e.basic_code].pk))
        if si is None:
            new.append(SiteItem(site=site, item=job.items[e.basic_code], **values))
        elif any(getattr(si, k) != val for k, val in values.items()):
            for k, val in values.items():
                setattr(si, k, val)
            changed.append(si)
    bulk_create(SiteItem, new)
    SiteItem.objects.bulk_update(changed, ["version", "is_active", "filed_at"], batch_size=500)
    bar.update(len(job.site_rows))


def _write_bundles(job: ImportJob, bar) -> None:
    for row, members in job.bundle_rows:
        defaults = {a: row.values[a] for a in BUNDLES.fields if a != "code"}
        bundle, _ = Bundle.objects.update_or_create(code=row.values["code"], defaults=defaults)
        bundle.bundle_items.all().delete()
        BundleItem.objects.bulk_create(
            [BundleItem(bundle=bundle, item=job.items[c], order=i) for i, c in enumerate(members, start=1)]
        )
        bar.update(1)


def record(job: ImportJob, actor: str) -> None:
    """One audit record for the whole import, naming every version it wrote, and the
    same `catalog.item_published` event per newly published version as services.publish.
    A record per item (as the services write) costs a locked chain-head round trip each:
    several seconds for a county's catalogue, which the import budget has not got."""
    wrote = defaultdict(list)
    for e in job.entries.values():
        if e.action != "unchanged":
            wrote[e.action].append(f"{e.basic_code}/{e.number}")
    if job.superseded:
        wrote["superseded"] = job.superseded
    r = job.report
    ledger.record(
        "catalog:import",
        "catalog.imported",
        actor=actor,
        object_type="catalog.Workbook",
        object_id=job.book.digest,
        data={
            "sha256": job.book.digest,
            "versions": dict(wrote),
            "parts": r.parts,
            "site_items": r.site_items,
            "bundles": r.bundles,
        },
    )
    ledger.emit_many(
        Event.CATALOG_ITEM_PUBLISHED,
        [
            # The event names the basic code, as services.publish does.
            (
                {"item": job.items[e.basic_code].basic_code, "version": e.number},
                job.items[e.basic_code].basic_code,
            )
            for e in job.entries.values()
            if e.writes and e.status == PUBLISHED
        ],
        batch_size=CHUNK,
    )
