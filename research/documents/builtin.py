"""The built-in templates, built with python-docx from `specs.py`: A4, Times New Roman, the margins
and heading of the Party format (Hướng dẫn 36-HD/VPTW) or of the state format (Nghị định
30/2020/NĐ-CP). The result is an ordinary .docx with docxtpl fields, which the office can download,
change in Word and upload as its own."""

import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from research.models import DocumentFormat

from .specs import SPECS

FONT = "Times New Roman"
# Body size and heading sizes (points) of each format.
SIZES = {
    DocumentFormat.PARTY: {"body": 14, "heading": 14, "title": 15, "recipients": 12},
    DocumentFormat.STATE: {"body": 14, "heading": 12, "title": 14, "recipients": 11},
}
# A4 with the margins both rules allow: top and bottom 20 mm, left 30 mm, right 15 mm.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}


def set_font(run, size, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def paragraph(container, text, size, *, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, **style):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(3)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    set_font(p.add_run(text), size, **style)
    return p


def write_cell(cell, text, size, **style):
    """Write into a table cell's own first paragraph (a new cell has one, empty)."""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    set_font(p.add_run(text), size, **style)
    return p


def borderless(table):
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


HEADING_WIDTHS = (Cm(7), Cm(9.5))
# The width between the margins (210 − 30 − 15 mm) and of a table's first (numbering) column.
TEXT_WIDTH_CM = 16.5
NUMBER_COLUMN_CM = 1.2
SIGNATURE_WIDTHS = (Cm(8), Cm(8.5))


def two_columns(document, widths=HEADING_WIDTHS):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borderless(table)
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return table.rows[0].cells


def page(document, document_format):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES[document_format]["body"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def keep(text):
    return text


def heading(document, document_format, fill=keep):
    """The heading table; `fill` turns the fields into text when the document is not a template."""
    size = SIZES[document_format]["heading"]
    left, right = two_columns(document)
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(left, fill("{{ issuer.parent_body }}"), size, align=center)
    paragraph(left, fill("{{ issuer.name }}"), size, align=center, bold=True)
    if document_format == DocumentFormat.PARTY:
        paragraph(left, "*", size, align=center)
        paragraph(left, fill("{{ number_line }}"), size, align=center)
        paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, align=center, bold=True, underline=True)
        paragraph(right, "", size, align=center)
    else:
        paragraph(left, "———", size, align=center)
        paragraph(left, fill("{{ number_line }}"), size, align=center)
        paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size, align=center, bold=True)
        paragraph(right, "Độc lập - Tự do - Hạnh phúc", 14, align=center, bold=True)
        paragraph(right, "———————————", size, align=center)
    paragraph(right, fill("{{ place_date }}"), size, align=center, italic=True)


def title(document, spec, document_format):
    sizes = SIZES[document_format]
    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, "", sizes["body"])
    paragraph(document, spec["title"], sizes["title"], align=center, bold=True)
    paragraph(document, spec["summary"], sizes["heading"] + 1, align=center, bold=True)
    paragraph(document, "-----", sizes["body"], align=center)


def table(document, headers, loop, cells, size):
    """A table whose middle row repeats for each item (docxtpl's {%tr for %})."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        write_cell(cell, text, size - 1, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
    write_cell(grid.rows[1].cells[0], "{%tr for " + loop + " %}", size - 1)
    for cell, text in zip(grid.rows[2].cells, cells, strict=True):
        write_cell(cell, text, size - 1)
    write_cell(grid.rows[3].cells[0], "{%tr endfor %}", size - 1)
    other = Cm((TEXT_WIDTH_CM - NUMBER_COLUMN_CM) / (len(headers) - 1))
    for row in grid.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(NUMBER_COLUMN_CM) if index == 0 else other
    paragraph(document, "", size)


def body(document, blocks, document_format):
    size = SIZES[document_format]["body"]
    for block in blocks:
        kind = block[0]
        if kind == "p":
            paragraph(document, block[1], size, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        elif kind == "c":
            paragraph(document, block[1], size, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        elif kind == "if":
            paragraph(document, "{%p if " + block[1] + " %}", size)
        elif kind == "endif":
            paragraph(document, "{%p endif %}", size)
        elif kind == "table":
            table(document, *block[1:], size)


def signature(document, spec, document_format):
    sizes = SIZES[document_format]
    center = WD_ALIGN_PARAGRAPH.CENTER
    left, right = two_columns(document, SIGNATURE_WIDTHS)
    if spec["signature"] == "issuer":
        paragraph(left, "Nơi nhận:", sizes["recipients"], bold=True, underline=True, italic=True)
        paragraph(left, "{%p for line in recipients %}", sizes["recipients"])
        paragraph(left, "- {{ line }}", sizes["recipients"])
        paragraph(left, "{%p endfor %}", sizes["recipients"])
        paragraph(left, "- Lưu: {{ archive }}.", sizes["recipients"])
        paragraph(right, "{{ signer.authority }}", sizes["heading"], align=center, bold=True)
        paragraph(right, "{{ signer.title }}", sizes["heading"], align=center, bold=True)
        paragraph(
            right, "(Ký, ghi rõ họ tên và đóng dấu)", sizes["recipients"], align=center, italic=True
        )
        for _blank in range(3):
            paragraph(right, "", sizes["body"])
        paragraph(right, "{{ signer.name }}", sizes["body"], align=center, bold=True)
        return
    if spec["signature"] == "council":
        sides = [
            ("THƯ KÝ KHOA HỌC", "{{ council.secretary }}"),
            ("CHỦ TỊCH HỘI ĐỒNG", "{{ council.chair }}"),
        ]
    else:
        sides = [
            ("ĐẠI DIỆN BÊN A", "{{ signer.name }}"),
            ("ĐẠI DIỆN BÊN B", "{{ subject.principal }}"),
        ]
    for cell, (role, name) in zip((left, right), sides, strict=True):
        paragraph(cell, role, sizes["heading"], align=center, bold=True)
        paragraph(cell, "(Ký, ghi rõ họ tên)", sizes["recipients"], align=center, italic=True)
        for _blank in range(3):
            paragraph(cell, "", sizes["body"])
        paragraph(cell, name, sizes["body"], align=center, bold=True)


@lru_cache(maxsize=32)
def builtin_template(kind, document_format):
    """The built-in template of `kind` in `document_format`, as .docx bytes (built once)."""
    spec = SPECS[kind]
    document = Document()
    page(document, document_format)
    heading(document, document_format)
    title(document, spec, document_format)
    body(document, spec["body"], document_format)
    signature(document, spec, document_format)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
