"""The built-in templates, built with python-docx from `specs.py`: A4, Times New Roman, the margins
and heading of the Party format (Hướng dẫn 36-HD/VPTW) or of the state format (Nghị định
30/2020/NĐ-CP). The result is an ordinary .docx with docxtpl fields, which the office can download,
change in Word and upload as its own."""

import io
from functools import lru_cache

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from research.documents.models import DocumentFormat

from .format_rules import (
    HEADING_COLUMNS_CM,
    HYPHENS,
    MARGINS_MM,
    PAGE,
    RULES,
    SOLID,
    UNDERLINE,
)
from .specs import SPECS

FONT = PAGE["font"]
# Body size and the size of tables' text (points) of each format.
SIZES = {
    DocumentFormat.PARTY: {"body": 14, "heading": 14, "title": 15, "recipients": 12, "table": 13},
    DocumentFormat.STATE: {"body": 14, "heading": 12, "title": 14, "recipients": 11, "table": 13},
}
CENTER, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
ALIGNMENTS = {"center": CENTER, "left": LEFT, "justify": JUSTIFY}


def set_font(run, size, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def paragraph(container, text, size, *, align=LEFT, indent=False, **style):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(3)
    if indent:
        p.paragraph_format.first_line_indent = Cm(PAGE["first_line_indent_cm"][0])
    set_font(p.add_run(text), size, **style)
    return p


def element(container, document_format, name, text):
    """A paragraph written as the format's rule for element `name` says (format_rules.RULES)."""
    rule = RULES[document_format][name]
    p = paragraph(
        container,
        text,
        rule.size,
        align=ALIGNMENTS[rule.align],
        indent=rule.align == "justify",
        bold=rule.bold,
        italic=rule.italic,
        underline=rule.underline or rule.line_below == UNDERLINE,
    )
    if rule.line_below == SOLID:
        solid_line(container, RULE_LENGTHS_CM.get(name, 4.0))
    elif rule.line_below == HYPHENS:
        paragraph(container, "-----", rule.size, align=CENTER)
    return p


# How long the drawn lines are (cm): under the motto as long as the motto, under the issuer and
# the summary about a third to a half of the line above (NĐ30 PL I/II.1, II.2, II.5).
RULE_LENGTHS_CM = {"motto": 5.6, "issuer": 2.8, "summary": 4.5}


def solid_line(container, length_cm):
    """A solid horizontal rule `length_cm` long, centred: the bottom border of an empty paragraph
    indented from both sides, which Word and LibreOffice draw alike."""
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.line_spacing = Pt(2)
    width = container.width.cm if hasattr(container, "width") and container.width else TEXT_WIDTH_CM
    side = Cm(max((width - length_cm) / 2, 0))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    set_font(p.add_run(""), 2)
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


# The width between the margins (210 − 30 − 15 mm).
TEXT_WIDTH_CM = (PAGE["width_mm"] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10
SIGNATURE_WIDTHS_CM = (8.0, 8.5)


def set_widths(table, widths_cm):
    """Fixed column widths, written both in the grid (LibreOffice reads it) and in every cell
    (Word does), so a narrow numbering column stays narrow."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def two_columns(document, widths_cm):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(table)
    set_widths(table, widths_cm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    # The block stays whole: a signature never starts on one page and ends on the next.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table.rows[0].cells


def page(document, document_format):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width_mm"]), Mm(PAGE["height_mm"])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES[document_format]["body"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def keep(text):
    return text


def heading(document, document_format, fill=keep, letter_summary=""):
    """The heading table; `fill` turns the fields into text when the document is not a template.
    A letter's summary (“V/v …”) stands under its number."""
    left, right = two_columns(document, HEADING_COLUMNS_CM[document_format])
    if document_format == DocumentFormat.PARTY:
        element(left, document_format, "parent_body", fill("{{ issuer.parent_body }}"))
        element(left, document_format, "issuer", fill("{{ issuer.name }}"))
        paragraph(left, "*", RULES[document_format]["issuer"].size, align=CENTER)
        element(left, document_format, "number", fill("{{ number_line }}"))
        element(right, document_format, "party_name", "ĐẢNG CỘNG SẢN VIỆT NAM")
        paragraph(right, "", RULES[document_format]["place_date"].size, align=CENTER)
    else:
        # A state-format document may have no parent body (a Party one is never printed there).
        parent = fill("{{ issuer.parent_body }}")
        if fill is keep:
            left.add_paragraph("{%p if issuer.parent_body %}")
        if parent:
            element(left, document_format, "parent_body", parent)
        if fill is keep:
            left.add_paragraph("{%p endif %}")
        element(left, document_format, "issuer", fill("{{ issuer.name }}"))
        element(left, document_format, "number", fill("{{ number_line }}"))
        element(right, document_format, "national_name", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        element(right, document_format, "motto", "Độc lập - Tự do - Hạnh phúc")
    if letter_summary:
        element(left, document_format, "letter_summary", letter_summary)
    element(right, document_format, "place_date", fill("{{ place_date }}"))


def title(document, spec, document_format):
    """The type name and the summary under it; a letter has neither here (its summary stands in
    the heading)."""
    paragraph(document, "", SIZES[document_format]["body"])
    if spec.get("letter"):
        return
    element(document, document_format, "type_name", spec["title"])
    element(document, document_format, "summary", spec["summary"])


def table(document, headers, loop, cells, widths, size):
    """A table whose middle row repeats for each item (docxtpl's {%tr for %})."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        write_cell(cell, text, size, bold=True).alignment = CENTER
    write_cell(grid.rows[1].cells[0], "{%tr for " + loop + " %}", size)
    for index, (cell, text) in enumerate(zip(grid.rows[2].cells, cells, strict=True)):
        write_cell(cell, text, size).alignment = CENTER if index == 0 else LEFT
    write_cell(grid.rows[3].cells[0], "{%tr endfor %}", size)
    # The widths are shares of the text width; the numbering column stays narrow.
    total = sum(widths)
    set_widths(grid, [TEXT_WIDTH_CM * share / total for share in widths])
    paragraph(document, "", size)


def body(document, blocks, document_format):
    size = RULES[document_format]["body"].size
    for block in blocks:
        kind = block[0]
        if kind == "p":
            element(document, document_format, "body", block[1])
        elif kind == "c":
            paragraph(document, block[1], size, align=CENTER, bold=True)
        elif kind == "to":
            element(document, document_format, "addressee", block[1])
        elif kind == "if":
            paragraph(document, "{%p if " + block[1] + " %}", size)
        elif kind == "endif":
            paragraph(document, "{%p endif %}", size)
        elif kind == "table":
            table(document, *block[1:], SIZES[document_format]["table"])


def signature(document, spec, document_format):
    # The text's last printed paragraph goes onto the signature's page: a signature never stands
    # alone on the last page.
    printed = [p for p in document.paragraphs if not p.text.startswith("{%")]
    printed[-1].paragraph_format.keep_with_next = True
    left, right = two_columns(document, SIGNATURE_WIDTHS_CM)
    blank = RULES[document_format]["signer_name"].size
    if spec["signature"] == "issuer":
        element(left, document_format, "recipients_heading", "Nơi nhận:")
        left.add_paragraph("{%p for line in recipients %}")
        element(left, document_format, "recipients", "- {{ line }}")
        left.add_paragraph("{%p endfor %}")
        element(left, document_format, "recipients", "- Lưu: {{ archive }}.")
        right.add_paragraph("{%p if signer.authority %}")
        element(right, document_format, "authority", "{{ signer.authority }}")
        right.add_paragraph("{%p endif %}")
        element(right, document_format, "signer_title", "{{ signer.title }}")
        for _blank in range(4):
            paragraph(right, "", blank)
        element(right, document_format, "signer_name", "{{ signer.name }}")
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
        element(cell, document_format, "signer_title", role)
        for _blank in range(4):
            paragraph(cell, "", blank)
        element(cell, document_format, "signer_name", name)


@lru_cache(maxsize=32)
def builtin_template(kind, document_format):
    """The built-in template of `kind` in `document_format`, as .docx bytes (built once)."""
    spec = SPECS[kind]
    document = Document()
    page(document, document_format)
    heading(document, document_format, letter_summary=spec["summary"] if spec.get("letter") else "")
    title(document, spec, document_format)
    body(document, spec["body"], document_format)
    signature(document, spec, document_format)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
