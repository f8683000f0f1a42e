"""Reading back the portal's Excel exports (research/spreadsheets.py): title, date, blank line, the
header row, then the rows."""

import io

from openpyxl import load_workbook

HEADER_ROW = 4


def read_export(content):
    """(sheet, headings, rows) of the first sheet of an exported workbook."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[HEADER_ROW - 1], rows[HEADER_ROW:]
