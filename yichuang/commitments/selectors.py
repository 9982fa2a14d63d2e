"""Reads: who checks what (the post-check queue), and the proofs list a site publishes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from yichuang.catalog.models import Material
from yichuang.catalog.selectors import published_site_items
from yichuang.org.models import StaffRole

from .models import Commitment, CreditRecord, PostCheck


def _checking_desks(user) -> list[tuple[int, int]]:
    """(site, department) of every approver role the user holds: the desks that check."""
    roles = user.staff_roles.all() if hasattr(user, "staff_roles") else []
    return [(r.site_id, r.department_id) for r in roles if r.role == StaffRole.Role.APPROVER and r.department_id]


def can_check(user, post_check: PostCheck) -> bool:
    return (post_check.site_id, post_check.department_id) in _checking_desks(user)


def checks_for(user) -> QuerySet[PostCheck]:
    """Every post-check of the departments where the user approves; pending first by deadline."""
    desks = _checking_desks(user)
    if not desks:
        return PostCheck.objects.none()
    where = Q()
    for site_id, department_id in desks:
        where |= Q(site_id=site_id, department_id=department_id)
    return (
        PostCheck.objects.filter(where)
        .select_related("commitment__case", "commitment__material", "commitment__applicant", "department")
        .order_by(F("checked_at").desc(nulls_first=True), "due_on", "id")
    )


def pending_count(user) -> int:
    return checks_for(user).filter(outcome=PostCheck.Outcome.PENDING).count()


def is_overdue(post_check: PostCheck) -> bool:
    return post_check.outcome == PostCheck.Outcome.PENDING and post_check.due_on < timezone.localdate()


def case_commitments(case) -> list[Commitment]:
    return list(case.commitments.select_related("material", "post_check").order_by("material__order", "id"))


def applicant_credit(applicant_id: int) -> list[CreditRecord]:
    return list(CreditRecord.objects.filter(applicant_id=applicant_id))


# ---------------------------------------------------------------- 证明事项清单


@dataclass
class ProofRow:
    item_name: str
    basic_code: str
    department: str
    material: str
    basis: str
    replaced: bool  # True: 告知承诺替代; False: 仍需提交


@dataclass
class ProofsList:
    site: object
    required: list[ProofRow] = field(default_factory=list)
    replaced: list[ProofRow] = field(default_factory=list)


def is_proof(material: Material) -> bool:
    """证明材料: a material the applicant must get from some body to prove a fact — named a
    证明 in the catalogue, or marked replaceable by a commitment (only proofs are)."""
    return material.commitment_allowed or (material.source == Material.Source.APPLICANT and "证明" in material.name)


def proofs_list(site) -> ProofsList:
    """The proofs each published item of the site still requires, and those a commitment replaces."""
    out = ProofsList(site)
    site_items = published_site_items(site).prefetch_related("version__materials").order_by("item__basic_code")
    for si in site_items:
        version = si.version
        for m in version.materials.all():
            if not is_proof(m):
                continue
            row = ProofRow(
                version.name, si.item.basic_code, version.department.name, m.name, m.basis, m.commitment_allowed
            )
            (out.replaced if row.replaced else out.required).append(row)
    return out
