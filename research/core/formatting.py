"""How the portal writes numbers, money and plain-ASCII names: one rule for screens, print,
exports and file names."""

import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import get_language


def format_vnd(amount):
    """Whole VND as the reader's language writes it: 1250000000 → “1.250.000.000 đ”, and on the
    English site “VND 1,250,000,000”."""
    if amount is None or amount == "":
        return "—"
    if (get_language() or "").startswith("en"):
        return f"VND {int(amount):,}"
    return f"{int(amount):,} đ".replace(",", ".")


def ascii_slug(text, length=80):
    """Plain ASCII words joined by “-”: đ becomes d, the other diacritics go. For file names and
    URL slugs that every system reads."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(text)[:length].strip("-")


def format_number(value, places=2):
    """A number as the reader's language writes it (Vietnamese: decimal comma, thousands dot),
    without needless decimals: 1.00 → “1”, 42.10 → “42,1”, 1250 → “1.250”."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    decimals = min(places, max(0, -number.normalize().as_tuple().exponent))
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def name_of(user):
    """How a person is named to others: their staff record's name with title and degree, else the
    account's full name; the username only for an account that has no name at all."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return person.display_name
    return user.get_full_name() or user.get_username()
