"""Building spreadsheets for the import tests."""

from io import BytesIO

from openpyxl import Workbook

from research.imports.engine import Context
from research.imports.kinds import KINDS


def headers_of(kind):
    return [column.header for column in KINDS[kind](Context()).all_columns()]


def xlsx(kind, rows, title=None, headers=None, extra_sheets=()):
    """An uploaded-file-like .xlsx of `rows` (dicts by header) in the kind's sheet."""
    headers = headers or headers_of(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title or KINDS[kind].sheet_title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    for name in extra_sheets:
        workbook.create_sheet(name)
    return upload(workbook)


def upload(workbook, name="du-lieu.xlsx"):
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    buffer.size = len(buffer.getvalue())
    return buffer


class BytesIOText:
    """A command's stdout that keeps nothing."""

    def write(self, text):
        pass

    def flush(self):
        pass
