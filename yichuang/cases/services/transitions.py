"""Acceptance, the one-time supplement notice, and decisions: the bodies of their steps.

Each function runs inside `steps.perform`, which has already locked the case, found the step in
the table, checked the actor's roles where the table says, and moved the state (and the clock).
A body checks what is particular to its action, writes its own rows, and returns the facts its
audit record carries; it raises before anything it wrote could matter (perform's transaction).
"""

from __future__ import annotations

from django.utils import timezone

from yichuang.common.errors import DomainError, Problem
from yichuang.org.calendar import add_working_days

from ..models import Case, CaseMaterial, SupplementNotice, SupplementNoticeLine
from .common import Outcome, done

Status = CaseMaterial.Status


def accept(case: Case, actor) -> Outcome:
    """受理: the clock starts, in the home site's working days (R-24)."""
    unresolved = [
        m.material.name
        for m in case.materials.select_related("material")
        if m.status in (Status.MISSING, Status.REJECTED)
    ]
    if unresolved:
        raise DomainError(
            Problem(
                "materials_incomplete",
                f"材料不齐:{'、'.join(unresolved)}。请一次性告知补正,或按容缺受理。",
                "materials",
            )
        )
    failed = [r["sentence"] for r in case.rule_results if r["passed"] is False]
    if failed:
        raise DomainError(
            Problem("conditions_not_met", f"不符合受理条件:{'、'.join(failed)}。应出具不予受理通知书。", "rules")
        )
    now = timezone.now()
    version = case.item_version
    # Deemed accepted (预审 past five working days, 行政许可法第三十二条): the clock runs from the
    # day the materials came in, not from the day a clerk got round to it.
    case.accepted_at, case.accepted_on = now, case.deemed_accepted_on or timezone.localdate(now)
    case.due_date = add_working_days(case.home_site, case.accepted_on, version.promised_days or 0)
    case.statutory_due_date = add_working_days(case.home_site, case.accepted_on, version.statutory_days or 0)
    return done(due_date=case.due_date.isoformat())


def request_supplement(case: Case, actor, lines: dict[int, str]) -> Outcome:
    """一次性告知: ONE notice listing every missing or wrong material with its reason. A material
    once accepted is never asked for again; a material may not be forgotten and asked later."""
    by_material = {m.material_id: m for m in case.materials.select_related("material")}
    noticed_before = set(SupplementNoticeLine.objects.filter(notice__case=case).values_list("material_id", flat=True))
    earlier_notice = case.supplement_notices.exists()
    problems = []
    for material_id, reason in lines.items():
        row = by_material.get(material_id)
        if row is None:
            problems.append(Problem("unknown_material", f"材料编号{material_id}不属于该办件。", f"lines.{material_id}"))
        elif row.is_satisfied and _accepted_earlier(case, row, noticed_before, earlier_notice):
            problems.append(
                Problem(
                    "material_already_accepted",
                    f"“{row.material.name}”已经审核通过,不得再次要求提交。",
                    f"lines.{material_id}",
                )
            )
        if not (reason or "").strip():
            problems.append(Problem("reason_required", "每项补正材料都须写明原因。", f"lines.{material_id}"))
    forgotten = [
        m.material.name
        for m in by_material.values()
        if m.status in (Status.MISSING, Status.REJECTED) and m.material_id not in lines
    ]
    if forgotten:
        problems.append(
            Problem(
                "notice_incomplete", f"一次性告知须列出全部缺少或不符合的材料,遗漏:{'、'.join(forgotten)}。", "lines"
            )
        )
    if not lines:
        problems.append(Problem("notice_empty", "补正告知书至少列出一项材料。", "lines"))
    if problems:
        raise DomainError(problems)
    notice = SupplementNotice.objects.create(case=case, issued_at=timezone.now(), issued_by=actor)
    SupplementNoticeLine.objects.bulk_create(
        [SupplementNoticeLine(notice=notice, material_id=m, reason=r) for m, r in lines.items()]
    )
    CaseMaterial.objects.filter(case=case, material_id__in=lines, status__in=[Status.RECEIVED, Status.FETCHED]).update(
        status=Status.REJECTED
    )
    return done(notice, materials=sorted(lines))


def _accepted_earlier(case: Case, row: CaseMaterial, noticed_before: set[int], earlier_notice: bool) -> bool:
    """The first notice may list any material, received ones that are wrong included. After
    it, what was not questioned (or was supplied against it) counts as accepted and is never
    asked for again. During review an approver may question a received material once, but
    never one already supplied against a notice."""
    if row.material_id in noticed_before:
        return True
    return earlier_notice and case.accepted_on is None


def supplement(case: Case, actor, received: list[int]) -> Outcome:
    """The applicant brings what the notice asked for; all of it, or the case keeps waiting."""
    notice = case.supplement_notices.filter(supplied_at__isnull=True).last()
    asked = set(notice.lines.values_list("material_id", flat=True)) if notice else set()
    still_missing = asked - set(received)
    if still_missing:
        names = CaseMaterial.objects.filter(case=case, material_id__in=still_missing).values_list(
            "material__name", flat=True
        )
        raise DomainError(Problem("supplement_incomplete", f"尚缺:{'、'.join(names)}。", "received"))
    CaseMaterial.objects.filter(case=case, material_id__in=asked).update(status=Status.RECEIVED)
    notice.supplied_at = timezone.now()
    notice.save(update_fields=["supplied_at"])
    return done(materials=sorted(asked))


def start_review(case: Case, actor) -> Outcome:
    """The back office takes the case (后台分类审批)."""
    return done()


def _decide(case: Case, decision: str, reason: str, basis: str) -> Outcome:
    case.decision, case.decision_reason, case.decision_basis = decision, reason, basis
    case.decided_at = timezone.now()
    return done(decision=decision)


def approve(case: Case, actor, opinion: str = "") -> Outcome:
    return _decide(case, Case.Decision.GRANTED, opinion, "")


def deny(case: Case, actor, reason: str, basis: str) -> Outcome:
    if not (reason.strip() and basis.strip()):
        raise DomainError(Problem("denial_needs_reason", "不予许可须写明理由和法律依据。", "reason"))
    return _decide(case, Case.Decision.DENIED, reason, basis)
