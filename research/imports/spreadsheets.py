"""The spreadsheets the office downloads: a template per kind (Vietnamese headers, an
instructions sheet with an example per column, drop-down lists for coded columns) and the
error report (the uploaded rows with a reason column, to correct and upload again)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from research.core.people import Unit
from research.core.reference import FundingSource, OrderingBody, ResearchField

from .cells import choice_labels
from .workbook import REASON_HEADER

LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
# Reference lists the office keeps in the admin, offered as drop-downs by column note.
REFERENCE_LISTS = {
    "units": lambda: Unit.objects.values_list("name", flat=True),
    "fields": lambda: ResearchField.objects.values_list("name", flat=True),
    "ordering_bodies": lambda: OrderingBody.objects.values_list("name", flat=True),
    "funding_sources": lambda: FundingSource.objects.values_list("name", flat=True),
}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ROWS_VALIDATED = 5000


def example_text(value):
    if hasattr(value, "label"):
        return str(value.label)
    return "" if value in (None, "") else str(value)


def template(kind):
    """The template of `kind` (a Kind instance) as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.sheet_title
    lists = workbook.create_sheet(LISTS_SHEET)
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append([_("Column"), _("Required"), _("Example"), _("How to fill it")])
    for cell in guide[1]:
        cell.font = BOLD
    list_column = 0
    for position, column in enumerate(kind.all_columns(), start=1):
        header = sheet.cell(row=1, column=position, value=column.header)
        header.font, header.fill = BOLD, HEADER_FILL
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(column.header) + 4)
        example = example_text(column.example)
        if example:
            header.comment = Comment(_("Example: %(example)s") % {"example": example}, "NCKH")
        options = (
            choice_labels(column.choices)
            if column.choices
            else list(REFERENCE_LISTS[column.note]())
            if column.note
            else []
        )
        how = ""
        if options:
            list_column += 1
            letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = BOLD
            for row, option in enumerate(options, start=2):
                lists.cell(row=row, column=list_column, value=option)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(options) + 1}",
                allow_blank=not column.required,
                showErrorMessage=bool(column.choices),
                errorTitle=_("Not in the list"),
                error=_("Choose a value from the list."),
            )
            target = get_column_letter(position)
            validation.add(f"{target}2:{target}{ROWS_VALIDATED}")
            sheet.add_data_validation(validation)
            how = _("Choose from the list.")
        guide.append(
            [
                column.header,
                _("Yes") if column.required else "",
                example,
                how or column_hint(column),
            ]
        )
    sheet.freeze_panes = "A2"
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["C"].width = 60
    guide.column_dimensions["D"].width = 60
    return save(workbook)


def column_hint(column):
    name = getattr(column.read, "__name__", "")
    return {
        "date": _("A date, written dd/mm/yyyy or as an Excel date."),
        "date_or_year": _(
            "A date, written dd/mm/yyyy or as an Excel date; or only the year (e.g. 2019) when the archive has no more."
        ),
        "amount": _("Whole đồng, e.g. 150000000 or 150.000.000 đ."),
        "people_list": _("Names in order, separated by “;”; degree prefixes are allowed."),
        "keywords": _("Keywords separated by “;” (a keyword may contain commas)."),
        "yes_no": _("“Có” or “Không”."),
    }.get(name, "")


def error_report(preview):
    """Every uploaded row with its reason (blank for good rows): correct it and upload it again."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = preview.kind.sheet_title
    headers = [column.header for column in preview.kind.all_columns()]
    sheet.append([*headers, REASON_HEADER])
    for cell in sheet[1]:
        cell.font = BOLD
    for result in preview.results:
        sheet.append([*(result.raw.get(header) for header in headers), result.reason or None])
    return save(workbook)


def save(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
