"""Charts of the annual report: horizontal bars drawn as SVG on the server (no script, no CDN),
the same drawing shown in the admin and, turned into PNG by cairosvg, embedded in the Word file."""

from decimal import Decimal

import cairosvg
from django.template.loader import render_to_string

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
TOP = 30


def bars(rows, width=WIDTH):
    """[(label, value, y, bar width, value text, value x)] for the rows, scaled to the largest."""
    largest = max((float(value) for _label, value in rows), default=0) or 1
    room = width - LABEL_WIDTH - 70
    drawn = []
    for index, (label, value) in enumerate(rows):
        bar = max(round(float(value) / largest * room, 1), 1 if value else 0)
        drawn.append(
            (
                label if len(label) <= 42 else label[:40] + "…",
                value,
                TOP + index * (BAR_HEIGHT + GAP),
                bar,
                format_value(value),
                round(LABEL_WIDTH + bar + 6, 1),
            )
        )
    return drawn


def format_value(value):
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value).replace(".", ",")


def bar_chart_svg(title, rows):
    """The SVG markup of a bar chart, or "" when there is nothing to draw."""
    if not rows:
        return ""
    drawn = bars(rows)
    height = TOP + len(drawn) * (BAR_HEIGHT + GAP) + 10
    return render_to_string(
        "research/annual/bar_chart.svg",
        {
            "title": title,
            "bars": drawn,
            "width": WIDTH,
            "height": height,
            "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT,
        },
    )


def svg_to_png(svg, scale=2):
    """PNG bytes of an SVG drawing, for Word (which does not read SVG everywhere)."""
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
