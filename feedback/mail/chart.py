"""A small horizontal bar chart as PNG bytes, drawn with Pillow (no plotting library).

The email always prints the same numbers as text beside the image, so a reader whose
mail client blocks images, or who uses a screen reader, loses nothing.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

NHS_BLUE = (0, 94, 184)
NHS_GREY = (216, 221, 224)
TEXT = (33, 43, 50)
WIDTH = 560          # fits a phone screen at 1x and sits in a 600px email column
ROW = 48
PAD = 12


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int   # 0-100


def bar_chart(bars: list[Bar], *, title: str) -> bytes:
    """Draw `bars` (percentages) under `title` and return the PNG file's bytes."""
    height = PAD * 3 + 22 + ROW * len(bars)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, font = _font(20), _font(16)
    draw.text((PAD, PAD), title, fill=TEXT, font=title_font)
    track = WIDTH - PAD * 2 - 64  # room for "100%"
    top = PAD * 2 + 22
    for index, bar in enumerate(bars):
        y = top + index * ROW
        draw.text((PAD, y), _fit(draw, bar.label, font, WIDTH - PAD * 2), fill=TEXT, font=font)
        bar_y = y + 22
        draw.rectangle((PAD, bar_y, PAD + track, bar_y + 14), fill=NHS_GREY)
        filled = round(track * max(0, min(bar.percent, 100)) / 100)
        if filled:
            draw.rectangle((PAD, bar_y, PAD + filled, bar_y + 14), fill=NHS_BLUE)
        draw.text((PAD + track + 8, bar_y - 2), f"{bar.percent}%", fill=TEXT, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def alt_text(bars: list[Bar], *, title: str) -> str:
    return f"{title}: " + "; ".join(f"{bar.label} {bar.percent}%" for bar in bars) + "."


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)  # Pillow's bundled font, needs FreeType
    except (TypeError, OSError):  # pragma: no cover - Pillow built without FreeType
        return ImageFont.load_default()


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
         width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"
