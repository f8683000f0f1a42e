"""Publishing without hand work: records get their public pages, and lose them when private."""

import datetime

from django.test import TestCase

from cms.models import (
    AutoPublish,
    BulletinIssuePage,
    EventPage,
    OutputPage,
    SiteSettings,
    TopicPage,
)
from research.imports.batches import start_batch
from research.imports.engine import apply_batch
from research.models import BulletinIssue, OutputAuthor, ScientificEvent, TopicStatus
from tests.cms.site import build_site
from tests.factories import (
    OfficeStaffFactory,
    OutputFactory,
    PersonFactory,
    TopicFactory,
    UnitFactory,
)
from tests.research.imports.helpers import xlsx


def set_mode(mode):
    settings = SiteSettings.load()
    settings.publish_automatically = mode
    settings.save()


class AutoPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.office = OfficeStaffFactory()

    def accept(self, topic):
        """However a topic comes to be accepted (the council's decision, an import), its page
        follows the saved record."""
        topic.status, topic.grade = TopicStatus.ACCEPTED, "good"
        topic.accepted_on = datetime.date(2026, 6, 1)
        with self.captureOnCommitCallbacks(execute=True):
            topic.save()

    def test_an_accepted_topic_gets_a_draft_page_for_the_editors(self):
        topic = TopicFactory(status=TopicStatus.UNDER_EVALUATION, title="Dân vận khéo ở cơ sở")
        with self.captureOnCommitCallbacks(execute=True):
            topic.save()
        self.assertFalse(TopicPage.objects.exists())
        self.accept(topic)
        page = TopicPage.objects.get(topic=topic, locale__language_code="vi")
        self.assertFalse(page.live)
        self.assertEqual(page.get_parent().specific, self.site.research)
        self.assertEqual(page.slug, "dan-van-kheo-o-co-so")
        self.assertIsNotNone(page.get_latest_revision())

    def test_live_when_the_site_says_so_and_nothing_when_off(self):
        set_mode(AutoPublish.LIVE)
        topic = TopicFactory(status=TopicStatus.UNDER_EVALUATION)
        self.accept(topic)
        self.assertTrue(TopicPage.objects.get(topic=topic, locale__language_code="vi").live)
        set_mode(AutoPublish.OFF)
        other = TopicFactory(status=TopicStatus.UNDER_EVALUATION)
        self.accept(other)
        self.assertFalse(TopicPage.objects.filter(topic=other).exists())

    def test_an_output_made_private_is_withdrawn_and_public_again_is_back(self):
        set_mode(AutoPublish.LIVE)
        with self.captureOnCommitCallbacks(execute=True):
            output = OutputFactory(title="Bài viết công khai")
        page = OutputPage.objects.get(output=output, locale__language_code="vi")
        self.assertTrue(page.live)
        self.assertEqual(self.client.get(page.url).status_code, 200)
        output.is_public = False
        with self.captureOnCommitCallbacks(execute=True):
            output.save()
        page.refresh_from_db()
        self.assertFalse(page.live)
        output.is_public = True
        with self.captureOnCommitCallbacks(execute=True):
            output.save()
        page.refresh_from_db()
        self.assertTrue(page.live)

    def test_an_unverified_output_gets_no_page(self):
        with self.captureOnCommitCallbacks(execute=True):
            output = OutputFactory(verification="pending")
        self.assertFalse(OutputPage.objects.filter(output=output).exists())

    def test_bulletin_issues_and_events_get_pages_with_their_articles(self):
        set_mode(AutoPublish.LIVE)
        unit = UnitFactory()
        with self.captureOnCommitCallbacks(execute=True):
            issue = BulletinIssue.objects.create(
                number=2, year=2024, published_on=datetime.date(2024, 6, 30)
            )
            event = ScientificEvent.objects.create(
                title="Hội thảo tư tưởng Lê Duẩn",
                level="provincial",
                held_on=datetime.date(2024, 4, 7),
                unit=unit,
            )
            article = OutputFactory(title="Tư tưởng Lê Duẩn về dân vận", bulletin_issue=issue)
            paper = OutputFactory(title="Lê Duẩn với Quảng Trị", event=event, pages="12-20")
            OutputFactory(title="Bài riêng tư", event=event, is_public=False)
        OutputAuthor.objects.create(output=paper, person=PersonFactory(full_name="Trần Văn Bình"))
        issue_page = BulletinIssuePage.objects.get(issue=issue, locale__language_code="vi")
        event_page = EventPage.objects.get(event=event, locale__language_code="vi")
        contents = self.client.get(issue_page.url)
        self.assertContains(contents, article.title)
        self.assertContains(
            contents, OutputPage.objects.get(output=article, locale__language_code="vi").url
        )
        papers = self.client.get(event_page.url)
        self.assertContains(papers, paper.title)
        self.assertContains(papers, "Trần Văn Bình")
        self.assertNotContains(papers, "Bài riêng tư")

    def test_imported_accepted_topics_get_pages(self):
        UnitFactory(name="Khoa Xây dựng Đảng")
        PersonFactory(full_name="Võ Thị Mai Lan")
        row = {
            "Mã số": "CS-2021-09",
            "Tên đề tài": "Đề tài nhập từ lưu trữ",
            "Cấp": "Cấp cơ sở",
            "Nguồn gốc": "Đề xuất",
            "Đơn vị chủ trì": "Khoa Xây dựng Đảng",
            "Ngày bắt đầu": "01/01/2021",
            "Ngày kết thúc": "31/12/2021",
            "Trạng thái": "Đã nghiệm thu",
            "Ngày nghiệm thu": "15/01/2022",
            "Xếp loại": "Đạt",
            "Chủ nhiệm": "Võ Thị Mai Lan",
        }
        batch, _preview = start_batch(
            "topics", xlsx("topics", [row]), user=self.office, file_name="luu-tru.xlsx"
        )
        with self.captureOnCommitCallbacks(execute=True):
            apply_batch(batch, user=self.office)
        self.assertTrue(TopicPage.objects.filter(topic__code="CS-2021-09").exists())
