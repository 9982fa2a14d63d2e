"""At 375 px a workbench table's rows stack into cards and its header row is hidden
(workbench.css), so each cell must name its own column with `data-label` — a cell without one
shows a bare value nobody can place (R-62: phones at the village stations)."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2] / "yichuang"
STATIC = ROOT / "static" / "yichuang" / "css"
CELL = re.compile(r"<td\b[^>]*>")


def unlabelled_cells(root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for path in sorted(root.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        if 'class="wb-table' not in text:
            continue
        for cell in CELL.findall(text):
            # a colspan cell is the table's one "nothing here" row: it has no column to name
            if "data-label" not in cell and "colspan" not in cell:
                found.append(f"{path.relative_to(root)}: {cell}")
    return found


def test_every_cell_of_a_stacking_table_names_its_column():
    assert unlabelled_cells() == []


def test_the_check_finds_a_cell_without_its_label(tmp_path):
    page = tmp_path / "app" / "templates" / "app" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text('<table class="wb-table"><tr><td data-label="状态">x</td><td>y</td></tr></table>')
    assert unlabelled_cells(tmp_path) == ["app/templates/app/page.html: <td>"]


def test_hidden_captions_are_hidden_on_every_page_not_only_the_hall():
    # the workbench loads site.css but not portal.css: a caption styled only there showed one
    # character per line on the case page at 375 px
    assert ".visually-hidden" in (STATIC / "site.css").read_text(encoding="utf-8")
