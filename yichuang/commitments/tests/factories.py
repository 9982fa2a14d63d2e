"""A township with one published item whose 居住证明 may be replaced by a commitment (R-13),
a clerk, the deciding department's approver, and cases received with that commitment."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services.intake import MaterialInput
from yichuang.catalog import services as catalog
from yichuang.catalog.models import Material
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.org.models import StaffRole
from yichuang.org.services import seed_calendar_from_library
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.tests.factories import ApplicantFactory

PROOF = "居住证明(租房合同或房产证明)"
RECEIVED = CaseMaterial.Status.RECEIVED


@dataclass
class CommitmentWorld:
    site: object
    version: object
    clerk: object
    approver: object
    applicant: object

    @property
    def proof(self):
        return self.version.materials.get(name=PROOF)

    @property
    def household(self):
        return self.version.materials.get(name="户口簿")

    def receive(self, commit=True, **kw):
        """A case received at the window with the proof satisfied by a commitment (or by paper)."""
        materials = {m.pk: MaterialInput(RECEIVED) for m in self.version.materials.all()}
        materials[self.proof.pk] = MaterialInput(RECEIVED, commitment=commit)
        return services.receive(
            site=self.site,
            clerk=self.clerk,
            version=self.version,
            applicant=self.applicant,
            materials=materials,
            form_data={"applicant": {"age": 85}},
            **kw,
        )

    def granted(self):
        """Received with the commitment, accepted, reviewed and granted by the department."""
        case = services.accept(self.receive(), self.clerk)
        return services.approve(services.start_review(case, self.approver), self.approver, "符合条件")


def make_commitment_world(basic_code="330000000200") -> CommitmentWorld:
    seed_calendar_from_library([2025, 2026])
    draft = publishable_draft()
    # Handled online too (网上受理办理): the hall takes applications only for such items.
    draft.version.online_depth = OnlineDepth.ONLINE
    draft.materials.append(Material(name=PROOF, source=Material.Source.APPLICANT, commitment_allowed=True))
    version = catalog.publish(catalog.create_draft(basic_code, draft))
    site = version.department.site
    catalog.implement_at(site, version)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
    approver = StaffRoleFactory(
        site=site, role=StaffRole.Role.APPROVER, department=version.department, user=UserFactory()
    ).user
    return CommitmentWorld(site, version, clerk, approver, ApplicantFactory())


def other_department_approver(world: CommitmentWorld):
    """An approver at the same site, of another department: not the one that checks."""
    from yichuang.org.tests.factories import DepartmentFactory

    department = DepartmentFactory(site=world.site)
    return StaffRoleFactory(
        site=world.site, role=StaffRole.Role.APPROVER, department=department, user=UserFactory()
    ).user
