"""Small charts drawn on the server as SVG attributes (no script, no style attribute): the home
page's key figures. Each function turns [(label, value)] into what its template draws."""

BAR_MIN_PERCENT = 2  # a bar for a small non-zero value stays visible
COLUMN_HEIGHT = 100  # the SVG's drawing height, in its own units
COLUMN_WIDTH = 10
COLUMN_GAP = 4


def bars(rows):
    """Horizontal bars: [{label, value, percent of the largest value}]."""
    rows = [(str(label), value) for label, value in rows]
    largest = max((value for _label, value in rows), default=0)
    return [
        {
            "label": label,
            "value": value,
            "percent": max(round(100 * value / largest), BAR_MIN_PERCENT) if value else 0,
        }
        for label, value in rows
    ]


def columns(rows):
    """Vertical columns in a viewBox of `width` × COLUMN_HEIGHT: [{label, value, x, y, height}],
    the label under each column and the value above it."""
    rows = list(rows)
    largest = max((value for _label, value in rows), default=0) or 1
    drawn = []
    for index, (label, value) in enumerate(rows):
        height = round((COLUMN_HEIGHT - 30) * value / largest)
        drawn.append(
            {
                "label": label,
                "value": value,
                "x": index * (COLUMN_WIDTH + COLUMN_GAP) + COLUMN_GAP,
                "y": COLUMN_HEIGHT - 14 - height,
                "height": height,
                "centre": index * (COLUMN_WIDTH + COLUMN_GAP) + COLUMN_GAP + COLUMN_WIDTH / 2,
            }
        )
    return {
        "columns": drawn,
        "width": len(rows) * (COLUMN_WIDTH + COLUMN_GAP) + COLUMN_GAP,
        "height": COLUMN_HEIGHT,
        "baseline": COLUMN_HEIGHT - 14,
    }
