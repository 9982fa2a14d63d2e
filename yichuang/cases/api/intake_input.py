"""The intake body read quickly when it is well formed (issue 14 §5).

DRF's IntakeSerializer cost a fifth of an intake's CPU, most of it building its fields anew for
every request. `read_intake` checks the usual, well-formed body by hand and returns exactly the
data the serializer would; anything it does not recognise as plainly valid (a wrong type, a
blank or padded string, a date written otherwise, an unknown choice …) goes to the serializer,
which then gives the same structured error, field and code as before. So the fast path only
ever accepts: it never words an error of its own. `tests/test_intake_input.py` holds the two
equal over generated bodies, valid and not.
"""

from __future__ import annotations

import datetime as dt
import re

from rest_framework.exceptions import ValidationError

from yichuang.people.models import Applicant

from ..models import Case, CaseMaterial
from .serializers import MAX_ID, ApplicantRefSerializer, IntakeSerializer, MaterialInputSerializer


class _Unusual(Exception):
    """Not plainly valid: let the serializer judge (and word the error)."""


def _max_length(serializer, name: str) -> int:
    return serializer().fields[name].max_length


_SITE, _ITEM = _max_length(IntakeSerializer, "site"), _max_length(IntakeSerializer, "item")
_NOTE = _max_length(MaterialInputSerializer, "note")
_APPLICANT_TEXT = {
    name: _max_length(ApplicantRefSerializer, name)
    for name in ("number", "name", "phone", "address", "legal_representative", "reason")
}
_REQUIRED_TEXT = {"number"}  # blank refused; the others may be ""
_KINDS = frozenset(Applicant.Kind.values)
_STATUSES = frozenset(CaseMaterial.Status.values)
_CHANNELS = frozenset(c.value for c in Case.Channel if c != Case.Channel.ONLINE)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(value, max_length: int, blank: bool = False) -> str:
    """A string the serializer keeps as it is: no padding to trim, no NUL, no lone surrogate."""
    if type(value) is not str or len(value) > max_length or "\x00" in value:
        raise _Unusual
    if value == "":
        if blank:
            return value
        raise _Unusual
    if value.strip() != value:
        raise _Unusual
    try:
        value.encode()
    except UnicodeEncodeError:
        raise _Unusual from None
    return value


def _id(value) -> int | None:
    if value is None or (type(value) is int and 1 <= value <= MAX_ID):
        return value
    raise _Unusual


def _applicant(value) -> dict:
    if type(value) is not dict:
        raise _Unusual
    out = {}
    if "id" in value:
        out["id"] = _id(value["id"])
        if out["id"] is None:
            raise _Unusual
    if "kind" in value:
        if type(value["kind"]) is not str or value["kind"] not in _KINDS:
            raise _Unusual
        out["kind"] = value["kind"]
    for name, limit in _APPLICANT_TEXT.items():
        if name in value:
            out[name] = _text(value[name], limit, blank=name not in _REQUIRED_TEXT)
    if "id" not in out and not ("kind" in out and "number" in out):
        raise _Unusual
    return out


def _material(value) -> dict:
    if type(value) is not dict or type(value.get("status")) is not str or value["status"] not in _STATUSES:
        raise _Unusual
    out = {"status": value["status"]}
    if "promised_by" in value:
        promised = value["promised_by"]
        if promised is not None:
            if type(promised) is not str or not _DATE.fullmatch(promised):
                raise _Unusual
            try:
                promised = dt.date.fromisoformat(promised)
            except ValueError:
                raise _Unusual from None
        out["promised_by"] = promised
    if "note" in value:
        out["note"] = _text(value["note"], _NOTE, blank=True)
    if "commitment" in value:
        if type(value["commitment"]) is not bool:
            raise _Unusual
        out["commitment"] = value["commitment"]
    return out


def _checked(check, value):
    """One of the serializer's own field checks (too many materials, form data too large …)."""
    try:
        return check(None, value)
    except ValidationError:
        raise _Unusual from None


def _fast(data) -> dict:
    if type(data) is not dict or "site" not in data or "item" not in data or "applicant" not in data:
        raise _Unusual
    out = {"site": _text(data["site"], _SITE), "item": _text(data["item"], _ITEM)}
    if "item_version" in data:
        out["item_version"] = _id(data["item_version"])
    out["applicant"] = _applicant(data["applicant"])
    materials = data.get("materials", {})
    if type(materials) is not dict:
        raise _Unusual
    out["materials"] = _checked(IntakeSerializer.validate_materials, {k: _material(v) for k, v in materials.items()})
    form_data = data.get("form_data", {})
    if type(form_data) is not dict:
        raise _Unusual
    out["form_data"] = _checked(IntakeSerializer.validate_form_data, dict(form_data))
    channel = data.get("channel", Case.Channel.WINDOW)
    if channel is not Case.Channel.WINDOW and (type(channel) is not str or channel not in _CHANNELS):
        raise _Unusual
    out["channel"] = channel
    if "authorisation" in data:
        out["authorisation"] = _id(data["authorisation"])
    return out


def read_intake(data) -> dict:
    """What `IntakeSerializer(data=data)` validates to; its ValidationError when the body is wrong."""
    try:
        return _fast(data)
    except _Unusual:
        serializer = IntakeSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
