"""The CA and the seals: keys encrypted at rest, one current seal per site and kind, renewal
and revocation, certificates from our CA, the seal image, and the management commands."""

import base64
import io

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import CommandError, call_command
from PIL import Image

from yichuang.common.errors import Conflict, DomainError
from yichuang.ledger.models import OutboxEvent
from yichuang.org.tests.factories import TownshipSiteFactory
from yichuang.seals import pki, services
from yichuang.seals.models import CertificateAuthority, Seal, SealKind
from yichuang.seals.signers.pades import PadesSigner
from yichuang.seals.tests.factories import ensure_ca, village_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def seal():
    ensure_ca()
    return services.issue_seal(TownshipSiteFactory(), SealKind.APPROVAL)


def test_a_private_key_is_stored_encrypted_not_as_a_key(seal):
    assert "PRIVATE KEY" not in seal.private_key
    with pytest.raises(ValueError):
        serialization.load_der_private_key(base64.b64decode(seal.private_key), password=None)
    key = pki.decrypt_private_key(seal.private_key, seal.key_id, seal.aad)
    assert key.public_key().public_numbers() == pki.load_pem(seal.certificate_pem).public_key().public_numbers()


def test_a_key_encrypted_for_one_seal_does_not_decrypt_as_another(seal):
    with pytest.raises(InvalidTag):
        pki.decrypt_private_key(seal.private_key, seal.key_id, "seal:another")


def test_a_changed_seal_key_setting_is_a_clear_error_not_a_crash(seal, settings):
    settings.YICHUANG_SEAL_KEY = "a-different-key-than-when-the-seal-was-made"
    with pytest.raises(DomainError) as excinfo:
        pki.decrypt_private_key(seal.private_key, seal.key_id, seal.aad)
    assert excinfo.value.code == "seal_key_unavailable"


def test_the_dedicated_setting_replaces_the_secret_key_derivation(settings):
    settings.YICHUANG_SEAL_KEY = None
    _, from_secret = pki.key_encryption_key()
    settings.YICHUANG_SEAL_KEY = "dedicated"
    assert pki.key_encryption_key()[1] != from_secret


def test_the_seal_certificate_is_p256_issued_by_our_ca_for_the_site(seal):
    cert = pki.load_pem(seal.certificate_pem)
    ca = pki.load_pem(seal.authority.certificate_pem)
    cert.verify_directly_issued_by(ca)
    assert isinstance(cert.public_key().curve, ec.SECP256R1)
    assert seal.site.name in cert.subject.rfc4514_string()
    assert cert.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_a_site_has_one_current_seal_of_each_kind(seal):
    with pytest.raises(Conflict) as excinfo:
        services.issue_seal(seal.site, SealKind.APPROVAL)
    assert excinfo.value.code == "seal_exists"


def test_renewing_revokes_the_old_seal_and_makes_a_new_one(seal):
    new = services.issue_seal(seal.site, SealKind.APPROVAL, renew=True)
    old = Seal.objects.get(pk=seal.pk)
    assert old.status_at() == "revoked" and old.revocation_reason == "换发新章"
    assert new.code != old.code and new.fingerprint != old.fingerprint and new.status_at() == "valid"


def test_revoking_emits_an_event_and_needs_a_reason(seal):
    with pytest.raises(DomainError):
        services.revoke_seal(seal, " ")
    services.revoke_seal(seal, "印章泄露")
    assert OutboxEvent.objects.filter(topic="seal.revoked", payload__seal=seal.code).exists()
    with pytest.raises(Conflict):
        services.revoke_seal(seal, "再次注销")


def test_a_village_station_gets_no_seal_of_its_own():
    ensure_ca()
    with pytest.raises(DomainError) as excinfo:
        services.issue_seal(village_site(), SealKind.APPROVAL)
    assert excinfo.value.code == "seal_site_level"


def test_seals_need_a_ca_first():
    with pytest.raises(DomainError) as excinfo:
        services.issue_seal(TownshipSiteFactory(), SealKind.APPROVAL)
    assert excinfo.value.code == "ca_missing"


def test_the_seal_image_is_a_red_ring_with_a_star_on_a_transparent_background(seal):
    image = Image.open(io.BytesIO(bytes(seal.image))).convert("RGBA")
    w, h = image.size
    assert w == h and image.getpixel((0, 0))[3] == 0  # transparent outside the ring
    r, g, b, a = image.getpixel((w // 2, h // 2))  # the star's centre
    assert a > 200 and r > 180 and g < 80 and b < 80
    ring = image.getpixel((w // 2, int(h * 0.03)))  # the ring at the top
    assert ring[3] > 200 and ring[0] > 180


def test_the_image_differs_with_the_site_name(seal):
    other = services.issue_seal(TownshipSiteFactory(), SealKind.APPROVAL)
    assert bytes(other.image) != bytes(seal.image)


def test_the_signer_reuses_the_decrypted_key_per_seal(seal):
    from yichuang.seals.signers import pades

    pades._simple_signer.cache_clear()
    args = (seal.code, seal.certificate_pem, seal.authority.certificate_pem, seal.private_key, seal.key_id)
    assert pades._simple_signer(*args) is pades._simple_signer(*args)
    assert isinstance(PadesSigner().name, str)


def test_create_ca_command_makes_one_ca_and_refuses_a_second_without_rotate(tmp_path):
    call_command("create_ca", pem=str(tmp_path / "ca.pem"), stdout=io.StringIO())
    assert "BEGIN CERTIFICATE" in (tmp_path / "ca.pem").read_text()
    with pytest.raises(CommandError):
        call_command("create_ca", stdout=io.StringIO())
    call_command("create_ca", rotate=True, stdout=io.StringIO())
    assert (
        CertificateAuthority.objects.count() == 2 and CertificateAuthority.objects.filter(is_active=True).count() == 1
    )


def test_issue_seals_command_gives_every_centre_two_seals_and_villages_none():
    call_command("create_ca", stdout=io.StringIO())
    township, village = TownshipSiteFactory(), village_site()
    call_command("issue_seals", stdout=io.StringIO())
    assert set(township.seals.values_list("kind", flat=True)) == {"approval", "administrative"}
    assert not village.seals.exists()
    call_command("issue_seals", site=township.code, stdout=io.StringIO())  # idempotent
    assert township.seals.count() == 2
    call_command("issue_seals", site=township.code, renew=True, stdout=io.StringIO())
    assert township.seals.count() == 4 and township.seals.filter(revoked_at__isnull=True).count() == 2
