"""Every record another context writes on a case's audit stream has a Chinese word on the
timeline (issue 20 §6): without one the case page showed "其他记录 · 系统自动处理" for every fee
assessed, paid or refunded and every 告知承诺 signed or checked."""

import ast
import pathlib

from yichuang.cases import labels

ROOT = pathlib.Path(__file__).resolve().parents[2] / "yichuang"
# (package, helper) that records its action on the case's stream: fees/services.py `_audit`
# writes on `charge.case.audit_stream`; other apps' `_audit` helpers write on their own streams
CASE_STREAM_HELPERS = {("fees", "_audit")}


def case_stream_actions(root: pathlib.Path = ROOT) -> set[str]:
    """The literal action names passed with a case's audit stream to `ledger.record`, or to a
    helper that records on it, anywhere outside the tests."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        if "/tests/" in path.as_posix() or "/migrations/" in path.as_posix():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            on_case = name == "record" and ast.unparse(node.args[0]).split(".")[-2:] == ["case", "audit_stream"]
            helper = (path.relative_to(root).parts[0], name) in CASE_STREAM_HELPERS
            if (on_case or helper) and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
    return found


def test_the_scan_finds_the_records_of_fees_and_commitments():
    assert {"fees.assessed", "fees.paid", "fees.refunded", "commitment.signed"} <= case_stream_actions()


def test_every_record_on_a_case_stream_has_a_timeline_word():
    unlabelled = {name for name in case_stream_actions() if labels.timeline_label(name) == "其他记录"}
    assert unlabelled == set()
