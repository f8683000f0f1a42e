"""The Excel files the portal writes, all one way: a named sheet, the report's title and the day
it was made above the table, a bold header row that stays in view, real numbers and dates with
their formats, and columns wide enough to read."""

import csv
import datetime
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from research.core.text import without_control_characters

MONEY = '#,##0 "đ"'
WHOLE = "#,##0"
DECIMAL = "#,##0.00"
DATE = "dd/mm/yyyy"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDEST = 60
# What makes Excel or LibreOffice read a CSV cell as a formula (`=HYPERLINK(…)`, `+1+cmd|…`, `@SUM`):
# such a cell is written with a leading apostrophe, shown as text (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """A value as a spreadsheet may hold it: text without the control characters XML refuses."""
    return without_control_characters(value)


def csv_value(value):
    """A value for a CSV cell: no control characters, and never read as a formula."""
    value = without_control_characters(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter(csv.DictWriter):
    """`csv.DictWriter` whose every cell goes through `csv_value`: every CSV the portal writes is
    written with it (Wagtail's admin exports through `clean_wagtail_exports`)."""

    def writerow(self, rowdict):
        return super().writerow({key: csv_value(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def clean_wagtail_exports():
    """Wagtail's listing exports (site history, every viewset and report) write their cells
    through `csv_value` and `cell_value` too: one value hook, `preprocess_field_value`, feeds both
    its CSV and its .xlsx writer. Called once from ResearchConfig.ready()."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "cleaned", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return csv_value(value) if export_format == self.FORMAT_CSV else cell_value(value)

    preprocess_field_value.cleaned = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def sheet_name(title):
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "1"


def number_format(value):
    if isinstance(value, datetime.date):
        return DATE
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return WHOLE
    if isinstance(value, Decimal | float):
        return WHOLE if value == int(value) else DECIMAL
    return None


def add_table(workbook, title, headings, rows, *, sheet_title=None, formats=None):
    """A sheet holding `title`, the day, and the table; `formats` maps a column index to a number
    format (MONEY for amounts), others are guessed from the values."""
    sheet = workbook.create_sheet(sheet_name(sheet_title or title))
    sheet.append([cell_value(str(title))])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Made on %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}])
    sheet.append([])
    sheet.append([str(heading) for heading in headings])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"  # a coordinate: a cell would start a row
    widths = [len(str(heading)) for heading in headings]
    for row in rows:
        values = [
            value.replace(tzinfo=None)
            if isinstance(value, datetime.datetime)
            else cell_value(value)
            for value in row
        ]
        sheet.append(values)
        for index, (cell, value) in enumerate(zip(sheet[sheet.max_row], values, strict=False)):
            if cell.data_type == "f":  # text starting with “=” is text, never a formula
                cell.data_type = "s"
            cell_format = (formats or {}).get(index) or number_format(value)
            if cell_format:
                cell.number_format = cell_format
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            longest = max((len(line) for line in str(value or "").splitlines()), default=0)
            widths[index] = max(widths[index], longest)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, WIDEST)
    return sheet


def new_workbook():
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_response(workbook, filename):
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook.save(response)
    return response
