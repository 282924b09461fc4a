"""The chart image: a real PNG sized for an email column, with the same numbers as alt text."""
from __future__ import annotations

import io

from PIL import Image

from feedback.mail.chart import WIDTH, Bar, alt_text, bar_chart


def test_chart_is_a_png_one_row_per_bar_and_alt_text_has_the_numbers():
    bars = [Bar("People listened to what I said", 67), Bar("A statement far too long to fit on one line of the "
                                                           "chart without being shortened at the end", 100)]
    image = Image.open(io.BytesIO(bar_chart(bars, title="People who agreed (%)")))
    assert image.format == "PNG" and image.width == WIDTH
    taller = Image.open(io.BytesIO(bar_chart(bars * 2, title="People who agreed (%)")))
    assert taller.height > image.height
    assert alt_text(bars[:1], title="People who agreed (%)") == \
        "People who agreed (%): People listened to what I said 67%."
