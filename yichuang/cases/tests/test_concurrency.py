"""Two clerks acting on one case at the same moment leave exactly one transition (invariant 1).
Real threads, real connections; runs on SQLite (file database, IMMEDIATE transactions) and
on PostgreSQL (row lock via SELECT … FOR UPDATE)."""

import pytest

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import DomainError
from yichuang.common.testing import run_together
from yichuang.ledger.models import AuditRecord
from yichuang.ledger.selectors import verify_audit
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_one_case_at_once_leave_exactly_one_acceptance():
    world = make_world()
    other_clerk = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()},
        form_data={"applicant": {"age": 90}},
    )
    results = run_together([lambda: services.accept(case, world.clerk), lambda: services.accept(case, other_clerk)])
    accepted = [r for r in results if isinstance(r, Case)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(accepted) == 1 and len(refused) == 1, results
    assert refused[0].code == "transition_not_allowed"
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="case.accepted").count() == 1
    assert verify_audit() is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_at_one_site_get_distinct_consecutive_numbers():
    world = make_world()
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}

    def intake():
        return services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=world.applicant,
            materials=materials,
            form_data={},
        )

    results = run_together([intake] * 6)
    assert all(isinstance(r, Case) for r in results), results
    suffixes = sorted(int(r.number.rsplit("-", 1)[1]) for r in results)
    assert suffixes == [1, 2, 3, 4, 5, 6]
