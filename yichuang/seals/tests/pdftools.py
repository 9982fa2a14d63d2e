"""Poppler's `pdfsig` with an NSS database that trusts our CA: the independent validator."""

from __future__ import annotations

import subprocess
from pathlib import Path


def nss_db(directory: Path, ca_pem: str) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ca.pem").write_text(ca_pem)
    db = f"sql:{directory}"
    subprocess.run(["certutil", "-N", "-d", db, "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", db, "-n", "yichuang-ca", "-t", "C,C,C", "-i", str(directory / "ca.pem")],
        check=True,
        capture_output=True,
    )
    return db


def pdfsig(pdf: bytes, path: Path, db: str) -> str:
    path.write_bytes(pdf)
    # pdfsig exits non-zero for an invalid signature; the verdict is in its output either way.
    result = subprocess.run(["pdfsig", "-nssdir", db, str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def flip_byte_in_signed_range(pdf: bytes) -> bytes:
    """One byte changed inside the first compressed content stream, well inside the first
    signed range (everything before the signature's /Contents)."""
    start = pdf.index(b"stream", 200) + len(b"stream\n") + 40
    assert start < pdf.index(b"/ByteRange"), "the flipped byte must lie inside the signed range"
    return pdf[:start] + bytes([pdf[start] ^ 0x01]) + pdf[start + 1 :]


def pdf_text(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
