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
    pages = {
        "party_topic": publish(
            site.research,
            TopicPage,
            title=c["party_topic"].title,
            slug="t1",
            topic=c["party_topic"],
        ),
        "mass_topic": publish(
            site.research, TopicPage, title=c["mass_topic"].title, slug="t2", topic=c["mass_topic"]
        ),
        "draft_topic": draft(
            site.research,
            TopicPage,
            title=c["draft_topic"].title,
            slug="t3",
            topic=c["draft_topic"],
        ),
        "restricted_topic": publish(
            site.research,
            TopicPage,
            title=c["restricted_topic"].title,
            slug="t4",
            topic=c["restricted_topic"],
        ),
        "party_output": publish(
            site.library,
            OutputPage,
            title=c["party_output"].title,
            slug="o1",
            output=c["party_output"],
        ),
        "university_output": publish(
            site.library,
            OutputPage,
            title=c["university_output"].title,
            slug="o2",
            output=c["university_output"],
        ),
        "private_output": publish(
            site.library,
            OutputPage,
            title=c["private_output"].title,
            slug="o3",
            output=c["private_output"],
        ),
        "lan": publish(
            site.people, PersonPage, title=lan.full_name, slug="vo-thi-mai-lan", person=lan
        ),
    }
    PageViewRestriction.objects.create(page=pages["restricted_topic"], restriction_type="login")
    c["private_output"].is_public = False  # made private after its page went live
    c["private_output"].save()
    c["lan"] = lan
    c["units"] = (lan_unit, other_unit)
    return site, c, pages
