"""docs/catalog-exchange.md documents every field of the exchange format (its JSON key and
its Excel column), so the format a province is told about is the one the importer reads."""

from pathlib import Path

from yichuang.catalog.exchange.fields import ALL

DOC = (Path(__file__).resolve().parents[3] / "docs" / "catalog-exchange.md").read_text(encoding="utf-8")


def test_every_field_of_the_format_is_documented_with_its_key_and_column():
    missing = [
        f"{f.key} / {f.header}" for spec in ALL.values() for f in spec if f"| `{f.key}` | {f.header} |" not in DOC
    ]
    assert missing == []
