"""Writes for the catalogue. Every function is one transaction; published versions are
never modified — `revise` copies one into a new draft."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event

from .models import Fee, Item, ItemVersion, Material, Rule, SiteItem, SpecialProcedure, StandardItem, Step
from .models.choices import VersionStatus
from .standard import enforced, standard_problems
from .validation import Draft, draft_problems, publish_problems

PART_MODELS = {"materials": Material, "fees": Fee, "steps": Step, "procedures": SpecialProcedure, "rules": Rule}


def _audit(version: ItemVersion, action: str, actor: str, **data) -> None:
    ledger.record(
        f"item:{version.item.basic_code}",
        action,
        actor=actor,
        object_type="catalog.ItemVersion",
        object_id=str(version.pk),
        data={"number": version.number, "name": version.name, **data},
    )


def _save_parts(version: ItemVersion, draft: Draft) -> None:
    for attr, model in PART_MODELS.items():
        rows = getattr(draft, attr)
        for order, row in enumerate(rows, start=1):
            row.pk = None
            row.version = version
            row.order = order
        model.objects.bulk_create(rows)


def standard_for(basic_code: str, version: ItemVersion) -> StandardItem:
    """The standard item of `basic_code`; a code not yet in the catalogue becomes a standard item
    whose 四级四同 elements are those of the first version that names it."""
    standard, _ = StandardItem.objects.get_or_create(
        basic_code=basic_code,
        defaults={"name": version.name, "item_type": version.item_type, "legal_basis": version.legal_basis},
    )
    return standard


@transaction.atomic
def create_standard(
    basic_code: str, name: str, item_type: str, legal_basis: str, actor: str = "system"
) -> StandardItem:
    """Add a 基本目录事项 (or return the existing one with that code unchanged)."""
    standard, created = StandardItem.objects.get_or_create(
        basic_code=basic_code, defaults={"name": name, "item_type": item_type, "legal_basis": legal_basis}
    )
    if created:
        ledger.record(
            f"standard:{basic_code}",
            "catalog.standard_created",
            actor=actor,
            object_type="catalog.StandardItem",
            object_id=str(standard.pk),
            data={"name": name, "item_type": item_type},
        )
    return standard


@transaction.atomic
def implementation(standard: StandardItem, department, actor: str = "system") -> Item:
    """The implementation (事项实施) of `standard` by `department`, created on first use with
    实施编码 = basic code + the body's 统一社会信用代码."""
    item, _ = Item.objects.get_or_create(
        standard=standard,
        department=department,
        defaults={
            "basic_code": standard.basic_code,
            "implementation_code": Item.implementation_code_for(standard.basic_code, department),
        },
    )
    return item


@transaction.atomic
def create_draft(basic_code: str, draft: Draft, actor: str = "system") -> ItemVersion:
    """Create the next draft version of the implementation of standard item `basic_code` by
    the draft's department (creating the standard item and the implementation if new). Refuses vague
    materials, a promised limit above the statutory one and broken rules even in a draft."""
    problems = draft_problems(draft)
    if problems:
        raise DomainError(problems)
    version = draft.version
    item = implementation(standard_for(basic_code, version), version.department, actor=actor)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.versions.filter(status=VersionStatus.DRAFT).exists():
        raise Conflict(Problem("draft_exists", "该事项已有一个草稿版本,请先修改或发布它。", "basic_code"))
    version.pk = None
    version.item = item
    version.status = VersionStatus.DRAFT
    version.number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version.implementation_code = version.implementation_code or item.implementation_code
    version.save()
    _save_parts(version, draft)
    _audit(version, "catalog.draft_created", actor)
    return version


@transaction.atomic
def replace_draft(version: ItemVersion, draft: Draft, actor: str = "system") -> ItemVersion:
    """Overwrite a draft with new content (fields and parts)."""
    version = ItemVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(Problem("version_immutable", "已发布或已废止的事项版本不能修改,请创建新版本。"))
    problems = draft_problems(draft)
    if problems:
        raise DomainError(problems)
    new = draft.version
    new.pk, new.item_id, new.number, new.status = version.pk, version.item_id, version.number, VersionStatus.DRAFT
    new._loaded_status = VersionStatus.DRAFT
    new.save()
    for model in PART_MODELS.values():
        model.objects.filter(version=new).delete()
    _save_parts(new, draft)
    _audit(new, "catalog.draft_replaced", actor)
    return new


def _keep_to_standard(version: ItemVersion, actor: str) -> None:
    """四级四同: refuse a version that departs from its standard item. A locally entered standard
    item with this one implementation is authored with it, so it follows the version instead."""
    differences = standard_problems(version)
    if not differences:
        return
    standard = StandardItem.objects.select_for_update().get(pk=version.item.standard_id)
    if enforced(standard, version.item_id):
        raise DomainError(differences, code="standard_elements_differ")
    if standard.implementations.exclude(pk=version.item_id).exists():
        return  # a shared local item: the differences are listed for the county, not refused
    standard.name, standard.item_type, standard.legal_basis = version.name, version.item_type, version.legal_basis
    standard.save(update_fields=["name", "item_type", "legal_basis", "updated_at"])
    ledger.record(
        f"standard:{standard.basic_code}",
        "catalog.standard_followed",
        actor=actor,
        object_type="catalog.StandardItem",
        object_id=str(standard.pk),
        data={"version": version.number, "differences": [p.code for p in differences]},
    )


@transaction.atomic
def publish(version: ItemVersion, actor: str = "system") -> ItemVersion:
    """Publish a draft: check completeness, retire the previously published version and move
    every site's implementation list to the new version. Running cases keep their version."""
    version = ItemVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise Conflict(Problem("not_a_draft", "只有草稿版本可以发布。", "status"))
    problems = publish_problems(Draft.of(version))
    if problems:
        raise DomainError(problems, code="publish_incomplete")
    _keep_to_standard(version, actor)
    now = timezone.now()
    previous = (
        ItemVersion.objects.select_for_update().filter(item_id=version.item_id, status=VersionStatus.PUBLISHED).first()
    )
    if previous:
        previous.status, previous.retired_at = VersionStatus.RETIRED, now
        previous.save(allow_status_change=True, update_fields=["status", "retired_at"])
        SiteItem.objects.filter(version=previous).update(version=version)
    version.status, version.published_at = VersionStatus.PUBLISHED, now
    version.save(allow_status_change=True, update_fields=["status", "published_at", "search_text"])
    _audit(version, "catalog.published", actor, retired=previous.number if previous else None)
    ledger.emit(
        Event.CATALOG_ITEM_PUBLISHED,
        {"item": version.item.basic_code, "version": version.number},
        key=version.item.basic_code,
    )
    return version


@transaction.atomic
def revise(item: Item, actor: str = "system") -> ItemVersion:
    """Editing a published item: a new draft that starts as a copy of the published version."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    existing = item.versions.filter(status=VersionStatus.DRAFT).first()
    if existing:
        return existing
    source = item.versions.filter(status=VersionStatus.PUBLISHED).first()
    if source is None:
        raise Conflict(Problem("nothing_to_revise", "该事项没有已发布版本可供修订。"))
    draft = Draft.of(source)
    version = draft.version
    version.pk, version.status, version.published_at, version.retired_at = None, VersionStatus.DRAFT, None, None
    version.implementation_code = item.implementation_code  # a migrated version may carry its old code
    version._loaded_status = VersionStatus.DRAFT
    version.number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version.save()
    _save_parts(version, draft)
    _audit(version, "catalog.revised", actor, source=source.number)
    return version


@transaction.atomic
def retire(version: ItemVersion, actor: str = "system") -> ItemVersion:
    version = ItemVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise Conflict(Problem("not_published", "只有已发布的版本可以废止。", "status"))
    version.status, version.retired_at = VersionStatus.RETIRED, timezone.now()
    version.save(allow_status_change=True, update_fields=["status", "retired_at"])
    SiteItem.objects.filter(version=version).update(is_active=False)
    _audit(version, "catalog.retired", actor)
    return version


@transaction.atomic
def implement_at(site, version: ItemVersion, actor: str = "system") -> SiteItem:
    """Put a published version on a site's implementation list (实施清单)."""
    if version.status != VersionStatus.PUBLISHED:
        raise Conflict(Problem("not_published", "只有已发布的事项版本可以列入实施清单。", "version"))
    site_item, _ = SiteItem.objects.update_or_create(
        site=site, item_id=version.item_id, defaults={"version": version, "is_active": True, "filed_at": timezone.now()}
    )
    _audit(version, "catalog.implemented", actor, site=site.code)
    return site_item
