"""Signed e-licence records (电子证照, R-42): when a case issues a licence into the store, the
issuing body's site signs its key facts with its approval seal (ES256 over canonical JSON),
so a later case that fetches the licence as a material can check it was really issued."""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from yichuang.org.models import Department
from yichuang.people import services as people
from yichuang.people.models import Licence

from . import pki
from .models import Seal, SealKind
from .services import current_seal

SCHEME = "ES256"


def signed_facts(licence: Licence) -> bytes:
    facts = {
        "number": licence.number,
        "type": licence.licence_type_code,
        "type_name": licence.licence_type_name,
        "holder": licence.holder.number,
        "holder_name": licence.holder.name,
        "issuer": licence.issuer_credit_code,
        "issuer_name": licence.issuer_name,
        "issued_on": licence.issued_on.isoformat(),
        "valid_until": licence.valid_until.isoformat() if licence.valid_until else None,
        "data": licence.data,
    }
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_licence(licence: Licence) -> Licence | None:
    """Sign with the approval seal of the site where the issuing department is stationed;
    None when that site has no current approval seal (e.g. a village station)."""
    department = Department.objects.select_related("site").filter(credit_code=licence.issuer_credit_code).first()
    seal = current_seal(department.site, SealKind.APPROVAL) if department else None
    if seal is None:
        return None
    key = pki.decrypt_private_key(seal.private_key, seal.key_id, seal.aad)
    signature = key.sign(signed_facts(licence), ec.ECDSA(hashes.SHA256()))
    return people.record_licence_signature(
        licence, f"{SCHEME}:{seal.code}:{base64.b64encode(signature).decode()}", actor="seals"
    )


def licence_signature_valid(licence: Licence) -> bool:
    """True when the stored signature matches the licence's facts under the named seal's certificate."""
    try:
        scheme, seal_code, encoded = licence.signature.split(":", 2)
        seal = Seal.objects.get(code=seal_code)
        public_key = pki.load_pem(seal.certificate_pem).public_key()
        public_key.verify(base64.b64decode(encoded), signed_facts(licence), ec.ECDSA(hashes.SHA256()))
    except (ValueError, Seal.DoesNotExist, InvalidSignature):
        return False
    return scheme == SCHEME
