"""A township with one charged item (an exemption rule for 低保/特困 households), a clerk, a
second clerk, an approver and a village helper — and a case taken as far as a test needs."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.cases import services as cases
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.catalog import services as catalog
from yichuang.catalog.models import Fee
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.org.models import StaffRole
from yichuang.org.services import seed_calendar_from_library
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.tests.factories import ApplicantFactory

from .. import assessment

EXEMPT = "household.is_subsistence || household.is_extreme_poverty"


@dataclass
class Charged:
    site: object
    version: object
    clerk: object
    second: object
    approver: object
    applicant: object


def charged_item(
    amount_fen=2000, exemption=EXEMPT, basic_code="330000000188", more_fees=(), condition="", **version
) -> Charged:
    seed_calendar_from_library([2025, 2026])
    draft = publishable_draft(has_fees=True, online_payment=True, **version)
    draft.fees = [
        Fee(
            name="居民身份证工本费",
            standard=f"{amount_fen // 100}元/证",
            basis="发改价格〔2003〕2322号",
            reducible=bool(exemption),
            amount_fen=amount_fen,
            exemption=exemption,
            exemption_basis="低保、特困人员首次申领免收" if exemption else "",
            condition=condition,
        ),
        *more_fees,
    ]
    version = catalog.publish(catalog.create_draft(basic_code, draft))
    site = version.department.site
    catalog.implement_at(site, version)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
    second = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    approver = StaffRoleFactory(
        site=site, role=StaffRole.Role.APPROVER, department=version.department, user=UserFactory()
    ).user
    return Charged(site, version, clerk, second, approver, ApplicantFactory())


def accepted(world: Charged, household: dict | None = None):
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    case = cases.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}, "household": household or {}},
    )
    case = cases.accept(case, world.clerk)
    assessment.assess(case)  # what the relay's fees.assess consumer does
    return case


def awaiting_delivery(world: Charged, household: dict | None = None):
    case = accepted(world, household)
    case = cases.start_review(case, world.approver)
    case = cases.approve(case, world.approver, "同意")
    return cases.prepare_delivery(case, world.clerk)
