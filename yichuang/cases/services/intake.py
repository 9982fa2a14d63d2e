"""Intake at any 综合受理 window for any item of the site (无差别全科受理, R-20)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from yichuang.catalog.models import Material, SiteItem
from yichuang.catalog.models.choices import TongbanScope, VersionStatus
from yichuang.catalog.rules import evaluate_rules
from yichuang.commitments import intake as commitments
from yichuang.common import fastsql
from yichuang.common.errors import DomainError, Problem
from yichuang.ledger.events import Event
from yichuang.licences.providers import fetchable_licence
from yichuang.org.calendar import add_working_days
from yichuang.org.models import StaffRole
from yichuang.people.selectors import active_authorisation

from ..models import Case, CaseMaterial
from .common import audit_new_case, insert_new_case, require_role
from .numbers import next_case_number

Status = CaseMaterial.Status


@dataclasses.dataclass(frozen=True)
class MaterialInput:
    """What the clerk ticked for one material of the item's list."""

    status: str
    promised_by: dt.date | None = None
    note: str = ""
    commitment: bool = False  # 告知承诺替代: recorded by yichuang.commitments


_SCOPE_PREFIX = {TongbanScope.COUNTY: 6, TongbanScope.PROVINCE: 2, TongbanScope.NATIONAL: 0}


def _routing(site, version) -> tuple[str, object]:
    """(transfer mode, home site). An item on this site's list is handled as usual; an item of
    another site may be accepted here when its 通办 scope covers this site (R-27)."""
    if version.status != VersionStatus.PUBLISHED:
        raise DomainError(Problem("item_not_offered", "该事项版本未发布或已废止,不能受理。", "item_version"))
    from yichuang.catalog.delegation import home_site  # local: keeps this file's imports as they are

    home = home_site(version)  # 委托收件: the county's queue from intake on
    if getattr(site, "listed_version_id", None) == version.pk:  # read just now from the list (intake_target)
        return Case.TransferMode.NONE, home
    if SiteItem.objects.filter(site=site, item_id=version.item_id, version=version, is_active=True).exists():
        return Case.TransferMode.NONE, home
    prefix = _SCOPE_PREFIX.get(version.tongban_scope)
    if prefix is None or site.region.code[:prefix] != home.region.code[:prefix]:
        raise DomainError(
            Problem("item_not_offered", "本站点的实施清单中没有该事项,且该事项不在本站点通办范围内。", "item_version")
        )
    if version.tongban_local_approval:
        return Case.TransferMode.LOCAL_APPROVAL, site
    return Case.TransferMode.HOME_APPROVAL, home


def latest_promise(home_site, version, today: dt.date) -> dt.date:
    """The last date a 容缺 promise may name. The result is not handed out before the promised
    material arrives (review.prepare_delivery), and the case must be done within the item's
    statutory limit, so a promise after the statutory due date of a case accepted today could
    only be kept by going overdue; it is a typo (0001-01-01, 9999-12-31) or a way round the
    clock. An item without a statutory limit gets one year, the longest any item here allows."""
    if version.statutory_days:
        return add_working_days(home_site, today, version.statutory_days)
    return today + dt.timedelta(days=365)


def _promise_problem(material, entry: MaterialInput, home_site, version) -> Problem | None:
    today = timezone.localdate()
    latest = latest_promise(home_site, version, today)
    if today < entry.promised_by <= latest:
        return None
    return Problem(
        "promise_out_of_range",
        f"容缺材料“{material.name}”的承诺补交日期须晚于今天且不晚于{latest:%Y-%m-%d}(法定办结期限)。",
        f"materials.{material.pk}",
    )


def _material_rows(version, applicant, given: dict[int, MaterialInput], home_site=None) -> list[CaseMaterial]:
    listed = {m.pk: m for m in version.materials.all()}
    problems = [
        Problem("unknown_material", f"材料编号{pk}不属于该事项。", f"materials.{pk}")
        for pk in given
        if pk not in listed
    ]
    rows = []
    for pk, material in listed.items():
        entry = given.get(pk)
        licence = None
        if material.source == Material.Source.GOVERNMENT and material.licence_type_code:
            # what government issued is fetched from the licence store, not asked for.
            licence = fetchable_licence(applicant, material.licence_type_code)
        if licence is not None:
            rows.append(CaseMaterial(material=material, status=Status.FETCHED, licence=licence))
            continue
        if entry is None:
            status = Status.MISSING if material.necessity != Material.Necessity.OPTIONAL else None
            if status:
                rows.append(CaseMaterial(material=material, status=status))
            continue
        if entry.status == Status.DEFERRED:
            if material.necessity != Material.Necessity.DEFERRABLE:
                problems.append(
                    Problem("not_deferrable", f"“{material.name}”不是容缺材料,不能后补。", f"materials.{pk}")
                )
            elif not entry.promised_by:
                problems.append(
                    Problem("deferred_needs_date", f"容缺材料“{material.name}”须填写承诺补交日期。", f"materials.{pk}")
                )
            elif problem := _promise_problem(material, entry, home_site or version.department.site, version):
                problems.append(problem)
        if entry.status == Status.FETCHED:
            problems.append(
                Problem(
                    "licence_not_found", f"证照库中没有申请人的“{material.name}”,请收取纸质材料。", f"materials.{pk}"
                )
            )
        if entry.commitment and (problem := commitments.commitment_problem(material, True)):
            problems.append(problem)
        rows.append(
            CaseMaterial(material=material, status=entry.status, promised_by=entry.promised_by, note=entry.note)
        )
    if problems:
        raise DomainError(problems)
    return rows


def _committed(given: dict[int, MaterialInput], row: CaseMaterial) -> bool:
    entry = given.get(row.material_id)
    return entry is not None and entry.commitment


def _check_authorisation(authorisation, applicant, version, channel, clerk) -> None:
    """An agent applies only with a mandate that covers this applicant and item today (R-28);
    a 帮办代办 case always has one, and its agent is the helper who starts it."""
    if channel == Case.Channel.HELPER and authorisation is None:
        raise DomainError(Problem("authorisation_required", "帮办代办须有申请人的代办授权。", "authorisation"))
    if authorisation is None:
        return
    if channel == Case.Channel.HELPER and authorisation.agent != clerk:
        raise DomainError(Problem("authorisation_not_for_agent", "该代办授权不是授予本帮办代办员的。", "authorisation"))
    if active_authorisation(authorisation.agent, applicant, version) != authorisation:
        raise DomainError(
            Problem(
                "authorisation_not_valid",
                "代办授权无效:不属于该申请人、已过期、已撤销或不包含本事项。",
                "authorisation",
            )
        )


def receive(
    *,
    site,
    clerk,
    version,
    applicant,
    materials: dict[int, MaterialInput],
    form_data: dict | None = None,
    authorisation=None,
    channel: str = Case.Channel.WINDOW,
) -> Case:
    """Receive an application at a window: the case starts in 预审, owned by this clerk (首问负责).

    Checks and writes run in one transaction (the caller's, or one of its own). The writes take
    no savepoint of their own: every refusal is raised by the checks, before anything is
    written, and a failed write aborts the caller's transaction anyway (the API's request)."""
    if not connection.in_atomic_block:
        with transaction.atomic():
            return _receive(site, clerk, version, applicant, materials, form_data, authorisation, channel)
    return _receive(site, clerk, version, applicant, materials, form_data, authorisation, channel)


def _receive(site, clerk, version, applicant, materials, form_data, authorisation, channel) -> Case:
    require_role(
        clerk,
        site,
        StaffRole.Role.CLERK if channel != Case.Channel.HELPER else StaffRole.Role.HELPER,
        "只有本站点的受理人员(或帮办代办员)可以收件。",
    )
    if channel == Case.Channel.ONLINE:
        # Online cases come from the hall (online.submit_online) only: a window case marked online
        # would count no visit and inflate 最多跑一次.
        raise DomainError(
            Problem(
                "channel_not_allowed", "窗口收件不能登记为网上申请;网上申请须由申请人在网上办事大厅提交。", "channel"
            )
        )
    transfer_mode, home_site = _routing(site, version)
    _check_authorisation(authorisation, applicant, version, channel, clerk)
    rows = _material_rows(version, applicant, materials, home_site)
    results = evaluate_rules([r for r in version.rules.all() if r.stage == "intake"], form_data or {})
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        # Fixed INSERTs (yichuang.common.fastsql): the same rows Case.objects.create and
        # bulk_create wrote, without building the statements anew for every case.
        case = Case(
            site=site,
            home_site=home_site,
            transfer_mode=transfer_mode,
            item_id=version.item_id,
            item_version=version,
            applicant=applicant,
            authorisation=authorisation,
            channel=channel,
            owner=clerk,
            form_data=form_data or {},
            rule_results=[dataclasses.asdict(r) for r in results],
            received_at=now,
            visits=0 if channel == Case.Channel.ONLINE else 1,
        )
        facts = {
            "item": version.item.basic_code,
            "version": version.number,
            "transfer": transfer_mode,
            "missing": sum(r.status == Status.MISSING for r in rows),
        }
        committed = [r.material for r in rows if _committed(materials, r)]
        # The day's counter row stays locked from here to the commit, and every intake at this
        # site queues for it: take the number only once everything else is built (decision 0141).
        case.number = next_case_number(site, timezone.localdate(now))
        if committed:  # the commitments' audit records come first in the case's chain, as ever
            fastsql.insert_with_children(case, rows, fk="case", key="material_id")
            commitments.record(case, committed, signer=applicant.name, witness=clerk)
            audit_new_case(case, Event.CASE_RECEIVED, clerk, **facts)
        else:  # case, materials, audit record and event: one statement on PostgreSQL
            insert_new_case(case, rows, Event.CASE_RECEIVED, clerk, **facts)
    case.received_materials = rows  # what was written, for an answer without re-reading it
    return case
