"""The small published corpus every search engine is held to (tests/search/test_contract.py)."""

import datetime

from wagtail.models import PageViewRestriction

from cms.models import OutputPage, PersonPage, TopicPage
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
