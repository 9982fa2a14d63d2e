"""A township with one published item, a clerk and an approver: the smallest world a case lives in."""

from dataclasses import dataclass

from yichuang.catalog import services as catalog
from yichuang.catalog.models import Step
from yichuang.catalog.models.choices import CaseKind
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.org.models import StaffRole
from yichuang.org.services import seed_calendar_from_library
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.tests.factories import ApplicantFactory


@dataclass
class World:
    site: object
    version: object
    clerk: object
    approver: object
    applicant: object

    def material(self, name):
        return self.version.materials.get(name=name)


def make_world(basic_code="330000000100", instant=False, **version_overrides) -> World:
    seed_calendar_from_library([2025, 2026])
    if instant:
        version_overrides.update(case_kind=CaseKind.INSTANT, promised_days=0)
    draft = publishable_draft(**version_overrides)
    if instant:
        draft.steps = [Step(name="受理并当场办结", actor="综合受理窗口", days=0)]
    version = catalog.publish(catalog.create_draft(basic_code, draft))
    site = version.department.site
    catalog.implement_at(site, version)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
    approver = StaffRoleFactory(
        site=site, role=StaffRole.Role.APPROVER, department=version.department, user=UserFactory()
    ).user
    return World(site, version, clerk, approver, ApplicantFactory())
