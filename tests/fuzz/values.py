"""The hostile values every field and query parameter gets (issue 13): one fixed list, so the run
is the same on every machine and every failure names a value that reproduces it."""

from __future__ import annotations

HOSTILE: dict[str, str] = {
    # Dates no calendar of ours holds; 10000-01-01 does not fit datetime.date at all.
    "date 9999-12-31": "9999-12-31",
    "date 0001-01-01": "0001-01-01",
    "date 10000-01-01": "10000-01-01",
    # Numbers beyond every column (BIGINT, SQLite's 64 bits) and the edges of "positive".
    "10**30": str(10**30),
    "-1": "-1",
    "0": "0",
    # 5,000 digits: beyond Python's int() string limit (4,300 digits) — ValueError, not OverflowError.
    "5000 digits": "9" * 5000,
    "abc": "abc",
    "empty": "",
    # Strings float() accepts: inf and NaN compare false with every bound, so a min/max check passes them.
    "inf": "inf",
    "1e400": "1e400",
    "NaN": "NaN",
    "-Infinity": "-Infinity",
    # int() and Decimal() accept other scripts' digits; databases and formatters may not.
    "full-width 123": "１２３",
    "Arabic-Indic 123": "١٢٣",
    "long text": "长" * 20_000,
    # PostgreSQL refuses NUL in text; SQLite stores it: a 500 on one database only.
    "NUL": "a\x00b",
    # Not the object or scalar a JSON-reading field expects.
    "JSON array": "[1, 2]",
    "JSON null": "null",
    "broken JSON": '{"a":',
    "HTML": "<script>alert(1)</script>",
}


def short(value: str) -> str:
    """A value as a failure report names it: long values by their length."""
    for label, v in HOSTILE.items():
        if v == value:
            return label
    return repr(value[:40])
