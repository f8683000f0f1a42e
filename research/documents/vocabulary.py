"""The wording of each legal regime (domain.md §3): a topic or proposal under the 2013 regime
speaks of “tuyển chọn” and “nghiệm thu”, one under the 2025 regime of “xét tài trợ” and “đánh giá
kết quả”, and each cites its own law, decree and circular. Documents are Vietnamese legal texts,
so these are not translated."""

from research.models import LegalBasis

REGIMES = {
    LegalBasis.REGIME_2013: {
        "code": "2013",
        "law": "Luật Khoa học và Công nghệ số 29/2013/QH13",
        "decree": "Nghị định số 08/2014/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn thi "
        "hành một số điều của Luật Khoa học và Công nghệ",
        "circular": "Thông tư số 11/2014/TT-BKHCN của Bộ Khoa học và Công nghệ",
        "selection": "tuyển chọn",
        "selected": "được tuyển chọn",
        "selection_council": "Hội đồng tư vấn tuyển chọn",
        "acceptance": "nghiệm thu",
        "acceptance_council": "Hội đồng nghiệm thu",
        "acceptance_title": "NGHIỆM THU",
    },
    LegalBasis.REGIME_2025: {
        "code": "2025",
        "law": "Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15",
        "decree": "Nghị định số 267/2025/NĐ-CP của Chính phủ",
        "circular": "Thông tư số 36/2025/TT-BKHCN của Bộ Khoa học và Công nghệ",
        "selection": "xét tài trợ",
        "selected": "được xét tài trợ",
        "selection_council": "Hội đồng tư vấn xét tài trợ",
        "acceptance": "đánh giá kết quả",
        "acceptance_council": "Hội đồng đánh giá kết quả",
        "acceptance_title": "ĐÁNH GIÁ KẾT QUẢ",
    },
}

# How each format writes a document's number and symbol: Party “Số 45-QĐ/TCT”, state “Số: 45/QĐ-TCT”.
NUMBER_FORMATS = {
    "party": "Số {number}-{kind}/{issuer}",
    "state": "Số: {number}/{kind}-{issuer}",
}
# The abbreviation of each kind of document in its number (Phụ lục of both rules).
KIND_ABBREVIATIONS = {
    "council_decision": "QĐ",
    "invitation": "GM",
    "minutes": "BB",
    "selection_decision": "QĐ",
    "contract": "HĐ",
    "acceptance_record": "BB",
    "recognition_decision": "QĐ",
    "closeout": "BB",
    "registration": "GĐN",
    "report": "BC",
}
BLANK_NUMBER = "\u00a0" * 6
WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def regime_of(subject):
    """A proposal not yet submitted has no legal basis of its own: the current regime applies."""
    return REGIMES.get(subject.legal_basis) or REGIMES[LegalBasis.REGIME_2025]


def number_line(document_format, number, kind, issuer_symbol):
    return NUMBER_FORMATS[document_format].format(
        number=number or BLANK_NUMBER, kind=KIND_ABBREVIATIONS[kind], issuer=issuer_symbol
    )


def date_words(day):
    """“ngày 05 tháng 02 năm 2026”: days below 10 and the months 1 and 2 take a leading zero
    (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place, day):
    return f"{place}, {date_words(day)}" if place else date_words(day).capitalize()
