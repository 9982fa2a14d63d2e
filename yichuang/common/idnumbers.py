"""Check characters of Chinese identity numbers.

- 公民身份号码 (GB 11643-1999): 17 digits + ISO 7064 MOD 11-2 check character (0-9 or X).
- 统一社会信用代码 (GB 32100-2015): 17 characters + ISO 7064 MOD 31-3 check character over
  the alphabet 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z).
- 行政区划代码: 12 digits for statistical divisions (6 county + 3 township + 3 village).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def normalise_digits(value) -> str:
    """The NFKC form of a typed number, stripped: full-width ０-９ and Ｘ become ASCII, so a
    number typed on a Chinese keyboard is the same number. Other scripts' digits (Arabic-Indic
    ٠-٩, Devanagari …) are NOT digits here: NFKC leaves them, and every pattern below accepts
    ASCII [0-9] only — a regex digit class would take them and int() would read them, which let one
    phone or ID number be typed many ways (two 张三, a per-phone limit bypassed; issue 13)."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFKC", value).strip()


def citizen_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def is_valid_citizen_id(value: str) -> bool:
    value = value.upper() if isinstance(value, str) else ""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        return False
    return citizen_id_check_char(value[:17]) == value[17]


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value: str) -> bool:
    value = value.upper() if isinstance(value, str) else ""
    if len(value) != 18 or any(c not in USCC_ALPHABET for c in value):
        return False
    return uscc_check_char(value[:17]) == value[17]


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError("统一社会信用代码无效:应为18位且校验码正确。", code="invalid_uscc")


def validate_citizen_id(value: str) -> None:
    if not is_valid_citizen_id(value):
        raise ValidationError("公民身份号码无效:应为18位且校验码正确。", code="invalid_citizen_id")


def validate_region_code(value: str) -> None:
    if not re.fullmatch(r"[0-9]{12}", value or ""):
        raise ValidationError("行政区划代码应为12位数字。", code="invalid_region_code")
