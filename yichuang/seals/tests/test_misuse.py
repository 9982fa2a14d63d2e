"""The approval seal signs only decisions (granted or denied) and granted results of its own
site's published items; every other use is refused with a stable code, and the refusal is
recorded for supervision: a SealRefusal row, an audit record and a `seal.misuse_refused` outbox event (R-41, invariant 5)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from yichuang.cases import services as cases
from yichuang.cases.models import Case
from yichuang.catalog import services as catalog
from yichuang.catalog.models import ItemVersion
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.seals import services
from yichuang.seals.models import DocumentKind, Seal, SealRefusal, SealUse
from yichuang.seals.tests.factories import decided_case, make_seal_world, new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_seal_world()


def refused(case, code, **kwargs):
    """Seal and expect refusal `code`; the refusal must be recorded three ways, nothing sealed."""
    with pytest.raises(DomainError) as excinfo:
        services.seal_case_document(case, **kwargs)
    assert excinfo.value.code == code
    refusal = SealRefusal.objects.get(case_number=case.number)
    assert refusal.code == code
    event = OutboxEvent.objects.get(topic="seal.misuse_refused")
    assert event.payload["code"] == code and event.payload["case"] == case.number
    assert AuditRecord.objects.filter(action="seal.misuse_refused", data__code=code).count() == 1
    assert not SealUse.objects.exists()
    return refusal


def test_a_case_approved_by_another_site_is_refused(sw):
    other = make_seal_world(basic_code="330000000200")
    refusal = refused(decided_case(sw.world), "seal_other_site", seal=other.approval, actor=other.world.clerk)
    assert refusal.seal == other.approval and refusal.site == other.site


def test_a_case_of_an_item_still_in_draft_is_refused(sw):
    case = decided_case(sw.world)
    draft = catalog.revise(sw.world.version.item)
    Case.objects.filter(pk=case.pk).update(item_version=draft)
    refused(case, "item_not_published", actor=sw.world.clerk)


def test_a_case_decided_after_its_item_version_was_retired_is_refused(sw):
    case = decided_case(sw.world)
    ItemVersion.objects.filter(pk=sw.world.version.pk).update(retired_at=case.decided_at - dt.timedelta(minutes=1))
    refused(case, "item_not_published", actor=sw.world.clerk)


def test_a_version_retired_after_the_decision_still_gets_its_result(sw):
    case = decided_case(sw.world)
    catalog.publish(catalog.revise(sw.world.version.item))  # retires the version the case pinned
    assert ItemVersion.objects.get(pk=sw.world.version.pk).status == "retired"
    assert services.seal_case_document(case, actor=sw.world.clerk).case_number == case.number


def test_a_revoked_seal_is_refused(sw):
    case = decided_case(sw.world)
    services.revoke_seal(sw.approval, "印章管理人员调整,旧章停用")
    refused(case, "seal_revoked", seal=Seal.objects.get(pk=sw.approval.pk), actor=sw.world.clerk)


def test_an_expired_seal_is_refused(sw):
    case = decided_case(sw.world)
    Seal.objects.filter(pk=sw.approval.pk).update(valid_until=timezone.now() - dt.timedelta(days=1))
    refused(case, "seal_expired", actor=sw.world.clerk)


def test_the_administrative_seal_on_a_result_is_refused(sw):
    refused(decided_case(sw.world), "seal_wrong_kind", seal=sw.administrative, actor=sw.world.clerk)


def test_a_case_not_yet_decided_is_refused(sw):
    case = cases.accept(new_case(sw.world), sw.world.clerk)
    refused(case, "case_not_decided", actor=sw.world.clerk)


def test_a_denied_case_gets_no_certificate(sw):
    case = cases.start_review(cases.accept(new_case(sw.world), sw.world.clerk), sw.world.approver)
    case = cases.deny(case, sw.world.approver, reason="申请人年龄不满80周岁", basis="《条例》第二十条")
    refused(case, "decision_not_granted", document_kind=DocumentKind.CERTIFICATE, actor=sw.world.approver)


def test_staff_of_another_site_cannot_use_the_seal(sw):
    outsider = StaffRoleFactory(role=StaffRole.Role.CLERK, user=UserFactory()).user
    refused(decided_case(sw.world), "seal_actor_not_allowed", actor=outsider)


def test_a_site_without_an_approval_seal_is_refused(sw):
    case = decided_case(sw.world)
    Seal.objects.filter(pk=sw.approval.pk).update(revoked_at=timezone.now())
    refused(case, "seal_missing", actor=sw.world.clerk)


def test_a_refusal_is_kept_when_the_caller_catches_it_inside_its_own_transaction(sw):
    case = decided_case(sw.world)
    with transaction.atomic():
        with pytest.raises(DomainError):
            services.seal_case_document(case, seal=sw.administrative, actor=sw.world.clerk)
    assert SealRefusal.objects.filter(code="seal_wrong_kind").exists()


@pytest.mark.django_db(transaction=True)
def test_a_refusal_is_committed_before_the_error_reaches_the_caller():
    sw = make_seal_world()
    case = decided_case(sw.world)
    with pytest.raises(DomainError):
        services.seal_case_document(case, seal=sw.administrative, actor=sw.world.clerk)
    assert not connection.in_atomic_block
    connection.close()  # a fresh connection sees only what was committed
    assert SealRefusal.objects.filter(code="seal_wrong_kind", case_number=case.number).exists()
    assert OutboxEvent.objects.filter(topic="seal.misuse_refused", payload__code="seal_wrong_kind").exists()


def test_a_seal_revoked_while_the_document_was_being_signed_is_refused_at_commit(sw, monkeypatch):
    from yichuang.seals import signers

    case = decided_case(sw.world)
    real = signers.get_signer()

    class RevokingMidway:
        name = real.name

        def sign_pdf(self, pdf, seal, placement, **kw):
            signed = real.sign_pdf(pdf, seal, placement, **kw)
            services.revoke_seal(seal, "签章过程中注销")  # another administrator, at this very moment
            return signed

    monkeypatch.setattr(services, "get_signer", lambda: RevokingMidway())
    refused(case, "seal_revoked", actor=sw.world.clerk)


def test_every_use_is_logged_with_who_when_case_kind_hash_and_code(sw):
    case = decided_case(sw.world)
    use = services.seal_case_document(case, "certificate", actor=sw.world.clerk)
    use.refresh_from_db()
    assert (use.seal, use.actor, use.actor_name) == (sw.approval, sw.world.clerk, sw.world.clerk.username)
    assert (use.case, use.case_number, use.document_kind) == (case, case.number, "certificate")
    assert abs((timezone.now() - use.used_at).total_seconds()) < 60
    assert len(use.sha256) == 64 and len(use.short_code) == 10 and use.signer == "pades-ecdsa-p256"
    record = AuditRecord.objects.get(action="seal.used")
    event = OutboxEvent.objects.get(topic="seal.used")
    assert record.data["sha256"] == event.payload["sha256"] == use.sha256
    assert record.object_id == event.payload["short_code"] == use.short_code
    assert record.actor == sw.world.clerk.username


def test_the_system_may_seal_on_an_event_without_a_staff_actor(sw):
    use = services.seal_case_document(decided_case(sw.world))
    assert (use.actor, use.actor_name) == (None, "system")
