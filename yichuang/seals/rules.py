"""When a seal may be used (R-41, invariant 5): the approval seal of the site that approved the
case, valid now, on the decision (granted or denied) or a granted result of one of that site's own items that was published
when the case was decided. Each rule is a small function returning a Problem with a stable
code, or None; `misuse` returns the first one that fails, most fundamental first.

"Published when decided" rather than "published now": an item version is retired when a
newer one is published, and a case decided under the old version must still get its result.
What must never be sealed is a result of a draft, or of a version already retired (or not
yet published) at the moment of the decision.
"""

from __future__ import annotations

import datetime as dt

from yichuang.cases.models import Case, Escalation
from yichuang.cases.workflow import State
from yichuang.common.errors import Problem

from .models import DocumentKind, Seal, SealKind

DECIDED_STATES = {State.DECIDED, State.AWAITING_DELIVERY, State.COMPLETED}
# Who may apply the site's seal to a result: its own window clerks (制证), approvers and head.
SEALING_ROLES = {"clerk", "approver", "head"}


def seal_kind(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    if seal.kind != SealKind.APPROVAL:
        return Problem(
            "seal_wrong_kind", f"审批和服务结果只能加盖审批专用章,不得使用{seal.get_kind_display()}。", "seal"
        )
    return None


def seal_current(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    status = seal.status_at(now)
    if status == "revoked":
        return Problem("seal_revoked", f"印章{seal.code}已于{seal.revoked_at:%Y-%m-%d}注销,不能使用。", "seal")
    if status == "expired":
        return Problem("seal_expired", f"印章{seal.code}已于{seal.valid_until:%Y-%m-%d}过期,不能使用。", "seal")
    if status == "not_yet_valid":
        return Problem("seal_not_yet_valid", f"印章{seal.code}尚未生效。", "seal")
    return None


def county_decision(case: Case):
    """The Escalation of a 上报件 the county decides on the platform (its department named),
    else None. The county is then the deciding site: its approval seal goes on the decision,
    which the township hands out as it is (issue 20 §4). A county outside the platform seals in
    its own system; the township only records that result."""
    try:
        escalation = case.escalation
    except Escalation.DoesNotExist:
        return None
    return escalation if escalation.department_id is not None else None


def deciding_site(case: Case):
    escalation = county_decision(case)
    return escalation.to_site if escalation else case.home_site


def deciding_department(case: Case):
    escalation = county_decision(case)
    return escalation.department if escalation else case.item_version.department


def own_site_case(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    site = deciding_site(case)
    if site.pk != seal.site_id:
        return Problem("seal_other_site", f"办件{case.number}由{site}审批,不能加盖{seal.site}的印章。", "case")
    return None


def own_item(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    # Under 通办地受理、通办地审批 the accepting site approves another site's item by that item's
    # own permission (tongban_local_approval) and issues the result itself; otherwise the item
    # must be implemented by a department stationed at the seal's site.
    if case.transfer_mode == Case.TransferMode.LOCAL_APPROVAL:
        return None
    if deciding_department(case).site_id != seal.site_id:
        return Problem("seal_item_not_own", f"“{case.item_version.name}”不是{seal.site}的事项,不能加盖其印章。", "case")
    return None


def case_decided(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    if case.state not in DECIDED_STATES or case.decided_at is None:
        return Problem("case_not_decided", f"办件{case.number}尚未作出决定,不能出具加盖印章的结果文书。", "case")
    return None


def item_published_when_decided(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    version = case.item_version
    published = version.published_at is not None and version.published_at <= case.decided_at
    retired_before = version.retired_at is not None and version.retired_at <= case.decided_at
    if not published or retired_before:
        return Problem(
            "item_not_published", f"“{version.name}”第{version.number}版在决定时未处于发布状态,不能加盖印章。", "case"
        )
    return None


def decision_granted(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    # A decision is sealed either way (准予 or 不予许可决定书, art. 38 asks for both in writing);
    # a certificate (证明) attests a granted result and exists only for one.
    if kind == DocumentKind.DECISION and case.decision not in Case.Decision.values:
        return Problem("case_not_decided", f"办件{case.number}尚未作出准予或不予许可的决定。", "case")
    if kind == DocumentKind.CERTIFICATE and case.decision != Case.Decision.GRANTED:
        return Problem(
            "decision_not_granted",
            f"办件{case.number}的决定不是“准予”,不能出具{DocumentKind(kind).label}。",
            "document_kind",
        )
    return None


def actor_of_site(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    if actor is None:  # the system seals on an event, after the case service checked its actor
        return None
    roles = {r.role for r in actor.staff_roles.all() if r.site_id == seal.site_id}
    if not roles & SEALING_ROLES:
        return Problem(
            "seal_actor_not_allowed", f"{actor}不是{seal.site}的受理、审批人员或负责人,不能使用其印章。", "actor"
        )
    return None


RULES = (
    seal_kind,
    seal_current,
    own_site_case,
    own_item,
    case_decided,
    item_published_when_decided,
    decision_granted,
    actor_of_site,
)


def misuse(seal: Seal, kind: str, case: Case, actor, now: dt.datetime) -> Problem | None:
    if kind not in DocumentKind.values:
        return Problem("unknown_document_kind", f"未知的文书类型:{kind}。", "document_kind")
    for rule in RULES:
        problem = rule(seal, kind, case, actor, now)
        if problem is not None:
            return problem
    return None
