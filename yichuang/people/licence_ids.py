"""电子证照标识 (GB/T 36901–36906-2018): the identifier of a licence in the store.

    1.2.156.3005.2.<licence type code>.<issuer USCC>.<serial>.<3-digit version>.<check char>

`1.2.156.3005.2` is the OID root of Chinese e-licences. The check character is ISO 7064
MOD 37,36 (the "hybrid" system with M = 36 over the alphabet 0-9A-Z).

ASSUMPTION (unverified against the standard's text, which we do not have): the check
character is computed over type code + issuer USCC + serial + version, concatenated without
dots and WITHOUT the OID root. Public integration code builds it that way
(`licenseTypeCode + issueUnit + serialNumber + version`), and identifiers of real licences
found in public code (e.g. `...W011.11430000006122244L.20230000403.001.U` and
`...W009.11330105002500287C.2025052201.002.0`) check only under that reading; including the
root gives different characters. Should the standard say otherwise, only `_check_input`
changes.
"""

from __future__ import annotations

import re

from yichuang.common.idnumbers import is_valid_uscc

ROOT = "1.2.156.3005.2"
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PART = re.compile(r"[0-9A-Z]+")
TYPE_CODE_MAX = 32
SERIAL_WIDTH = 10  # our own serials: zero-padded counter, e.g. 0000000042


def _hybrid_state(chars: str, alphabet: str) -> int:
    """ISO 7064 hybrid system MOD (M+1),M with M = len(alphabet): start with P = M; for each
    character S = (P + value) mod M, taking M for 0, then P = 2·S mod (M+1)."""
    m = len(alphabet)
    p = m
    for ch in chars:
        s = (p + alphabet.index(ch)) % m or m
        p = (2 * s) % (m + 1)
    return p


def hybrid_check_char(chars: str, alphabet: str = ALPHANUMERIC) -> str:
    """The character that makes (P + value) mod M equal 1, the hybrid system's success state."""
    m = len(alphabet)
    return alphabet[(1 - _hybrid_state(chars, alphabet)) % m]


def hybrid_is_valid(chars_with_check: str, alphabet: str = ALPHANUMERIC) -> bool:
    if not chars_with_check or any(c not in alphabet for c in chars_with_check):
        return False
    m = len(alphabet)
    body, check = chars_with_check[:-1], chars_with_check[-1]
    return (_hybrid_state(body, alphabet) + alphabet.index(check)) % m == 1


def mod_37_36_check_char(chars: str) -> str:
    return hybrid_check_char(chars, ALPHANUMERIC)


def _check_input(type_code: str, issuer_uscc: str, serial: str, version: str) -> str:
    return f"{type_code}{issuer_uscc}{serial}{version}"  # see the ASSUMPTION in the module docstring


def format_serial(serial: int | str) -> str:
    return f"{serial:0{SERIAL_WIDTH}d}" if isinstance(serial, int) else serial


def is_valid_type_code(value: str) -> bool:
    return bool(_PART.fullmatch(value or "")) and len(value) <= TYPE_CODE_MAX


def make_licence_id(type_code: str, issuer_uscc: str, serial: int | str, version: int = 1) -> str:
    """Build an identifier. Integers are zero-padded serials; a string serial (from another
    issuing system) is used as given. Raises ValueError for parts that cannot form one."""
    type_code, issuer_uscc = type_code.upper(), issuer_uscc.upper()
    serial = format_serial(serial).upper()
    if not is_valid_type_code(type_code):
        raise ValueError("licence type code must be 1-32 characters of 0-9A-Z")
    if not is_valid_uscc(issuer_uscc):
        raise ValueError("issuer must be a valid unified social credit code")
    if not _PART.fullmatch(serial):
        raise ValueError("serial must be characters of 0-9A-Z")
    if not 1 <= version <= 999:
        raise ValueError("version must be 1-999")
    version_text = f"{version:03d}"
    check = mod_37_36_check_char(_check_input(type_code, issuer_uscc, serial, version_text))
    return ".".join([ROOT, type_code, issuer_uscc, serial, version_text, check])


def is_valid_licence_id(value: str) -> bool:
    if not isinstance(value, str) or not value.startswith(ROOT + "."):
        return False
    parts = value[len(ROOT) + 1 :].split(".")
    if len(parts) != 5:
        return False
    type_code, issuer, serial, version, check = parts
    if not (
        is_valid_type_code(type_code)
        and is_valid_uscc(issuer)
        and issuer == issuer.upper()
        and _PART.fullmatch(serial)
        and re.fullmatch(r"[0-9]{3}", version)
        and version != "000"
        and len(check) == 1
    ):
        return False
    return hybrid_is_valid(_check_input(type_code, issuer, serial, version) + check)
