"""The platform's own small PKI: one CA that certifies every seal's key (R-42), and the
encryption of private keys at rest.

Keys are ECDSA P-256: the common Python stack has no SM2 signatures (domain-facts.md), and
P-256 is what PAdES validators (pyHanko, poppler/NSS, Acrobat) accept everywhere. An SM2
signer replaces the whole signing path (see `signers`), not just this module.

Private keys are stored as AES-256-GCM ciphertext of their PKCS#8 DER. The key-encryption
key is derived with HKDF from `settings.YICHUANG_SEAL_KEY`; without it, from SECRET_KEY (and
a system check warns). The row's identity is the GCM associated data, so a ciphertext copied
onto another seal's row does not decrypt. PKCS#8 password encryption was not used: its
deliberately slow KDF would run on every signature.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import logging
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from django.conf import settings

from yichuang.common.errors import DomainError, Problem

log = logging.getLogger(__name__)
CURVE = ec.SECP256R1()
_INFO = b"yichuang seal private keys v1"


def _secret() -> tuple[bytes, bool]:
    """(secret, is_dedicated): the dedicated setting, else SECRET_KEY."""
    dedicated = getattr(settings, "YICHUANG_SEAL_KEY", None)
    if dedicated:
        return str(dedicated).encode(), True
    return settings.SECRET_KEY.encode(), False


@functools.lru_cache(maxsize=4)
def _kek(secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"yichuang-seals", info=_INFO).derive(secret)


def key_encryption_key() -> tuple[bytes, str]:
    """(key, key id). The id is stored beside each ciphertext so a changed setting gives a
    clear error instead of an opaque decryption failure."""
    secret, dedicated = _secret()
    if not dedicated:
        _warn_fallback()
    key = _kek(secret)
    return key, hashlib.sha256(key).hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def _warn_fallback() -> None:
    log.warning(
        "YICHUANG_SEAL_KEY is not set: seal private keys are encrypted with a key derived from SECRET_KEY. "
        "Set a dedicated YICHUANG_SEAL_KEY in production so rotating SECRET_KEY cannot lock the seals."
    )


def encrypt_private_key(key: ec.EllipticCurvePrivateKey, aad: str) -> tuple[str, str]:
    """(ciphertext as base64 text, key id)."""
    kek, kid = key_encryption_key()
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, der, aad.encode())).decode(), kid


def decrypt_private_key(blob: str, kid: str, aad: str) -> ec.EllipticCurvePrivateKey:
    kek, current = key_encryption_key()
    if kid != current:
        raise DomainError(
            Problem("seal_key_unavailable", "印章私钥的加密密钥与当前配置(YICHUANG_SEAL_KEY)不一致,无法使用该印章。")
        )
    raw = base64.b64decode(blob)
    der = AESGCM(kek).decrypt(raw[:12], raw[12:], aad.encode())
    return serialization.load_der_private_key(der, password=None)


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(CURVE)


def _name(common_name: str, organisation: str, unit: str = "") -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if unit:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def make_ca_certificate(
    key, common_name: str, organisation: str, not_before: dt.datetime, not_after: dt.datetime
) -> x509.Certificate:
    name = _name(common_name, organisation)
    public = key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def make_seal_certificate(
    ca_key,
    ca_cert: x509.Certificate,
    public_key,
    *,
    common_name: str,
    organisation: str,
    unit: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
) -> x509.Certificate:
    """A leaf certificate for document signing. No extended key usage on purpose: NSS
    (poppler's pdfsig) and Acrobat accept a leaf without EKU for signatures, while a wrong EKU
    makes them reject it."""
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, unit))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def to_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@functools.lru_cache(maxsize=256)
def load_pem(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()
