"""The same XmR chart as PNG bytes, for email clients that cannot show SVG.

Drawn with Pillow from the layout the SVG uses, at twice its size so it stays sharp; the
email carries the chart's summary sentence as text beside the image.
"""
from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from .layout import BOTTOM, FONT, HEIGHT, HIDDEN, TOP, WIDTH, Line, Marker, layout
from .series import Chart
from .svg import SIZE

SCALE = 2


def chart_png(chart: Chart) -> bytes:
    drawing = layout(chart)
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "white")
    draw = ImageDraw.Draw(image)
    for band in drawing.bands:
        box = _box(band.x, TOP, band.x + band.width, HEIGHT - BOTTOM)
        draw.rectangle(box, fill=HIDDEN)
        for offset in range(int(box[0]) - int(box[3]), int(box[2]), 12):  # pale hatching, as in the SVG
            draw.line((offset, box[3], offset + (box[3] - box[1]), box[1]), fill="#d8dde0", width=2)
    # Clear the hatching that ran past each band's edges.
    mask = Image.new("L", image.size, 0)
    mask_draw = ImageDraw.Draw(mask)
    for band in drawing.bands:
        mask_draw.rectangle(_box(band.x, TOP, band.x + band.width, HEIGHT - BOTTOM), fill=255)
    image = Image.composite(image, Image.new("RGB", image.size, "white"), mask)
    draw = ImageDraw.Draw(image)
    for line in drawing.lines:
        _line(draw, line)
    for marker in drawing.markers:
        _marker(draw, marker)
    font = _font(round(FONT * SCALE))
    for text in drawing.texts:
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[text.anchor]
        draw.text((text.x * SCALE, text.y * SCALE), text.text, fill=text.colour, font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _box(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float, float, float]:
    return (x1 * SCALE, y1 * SCALE, x2 * SCALE, y2 * SCALE)


def _line(draw: ImageDraw.ImageDraw, line: Line) -> None:
    width = max(1, round(line.width * SCALE))
    start, end = (line.x1 * SCALE, line.y1 * SCALE), (line.x2 * SCALE, line.y2 * SCALE)
    if not line.dash:
        draw.line((start, end), fill=line.colour, width=width)
        return
    length = math.dist(start, end)
    if length == 0:
        return
    on, off = line.dash[0] * SCALE, line.dash[1] * SCALE
    dx, dy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    position = 0.0
    while position < length:
        stop = min(position + on, length)
        draw.line(((start[0] + dx * position, start[1] + dy * position),
                   (start[0] + dx * stop, start[1] + dy * stop)), fill=line.colour, width=width)
        position = stop + off


def _marker(draw: ImageDraw.ImageDraw, marker: Marker) -> None:
    x, y, s = marker.x * SCALE, marker.y * SCALE, SIZE * SCALE
    if marker.shape == "square":
        draw.rectangle((x - s, y - s, x + s, y + s), fill=marker.colour, outline="white")
    elif marker.shape == "triangle":
        draw.polygon([(x, y - s - 2), (x + s + 2, y + s), (x - s - 2, y + s)], fill=marker.colour, outline="white")
    elif marker.shape == "diamond":
        draw.polygon([(x, y - s - 2), (x + s + 2, y), (x, y + s + 2), (x - s - 2, y)], fill=marker.colour,
                     outline="white")
    else:
        r = s - 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=marker.colour, outline="white")


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # pragma: no cover - Pillow built without FreeType
        return ImageFont.load_default()
