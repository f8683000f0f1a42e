"""The school's colours: checked when an editor sets them (white text must stay readable on the
main colour, WCAG 2 AA), and served as a tiny stylesheet of custom properties whose address
changes with the colours (cms.views.theme), so browsers may keep it for a year."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_BRAND = "#a3141c"  # the deep red of Vietnamese official sites
DEFAULT_ACCENT = "#a86b00"  # a dark gold, readable as a graphic on white
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_TEXT_CONTRAST = 4.5  # WCAG 2 AA for body text


def validate_colour(value):
    if not COLOUR.match(value or ""):
        raise ValidationError(_("Write a colour as # and six hexadecimal digits, e.g. #a3141c."))


def luminance(colour):
    """Relative luminance of #rrggbb (WCAG 2)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour, factor=0.75):
    """The colour darkened, for hover states and the footer."""
    channels = [round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5)]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def check_readable(settings_row, field):
    colour = getattr(settings_row, field)
    if COLOUR.match(colour or "") and contrast(colour, "#ffffff") < MIN_TEXT_CONTRAST:
        raise ValidationError(
            {
                field: _(
                    "White text on this colour is hard to read (contrast %(ratio).1f:1, at "
                    "least 4.5:1 is needed): choose a darker colour."
                )
                % {"ratio": contrast(colour, "#ffffff")}
            }
        )


def version(*colours):
    return hashlib.sha256("".join(colours).encode()).hexdigest()[:10]


def stylesheet(brand, accent):
    return (
        f":root{{--brand:{brand};--brand-dark:{darker(brand)};"
        f"--accent:{accent};--accent-dark:{darker(accent)}}}\n"
    )
