"""Opening an uploaded workbook and reading its rows, or refusing the file with a clear reason:
too large, not an Excel file, the wrong sheet, headers the kind does not have, merged cells."""

import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from research.text import without_control_characters

# The error report's last column; ignored when the corrected report comes back.
REASON_HEADER = "Lý do lỗi"


class FileRefused(ValueError):
    """The whole file cannot be read; `str()` is the translated reason."""


@dataclass
class Row:
    number: int  # the row number Excel shows
    values: dict = field(default_factory=dict)  # header → raw cell value


def header_key(header):
    return " ".join(unicodedata.normalize("NFC", str(header or "")).casefold().split())


def open_workbook(upload):
    """The workbook of an uploaded file, checked by size and by content (not by its name)."""
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise FileRefused(
            _("The file is %(size)s; the largest file the import reads is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    if not zipfile.is_zipfile(upload):
        raise FileRefused(
            _(
                "This is not an Excel workbook (.xlsx), whatever its name says. Save it from Excel as “Excel Workbook (.xlsx)”."
            )
        )
    upload.seek(0)
    try:
        return load_workbook(upload, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileRefused(
            _(
                "This is not an Excel workbook (.xlsx), whatever its name says. Save it from Excel as “Excel Workbook (.xlsx)”."
            )
        ) from error


def read_rows(workbook, sheet_title, columns):
    """The data rows of the kind's sheet, keyed by the column headers.

    `columns` are the kind's columns (with `.header` and `.required`). Unknown headers, missing
    required headers and merged cells refuse the file: each of them would shift values silently.
    """
    sheet = find_sheet(workbook, sheet_title)
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows, None) or ()
    by_key = {header_key(column.header): column for column in columns}
    positions = {}
    unknown = []
    for index, header in enumerate(headers):
        if header in (None, "") or header_key(header) == header_key(REASON_HEADER):
            continue
        column = by_key.get(header_key(header))
        if column is None:
            unknown.append(str(header))
        else:
            positions[index] = column.header
    missing = [c.header for c in columns if c.required and c.header not in positions.values()]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
        raise FileRefused(
            _(
                "The headers of sheet “%(sheet)s” are not those of the template (%(problems)s). Download the template and copy the data into it."
            )
            % {"sheet": sheet.title, "problems": "; ".join(problems)}
        )
    if sheet.merged_cells.ranges:
        cells = ", ".join(str(merged) for merged in list(sheet.merged_cells.ranges)[:5])
        raise FileRefused(
            _("Sheet “%(sheet)s” has merged cells (%(cells)s). Unmerge them and fill every cell.")
            % {"sheet": sheet.title, "cells": cells}
        )
    found = []
    for number, values in enumerate(rows, start=2):
        if all(value in (None, "") for value in values):
            continue
        found.append(
            Row(
                number,
                {
                    # Control characters are dropped at the boundary (research/text.py).
                    header: without_control_characters(values[index])
                    if index < len(values)
                    else None
                    for index, header in positions.items()
                },
            )
        )
    return found


def find_sheet(workbook, sheet_title):
    """The sheet named like the template's; a workbook of one sheet may name it otherwise."""
    for sheet in workbook.worksheets:
        if header_key(sheet.title) == header_key(sheet_title):
            return sheet
    if len(workbook.worksheets) == 1:
        return workbook.worksheets[0]
    raise FileRefused(
        _("The workbook has no sheet “%(sheet)s” (it has: %(sheets)s).")
        % {"sheet": sheet_title, "sheets": ", ".join(workbook.sheetnames)}
    )
