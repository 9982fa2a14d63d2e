"""A granted decision is sealed by the system through the outbox relay, once."""

import pytest

from yichuang.cases import services as cases
from yichuang.ledger.models import OutboxEvent
from yichuang.ledger.relay import relay_once
from yichuang.seals.models import DocumentKind, SealUse
from yichuang.seals.tests.factories import decided_case, make_seal_world, new_case

pytestmark = pytest.mark.django_db


def test_a_granted_instant_case_gets_its_sealed_decision_from_the_relay():
    sw = make_seal_world()
    case = decided_case(sw.world)
    relay_once()
    use = SealUse.objects.get(case=case)
    assert (use.document_kind, use.seal, use.actor_name) == (DocumentKind.DECISION, sw.approval, "system")


def test_the_relay_seals_a_decision_only_once():
    sw = make_seal_world()
    case = decided_case(sw.world)
    relay_once()
    OutboxEvent.objects.filter(topic="case.decided_instantly").update(delivered_at=None)
    relay_once()
    assert SealUse.objects.filter(case=case).count() == 1


def test_a_revoked_seal_is_recorded_as_refused_and_not_retried():
    from yichuang.seals import services

    sw = make_seal_world()
    services.revoke_seal(sw.approval, "印章遗失")
    case = decided_case(sw.world)
    relay_once()
    assert not SealUse.objects.filter(case=case).exists()
    assert OutboxEvent.objects.filter(topic="seal.misuse_refused").exists()
    assert OutboxEvent.objects.get(topic="case.decided_instantly").delivered_at is not None


def test_a_refused_case_is_not_sealed():
    sw = make_seal_world()
    case = new_case(sw.world)
    cases.refuse_intake(case, sw.world.clerk, reason="不属于受理范围", basis="《行政许可法》第三十二条")
    relay_once()
    assert not SealUse.objects.exists()


def test_create_ca_if_missing_keeps_the_existing_ca():
    from io import StringIO

    from django.core.management import call_command

    from yichuang.seals.models import CertificateAuthority

    call_command("create_ca", "--if-missing", stdout=StringIO())
    first = CertificateAuthority.objects.get(is_active=True)
    out = StringIO()
    call_command("create_ca", "--if-missing", stdout=out)
    assert CertificateAuthority.objects.get(is_active=True) == first and "未作修改" in out.getvalue()
