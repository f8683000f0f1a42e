"""Reading one spreadsheet cell into a value, or a translated reason why it cannot be read.

Dates come as Excel dates, Excel serial numbers or text dd/mm/yyyy; amounts as numbers or text
with “.” thousands separators and “đ”; coded columns as their Vietnamese label or their code.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from research.core.bounds import plausible_date
from research.core.keywords import split_keywords

# Serial numbers Excel gives to dates between 1900 and 2200.
SERIALS = range(1, 110_000)
DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
YEAR_TEXT = re.compile(r"^(?:năm\s*)?(\d{4})$", re.I)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
CURRENCY = re.compile(r"(đồng|đ|vnd|vnđ)\s*$", re.I)


class CellError(ValueError):
    """A cell that cannot be read; `str()` is the translated reason."""


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def date(value):
    """A date in the forms' plausible range (research.core.bounds), or CellError: “31/02/2018” is an
    impossible date, “01/03/0021” an implausible one, “March 2021” not a date at all."""
    return plausible(parse_date(value))


def parse_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in SERIALS:
            return from_excel(value).date()
        raise CellError(_("“%(value)s” is not a date.") % {"value": value})
    written = text(value)
    for pattern, order in ((DATE_TEXT, (3, 2, 1)), (ISO_DATE, (1, 2, 3))):
        if match := pattern.match(written):
            try:
                return datetime.date(*(int(match.group(i)) for i in order))
            except ValueError:
                raise CellError(
                    _("“%(value)s” is an impossible date (no such day in that month).")
                    % {"value": written}
                ) from None
    raise CellError(_("“%(value)s” is not a date written dd/mm/yyyy.") % {"value": written})


def plausible(day):
    try:
        plausible_date(day)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from error
    return day


class YearOnly(datetime.date):
    """A date known only by its year (archives often record no more): the first day of the year,
    marked so that the record keeps the precision."""


def date_or_year(value):
    """A date, or a year written alone (2019, “năm 2019”) read as `YearOnly`."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return plausible(YearOnly(int(value), 1, 1))
    if isinstance(value, str) and (match := YEAR_TEXT.match(text(value))):
        return plausible(YearOnly(int(match.group(1)), 1, 1))
    return date(value)


def year(value):
    number = integer(value)
    if number is not None and not 1900 <= number <= 2200:
        raise CellError(_("“%(value)s” is not a year.") % {"value": value})
    return number


def integer(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    if isinstance(value, int | float):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    written = text(value)
    if written.isdigit():
        return int(written)
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": written})


def amount(value):
    """A whole amount of VND: 1250000000, “1.250.000.000”, “1.250.000.000 đ”, “1,250,000,000”."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise CellError(_("“%(value)s” is not a whole amount of đồng.") % {"value": value})
    written = CURRENCY.sub("", text(value)).strip()
    digits = written.replace(".", "").replace(",", "").replace(" ", "")
    if digits.isdigit() and re.fullmatch(r"\d{1,3}([.,  ]\d{3})*|\d+", written):
        return int(digits)
    raise CellError(_("“%(value)s” is not a whole amount of đồng.") % {"value": text(value)})


def yes_no(value):
    written = text(value).lower()
    if written in ("", "có", "co", "x", "yes", "1", "true"):
        return True if written else None
    if written in ("không", "khong", "no", "0", "false"):
        return False
    raise CellError(_("Write “Có” or “Không”, not “%(value)s”.") % {"value": text(value)})


def keywords(value):
    return split_keywords(text_lines(value))


def text_lines(value):
    """A cell's text with its line breaks kept (keywords may be written one per line)."""
    return "" if value is None else str(value)


def choice_labels(choices):
    """The Vietnamese labels of a TextChoices class, as the template's lists show them."""
    with translation.override("vi"):
        return [str(label) for label in choices.labels]


def choice(choices):
    """A reader for a coded column: the Vietnamese label, the English label or the code."""

    def read(value):
        written = text(value)
        if not written:
            return None
        wanted = written.casefold()
        for code, label in choices.choices:
            names = {code.casefold()}
            for language in ("vi", "en"):
                with translation.override(language):
                    names.add(str(label).casefold())
            if wanted in names:
                return code
        raise CellError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": written, "allowed": ", ".join(choice_labels(choices))}
        )

    return read
