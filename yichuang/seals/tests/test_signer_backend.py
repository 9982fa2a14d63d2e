"""The signer is chosen by settings.YICHUANG_SIGNER (a dotted path); callers never change. This
is where an SM2 signer (GB/T 38540) replaces the default PAdES/ECDSA backend."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from yichuang.seals import services, signers
from yichuang.seals.signers.pades import PadesSigner
from yichuang.seals.tests.doubles import RecordingSigner
from yichuang.seals.tests.factories import decided_case, make_seal_world

pytestmark = pytest.mark.django_db
DOUBLE = "yichuang.seals.tests.doubles.RecordingSigner"


@pytest.fixture(autouse=True)
def _fresh_double():
    RecordingSigner.signed.clear()
    RecordingSigner.verified.clear()


def test_without_the_setting_the_default_is_pades():
    assert isinstance(signers.get_signer(), PadesSigner)
    assert isinstance(signers.get_signer(), signers.Signer)


def test_the_factory_resolves_the_dotted_path_in_the_setting(settings):
    settings.YICHUANG_SIGNER = DOUBLE
    assert isinstance(signers.get_signer(), RecordingSigner)


def test_the_unchanged_sealing_service_signs_through_the_configured_backend(settings):
    settings.YICHUANG_SIGNER = DOUBLE
    sw = make_seal_world()
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    [call] = RecordingSigner.signed
    assert call["seal"] == sw.approval.code and call["is_pdf"] and call["location"] == sw.site.name
    assert call["placement"].page == 0 and len(call["placement"].box) == 4
    assert use.signer == "recording-double"


def test_verification_uses_the_backend_that_made_the_signature(settings, client):
    settings.YICHUANG_SIGNER = DOUBLE
    sw = make_seal_world()
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    page = client.get(reverse("seals:verify", args=[use.short_code]))
    assert RecordingSigner.verified and "真实有效" in page.content.decode()


def test_documents_sealed_by_the_default_backend_are_still_checked_by_it_after_a_switch(settings):
    sw = make_seal_world()
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    settings.YICHUANG_SIGNER = DOUBLE
    assert isinstance(signers.signer_named(use.signer), PadesSigner)
    assert signers.signer_named("recording-double") is signers.get_signer()
    assert signers.signer_named("nobody") is None


def test_a_path_that_does_not_import_is_a_configuration_error(settings):
    settings.YICHUANG_SIGNER = "yichuang.seals.signers.no_such.Signer"
    with pytest.raises(ImproperlyConfigured):
        signers.get_signer()


def test_a_class_without_the_interface_is_a_configuration_error(settings):
    settings.YICHUANG_SIGNER = "yichuang.seals.tests.doubles.NotASigner"
    with pytest.raises(ImproperlyConfigured):
        signers.get_signer()
