"""How the portal writes numbers and money: one rule for screens, print and exports."""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def format_vnd(amount):
    """Whole VND the Vietnamese way: 1250000000 → “1.250.000.000 đ”."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} đ".replace(",", ".")


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
