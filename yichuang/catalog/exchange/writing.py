"""Step 3 of the provincial import (see `importer`): write the changed implementations in bulk —
new standard items, changed 四级四同 elements, new implementations, one new version each
(published, retiring the one before and moving the site lists, or a draft), its parts, the site
lists and the fingerprints."""

from __future__ import annotations

from django.utils import timezone

from ..excel.db import bulk_create, fetch, slices
from ..models import Item, ItemVersion, SiteItem, StandardItem
from .planning import PARTS, PUBLISHED, RETIRED, Change, ImportJob, given


def write(job: ImportJob, changes: list[Change]) -> None:
    now, r = timezone.now(), job.report
    bar = job.progress("写入", len(changes) * 2 + 1)
    _write_standards(job, changes)
    new_items = {}
    for c in changes:
        if c.item is None:
            code = Item.implementation_code_for(c.record.basic_code, c.department)
            if code not in new_items:  # one body implementing the item at several sites
                new_items[code] = Item(
                    standard=job.standards[c.record.basic_code],
                    basic_code=c.record.basic_code,
                    department=c.department,
                    implementation_code=code,
                )
            c.item = new_items[code]
    bulk_create(Item, list(new_items.values()))
    r.implementations_created = len(new_items)
    published = [c for c in changes if c.imp["status"] == PUBLISHED]
    retire = [job.current[c.item.pk][PUBLISHED] for c in published if PUBLISHED in job.current.get(c.item.pk, {})]
    for chunk in slices(retire):  # before the new ones: one published version per item
        ItemVersion.objects.filter(pk__in=chunk).update(status=RETIRED, retired_at=now)
    for c in changes:
        job.numbers[c.item.pk] = job.numbers.get(c.item.pk, 0) + 1
        c.version = _version(job, c, job.numbers[c.item.pk], now)
    bulk_create(ItemVersion, [c.version for c in changes], bar)
    for key, model in PARTS:
        bulk_create(
            model,
            [
                model(version=c.version, order=n, **given(p))
                for c in changes
                for n, p in enumerate(getattr(c.record, key), 1)
            ],
        )
    _write_site_items(job, published, retire)
    _write_prints(job, changes)
    bar.update(len(changes))
    r.versions_published, r.versions_drafted = len(published), len(changes) - len(published)


def _write_standards(job: ImportJob, changes: list[Change]) -> None:
    new, changed = {}, {}
    for c in changes:
        s = c.record.standard
        known = job.standards.get(s["basic_code"])
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
    job.standards.update(new)
    StandardItem.objects.bulk_update(
        list(changed.values()), ["name", "item_type", "legal_basis", "source"], batch_size=500
    )
    job.report.standard_created, job.report.standard_changed = len(new), len(changed)


def _version(job: ImportJob, c: Change, number: int, now) -> ItemVersion:
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


def _write_site_items(job: ImportJob, published: list[Change], retired: list[int]) -> None:
    # Every site listing a retired version moves to its successor (as services.publish does).
    successor = {
        job.current[c.item.pk][PUBLISHED]: c.version.pk
        for c in published
        if PUBLISHED in job.current.get(c.item.pk, {})
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
    job.report.site_items = len(new) + len(stored)


def _write_prints(job: ImportJob, changes: list[Change]) -> None:
    from yichuang.exchange.models import ImportedImplementation

    ids = [c.item.pk for c in changes]
    for chunk in slices(ids):
        ImportedImplementation.objects.filter(item_id__in=chunk).delete()
    bulk_create(
        ImportedImplementation,
        [ImportedImplementation(item=c.item, version=c.version, sha256=c.sha256) for c in changes],
    )
