"""四级四同 (R-10): an implementation may not change the standard item's elements — the same
name, code, type and legal basis at every level. `differences()` lists each element that
differs, with a stable code and a Chinese message, for the publish refusal, the API and the
county's review page.

"八统一" extends the four with further elements, but the seeds name no list of them, so only
the four elements the requirements spell out are enforced here (see docs/decisions/0085)."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.common.errors import Problem

from .models import ItemVersion, StandardItem
from .models.choices import ItemType


def _same_text(a: str, b: str) -> bool:
    # Line breaks and spaces are layout, not content, in Chinese text.
    return "".join((a or "").split()) == "".join((b or "").split())


@dataclass(frozen=True)
class Difference:
    code: str
    element: str  # attribute of the standard item
    label: str
    standard: str
    implementation: str

    @property
    def message(self) -> str:
        return f"{self.label}与基本目录不一致:基本目录为“{self.standard}”,本实施为“{self.implementation}”。"

    def problem(self) -> Problem:
        # part/attr as validation.py's problems have them, so the Excel import names the cell.
        attr = "implementation_code" if self.element == "basic_code" else self.element
        return Problem(
            self.code,
            self.message,
            self.element,
            {
                "part": "item",
                "index": None,
                "attr": attr,
                "element": self.element,
                "standard": self.standard,
                "implementation": self.implementation,
            },
        )


def _type_label(code: str) -> str:
    return dict(ItemType.choices).get(code, code)


def differences(standard: StandardItem, version: ItemVersion) -> list[Difference]:
    """The 四级四同 elements in which `version` departs from `standard`, in a fixed order."""
    out = []
    if not _same_text(standard.name, version.name):
        out.append(Difference("name_differs", "name", "事项名称", standard.name, version.name))
    if standard.item_type != version.item_type:
        out.append(
            Difference(
                "type_differs", "item_type", "事项类型", _type_label(standard.item_type), _type_label(version.item_type)
            )
        )
    if not _same_text(standard.legal_basis, version.legal_basis):
        out.append(Difference("basis_differs", "legal_basis", "设定依据", standard.legal_basis, version.legal_basis))
    code = version.implementation_code
    if code and not code.startswith(standard.basic_code):
        out.append(Difference("code_differs", "basic_code", "事项编码", standard.basic_code, code))
    return out


def standard_problems(version: ItemVersion) -> list[Problem]:
    return [d.problem() for d in differences(version.item.standard, version)]


def enforced(standard: StandardItem, item_id: int | None) -> bool:
    """Whether the standard's elements bind this implementation at publishing: the province's
    (导入的基本目录) always. A locally entered standard item has no authority of its own: with one
    implementation it follows it; shared, its differences are listed (county review page) but
    not refused — tests and data that reuse a local code for unrelated items keep working."""
    return standard.source == StandardItem.Source.PROVINCE
