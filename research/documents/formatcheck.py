"""Read a document (or a template) element by element against the format's table
(`format_rules.RULES`) and list what deviates, each with the clause it breaks.

The same check runs on every built-in template and every document issued from one (tests), and on
a template a school uploads before it is accepted (`admin.DocumentTemplateForm`)."""

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from .format_rules import (
    HYPHENS,
    LETTER_ONLY,
    NOT_IN_LETTERS,
    NUMBER_COLUMN_MAX_CM,
    PAGE,
    RULES,
    SOLID,
    UNDERLINE,
    required,
)
from .specs import SPECS

ALIGN = {
    "center": {WD_ALIGN_PARAGRAPH.CENTER},
    "left": {None, WD_ALIGN_PARAGRAPH.LEFT},
    "justify": {WD_ALIGN_PARAGRAPH.JUSTIFY},
}
TAG = re.compile(r"{[{%][^}]*[}%]}")
# A paragraph that is only a docxtpl control tag ({%p if %}, {%tr for %}) is not printed.
CONTROL = re.compile(r"{%[^}]*%}")
# What a table cell loses to its own left and right margins (Word's default, 0.19 cm each).
CELL_MARGINS_CM = 0.38
COUNCIL_TITLES = ("THƯ KÝ KHOA HỌC", "CHỦ TỊCH HỘI ĐỒNG")
PARTY_TITLES = ("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B")


@dataclass(frozen=True)
class Deviation:
    element: str
    message: str
    source: str

    def __str__(self):
        return f"{self.element}: {self.message} ({self.source})"


@dataclass
class Line:
    """A paragraph with what the check needs around it."""

    paragraph: object
    width_cm: float | None  # its table cell's width; None in the body
    following: list  # the paragraphs after it in the same container
    table: int | None = None  # which table it is in

    @property
    def text(self):
        return self.paragraph.text.strip()


def lines_of(document):
    def container(paragraphs, width, table=None):
        return [
            Line(p, width, paragraphs[index + 1 :], table)
            for index, p in enumerate(paragraphs)
            if not CONTROL.fullmatch(p.text.strip() or "x")
        ]

    lines = container(document.paragraphs, None)
    for number, table in enumerate(document.tables):
        for row in table.rows:
            for cell in row.cells:
                width = cell.width.cm if cell.width else None
                lines.extend(container(cell.paragraphs, width, number))
    return lines


# Elements of the signature block: looked for in the document's last table only, so that a
# council member's name in the members' table is not taken for the signer's.
SIGNATURE_ELEMENTS = {
    "authority",
    "signer_title",
    "signer_name",
    "recipients_heading",
    "recipients",
}


def template_markers(kind):
    """How each element is recognised in a template: by its field or its fixed text."""
    signature = SPECS[kind]["signature"]
    markers = {
        "national_name": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        "motto": ["Độc lập - Tự do - Hạnh phúc"],
        "party_name": ["ĐẢNG CỘNG SẢN VIỆT NAM"],
        "parent_body": ["{{ issuer.parent_body }}"],
        "issuer": ["{{ issuer.name }}"],
        "number": ["{{ number_line }}", "{{ number }}"],
        "place_date": ["{{ place_date }}"],
        "type_name": [SPECS[kind]["title"]],
        "addressee": ["Kính gửi:"],
        "recipients_heading": ["Nơi nhận:"],
        "recipients": ["- Lưu: {{ archive }}."],
    }
    if signature == "issuer":
        markers.update(
            authority=["{{ signer.authority }}"],
            signer_title=["{{ signer.title }}"],
            signer_name=["{{ signer.name }}"],
        )
    elif signature == "council":
        markers.update(
            signer_title=list(COUNCIL_TITLES),
            signer_name=["{{ council.chair }}", "{{ council.secretary }}"],
        )
    else:
        markers.update(
            signer_title=list(PARTY_TITLES),
            signer_name=["{{ signer.name }}", "{{ subject.principal }}"],
        )
    return markers


def document_markers(kind, context):
    """How each element is recognised in a document filled from `context` (fields.build)."""
    markers = template_markers(kind)
    issuer, signer = context["issuer"], context["signer"]
    filled = {
        "parent_body": [issuer["parent_body"]],
        "issuer": [issuer["name"]],
        "number": [context["number_line"]],
        "place_date": [context["place_date"]],
        "recipients": [f"- Lưu: {context['archive']}."],
    }
    signature = SPECS[kind]["signature"]
    if signature == "issuer":
        filled.update(
            authority=[signer["authority"]],
            signer_title=[signer["title"]],
            signer_name=[signer["name"]],
        )
    elif signature == "council":
        filled["signer_name"] = [context["council"]["chair"], context["council"]["secretary"]]
    else:
        filled["signer_name"] = [signer["name"], context["subject"]["principal"]]
    markers.update({key: [v for v in value if v] for key, value in filled.items()})
    return markers


def find(lines, markers):
    """Every line that is exactly a marker, or, failing that, the first that contains one."""
    exact = [line for line in lines if line.text in markers]
    if exact:
        return exact
    return [line for line in lines if any(m and m in line.text for m in markers)][:1]


def style_value(paragraph, attribute):
    style = paragraph.style
    while style is not None:
        value = getattr(style.font, attribute)
        if value is not None:
            return value
        style = style.base_style
    return None


def runs_of(paragraph):
    return [run for run in paragraph.runs if run.text.strip()]


def effective(paragraph, run, attribute):
    value = getattr(run.font, attribute)
    return value if value is not None else style_value(paragraph, attribute)


def has_bottom_border(paragraph):
    p_pr = paragraph._p.pPr
    if p_pr is None:
        return False
    borders = p_pr.find(qn("w:pBdr"))
    bottom = borders.find(qn("w:bottom")) if borders is not None else None
    return bottom is not None and bottom.get(qn("w:val")) not in (None, "nil", "none")


def next_line(line):
    return next((p for p in line.following if p.text.strip() or has_bottom_border(p)), None)


@lru_cache(maxsize=8)
def metric_font(bold, italic, size):
    """Liberation Serif, whose metrics are those of Times New Roman, or None where missing."""
    from PIL import ImageFont

    style = {
        (False, False): "Regular",
        (True, False): "Bold",
        (False, True): "Italic",
        (True, True): "BoldItalic",
    }
    name = f"LiberationSerif-{style[bool(bold), bool(italic)]}.ttf"
    for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        if (Path(folder) / name).exists():
            return ImageFont.truetype(str(Path(folder) / name), size * 20)
    return None


def text_width_cm(text, size, bold, italic):
    font = metric_font(bool(bold), bool(italic), int(size))
    if font is None:
        return None
    return font.getlength(text) / 20 / 72 * 2.54


def check_line(line, rule, filled):
    """What in this one paragraph breaks the rule: size, weight, italics, underline, case,
    alignment, the line under it, and (in a filled document) whether it fits on one line."""
    found, paragraph = [], line.paragraph
    runs = runs_of(paragraph)
    default_size = style_value(paragraph, "size")
    sizes = {(run.font.size or default_size).pt for run in runs if run.font.size or default_size}
    low, high = rule.sizes
    for size in sorted(sizes):
        if not low <= size <= high:
            expected = f"{low:g}" if low == high else f"{low:g}–{high:g}"
            found.append(
                _("%(size)s pt, the rule says %(expected)s pt")
                % {
                    "size": f"{size:g}",
                    "expected": expected,
                }
            )
    checks = (
        ("bold", rule.bold, pgettext("type style", "bold")),
        ("italic", rule.italic, pgettext("type style", "italic")),
        (
            "underline",
            rule.underline or rule.line_below == UNDERLINE,
            pgettext("type style", "underlined"),
        ),
    )
    for attribute, wanted, label in checks:
        if any(bool(effective(paragraph, run, attribute)) != wanted for run in runs):
            shape = _("should be %(style)s") if wanted else _("should not be %(style)s")
            found.append(shape % {"style": label})
    names = {effective(paragraph, run, "name") for run in runs} - {None}
    if names - {PAGE["font"]}:
        found.append(
            _("font %(font)s, the rule says %(expected)s")
            % {
                "font": ", ".join(sorted(names - {PAGE["font"]})),
                "expected": PAGE["font"],
            }
        )
    plain = TAG.sub("", line.text)
    if rule.upper and plain != plain.upper():
        found.append(_("should be in capitals"))
    if paragraph.alignment not in ALIGN[rule.align]:
        found.append(_("should be aligned %(align)s") % {"align": ALIGN_LABELS()[rule.align]})
    if rule.align == "justify":
        indent = paragraph.paragraph_format.first_line_indent
        low_cm, high_cm = PAGE["first_line_indent_cm"]
        if indent is None or not low_cm - 0.01 <= indent.cm <= high_cm + 0.01:
            found.append(
                _("first line indented %(low)s–%(high)s cm")
                % {
                    "low": f"{low_cm:g}".replace(".", ","),
                    "high": f"{high_cm:g}".replace(".", ","),
                }
            )
    if rule.line_below == SOLID:
        after = next_line(line)
        if not has_bottom_border(paragraph) and not (
            after is not None and not after.text.strip() and has_bottom_border(after)
        ):
            found.append(_("a solid rule should be drawn under it"))
    if rule.line_below == HYPHENS:
        after = next_line(line)
        if after is None or after.text.strip() != "-----":
            found.append(_("five hyphens “-----” should stand under it"))
    if filled and rule.one_line and line.width_cm and runs:
        run = runs[0]
        width = text_width_cm(
            line.text,
            (run.font.size or default_size).pt,
            effective(paragraph, run, "bold"),
            effective(paragraph, run, "italic"),
        )
        room = line.width_cm - CELL_MARGINS_CM
        if width is not None and width > room:
            found.append(
                _("does not fit its column on one line (%(width)s cm in %(room)s cm)")
                % {
                    "width": f"{width:.1f}".replace(".", ","),
                    "room": f"{room:.1f}".replace(".", ","),
                }
            )
    return found


def ALIGN_LABELS():  # noqa: N802 (a table of labels, translated when asked)
    return {
        "center": pgettext("alignment", "centred"),
        "left": pgettext("alignment", "left"),
        "justify": pgettext("alignment", "justified"),
    }


def MARGIN_SIDES():  # noqa: N802 (a table of labels, translated when asked)
    return {
        "top": pgettext("page margin", "top"),
        "bottom": pgettext("page margin", "bottom"),
        "left": pgettext("page margin", "left"),
        "right": pgettext("page margin", "right"),
    }


def page_deviations(document):
    found = []
    section = document.sections[0]
    if (round(section.page_width.mm), round(section.page_height.mm)) != (
        PAGE["width_mm"],
        PAGE["height_mm"],
    ):
        found.append(
            Deviation(
                pgettext("document part", "Page"),
                _("not A4 (210 × 297 mm)"),
                "NĐ30 PL I/I.3; HD36 mục 2",
            )
        )
    for side, (low, high) in PAGE["margins_mm"].items():
        value = getattr(section, f"{side}_margin")
        if value is None or not low - 0.5 <= value.mm <= high + 0.5:
            found.append(
                Deviation(
                    pgettext("document part", "Page"),
                    _("%(side)s margin %(value)s mm, the rule says %(low)s–%(high)s mm")
                    % {
                        "side": side,
                        "value": round(value.mm) if value else "?",
                        "low": low,
                        "high": high,
                    },
                    "NĐ30 PL I/I.5; HD36 mục 2",
                )
            )
    if document.styles["Normal"].font.name != PAGE["font"]:
        found.append(
            Deviation(
                pgettext("document part", "Page"),
                _("the text is not in Times New Roman"),
                "NĐ30 PL I/I.1",
            )
        )
    return found


def table_deviations(document):
    found = []
    if document.tables:
        # The signature block (the last table) must not break across two pages.
        rows = document.tables[-1].rows
        tr_pr = rows[0]._tr.trPr if rows else None
        if tr_pr is None or tr_pr.find(qn("w:cantSplit")) is None:
            found.append(
                Deviation(
                    pgettext("document part", "Table"),
                    _("the signature block may break across two pages"),
                    _("keep the signature whole"),
                )
            )
    for table in document.tables:
        header = table.rows[0].cells[0].text.strip() if table.rows else ""
        if header not in ("TT", "STT"):
            continue
        width = table.columns[0].width
        if width is None or width.cm > NUMBER_COLUMN_MAX_CM:
            found.append(
                Deviation(
                    pgettext("document part", "Table"),
                    _("the “%(header)s” column is %(width)s cm wide; at most %(max)s cm")
                    % {
                        "header": header,
                        "width": f"{width.cm:.1f}".replace(".", ",") if width else "?",
                        "max": f"{NUMBER_COLUMN_MAX_CM:g}".replace(".", ","),
                    },
                    _("column widths"),
                )
            )
    return found


def check_format(source, document_format, kind, context=None):
    """[Deviation] of the .docx bytes `source` from `document_format`'s rules: a template when
    `context` is None, else a document filled from `context`."""
    document = Document(io.BytesIO(source))
    rules = RULES[document_format]
    markers = template_markers(kind) if context is None else document_markers(kind, context)
    lines = lines_of(document)
    found = page_deviations(document) + table_deviations(document)
    located = {}
    letter = SPECS[kind].get("letter", False)
    for element, rule in rules.items():
        if element in (NOT_IN_LETTERS if letter else LETTER_ONLY):
            continue
        if element == "letter_summary":
            numbers = located.get("number") or []
            after = next_line(numbers[0]) if numbers else None
            hits = [Line(after, numbers[0].width_cm, [])] if after is not None else []
        elif element == "summary":
            titles = located.get("type_name") or []
            after = next_line(titles[0]) if titles else None
            hits = (
                [Line(after, None, titles[0].following[titles[0].following.index(after) + 1 :])]
                if after is not None
                else []
            )
        elif element == "body":
            hits = [
                line
                for line in lines
                if line.width_cm is None
                and len(TAG.sub("", line.text)) >= 40
                and line.text != line.text.upper()
                and line.paragraph.alignment != WD_ALIGN_PARAGRAPH.CENTER
            ]
        else:
            pool = lines
            if element in SIGNATURE_ELEMENTS and document.tables:
                pool = [line for line in lines if line.table == len(document.tables) - 1]
            hits = find(pool, [m for m in markers.get(element, []) if m])
        located[element] = hits
        if not hits:
            if element in required(document_format, letter):
                found.append(
                    Deviation(rule.label, pgettext("document element", "not found"), rule.source)
                )
            continue
        for line in hits:
            for message in check_line(line, rule, context is not None):
                found.append(Deviation(rule.label, message, rule.source))
    if document_format == "state":
        # A Party body is never printed in the heading of a state-format document.
        for line in lines:
            if line.text.startswith(("TỈNH ỦY", "THÀNH ỦY", "ĐẢNG ỦY", "ĐẢNG CỘNG SẢN")):
                found.append(
                    Deviation(
                        rules["parent_body"].label,
                        _("a Party body in the state format"),
                        "NĐ30 PL I/II.2",
                    )
                )
    return list(dict.fromkeys(found))


def refuse_deviating_template(source, document_format, kind):
    """Raise ValidationError listing every deviation of an uploaded template from its format."""
    from django.core.exceptions import ValidationError

    if document_format not in RULES or kind not in SPECS:
        return
    deviations = check_format(source, document_format, kind)
    if deviations:
        raise ValidationError(
            [_("The template does not follow the format:")] + [str(d) for d in deviations]
        )
