"""A small published repository for the open-data tests: public and private things side by side."""

import datetime

from django.core.files.base import ContentFile

from cms.models import OutputPage, PersonPage, TopicPage
from research.models import OutputAuthor, OutputFile
from tests.cms.site import build_site, draft, publish
from tests.factories import (
    FundingLineFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    TrancheFactory,
    UnitFactory,
    funding_source,
)

SECRET = "BÍ-MẬT"  # written into every private or internal field; must never come out


def build_repository(outputs=3):
    site = build_site()
    unit = UnitFactory(name="Khoa Xây dựng Đảng")
    lan = PersonFactory(
        full_name="Võ Thị Mai Lan", degree="ts", unit=unit, email=f"{SECRET.lower()}@example.vn"
    )
    topic = TopicFactory(
        code="QT-2024-03",
        title="Nghiên cứu xây dựng Đảng ở cơ sở",
        keyword_list=["phòng, chống tham nhũng", "chi bộ"],
        status="accepted",
        grade="good",
        accepted_on=datetime.date(2025, 6, 1),
        unit=unit,
        principal=lan,
    )
    FundingLineFactory(
        topic=topic,
        source=funding_source("ngan-sach-tinh"),
        approved_amount=350_000_000,
        settled_amount=123_456_789,
    )
    TrancheFactory(topic=topic, source=funding_source("ngan-sach-tinh"), planned_amount=98_765_432)
    topic_page = publish(
        site.research, TopicPage, title=topic.title, slug="qt-2024-03", topic=topic
    )
    hidden_topic = TopicFactory(title=f"Đề tài nháp {SECRET}")
    draft(site.research, TopicPage, title=hidden_topic.title, slug="nhap", topic=hidden_topic)
    pages = []
    for number in range(outputs):
        output = OutputFactory(
            title=f"Bài báo công khai số {number}",
            topic=topic,
            published_on=datetime.date(2025, 1, 1 + number),
            issn="2734-9942",
            pages="45-52",
            keyword_list=["sinh hoạt chi bộ"],
        )
        OutputAuthor.objects.create(output=output, person=lan)
        attachment = OutputFile(output=output, title=f"Bản nội bộ {SECRET}", is_public=False)
        attachment.file.save("noi-bo.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        pages.append(
            publish(
                site.library, OutputPage, title=output.title, slug=f"sp-{number}", output=output
            )
        )
    # private and unverified outputs cannot even have a page (OutputPage.clean)
    OutputFactory(title=f"Bài riêng tư {SECRET}", is_public=False)
    OutputFactory(title=f"Bài chờ xác nhận {SECRET}", verification="pending")
    person_page = publish(site.people, PersonPage, title=lan.full_name, slug="lan", person=lan)
    return {
        "site": site,
        "topic": topic,
        "topic_page": topic_page,
        "output_pages": pages,
        "person_page": person_page,
        "lan": lan,
        "unit": unit,
    }
