"""帮办代办 / 委托代理 (R-28): an agent may apply for a principal only under a current mandate
that covers the item."""

import datetime as dt

import pytest

from yichuang.catalog.models import Item
from yichuang.common.errors import Conflict, DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people import services
from yichuang.people.models import Authorisation
from yichuang.people.selectors import active_authorisation
from yichuang.people.tests.factories import ApplicantFactory, AuthorisationFactory, LegalApplicantFactory, make_helper

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)
Rel = Authorisation.Relationship


@pytest.fixture
def parent():
    return ApplicantFactory(name="张老汉")


@pytest.fixture
def child():
    return ApplicantFactory(name="张小明")


def grant(principal, agent, **kw):
    defaults = dict(
        relationship=Rel.HELPER if not hasattr(agent, "kind") else Rel.CHILD,
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31),
        evidence="授权委托书.pdf",
        recorded_by=UserFactory(),
    )
    return services.grant_authorisation(principal=principal, agent=agent, **{**defaults, **kw})


def refusal(**kw) -> set[str]:
    with pytest.raises(DomainError) as excinfo:
        grant(**kw)
    return {p.code for p in excinfo.value.problems}


def test_a_child_with_a_current_authorisation_may_apply_for_the_parent(parent, child):
    auth = grant(parent, child)
    assert active_authorisation(child, parent, on=DAY) == auth


def test_an_expired_authorisation_does_not_permit(parent, child):
    grant(parent, child, valid_until=DAY - dt.timedelta(days=1))
    assert active_authorisation(child, parent, on=DAY) is None


def test_an_authorisation_covers_its_last_day(parent, child):
    auth = grant(parent, child, valid_until=DAY)
    assert active_authorisation(child, parent, on=DAY) == auth


def test_an_authorisation_not_yet_in_force_does_not_permit(parent, child):
    grant(parent, child, valid_from=DAY + dt.timedelta(days=1))
    assert active_authorisation(child, parent, on=DAY) is None


def test_an_authorisation_limited_to_items_does_not_cover_others(parent, child):
    pension, other = Item.objects.create(basic_code="330000000001"), Item.objects.create(basic_code="330000000002")
    auth = grant(parent, child, items=[pension])
    assert active_authorisation(child, parent, item=pension, on=DAY) == auth
    assert active_authorisation(child, parent, item=other, on=DAY) is None


def test_an_item_version_is_matched_by_its_item(parent, child):
    from yichuang.catalog import services as catalog
    from yichuang.catalog.tests.factories import publishable_draft

    version = catalog.create_draft("330000000009", publishable_draft())
    auth = grant(parent, child, items=[version.item])
    assert active_authorisation(child, parent, item=version, on=DAY) == auth


def test_a_limited_authorisation_does_not_answer_when_no_item_is_named(parent, child):
    grant(parent, child, items=[Item.objects.create(basic_code="330000000001")])
    assert active_authorisation(child, parent, on=DAY) is None


def test_an_all_items_authorisation_covers_any_item(parent, child):
    auth = grant(parent, child)
    assert active_authorisation(child, parent, item=Item.objects.create(basic_code="330000000003"), on=DAY) == auth


def test_an_authorisation_permits_only_its_own_agent_and_principal(parent, child):
    grant(parent, child)
    stranger, other_parent = ApplicantFactory(), ApplicantFactory()
    assert active_authorisation(stranger, parent, on=DAY) is None
    assert active_authorisation(child, other_parent, on=DAY) is None


def test_a_revoked_authorisation_does_not_permit(parent, child):
    auth = grant(parent, child, valid_from=dt.date(2025, 7, 1), valid_until=dt.date(2031, 6, 1))
    assert active_authorisation(child, parent) == auth
    services.revoke_authorisation(auth, by=UserFactory(), reason="委托人收回授权")
    assert active_authorisation(child, parent) is None


def test_a_revocation_does_not_rewrite_what_was_permitted_before_it(parent, child):
    auth = grant(parent, child, valid_from=dt.date(2025, 7, 1), valid_until=dt.date(2031, 6, 1))
    services.revoke_authorisation(auth, by=UserFactory())
    assert active_authorisation(child, parent, on=dt.date(2025, 9, 1)) == auth


def test_revoking_twice_is_a_conflict(parent, child):
    auth = grant(parent, child)
    services.revoke_authorisation(auth, by=UserFactory())
    with pytest.raises(Conflict) as excinfo:
        services.revoke_authorisation(auth, by=UserFactory())
    assert excinfo.value.code == "authorisation_already_revoked"


def test_an_agent_cannot_authorise_themselves(parent):
    assert refusal(principal=parent, agent=parent) == {"self_authorisation"}


def test_valid_until_before_valid_from_is_refused(parent, child):
    codes = refusal(principal=parent, agent=child, valid_from=DAY, valid_until=DAY - dt.timedelta(days=1))
    assert codes == {"valid_until_before_valid_from"}


def test_a_helper_without_the_helper_role_anywhere_is_refused(parent):
    clerk = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    assert refusal(principal=parent, agent=clerk) == {"agent_not_helper"}


def test_a_helper_acts_for_the_principal(parent):
    helper = make_helper()
    auth = grant(parent, helper)
    assert (auth.agent_kind, auth.agent) == (Authorisation.AgentKind.HELPER, helper)
    assert active_authorisation(helper, parent, on=DAY) == auth


def test_a_helper_who_lost_the_role_is_no_longer_permitted(parent):
    helper = make_helper()
    grant(parent, helper)
    helper.staff_roles.all().delete()
    assert active_authorisation(helper, parent, on=DAY) is None


def test_a_relative_cannot_be_recorded_as_a_helper(parent, child):
    assert refusal(principal=parent, agent=child, relationship=Rel.HELPER) == {"relationship_mismatch"}


def test_a_legal_person_cannot_be_an_agent(parent):
    assert refusal(
        principal=parent, agent=LegalApplicantFactory(), relationship=Rel.OTHER, relationship_note="代理公司"
    ) == {"agent_not_natural_person"}


def test_relationship_other_needs_a_description(parent, child):
    assert refusal(principal=parent, agent=child, relationship=Rel.OTHER) == {"relationship_note_required"}


def test_an_authorisation_needs_its_evidence(parent, child):
    assert refusal(principal=parent, agent=child, evidence="  ") == {"evidence_required"}


def test_all_problems_are_reported_at_once(parent):
    codes = refusal(principal=parent, agent=parent, evidence="", valid_until=dt.date(2025, 1, 1))
    assert codes == {"self_authorisation", "evidence_required", "valid_until_before_valid_from"}


def test_granting_and_revoking_are_audited_on_the_principal_without_numbers(parent, child):
    recorder = UserFactory(username="helpdesk1")
    auth = grant(parent, child, recorded_by=recorder)
    services.revoke_authorisation(auth, by=recorder, reason="到期前收回")
    records = AuditRecord.objects.filter(stream=f"applicant:{parent.pk}").order_by("seq")
    assert [(r.action, r.actor) for r in records] == [
        ("authorisation.granted", "helpdesk1"),
        ("authorisation.revoked", "helpdesk1"),
    ]
    assert records[0].data["relationship"] == "child" and child.citizen_id not in str(records[0].data)


def test_the_database_refuses_a_self_authorisation_written_directly(parent):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorisationFactory(principal=parent, agent_person=parent)


def test_the_admin_revoke_action_revokes_through_the_service(client, settings, parent, child):
    from django.urls import reverse

    from yichuang.org.models import User

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    auth = grant(parent, child)
    client.force_login(User.objects.create_superuser("root", password="correct-horse-battery"))
    client.post(
        reverse("admin:people_authorisation_changelist"), {"action": "revoke_selected", "_selected_action": [auth.pk]}
    )
    auth.refresh_from_db()
    assert auth.revoked_by.username == "root"
    assert AuditRecord.objects.filter(stream=f"applicant:{parent.pk}", action="authorisation.revoked").exists()
