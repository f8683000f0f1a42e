"""Pages made from records follow them (issue 22, item 12): a corrected title reaches the page in
every language, until an editor changes that page by hand."""

import datetime

from django.test import TestCase

from cms.i18n import translate_page
from cms.models import AutoPublish, TopicPage
from research.models import TopicStatus
from tests.cms.site import build_site
from tests.cms.test_publishing import set_mode
from tests.factories import OfficeStaffFactory, TopicFactory


class PagesFollowRecordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.editor = OfficeStaffFactory()

    def setUp(self):
        set_mode(AutoPublish.LIVE)
        self.topic = TopicFactory(status=TopicStatus.UNDER_EVALUATION, title="Dân vận ở cơ sở")
        self.topic.status, self.topic.grade = TopicStatus.ACCEPTED, "good"
        self.topic.accepted_on = datetime.date(2026, 6, 1)
        self.save()

    def save(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.topic.save()

    def pages(self):
        return {
            page.locale.language_code: page
            for page in TopicPage.objects.filter(topic=self.topic).select_related("locale")
        }

    def test_a_corrected_title_reaches_the_page_in_every_language(self):
        self.assertEqual(self.pages()["vi"].title, "Dân vận ở cơ sở")
        self.topic.title = "Dân vận khéo ở cơ sở"
        self.save()
        pages = self.pages()
        self.assertEqual(set(pages), {"vi", "en"})
        self.assertTrue(pages["vi"].live)
        for page in pages.values():
            self.assertEqual(page.title, "Dân vận khéo ở cơ sở")
        # an English page of its own (not an alias) takes the record's English title
        translate_page(pages["vi"], "en", title=pages["vi"].title)
        self.topic.title_en = "Skilful mass mobilisation at the grassroots"
        self.save()
        self.assertEqual(self.pages()["en"].title, "Skilful mass mobilisation at the grassroots")

    def test_a_page_changed_by_hand_is_the_editors(self):
        page = self.pages()["vi"]
        page.title = "Công tác dân vận (trang biên tập)"
        page.save_revision(user=self.editor).publish()
        self.topic.title = "Dân vận khéo ở cơ sở"
        self.save()
        self.assertEqual(self.pages()["vi"].title, "Công tác dân vận (trang biên tập)")
