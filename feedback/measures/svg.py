"""An XmR chart as an SVG string, drawn on the server: no JavaScript is needed to see it.

The SVG is an image with a title and a description (the chart's summary sentence); the
page shows the same words beside it and the numbers in a table.
"""
from __future__ import annotations

from html import escape

from .layout import BOTTOM, FONT, HEIGHT, HIDDEN, TOP, WIDTH, Layout, Marker, layout
from .series import Chart
from .summary import read_chart

SIZE = 4.5   # half the width of a point's shape


def chart_svg(chart: Chart, *, chart_id: str) -> str:
    """The chart as an inline <svg>; `chart_id` keeps ids apart when a page has several."""
    drawing = layout(chart)
    title, desc = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="app-chart__svg" '
        f'role="img" aria-labelledby="{title} {desc}" font-family="Frutiger W01, Arial, sans-serif" '
        f'font-size="{FONT}">',
        f'<title id="{title}">{escape(chart.series.title)}</title>',
        f'<desc id="{desc}">{escape(read_chart(chart).headline)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="' + HIDDEN + '"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#d8dde0" stroke-width="2"/></pattern></defs>',
    ]
    parts += _bands(drawing, chart_id)
    for line in drawing.lines:
        dash = f' stroke-dasharray="{" ".join(map(str, line.dash))}"' if line.dash else ""
        parts.append(f'<line class="app-chart__{line.role}" x1="{line.x1:.1f}" y1="{line.y1:.1f}" '
                     f'x2="{line.x2:.1f}" y2="{line.y2:.1f}" stroke="{line.colour}" stroke-width="{line.width}"{dash}/>')
    parts += [_marker(marker) for marker in drawing.markers]
    for text in drawing.texts:
        parts.append(f'<text x="{text.x:.1f}" y="{text.y:.1f}" text-anchor="{text.anchor}" '
                     f'fill="{text.colour}">{escape(text.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bands(drawing: Layout, chart_id: str) -> list[str]:
    return [f'<rect class="app-chart__hidden" x="{band.x:.1f}" y="{TOP}" width="{band.width:.1f}" '
            f'height="{HEIGHT - BOTTOM - TOP}" fill="url(#{chart_id}-hatch)"><title>{escape(band.label)}</title></rect>'
            for band in drawing.bands]


def _marker(marker: Marker) -> str:
    x, y, s = marker.x, marker.y, SIZE
    common = f'class="app-chart__point app-chart__point--{marker.shape}" fill="{marker.colour}" stroke="#fff" stroke-width="1"'
    label = f"<title>{escape(marker.label)}</title>"
    if marker.shape == "square":
        return f'<rect {common} x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}">{label}</rect>'
    if marker.shape == "triangle":
        points = f"{x:.1f},{y - s - 1:.1f} {x + s + 1:.1f},{y + s:.1f} {x - s - 1:.1f},{y + s:.1f}"
        return f'<polygon {common} points="{points}">{label}</polygon>'
    if marker.shape == "diamond":
        points = f"{x:.1f},{y - s - 1:.1f} {x + s + 1:.1f},{y:.1f} {x:.1f},{y + s + 1:.1f} {x - s - 1:.1f},{y:.1f}"
        return f'<polygon {common} points="{points}">{label}</polygon>'
    return f'<circle {common} cx="{x:.1f}" cy="{y:.1f}" r="{s - 1}">{label}</circle>'
