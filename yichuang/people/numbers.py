"""Personal numbers: ID numbers and phones validated and normalised to their stored form,
and the masked forms shown in lists, logs and exports (invariant 8). Full numbers appear only
where the viewer's role needs them."""

from __future__ import annotations

import re

from yichuang.common.errors import DomainError, Problem
from yichuang.common.idnumbers import is_valid_citizen_id, is_valid_uscc, normalise_digits

NATURAL, LEGAL = "natural", "legal"  # Applicant.Kind values; models import this module

# ASCII digits only ([0-9], never the regex digit class, which also matches ٠-٩ and the like):
# see normalise_digits.
MOBILE = re.compile(r"1[3-9][0-9]{9}")
# 区号 (3-4 digits starting with 0) + 7-8 digit local number, optional extension; 400/800 lines.
LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")
SERVICE_LINE = re.compile(r"[48]00-?[0-9]{3}-?[0-9]{4}")


def normalise_phone(value: str) -> str:
    """NFKC (full-width digits, ＋ and － become ASCII), then drop spaces, brackets and a
    +86/0086 country prefix so one number is stored — and rate-limited — one way. Digits of
    other scripts stay as they are, so the patterns above refuse them."""
    value = re.sub(r"[\s()]", "", normalise_digits(value))
    return re.sub(r"^(\+86|0086)-?(?=1[0-9]{10}$)", "", value)


def is_valid_phone(value: str) -> bool:
    return any(p.fullmatch(value or "") for p in (MOBILE, LANDLINE, SERVICE_LINE))


def mask_citizen_id(value: str) -> str:
    """Keep the region (first 6) and the last 4: 110105********002X."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; landlines keep the area code and the last 4 digits."""
    if not value:
        return ""
    if MOBILE.fullmatch(value):
        return value[:3] + "****" + value[-4:]
    area, sep, rest = value.partition("-")
    local, _, extension = rest.partition("-")
    if sep and len(local) > 4:
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}" + (f"-{extension}" if extension else "")
    keep = 4 if len(value) > 8 else 2
    return "*" * (len(value) - keep) + value[-keep:]


def number_field(kind: str) -> str:
    return "citizen_id" if kind == NATURAL else "credit_code"


def normalise_number(kind: str, number: str) -> str:
    """The stored form of an ID number (upper case), or DomainError if its check character is wrong."""
    if kind not in (NATURAL, LEGAL):
        raise DomainError(Problem("invalid_applicant_kind", "申请人类型应为自然人或法人。", "kind"))
    number = normalise_digits(number).upper()  # full-width ０-９/Ｘ read as ASCII; other digits refused
    if kind == NATURAL and not is_valid_citizen_id(number):
        raise DomainError(Problem("invalid_citizen_id", "公民身份号码无效:应为18位且校验码正确。", "citizen_id"))
    if kind == LEGAL and not is_valid_uscc(number):
        raise DomainError(Problem("invalid_uscc", "统一社会信用代码无效:应为18位且校验码正确。", "credit_code"))
    return number
