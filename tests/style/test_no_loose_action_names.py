"""No module outside `cases` names a case action or an event by a string literal (issue 14):
they say `Action.X` or `Event.X`, so a rename is one edit and a misspelling fails on import.
A string that only happens to spell the same word for another thing is listed here, with why."""

import ast
import pathlib

from yichuang.cases.steps import ACTS
from yichuang.ledger.events import Event

ROOT = pathlib.Path(__file__).resolve().parents[2] / "yichuang"
NAMES = (
    {str(a.value) for a in ACTS}
    | {act.slug for act in ACTS.values()}
    | {e.value for e in Event}
    | {"case.approve", "case.deny"}
)  # the audit chain's spelling of two decisions
OTHER_MEANINGS = {
    ("catalog/models/choices.py", "escalate"): "CaseKind.ESCALATE: 上报件 is a kind of item, not the action",
    ("seals/models.py", "supplement"): "DocumentKind.SUPPLEMENT: 补正材料通知书, a document",
    ("portal/urls.py", "supplement"): "the URL name of the hall's supplement page",
    ("seals/models.py", "supplement_timeout"): "NoticeKind.SUPPLEMENT_TIMEOUT: 补正期满终止办理告知书, a document",
}


def loose_names(root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("cases/") or "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        if relative == "ledger/events.py":  # where the event names are defined
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in NAMES
                and (relative, node.value) not in OTHER_MEANINGS
            ):
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    return found


def test_no_module_outside_cases_names_an_action_or_event_by_a_string():
    assert loose_names() == []


def test_the_check_finds_a_loose_name(tmp_path):
    (tmp_path / "feedback").mkdir()
    (tmp_path / "feedback" / "loose.py").write_text(
        'TOPIC = "case.accepted"\nSLUG = "start-review"\n', encoding="utf-8"
    )
    assert loose_names(tmp_path) == ["feedback/loose.py:1 'case.accepted'", "feedback/loose.py:2 'start-review'"]
