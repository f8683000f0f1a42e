def format_vnd(amount):
    """Whole VND the Vietnamese way: 1250000000 → “1.250.000.000 đ”."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} đ".replace(",", ".")
