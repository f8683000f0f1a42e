"""Opening an uploaded workbook and reading its rows, or refusing the file with a clear reason:
too large, not an Excel file, a spreadsheet bomb, the wrong sheet, headers the kind does not
have, merged cells.

A .xlsx is a zip of XML: a 100 KB file can declare millions of cells or unpack to gigabytes.
Before openpyxl parses anything, the package is inspected from its zip directory and the first
bytes of each sheet — the unpacked size of every part, the shared strings, each sheet's declared
dimension — and the rows are then streamed (read-only mode) with the same limits counted as they
come, so a file that lies about its dimension is stopped as soon as it passes them.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from research.core.text import without_control_characters

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


SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)
DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\""
)
UNIQUE_COUNT = re.compile(rb"uniqueCount=\"(\d+)\"")
MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z0-9:]{1,24})\"")
MAX_PARTS = 2000
HEAD = 4096
CHUNK = 1 << 20


def not_excel():
    return FileRefused(
        _(
            "This is not an Excel workbook (.xlsx), whatever its name says. Save it from Excel as “Excel Workbook (.xlsx)”."
        )
    )


def too_large(what, found, limit):
    return FileRefused(
        _(
            "The file is too large for the import: %(what)s %(found)s, at most %(limit)s. Split it into several files."
        )
        % {"what": what, "found": found, "limit": limit}
    )


def column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def number(value):
    return f"{value:,}".replace(",", ".")


def inspect_package(upload):
    """Refuse a spreadsheet bomb from the zip directory and the sheets' first bytes, before any
    XML is parsed: the unpacked size of the parts and of the shared strings, and each sheet's
    declared rows, columns and cells."""
    upload.seek(0)
    try:
        package = zipfile.ZipFile(upload)
        parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_excel() from error
    if len(parts) > MAX_PARTS:
        raise not_excel()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > settings.IMPORT_MAX_UNPACKED_SIZE:
        raise too_large(
            _("unpacked size"),
            filesizeformat(unpacked),
            filesizeformat(settings.IMPORT_MAX_UNPACKED_SIZE),
        )
    for part in parts:
        name = part.filename
        if name.lower().endswith("sharedstrings.xml"):
            if part.file_size > settings.IMPORT_MAX_SHARED_STRINGS_SIZE:
                raise too_large(
                    _("texts (shared strings)"),
                    filesizeformat(part.file_size),
                    filesizeformat(settings.IMPORT_MAX_SHARED_STRINGS_SIZE),
                )
            if (found := UNIQUE_COUNT.search(head(package, part))) and int(
                found.group(1)
            ) > settings.IMPORT_MAX_CELLS:
                raise too_large(
                    _("distinct texts"),
                    number(int(found.group(1))),
                    number(settings.IMPORT_MAX_CELLS),
                )
        elif SHEET_PART.match(name):
            check_dimension(head(package, part))
            count_cells(package, part)


def head(package, part):
    try:
        with package.open(part) as handle:
            return handle.read(HEAD)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise not_excel() from error


def check_dimension(xml_head):
    found = DIMENSION.search(xml_head)
    if not found:
        return  # no dimension declared: the streaming limits hold
    first_col, first_row, last_col, last_row = (
        part.decode() if part else None for part in found.groups()
    )
    last_col, last_row = last_col or first_col, last_row or first_row
    rows = int(last_row) - int(first_row) + 1
    columns = column_number(last_col) - column_number(first_col) + 1
    check_extent(rows - 1, columns)


def count_cells(package, part):
    """The rows and cells a sheet really holds, counted on its XML bytes (no parsing, about a
    second for the largest sheet the unpacked limit lets through): a sheet that declares no
    dimension, or a false one, is refused here too."""
    rows = cells = 0
    try:
        with package.open(part) as handle:
            while chunk := handle.read(CHUNK):
                rows += chunk.count(b"<row ") + chunk.count(b"<row>")
                cells += chunk.count(b"<c ") + chunk.count(b"<c>")
                if rows - 1 > settings.IMPORT_MAX_ROWS:
                    raise too_large(_("rows"), number(rows - 1), number(settings.IMPORT_MAX_ROWS))
                if cells > settings.IMPORT_MAX_CELLS:
                    raise too_large(_("cells"), number(cells), number(settings.IMPORT_MAX_CELLS))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        if isinstance(error, FileRefused):
            raise
        raise not_excel() from error


def check_extent(rows, columns):
    if rows > settings.IMPORT_MAX_ROWS:
        raise too_large(_("rows"), number(rows), number(settings.IMPORT_MAX_ROWS))
    if columns > settings.IMPORT_MAX_COLUMNS:
        raise too_large(_("columns"), number(columns), number(settings.IMPORT_MAX_COLUMNS))
    if (rows + 1) * columns > settings.IMPORT_MAX_CELLS:
        raise too_large(_("cells"), number((rows + 1) * columns), number(settings.IMPORT_MAX_CELLS))


def merged_ranges(workbook, sheet):
    """The merged ranges of a read-only sheet (openpyxl does not read them in that mode): the
    sheet's XML streamed in chunks, its unpacked size already bounded."""
    found, tail = [], b""
    try:
        with workbook._archive.open(sheet._worksheet_path) as handle:
            while chunk := handle.read(CHUNK):
                text = tail + chunk
                found += [m.group(1).decode() for m in MERGE.finditer(text)]
                tail = text[-64:]
                found = list(dict.fromkeys(found))
                if len(found) >= 5:
                    break
    except (AttributeError, KeyError):
        return []
    return found


def read_file(upload, sheet_title, columns):
    """The rows of an uploaded file, read once and closed: open, check, stream."""
    workbook = open_workbook(upload)
    try:
        return read_rows(workbook, sheet_title, columns)
    finally:
        workbook.close()


def open_workbook(upload):
    """The workbook of an uploaded file, checked by size, by content (not by its name) and for
    bombs, opened read-only (rows are streamed)."""
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
    inspect_package(upload)
    upload.seek(0)
    try:
        return load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise not_excel() from error


def read_rows(workbook, sheet_title, columns):
    """The data rows of the kind's sheet, keyed by the column headers.

    `columns` are the kind's columns (with `.header` and `.required`). Unknown headers, missing
    required headers and merged cells refuse the file: each of them would shift values silently.
    """
    sheet = find_sheet(workbook, sheet_title)
    limit = settings.IMPORT_MAX_COLUMNS
    rows = sheet.iter_rows(values_only=True, max_col=limit)
    try:
        headers = next(rows, None) or ()
    except (KeyError, ValueError, TypeError, SyntaxError) as error:
        raise not_excel() from error
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
    if merged := merged_ranges(workbook, sheet):
        cells = ", ".join(merged[:5])
        raise FileRefused(
            _("Sheet “%(sheet)s” has merged cells (%(cells)s). Unmerge them and fill every cell.")
            % {"sheet": sheet.title, "cells": cells}
        )
    found, cells = [], len(headers)
    try:
        for row_number, values in enumerate(rows, start=2):
            if row_number - 1 > settings.IMPORT_MAX_ROWS:
                check_extent(row_number - 1, len(headers))
            cells += len(values)
            if cells > settings.IMPORT_MAX_CELLS:
                raise too_large(_("cells"), number(cells), number(settings.IMPORT_MAX_CELLS))
            if all(value in (None, "") for value in values):
                continue
            found.append(row(row_number, values, positions))
    except (KeyError, ValueError, TypeError, SyntaxError) as error:
        if isinstance(error, FileRefused):
            raise
        raise not_excel() from error
    return found


def row(row_number, values, positions):
    return Row(
        row_number,
        {
            # Control characters are dropped at the boundary (research/text.py).
            header: without_control_characters(values[index]) if index < len(values) else None
            for index, header in positions.items()
        },
    )


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
