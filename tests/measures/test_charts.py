"""The drawn charts: SVG and PNG from one layout, the summary sentence, the table rows."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

from PIL import Image

from feedback.measures.layout import HEIGHT, WIDTH, layout
from feedback.measures.png import SCALE, chart_png
from feedback.measures.presenting import TOO_FEW, present
from feedback.measures.series import Granularity, PeriodValue, Series, Unit, chart_for, next_period
from feedback.measures.summary import read_chart
from feedback.measures.svg import chart_svg

SVG = "{http://www.w3.org/2000/svg}"
STEADY = [50, 54, 48, 52, 49, 53, 51, 47, 50, 52, 48, 51]


def monthly(values: list[float | None], *, first: date = date(2023, 5, 1), **options) -> Series:
    periods, start = [], first
    for value in values:
        periods.append(PeriodValue(start, value, None if value is None else 25))
        start = next_period(start, Granularity.MONTH)
    return Series(options.pop("title", "I was treated as an equal"), options.pop("unit", Unit.PERCENT),
                  Granularity.MONTH, periods, **options)


def test_a_run_above_the_average_is_said_in_words() -> None:
    chart = chart_for(monthly(STEADY + [54, 55, 53, 56, 54, 55, 54]))
    assert read_chart(chart).headline == "Special cause improvement: 7 months above the average since May 2024."


def test_common_cause_and_the_target_are_explained() -> None:
    reading = read_chart(chart_for(monthly(STEADY * 2, target=80)))
    assert reading.headline.startswith("Common cause variation: no sign of change. April 2025 was 51%")
    assert reading.details == ["The target of 80% will not be met without a change: it is outside the process limits."]


def test_a_point_beyond_a_limit_on_a_measure_where_lower_is_better() -> None:
    chart = chart_for(monthly(STEADY * 2 + [90], improvement="decrease"))
    assert read_chart(chart).headline == ("Special cause concern: May 2025 (90%) is beyond the upper process limit.")


def test_hidden_periods_are_gaps_never_points() -> None:
    values = STEADY[:4] + [None, None] + STEADY[4:]
    chart = chart_for(monthly(values))
    svg = ET.fromstring(chart_svg(chart, chart_id="m1"))
    points = svg.findall(".//*[@class]")
    markers = [e for e in points if "app-chart__point" in e.get("class")]
    bands = [e for e in points if e.get("class") == "app-chart__hidden"]
    assert len(markers) == 12 and len(bands) == 2
    assert [band.find(f"{SVG}title").text for band in bands] == [
        "September 2023: too few to show", "October 2023: too few to show"]
    # No line is drawn across the gap: 3 joins before it, 7 after.
    assert len([e for e in points if e.get("class") == "app-chart__data"]) == 10
    assert "2 months had too few responses to show" in " ".join(read_chart(chart).details)
    rows = present(chart, chart_id="m1", group_minimum=10).rows
    assert (rows[4].value, rows[4].base, rows[4].mean) == (TOO_FEW, "fewer than 10", "")
    assert rows[0].base == "25 responses"


def test_the_svg_scales_and_says_what_it_shows_without_colour() -> None:
    chart = chart_for(monthly(STEADY + [54, 55, 53, 56, 54, 55, 54], target=55))
    root = ET.fromstring(chart_svg(chart, chart_id="m2"))
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}" and root.get("width") is None
    assert root.get("role") == "img" and root.get("aria-labelledby") == "m2-title m2-desc"
    assert root.find(f"{SVG}desc").text.startswith("Special cause improvement: 7 months above")
    shapes = [e.get("class").rsplit("--", 1)[1] for e in root.iter() if "app-chart__point " in (e.get("class") or "")]
    assert shapes == ["circle"] * 12 + ["square"] * 7   # improvement has its own shape, not only its colour
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert "target" in texts and "May 23" in texts and "Nov 24" in texts
    view = present(chart, chart_id="m2", group_minimum=10)
    assert view.variation.words == "Special cause improvement: higher is better and it is higher"
    assert view.assurance.code == "inconsistent" and 'aria-hidden="true"' in view.assurance.svg
    assert view.rows[-1].reading == "Special cause improvement (7 Points Above CL)"


def test_change_dates_recalculate_limits_from_the_next_period() -> None:
    chart = chart_for(monthly(STEADY + [70, 72, 69, 71, 70, 73, 68, 71, 70, 72, 69, 71, 70],
                              change_dates=[date(2024, 4, 20)]))
    assert chart.result.rebase_dates == [date(2024, 5, 1)]
    assert "change" in [t.text for t in layout(chart).texts]
    assert read_chart(chart).headline.startswith("Common cause variation")


def test_nothing_to_show_says_so() -> None:
    chart = chart_for(monthly([None, None, None]))
    assert chart.result is None and read_chart(chart).headline.startswith("Too few to show")
    assert present(chart, chart_id="m3", group_minimum=10).variation is None
    ET.fromstring(chart_svg(chart, chart_id="m3"))  # still a well-formed, empty chart


def test_percent_axis_stays_within_0_and_100() -> None:
    chart = chart_for(monthly([97, 99, 100, 96, 98, 100, 99, 95, 100, 98, 97, 99, 100]))
    labels = [t.text for t in layout(chart).texts if t.text.endswith("%")]
    assert labels[-1] == "100%" and all(0 <= float(label[:-1]) <= 100 for label in labels)


def test_the_png_is_the_same_chart_with_gaps_left_pale() -> None:
    chart = chart_for(monthly(STEADY[:4] + [None] + STEADY[4:] + [54, 55, 53, 56, 54, 55, 54]))
    image = Image.open(io.BytesIO(chart_png(chart)))
    assert image.format == "PNG" and image.size == (WIDTH * SCALE, HEIGHT * SCALE)
    drawing = layout(chart)
    band = drawing.bands[0]
    inside = image.convert("RGB").getpixel((int((band.x + band.width / 2) * SCALE), int(HEIGHT / 2 * SCALE)))
    assert min(inside) > 200   # pale, not a point or a line
    last = drawing.markers[-1]
    assert image.convert("RGB").getpixel((int(last.x * SCALE), int(last.y * SCALE))) == (0, 94, 184)
