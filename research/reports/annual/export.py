"""The annual report as files: Word in the issuer's chosen format (Party or state) with the charts
embedded as pictures, and Excel with one named sheet per table, real numbers and dates, and a bold
frozen header."""

import io

from django.utils import timezone, translation
from docx import Document
from docx.shared import Cm
from jinja2 import Environment

from research.core import spreadsheets
from research.core.formatting import format_vnd
from research.documents import builtin
from research.documents.models import DocumentFormat, IssuerSettings
from research.documents.vocabulary import REPORT_TYPE, number_line, place_date
from research.reports.annual.charts import bar_chart_svg, svg_to_png
from research.reports.annual.data import DATE, MONEY, NUMBER, PERCENT, TEXT


def cell_text(value, kind):
    if value is None:
        return "—"
    if kind == MONEY:
        return format_vnd(value)
    if kind == DATE:
        return value.strftime("%d/%m/%Y")
    if kind == PERCENT:
        return f"{value} %".replace(".", ",")
    if kind == NUMBER:
        return str(value).replace(".", ",")
    return str(value)


def heading_fields(report):
    """The heading's fields as in an issued document: the issuer, a blank number, place and date."""
    issuer = IssuerSettings.load()
    fmt = issuer.annual_report_format
    parent = issuer.parent_body if fmt == DocumentFormat.PARTY else issuer.state_parent_body
    return {
        "issuer": {"parent_body": parent, "name": issuer.name},
        "number_line": number_line(fmt, "", REPORT_TYPE, issuer.symbol),
        "place_date": place_date(issuer.place, timezone.localdate()),
    }


def to_docx(report):
    """The report as a Word document in the format the issuer chose, each table with its chart."""
    document = Document()
    fmt = IssuerSettings.load().annual_report_format
    builtin.page(document, fmt)
    environment, fields = Environment(autoescape=False), heading_fields(report)
    builtin.heading(document, fmt, fill=lambda text: environment.from_string(text).render(fields))
    with translation.override("vi"):
        builtin.paragraph(document, "", 14)
        builtin.element(document, fmt, "type_name", "BÁO CÁO")
        builtin.element(
            document,
            fmt,
            "summary",
            f"Tổng kết hoạt động nghiên cứu khoa học năm {report.period_label}",
        )
        for number, table in enumerate(report.tables(), start=1):
            builtin.paragraph(document, f"{number}. {table.title}", 14, bold=True)
            grid = document.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                builtin.write_cell(cell, str(header), 12, bold=True)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value, kind in zip(cells, row, table.kinds, strict=True):
                    builtin.write_cell(cell, cell_text(value, kind), 12)
            svg = bar_chart_svg(str(table.title), table.chart_rows)
            if svg:
                document.add_picture(io.BytesIO(svg_to_png(svg)), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_xlsx(report):
    """One sheet per table, written the portal's one way (research/spreadsheets.py): numbers as
    numbers, dates as dates, money as whole VND, a bold frozen header."""
    workbook = spreadsheets.new_workbook()
    with translation.override("vi"):
        for table in report.tables():
            spreadsheets.add_table(
                workbook,
                f"{table.title} — {report.period_label}",
                table.headers,
                [
                    [plain(value, kind) for value, kind in zip(row, table.kinds, strict=True)]
                    for row in table.rows
                ],
                sheet_title=table.title,
                formats={
                    index: spreadsheets.MONEY
                    for index, kind in enumerate(table.kinds)
                    if kind == MONEY
                },
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain(value, kind):
    """The cell's value as Excel should hold it: numbers as numbers, text as text."""
    if kind == TEXT:
        return str(value)
    return value
