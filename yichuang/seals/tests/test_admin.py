"""Seals in the admin (issue 5 §3; R-41): read-only — no private key shown, nothing editable —
and 注销 only through the revoke action, which asks for a reason and goes through the service
(audited, announced)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.org.tests.factories import UserFactory
from yichuang.seals.models import Seal
from yichuang.seals.tests.factories import make_seal_world

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/seals/seal/"


@pytest.fixture
def sw():
    return make_seal_world()


def admin_client(*perms, superuser=False):
    user = UserFactory(is_staff=True, is_superuser=superuser)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="seals", codename__in=perms))
    client = Client()
    client.force_login(user)
    return client


def revoke(client, seal, **extra):
    return client.post(CHANGELIST, {"action": "revoke_selected", "_selected_action": [seal.pk], **extra})


def test_the_seal_page_never_shows_the_private_key(sw):
    page = admin_client(superuser=True).get(f"{CHANGELIST}{sw.approval.pk}/change/").content.decode()
    assert sw.approval.code in page and "印模" in page
    assert sw.approval.private_key not in page and "私钥" not in page


def test_a_seal_cannot_be_edited_in_the_admin(sw):
    response = admin_client(superuser=True).post(f"{CHANGELIST}{sw.approval.pk}/change/", {"code": "X"})
    assert response.status_code == 403
    assert Seal.objects.get(pk=sw.approval.pk).code == sw.approval.code


def test_revoking_asks_for_a_reason_first_and_changes_nothing(sw):
    page = revoke(admin_client(superuser=True), sw.approval)
    assert page.status_code == 200 and "注销原因" in page.content.decode()
    assert Seal.objects.get(pk=sw.approval.pk).revoked_at is None


def test_a_confirmation_without_reason_is_refused_in_chinese(sw):
    page = revoke(admin_client(superuser=True), sw.approval, confirm="yes", reason="  ")
    assert "请填写注销原因" in page.content.decode()
    assert Seal.objects.get(pk=sw.approval.pk).revoked_at is None


def test_revoking_with_a_reason_goes_through_the_service(sw):
    response = revoke(admin_client(superuser=True), sw.approval, confirm="yes", reason="印章遗失")
    assert response.status_code == 302
    seal = Seal.objects.get(pk=sw.approval.pk)
    assert seal.revoked_at is not None and seal.revocation_reason == "印章遗失"
    assert AuditRecord.objects.filter(stream=f"seal:{seal.code}", action="seal.revoked").exists()
    assert OutboxEvent.objects.filter(topic="seal.revoked", payload__seal=seal.code).exists()


def test_staff_with_view_permission_only_cannot_revoke(sw):
    client = admin_client("view_seal")
    assert client.get(CHANGELIST).status_code == 200
    revoke(client, sw.approval, confirm="yes", reason="印章遗失")
    assert Seal.objects.get(pk=sw.approval.pk).revoked_at is None
