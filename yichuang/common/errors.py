"""Structured errors: every refusal has a stable `code`, a Chinese `message` and, where it
concerns one input, the `field`. Services raise `DomainError`; the API turns it (and Django's
and DRF's own validation errors) into one JSON shape so no client ever parses prose:

    {"code": "validation_failed", "message": "…", "errors": [{"field": …, "code": …, "message": …}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_default_handler


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    field: str | None = None
    location: dict = dc_field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {"field": self.field, "code": self.code, "message": self.message}
        out.update(self.location)
        return out


class DomainError(Exception):
    """A rule of the domain refused the request. Carries one or more problems."""

    status = 400

    def __init__(self, problems: list[Problem] | Problem, code: str | None = None):
        self.problems = problems if isinstance(problems, list) else [problems]
        self.code = code or (self.problems[0].code if len(self.problems) == 1 else "validation_failed")
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def message(self) -> str:
        return "；".join(p.message for p in self.problems)


class NotAllowed(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


def _problems_from_drf(detail, prefix: str = "") -> list[dict]:
    out: list[dict] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if key != "non_field_errors" else None
            out += _problems_from_drf(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(detail, list):
        for value in detail:
            out += _problems_from_drf(value, prefix)
    else:
        out.append({"field": prefix or None, "code": getattr(detail, "code", "invalid"), "message": str(detail)})
    return out


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(
            {"code": exc.code, "message": exc.message, "errors": [p.as_dict() for p in exc.problems]},
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound("未找到该资源。")
    if isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied("无权访问。")
    response = drf_default_handler(exc, context)
    if response is None:
        return None
    errors = _problems_from_drf(response.data)
    if isinstance(exc, drf_exceptions.ValidationError):
        code, message = "validation_failed", "；".join(e["message"] for e in errors) or "输入有误。"
    else:
        code = errors[0]["code"] if errors else "error"
        message = errors[0]["message"] if errors else str(exc)
        errors = []
    response.data = {"code": code, "message": message, "errors": errors}
    return response
