"""The small published corpus every search engine is held to (tests/search/test_contract.py)."""

import datetime

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from cms.models import NewsPage, OutputPage, PersonPage, TopicPage
from research.models import OutputAuthor, OutputKind
from tests.cms.site import build_site, draft, publish
from tests.factories import OutputFactory, PersonFactory, TopicFactory, UnitFactory


def build_corpus():
    site = build_site()
    lan_unit = UnitFactory(name="Khoa Xây dựng Đảng")
    other_unit = UnitFactory(name="Khoa Dân vận")
    lan = PersonFactory(full_name="Võ Thị Mai Lan", unit=lan_unit)
    c = {}
    c["party_topic"] = TopicFactory(
        provincial=True,
        title="Nghiên cứu xây dựng Đảng ở cơ sở tỉnh Quảng Trị",
        summary="Chất lượng sinh hoạt chi bộ.",
        unit=lan_unit,
        planned_start=datetime.date(2024, 3, 1),
        principal=lan,
    )
    c["mass_topic"] = TopicFactory(
        title="Đổi mới công tác dân vận ở vùng đồng bào",
        summary="Phối hợp với trường đại học trên địa bàn.",
        unit=other_unit,
        planned_start=datetime.date(2025, 2, 1),
    )
    c["draft_topic"] = TopicFactory(title="Nghiên cứu xây dựng Đảng bản nháp", unit=lan_unit)
    c["restricted_topic"] = TopicFactory(title="Nghiên cứu xây dựng Đảng nội bộ", unit=lan_unit)
    c["party_output"] = OutputFactory(
        kind=OutputKind.JOURNAL_ARTICLE,
        title="Nghiên cứu xây dựng Đảng trong thời kỳ mới",
        published_on=datetime.date(2025, 6, 1),
        topic=c["party_topic"],
    )
    OutputAuthor.objects.create(output=c["party_output"], person=lan)
    c["university_output"] = OutputFactory(
        kind=OutputKind.MONOGRAPH,
        title="Giáo dục đại học và lý luận chính trị",
        published_on=datetime.date(2023, 9, 1),
    )
    c["private_output"] = OutputFactory(
        title="Nghiên cứu xây dựng Đảng tài liệu mật", published_on=datetime.date(2025, 1, 1)
    )
    c["lan"] = lan
    # name → (how the page is made, its parent, its type, the field naming its record)
    layout = {
        "party_topic": (publish, site.research, TopicPage, "topic"),
        "mass_topic": (publish, site.research, TopicPage, "topic"),
        "draft_topic": (draft, site.research, TopicPage, "topic"),
        "restricted_topic": (publish, site.research, TopicPage, "topic"),
        "party_output": (publish, site.library, OutputPage, "output"),
        "university_output": (publish, site.library, OutputPage, "output"),
        "private_output": (publish, site.library, OutputPage, "output"),
        "lan": (publish, site.people, PersonPage, "person"),
    }
    pages = {
        name: make(
            parent,
            page_model,
            title=getattr(c[name], "title", None) or c[name].full_name,
            slug=name.replace("_", "-"),
            **{field: c[name]},
        )
        for name, (make, parent, page_model, field) in layout.items()
    }
    PageViewRestriction.objects.create(page=pages["restricted_topic"], restriction_type="login")
    c["private_output"].is_public = False  # made private after its page went live
    c["private_output"].save()
    c["units"] = (lan_unit, other_unit)
    return site, c, pages


def build_quality_corpus():
    """Phrases and scattered words, numbers and document numbers, English titles, news pages and
    titles to suggest: what the quality points of the search are held to."""
    site = build_site()
    unit = UnitFactory(name="Khoa Lý luận cơ sở")
    c = {}
    topics = {
        # the query "xây dựng Đảng" as a phrase in the title, oldest of all
        "title_phrase": dict(
            title="Xây dựng Đảng ở cơ sở vùng biên giới",
            title_en="Party building at the grassroots in border areas",
            summary="Thực trạng và giải pháp.",
            planned_start=datetime.date(2019, 3, 1),
        ),
        # … as a phrase in the summary only
        "text_phrase": dict(
            title="Công tác cán bộ ở cấp xã",
            summary="Góp phần xây dựng Đảng trong sạch, vững mạnh.",
            planned_start=datetime.date(2024, 5, 1),
        ),
        "regulation": dict(
            title="Thực hiện Quy định 11-QĐ/TW về trường chính trị chuẩn",
            summary="Đánh giá theo từng tiêu chí.",
            planned_start=datetime.date(2022, 1, 1),
        ),
    }
    for name, fields in topics.items():
        c[name] = TopicFactory(unit=unit, **fields)
    outputs = {
        # every word of "xây dựng Đảng", scattered — in the title, which weighs more
        "scattered_title": "Xây nhà văn hóa và dựng lại đình làng: vai trò của Đảng bộ xã",
        "scattered_text": "Đảng viên trẻ tham gia xây dựng nông thôn mới",
        "numbers": "Kỷ yếu hội thảo với 2.400 đại biểu",
        "number_decoys": "Khảo sát 2 xã, 400 hộ dân và 15 tỷ đồng vốn vay",
        "document_decoy": "Quyết định 09-QĐ/TW và 11 nhiệm vụ trọng tâm",
    }
    for name, title in outputs.items():
        c[name] = OutputFactory(
            kind=OutputKind.JOURNAL_ARTICLE, title=title, published_on=datetime.date(2025, 1, 1)
        )
    c["numbers"].abstract = "Kinh phí 1,5 tỷ đồng; in 25.000 bản."
    c["numbers"].save()
    # a word in another script, written without spaces: one token, as every engine keeps it
    c["document_decoy"].abstract = "Dẫn văn bia Hán Nôm 碑文 ở Quảng Trị."
    c["document_decoy"].save()
    # titles holding "phát triển du lịch": the one starting with it is last in the alphabet
    tourism = [
        "Ảnh hưởng của phát triển du lịch đến văn hóa làng",
        "Bảo tồn di tích gắn với phát triển du lịch",
        "Chính sách phát triển du lịch biển",
        "Di sản và phát triển du lịch cộng đồng",
        "Giải pháp phát triển du lịch tâm linh",
        "Kinh tế đêm và phát triển du lịch",
        "Liên kết vùng trong phát triển du lịch",
        "Nguồn nhân lực cho phát triển du lịch",
        "Phát triển du lịch cộng đồng ở Khe Sanh",
        "Quảng bá hình ảnh, phát triển du lịch Cửa Việt",
    ]
    for number, title in enumerate(tourism):
        c[f"tourism{number}"] = OutputFactory(
            kind=OutputKind.BULLETIN_ARTICLE, title=title, published_on=datetime.date(2024, 1, 1)
        )
    pages = {}
    for name, record in c.items():
        parent, page_model, field = (
            (site.research, TopicPage, "topic")
            if name in topics
            else (site.library, OutputPage, "output")
        )
        pages[name] = publish(
            parent, page_model, title=record.title, slug=name.replace("_", "-"), **{field: record}
        )
    pages["news"] = publish(
        site.news,
        NewsPage,
        title="Khai mạc lớp bồi dưỡng kiến thức quốc phòng",
        slug="khai-mac",
        intro="Sáng nay, Nhà trường khai mạc lớp học.",
        date=datetime.date(2026, 3, 2),
        body=[("paragraph", RichText("<p>Lớp học có 120 học viên ở huyện Gio Linh.</p>"))],
    )
    pages["draft_news"] = draft(
        site.news,
        NewsPage,
        title="Bản nháp tin tức quốc phòng",
        slug="ban-nhap",
        date=datetime.date(2026, 3, 3),
    )
    return site, c, pages
