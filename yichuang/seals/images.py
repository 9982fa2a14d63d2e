"""The seal's image (印模), drawn from the site's name like the physical seal of a Chinese
government body: a red ring, a five-pointed star in the centre, the body's name along the
upper arc, the kind (审批专用章) horizontally below the star and the seal's code along the
lower arc. Characters are 宋体-like (Noto Serif CJK SC Bold) and condensed, as on real seals.

The PNG is drawn once when the seal is made and stored with it; it has a transparent
background so that, placed over the date of a document, the text below stays readable.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from .fonts import font_path, sc_face_index

RED = (218, 37, 29, 255)
SIZE = 480  # pixels across; placed at 42 mm this is ~290 dpi, sharp in print and on screen


def _font(size: int) -> ImageFont.FreeTypeFont:
    path = font_path("serif", bold=True)
    return ImageFont.truetype(str(path), size, index=sc_face_index(path))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382  # golden-ratio inner radius of a regular star
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _glyph(char: str, font: ImageFont.FreeTypeFont, squeeze: float) -> Image.Image:
    """One character on its own transparent tile, condensed horizontally by `squeeze`."""
    left, top, right, bottom = font.getbbox(char)
    size = font.size
    tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text(
        ((size - (right - left)) / 2 - left, (size - (bottom - top)) / 2 - top), char, font=font, fill=RED
    )
    return tile.resize((max(1, int(size * squeeze)), size), Image.LANCZOS)


def _arc_text(
    image: Image.Image,
    text: str,
    *,
    radius: float,
    span_deg: float,
    font_size: int,
    squeeze: float,
    lower: bool = False,
) -> None:
    """Place `text` along an arc centred at the top (or bottom) of the image, each character
    upright relative to the centre (upper arc) or reading left to right (lower arc)."""
    if not text:
        return
    font = _font(font_size)
    centre = image.width / 2
    n = len(text)
    step = math.radians(span_deg) / max(n - 1, 1)
    start = -math.radians(span_deg) / 2 if n > 1 else 0.0
    for i, char in enumerate(text):
        theta = start + i * step
        if lower:  # the lower arc reads left to right, so it runs the other way round
            theta = math.pi - theta
        x = centre + radius * math.sin(theta)
        y = centre - radius * math.cos(theta)
        rotation = -math.degrees(theta) + (180 if lower else 0)
        tile = _glyph(char, font, squeeze).rotate(rotation, resample=Image.BICUBIC, expand=True)
        image.alpha_composite(tile, (int(x - tile.width / 2), int(y - tile.height / 2)))


def draw_seal(name: str, kind_label: str, code: str = "") -> bytes:
    """PNG bytes of the seal image."""
    scale = 2  # draw at twice the size and scale down: smooth edges without a vector renderer
    size = SIZE * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ring = size * 0.035
    draw.ellipse((ring / 2, ring / 2, size - ring / 2, size - ring / 2), outline=RED, width=int(ring))
    _star(draw, size / 2, size / 2, size * 0.15)

    # Longer names get a wider arc and smaller characters, as seal engravers do.
    n = max(len(name), 1)
    span = min(250.0, 150.0 + 5.0 * n)
    char_size = int(min(size * 0.13, (2 * math.pi * size * 0.36 * span / 360) / n * 1.15))
    _arc_text(image, name, radius=size * 0.36, span_deg=span, font_size=char_size, squeeze=0.78)

    if kind_label:  # a special-purpose seal names its purpose; a body's 行政公章 has only the name
        kind_font = _font(int(size * 0.085))
        left, top, right, bottom = draw.textbbox((0, 0), kind_label, font=kind_font)
        draw.text(((size - (right - left)) / 2 - left, size * 0.645 - top), kind_label, font=kind_font, fill=RED)
    if code:
        _arc_text(
            image,
            code,
            radius=size * 0.40,
            span_deg=min(100.0, 6.0 * len(code)),
            font_size=int(size * 0.04),
            squeeze=0.9,
            lower=True,
        )

    image = image.resize((SIZE, SIZE), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
