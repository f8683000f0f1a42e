"""The wording of each legal regime (domain.md §3): a topic or proposal under the 2013 regime
speaks of “tuyển chọn” and “nghiệm thu”, one under the 2025 regime of “xét tài trợ” and “đánh giá
kết quả”, and each cites its own law, decree and circular. Documents are Vietnamese legal texts,
so these are not translated."""

import datetime

from research.core.choices import LegalBasis

# The legal grounds each regime cites: number, date, issuer and title, as “Căn cứ …” prints them.
# An empty date is one this repository could not check against the published text (docs/documents.md
# lists them); the line then leaves the date out rather than guess it.
GROUNDS = {
    LegalBasis.REGIME_2013: {
        "law": {
            "name": "Luật Khoa học và Công nghệ",
            "number": "29/2013/QH13",
            "date": (18, 6, 2013),
            "issuer": "",
            "title": "",
        },
        "decree": {
            "name": "Nghị định",
            "number": "08/2014/NĐ-CP",
            "date": (27, 1, 2014),
            "issuer": "Chính phủ",
            "title": "quy định chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và "
            "Công nghệ",
        },
        "circular": {
            "name": "Thông tư",
            "number": "11/2014/TT-BKHCN",
            "date": (30, 5, 2014),
            "issuer": "Bộ trưởng Bộ Khoa học và Công nghệ",
            "title": "quy định việc đánh giá, nghiệm thu kết quả thực hiện nhiệm vụ khoa học và "
            "công nghệ cấp quốc gia sử dụng ngân sách nhà nước",
        },
    },
    LegalBasis.REGIME_2025: {
        "law": {
            "name": "Luật Khoa học, công nghệ và đổi mới sáng tạo",
            "number": "93/2025/QH15",
            "date": (27, 6, 2025),
            "issuer": "",
            "title": "",
        },
        "decree": {
            "name": "Nghị định",
            "number": "267/2025/NĐ-CP",
            "date": None,
            "issuer": "Chính phủ",
            "title": "quy định chi tiết một số điều của Luật Khoa học, công nghệ và đổi mới sáng "
            "tạo",
        },
        "circular": {
            "name": "Thông tư",
            "number": "36/2025/TT-BKHCN",
            "date": (26, 11, 2025),
            "issuer": "Bộ trưởng Bộ Khoa học và Công nghệ",
            "title": "",
        },
    },
}


def cite(ground):
    """“Nghị định số 08/2014/NĐ-CP ngày 27 tháng 01 năm 2014 của Chính phủ quy định …”."""
    parts = [f"{ground['name']} số {ground['number']}"]
    if ground["date"]:
        day, month, year = ground["date"]
        parts.append(date_words(datetime.date(year, month, day)))
    if ground["issuer"]:
        parts.append(f"của {ground['issuer']}")
    if ground["title"]:
        parts.append(ground["title"])
    return " ".join(parts)


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


def regime_fields(regime):
    return {**WORDS[regime], **{key: cite(value) for key, value in GROUNDS[regime].items()}}


# How each format writes a document's number and symbol (NĐ30 PL I/II.3: “Số: 05/QĐ-TCT”, a
# number below 10 with a leading zero; HD36 mục 3.3: “Số 45-QĐ/TCT”), with a type and, for a
# letter (công văn) that has none, with the drafting unit's symbol instead.
NUMBER_FORMATS = {
    "party": {"typed": "{number}-{type}/{issuer}", "letter": "{number}/{issuer}-{unit}", "pad": 0},
    "state": {"typed": "{number}/{type}-{issuer}", "letter": "{number}/{issuer}-{unit}", "pad": 2},
}
NUMBER_PREFIX = {"party": "Số ", "state": "Số: "}
# The type of the annual report in its number (the other kinds' are data on their template row).
REPORT_TYPE = "BC"
BLANK_NUMBER = "\u00a0" * 6
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def regime_of(subject):
    """A proposal not yet submitted has no legal basis of its own: the current regime applies."""
    regime = subject.legal_basis if subject.legal_basis in WORDS else LegalBasis.REGIME_2025
    return regime_fields(regime)


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
