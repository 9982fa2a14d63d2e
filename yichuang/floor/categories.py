"""Service categories of the ticket kiosk (取号机) and the window types that serve each.

A category is what a person chooses at the kiosk; its letter prefixes the ticket number
(A001). A category is offered at a site only while the site has an active window of one of
its types, so the kiosk never hands out a number nobody can call."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.org.models import Window

T = Window.Type


@dataclass(frozen=True)
class Category:
    code: str  # one letter: the ticket prefix
    label: str
    window_types: tuple[str, ...]


CATEGORIES: tuple[Category, ...] = (
    Category("A", "综合受理(个人事项)", (T.INTAKE, T.SERVICE, T.CROSS_AREA)),
    Category("B", "企业与审批事项", (T.ENTERPRISE, T.PERMIT, T.APPROVAL, T.INTAKE)),
    Category("C", "咨询与办不成事反映", (T.CONSULT, T.UNRESOLVED, T.INTAKE)),
    Category("D", "帮办代办", (T.HELPDESK, T.INTAKE)),
)
BY_CODE = {c.code: c for c in CATEGORIES}


def served_by(window_type: str) -> list[str]:
    """The category codes a window of this type calls, in the order above."""
    return [c.code for c in CATEGORIES if window_type in c.window_types]


def offered(window_types: set[str]) -> list[Category]:
    return [c for c in CATEGORIES if set(c.window_types) & window_types]
