"""The wording of each legal regime (domain.md §3): a topic or proposal under the 2013 regime
speaks of “tuyển chọn” and “nghiệm thu”, one under the 2025 regime of “xét tài trợ” and “đánh giá
kết quả”, and each cites its own law, decree and circular (research/documents/grounds.py: data the office
keeps). Documents are Vietnamese legal texts,
so these are not translated."""

from research.core.choices import LegalBasis

WORDS = {
    LegalBasis.REGIME_2013: {
        "code": "2013",
        "selection": "tuyển chọn",
        "selected": "được tuyển chọn",
        "selection_council": "Hội đồng tư vấn tuyển chọn",
        "acceptance": "nghiệm thu",
        "acceptance_task": "nghiệm thu",
        "acceptance_council": "Hội đồng nghiệm thu",
        "acceptance_title": "NGHIỆM THU",
        "result_label": "Kết quả nghiệm thu",
    },
    LegalBasis.REGIME_2025: {
        "code": "2025",
        "selection": "xét tài trợ",
        "selected": "được xét tài trợ",
        "selection_council": "Hội đồng tư vấn xét tài trợ",
        "acceptance": "đánh giá kết quả",
        "acceptance_task": "đánh giá kết quả thực hiện",
        "acceptance_council": "Hội đồng đánh giá kết quả",
        "acceptance_title": "ĐÁNH GIÁ KẾT QUẢ",
        "result_label": "Kết quả đánh giá",
    },
}


# How each format writes a document's number and symbol (NĐ30 PL I/II.3: “Số: 05/QĐ-TCT”, a
# number below 10 with a leading zero; HD36 mục 3.3: “Số 45-QĐ/TCT”). A letter (công văn) has no
# type: the state format puts the drafting unit's symbol after the issuer's (“Số: 12/TCT-QLĐT”),
# the Party format writes “CV” where the type stands (“Số 12-CV/TCT”).
NUMBER_FORMATS = {
    "party": {"typed": "{number}-{type}/{issuer}", "letter": "{number}-CV/{issuer}", "pad": 0},
    "state": {"typed": "{number}/{type}-{issuer}", "letter": "{number}/{issuer}-{unit}", "pad": 2},
}
NUMBER_PREFIX = {"party": "Số ", "state": "Số: "}
# The type of the annual report in its number (the other kinds' are data on their template row).
REPORT_TYPE = "BC"
BLANK_NUMBER = "\u00a0" * 6
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def reference(document_format, number, type_symbol, issuer_symbol, unit_symbol=""):
    """“45-QĐ/TCT” (Party) or “45/QĐ-TCT” (state); a blank number is kept for the clerk."""
    rule = NUMBER_FORMATS[document_format]
    shape = rule["typed"] if type_symbol else rule["letter"]
    number = str(number or "").strip()
    if number.isdigit() and rule["pad"]:
        number = number.zfill(rule["pad"])
    return shape.format(
        number=number or BLANK_NUMBER, type=type_symbol, issuer=issuer_symbol, unit=unit_symbol
    )


def number_line(document_format, number, type_symbol, issuer_symbol, unit_symbol=""):
    return NUMBER_PREFIX[document_format] + reference(
        document_format, number, type_symbol, issuer_symbol, unit_symbol
    )


def date_words(day):
    """“ngày 05 tháng 02 năm 2026”: days below 10 and the months 1 and 2 take a leading zero
    (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place, day):
    return f"{place}, {date_words(day)}" if place else date_words(day).capitalize()
