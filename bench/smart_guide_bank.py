#!/usr/bin/env python
"""Bench: the smart guide's 常见问法 bank (decision 0146) measured leave-one-out — each example need
asked with itself left out of the bank, so only its neighbours vote — at 凤田镇. The bank was made
from the tuning tables; this is the tuning measure of the example weights, not evidence of
generalisation (that is bench/smart_guide.py's own checks). Prints lexical alone, then fused.

    .venv/bin/python bench/smart_guide_bank.py
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
if not os.environ.get("DATABASE_URL"):
    _db = Path(tempfile.gettempdir()) / "yichuang_bench_smart_guide_bank.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from yichuang.demo.loader import load  # noqa: E402
from yichuang.org.models import Site  # noqa: E402
from yichuang.portal import guide  # noqa: E402
from yichuang.portal.example_needs_demo import EXAMPLES  # noqa: E402
from yichuang.portal.guide_index import index_for  # noqa: E402

SITE_CODE = "331199101000"  # 凤田镇


def key_of(doc) -> str:
    return doc.key if doc.kind == "item" else f"bundle:{doc.key}"


def measure(index, lexical: dict, fused: bool) -> str:
    top3 = exists = empty = absent = 0
    for text, answer in EXAMPLES:
        ranked = lexical[text]
        if fused:
            ranked = guide._with_examples(index, text, ranked, leave_out=text)
        keys = [key_of(d) for d, _, _ in ranked[:3]]
        if answer:
            exists += 1
            top3 += answer in keys
        else:
            absent += 1
            empty += not keys
    return f"top-3 {top3 / exists:.1%} (of {exists})  honest-empty {empty / absent:.1%} (of {absent})"


def main() -> None:
    call_command("migrate", verbosity=0)
    load(io.StringIO())
    index = index_for(Site.objects.get(code=SITE_CODE))
    lexical = {text: guide._score(index, guide.read(text, index)) for text, _ in EXAMPLES}
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("lexical alone :", measure(index, lexical, False))
    names = ("EXAMPLE_SURE", "EXAMPLE_WEAK", "EXAMPLE_LEX_STRONG", "EXAMPLE_WEIGHT", "EXAMPLE_JOIN")
    grid = [
        (s, w, lx, wt, j)
        for s in (0.6, 0.7)
        for w in (0.0, 0.25, 0.3)
        for lx in (1.2, 1.5)
        for wt in (0.5, 1.0)
        for j in (0.3, 0.4, 2)
    ]
    for values in grid if "--grid" in sys.argv else [None]:
        for name, value in zip(names, values or (), strict=False):
            setattr(guide, name, value)
        label = "fused " + " ".join(str(getattr(guide, name)) for name in names)
        print(f"{label:36}:", measure(index, lexical, True))


if __name__ == "__main__":
    main()
