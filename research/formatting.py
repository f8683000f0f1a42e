import unicodedata

from django.utils.text import slugify


def format_vnd(amount):
    """Whole VND the Vietnamese way: 1250000000 → “1.250.000.000 đ”."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} đ".replace(",", ".")


def ascii_slug(text, length=80):
    """Plain ASCII words joined by “-”: đ becomes d, the other diacritics go. For file names and
    URL slugs that every system reads."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return slugify(text)[:length].strip("-")
