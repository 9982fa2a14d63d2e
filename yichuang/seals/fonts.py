"""The CJK font of seals and result documents (Debian `fonts-noto-cjk`).

Noto CJK ships as collections (.ttc, ~20 MB, five regional faces). WeasyPrint copies the
whole face blob and then subsets it for every document, which costs ~0.1 s per font per
document — too slow for sealing twenty documents a second on two cores. So we derive, once,
a font holding only GB 2312 (the 6,763 common hanzi), ASCII and CJK punctuation, with
HarfBuzz's subsetter (the `libharfbuzz-subset0` library WeasyPrint already needs; ~1 s,
where fontTools takes over a minute). Any character outside it (a rare character in a
person's name) falls back to the full system font through the CSS font stack.
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

NOTO_DIRS = [
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
]
FILES = {
    ("serif", False): "NotoSerifCJK-Regular.ttc",
    ("serif", True): "NotoSerifCJK-Bold.ttc",
    ("sans", False): "NotoSansCJK-Regular.ttc",
    ("sans", True): "NotoSansCJK-Bold.ttc",
}
FAMILY = {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC"}


class FontMissing(RuntimeError):
    pass


@functools.lru_cache(maxsize=8)
def font_path(style: str = "serif", bold: bool = False) -> Path:
    name = FILES[(style, bold)]
    for directory in NOTO_DIRS:
        if (directory / name).exists():
            return directory / name
    try:  # another layout of the same fonts: ask fontconfig
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{FAMILY[style]}:{'bold' if bold else 'regular'}"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    if out and Path(out).exists() and "CJK" in out:
        return Path(out)
    raise FontMissing(f"{FAMILY[style]} 字体未安装:请安装 Debian 软件包 fonts-noto-cjk。")


@functools.lru_cache(maxsize=8)
def sc_face_index(path: Path) -> int:
    """Index of the Simplified Chinese face inside a collection (0 for a single font)."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(str(path), lazy=True).fonts):
        if font["name"].getDebugName(1).endswith(" SC"):
            return index
    return 0


def common_codepoints() -> list[int]:
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) | set(range(0x2000, 0x2070))
    points |= set(range(0x2460, 0x24FF)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    for hi in range(0xB0, 0xF8):  # GB 2312 hanzi rows; A1–A9 are symbols, added below
        for lo in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA1, 0xAA):
        for lo in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return sorted(points)


HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6  # hb-subset.h, enum hb_subset_sets_t
HB_SUBSET_FLAGS_NO_HINTING, HB_SUBSET_FLAGS_DESUBROUTINIZE = 0x1, 0x4  # hb-subset.h, enum hb_subset_flags_t


def _harfbuzz_subset(source: Path, index: int, codepoints: list[int]) -> bytes:
    import cffi

    ffi = cffi.FFI()
    ffi.cdef("""
        typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t; typedef struct hb_set_t hb_set_t;
        typedef struct hb_subset_input_t hb_subset_input_t;
        hb_blob_t *hb_blob_create_from_file(const char *file_name);
        hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
        hb_blob_t *hb_face_reference_blob(hb_face_t *face);
        const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
        void hb_blob_destroy(hb_blob_t *blob);
        void hb_face_destroy(hb_face_t *face);
        void hb_set_add(hb_set_t *set, uint32_t codepoint);
        hb_subset_input_t *hb_subset_input_create_or_fail(void);
        hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
        hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
        void hb_set_clear(hb_set_t *set);
        void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
        void hb_subset_input_destroy(hb_subset_input_t *input);
        hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
    """)
    hb, hbs = ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    blob = hb.hb_blob_create_from_file(str(source).encode())
    face = hb.hb_face_create(blob, index)
    spec = hbs.hb_subset_input_create_or_fail()
    unicodes = hbs.hb_subset_input_unicode_set(spec)
    for cp in codepoints:
        hb.hb_set_add(unicodes, cp)
    # No OpenType layout features: their closure (vertical forms, alternates) would pull in
    # 5,000 glyphs that horizontal Simplified Chinese text never uses, and every document
    # pays for each glyph the font holds.
    hb.hb_set_clear(hbs.hb_subset_input_set(spec, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG))
    # Hints are useless in PDF output, and outlines stored without subroutines make WeasyPrint's
    # own per-document subsetting (which desubroutinises) nearly a copy.
    hbs.hb_subset_input_set_flags(spec, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE)
    subset = hbs.hb_subset_or_fail(face, spec)
    if subset == ffi.NULL:
        raise FontMissing(f"无法生成字体子集:{source}")
    out = hb.hb_face_reference_blob(subset)
    length = ffi.new("unsigned int *")
    data = ffi.unpack(hb.hb_blob_get_data(out, length), length[0])
    for destroy, obj in (
        (hb.hb_blob_destroy, out),
        (hb.hb_face_destroy, subset),
        (hbs.hb_subset_input_destroy, spec),
        (hb.hb_face_destroy, face),
        (hb.hb_blob_destroy, blob),
    ):
        destroy(obj)
    return bytes(data)


@functools.lru_cache(maxsize=4)
def document_font(style: str = "serif", bold: bool = False) -> Path:
    """Path of the derived GB 2312 font, built on first use into VAR_DIR/fonts. The name holds
    a digest of the source file, so a font upgrade builds a new one."""
    source = font_path(style, bold)
    stat = source.stat()
    digest = hashlib.sha256(f"{source}:{stat.st_size}:{int(stat.st_mtime)}:v3".encode()).hexdigest()[:12]
    target = Path(settings.VAR_DIR) / "fonts" / f"yc-{style}-{'bold' if bold else 'regular'}-{digest}.otf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    data = _harfbuzz_subset(source, sc_face_index(source), common_codepoints())
    # Write then rename: parallel workers building at once never read a half-written font.
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(data)
    os.chmod(tmp.name, 0o644)  # readable by the app's user when built by an administrator
    os.replace(tmp.name, target)
    return target
