"""The two document formats as data: for each element of a document, how it is written (case, size,
weight, italics, underline, alignment, the line under it) and the clause it comes from.

The built-in templates (`builtin.py`) are drawn from this table and `formatcheck.py` reads every
document, and every template a school uploads, against it; docs/documents.md prints it with its
sources. Sizes are ranges in points as the texts give them; `size` is what the built-in templates
use inside that range.

Sources (see docs/documents.md for what was read and what is recalled):
- state: Nghị định 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Phụ lục I
  “Thể thức, kỹ thuật trình bày văn bản hành chính”, Phần II (“Kỹ thuật trình bày các thành phần
  thể thức”), numbered below as NĐ30 PL I/II.<n>;
- party: Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức và kỹ thuật
  trình bày văn bản của Đảng, numbered below as HD36 <n>.
"""

from dataclasses import dataclass

PARTY, STATE = "party", "state"

# Where a line under an element comes from: a solid rule (a paragraph border, or the run's
# underline where the rule is as long as the text), or the Party format's five hyphens.
SOLID, UNDERLINE, HYPHENS = "solid", "underline", "hyphens"


@dataclass(frozen=True)
class Rule:
    element: str
    label: str
    sizes: tuple  # (smallest, largest) allowed, in points
    size: int  # what the built-in templates use
    bold: bool = False
    italic: bool = False
    underline: bool = False
    upper: bool = False
    align: str = "center"  # center · left · justify
    line_below: str = ""  # "" · SOLID · UNDERLINE · HYPHENS
    one_line: bool = False  # must fit its column on one line
    source: str = ""


def _rules(*rules):
    return {rule.element: rule for rule in rules}


RULES = {
    STATE: _rules(
        Rule(
            "national_name",
            "Quốc hiệu",
            (12, 13),
            12,
            bold=True,
            upper=True,
            one_line=True,
            source="NĐ30 PL I/II.1",
        ),
        Rule(
            "motto",
            "Tiêu ngữ",
            (13, 14),
            13,
            bold=True,
            line_below=SOLID,
            one_line=True,
            source="NĐ30 PL I/II.1",
        ),
        Rule(
            "parent_body",
            "Tên cơ quan chủ quản",
            (12, 13),
            12,
            upper=True,
            one_line=True,
            source="NĐ30 PL I/II.2",
        ),
        Rule(
            "issuer",
            "Tên cơ quan ban hành",
            (12, 13),
            12,
            bold=True,
            upper=True,
            line_below=SOLID,
            one_line=True,
            source="NĐ30 PL I/II.2",
        ),
        Rule("number", "Số, ký hiệu", (13, 13), 13, one_line=True, source="NĐ30 PL I/II.3"),
        Rule(
            "place_date",
            "Địa danh và thời gian",
            (13, 14),
            14,
            italic=True,
            one_line=True,
            source="NĐ30 PL I/II.4",
        ),
        Rule(
            "type_name",
            "Tên loại văn bản",
            (13, 14),
            14,
            bold=True,
            upper=True,
            source="NĐ30 PL I/II.5",
        ),
        Rule(
            "summary",
            "Trích yếu nội dung",
            (14, 14),
            14,
            bold=True,
            line_below=SOLID,
            source="NĐ30 PL I/II.5",
        ),
        Rule(
            "letter_summary",
            "Trích yếu nội dung công văn (“V/v …”, dưới số và ký hiệu)",
            (12, 13),
            12,
            source="NĐ30 PL I/II.5",
        ),
        Rule(
            "addressee",
            "“Kính gửi:” và nơi nhận (tờ trình, công văn, giấy đề nghị)",
            (13, 14),
            14,
            source="NĐ30 PL I/II.9",
        ),
        Rule("body", "Nội dung", (13, 14), 14, align="justify", source="NĐ30 PL I/II.6"),
        Rule(
            "authority",
            "Quyền hạn người ký (TM., KT., TL., TUQ.)",
            (13, 14),
            14,
            bold=True,
            upper=True,
            source="NĐ30 PL I/II.7",
        ),
        Rule(
            "signer_title",
            "Chức vụ người ký",
            (13, 14),
            14,
            bold=True,
            upper=True,
            source="NĐ30 PL I/II.7",
        ),
        Rule("signer_name", "Họ tên người ký", (13, 14), 14, bold=True, source="NĐ30 PL I/II.7"),
        Rule(
            "recipients_heading",
            "“Nơi nhận:”",
            (12, 12),
            12,
            bold=True,
            italic=True,
            align="left",
            source="NĐ30 PL I/II.9",
        ),
        Rule(
            "recipients", "Danh sách nơi nhận", (11, 11), 11, align="left", source="NĐ30 PL I/II.9"
        ),
    ),
    PARTY: _rules(
        Rule(
            "party_name",
            "Tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM”",
            (15, 15),
            15,
            bold=True,
            upper=True,
            line_below=UNDERLINE,
            one_line=True,
            source="HD36 mục 3.1",
        ),
        Rule(
            "parent_body",
            "Tên cơ quan cấp trên",
            (14, 14),
            14,
            upper=True,
            one_line=True,
            source="HD36 mục 3.2",
        ),
        Rule(
            "issuer",
            "Tên cơ quan ban hành (dưới có dấu *)",
            (14, 14),
            14,
            bold=True,
            upper=True,
            one_line=True,
            source="HD36 mục 3.2",
        ),
        Rule("number", "Số và ký hiệu", (14, 14), 14, one_line=True, source="HD36 mục 3.3"),
        Rule(
            "place_date",
            "Địa điểm, ngày tháng năm",
            (14, 14),
            14,
            italic=True,
            one_line=True,
            source="HD36 mục 3.4",
        ),
        Rule(
            "type_name",
            "Tên loại văn bản",
            (15, 16),
            15,
            bold=True,
            upper=True,
            source="HD36 mục 3.5",
        ),
        Rule(
            "summary",
            "Trích yếu nội dung",
            (14, 14),
            14,
            bold=True,
            line_below=HYPHENS,
            source="HD36 mục 3.5",
        ),
        Rule(
            "letter_summary",
            "Trích yếu nội dung công văn (“V/v …”, dưới số và ký hiệu)",
            (12, 12),
            12,
            italic=True,
            source="HD36 mục 3.5",
        ),
        Rule(
            "addressee",
            "“Kính gửi:” và nơi nhận (tờ trình, công văn, giấy đề nghị)",
            (14, 14),
            14,
            source="HD36 mục 3.9",
        ),
        Rule("body", "Nội dung", (14, 14), 14, align="justify", source="HD36 mục 3.6"),
        Rule(
            "authority",
            "Thể thức đề ký (T/M, K/T, T/L, T/UQ)",
            (14, 14),
            14,
            bold=True,
            upper=True,
            source="HD36 mục 3.7",
        ),
        Rule(
            "signer_title",
            "Chức vụ người ký",
            (14, 14),
            14,
            bold=True,
            upper=True,
            source="HD36 mục 3.7",
        ),
        Rule("signer_name", "Họ tên người ký", (14, 14), 14, bold=True, source="HD36 mục 3.7"),
        Rule(
            "recipients_heading",
            "“Nơi nhận:”",
            (14, 14),
            14,
            underline=True,
            align="left",
            source="HD36 mục 3.9",
        ),
        Rule("recipients", "Danh sách nơi nhận", (12, 12), 12, align="left", source="HD36 mục 3.9"),
    ),
}

# The page, common to both texts (NĐ30 PL I/I.2–I.5; HD36 mục 2): A4, Times New Roman, the
# margins' ranges in millimetres, and the body's first-line indent in centimetres.
PAGE = {
    "width_mm": 210,
    "height_mm": 297,
    "font": "Times New Roman",
    "margins_mm": {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)},
    "first_line_indent_cm": (1.0, 1.27),
}
# The built-in templates' margins, inside those ranges.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}

# Widths (cm) of the two heading columns and how far the heading table reaches into the left
# margin, so that every heading line above fits its column on one line (measured with the metrics
# of Times New Roman: the state motto at 12 pt is 8.8 cm, the Party issuer at 14 pt 7.3 cm).
# A letter (công văn) has no type name: its summary, after “V/v”, stands under the number (NĐ30
# PL I/II.5; HD36 mục 3.5). These elements belong to one layout or the other.
LETTER_ONLY = frozenset({"letter_summary"})
NOT_IN_LETTERS = frozenset({"type_name", "summary"})

# The elements a document must have, by format.
REQUIRED = {
    STATE: (
        "national_name",
        "motto",
        "issuer",
        "number",
        "place_date",
        "type_name",
        "summary",
        "signer_title",
        "signer_name",
    ),
    PARTY: (
        "party_name",
        "issuer",
        "number",
        "place_date",
        "type_name",
        "summary",
        "signer_title",
        "signer_name",
    ),
}


def required(document_format, letter):
    """The elements a document of this format must have; a letter has its summary under the
    number instead of a type name and a summary under it."""
    elements = set(REQUIRED[document_format])
    return (elements - NOT_IN_LETTERS) | LETTER_ONLY if letter else elements


HEADING_COLUMNS_CM = {PARTY: (8.0, 8.5), STATE: (7.5, 10.0)}
HEADING_INDENT_CM = {PARTY: 0.0, STATE: -1.0}
# A table's numbering column ("TT") is at most this wide (cm); the others share the rest.
NUMBER_COLUMN_MAX_CM = 1.5

# How each format writes the signature notation: the state format “KT.”, “TM.”, “TL.”, “TUQ.”
# (NĐ30 PL I/II.7), the Party format “K/T”, “T/M”, “T/L”, “T/UQ” (HD36 mục 3.7).
SIGNATURE_NOTATIONS = {
    STATE: {"KT": "KT.", "TM": "TM.", "TL": "TL.", "TUQ": "TUQ."},
    PARTY: {"KT": "K/T", "TM": "T/M", "TL": "T/L", "TUQ": "T/UQ"},
}

# Abbreviations of the document types that may stand in a number's symbol (NĐ30 Phụ lục III; the
# Party list of HD36 mục 3.3 has the same ones for these kinds). A kind missing here is a letter
# (công văn): its symbol is the issuer's and the drafting unit's, with no type.
TYPE_ABBREVIATIONS = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
}
