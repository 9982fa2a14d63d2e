"""Signatures of the provincial 证照库 exchange (docs/licence-exchange.md): ECDSA P-256 over
SHA-256 of the canonical JSON of a document, by a signing certificate that the exchange's own
CA issued. Both sides use this module: the reference exchange to sign, the platform to verify
the chain (signing certificate ← the configured CA certificate) and then the signature."""

from __future__ import annotations

import base64
import datetime as dt
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class SignatureRefused(Exception):
    """The chain or the signature does not check; the message says why, in Chinese."""


def canonical(document: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: both sides serialise the same document to the same bytes."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    )


def _certificate(subject, issuer, public_key, signer_key, *, ca: bool, days: int) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(signer_key, hashes.SHA256())


def new_ca(common_name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(_name(common_name), _name(common_name), key.public_key(), key, ca=True, days=3650)


def new_signer(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, common_name: str
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(_name(common_name), ca_cert.subject, key.public_key(), ca_key, ca=False, days=825)


def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def sign(key: ec.EllipticCurvePrivateKey, document: dict) -> str:
    return base64.b64encode(key.sign(canonical(document), ec.ECDSA(hashes.SHA256()))).decode()


def verify(document: dict, signature: str, certificate_pem: str, ca_cert: x509.Certificate) -> None:
    """Raise SignatureRefused unless the certificate was issued by `ca_cert`, is in its validity
    period, may sign documents, and signed exactly this document."""
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature) as err:
        raise SignatureRefused("签名证书不是证照库交换平台的CA签发的") from err
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        raise SignatureRefused("签名证书不在有效期内")
    if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
        raise SignatureRefused("签名证书不是文档签名证书")
    try:
        raw = base64.b64decode(signature, validate=True)
        cert.public_key().verify(raw, canonical(document), ec.ECDSA(hashes.SHA256()))
    except (ValueError, TypeError, InvalidSignature) as err:
        raise SignatureRefused("签名校验失败,内容可能被篡改") from err
