"""The index follows the site after each commit: publish, unpublish, edits, restrictions —
never drafts."""

import io

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import PageViewRestriction

from cms.models import TopicPage
from search.indexing import rebuild
from search.models import SearchEntry
from tests.cms.site import build_site, draft, publish
from tests.factories import PersonFactory, TopicFactory, TopicMemberFactory


class IndexMaintenanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def titles(self):
        return set(SearchEntry.objects.values_list("title", flat=True))

    def test_publish_edit_unpublish_and_restrict_follow_after_commit(self):
        topic = TopicFactory(title="Nghiên cứu công tác dân vận")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        self.assertEqual(self.titles(), {"Nghiên cứu công tác dân vận"})
        entry = SearchEntry.objects.get()
        self.assertEqual((entry.kind, entry.url, entry.level), ("topic", page.url, topic.level))

        with self.captureOnCommitCallbacks(execute=True):
            TopicMemberFactory(topic=topic, person=PersonFactory(full_name="Hồ Thị Bích Ngọc"))
        self.assertIn("ho thi bich ngoc", SearchEntry.objects.get().text_folded)

        # a draft revision does not reach the index; publishing it does
        page.title = "Tiêu đề nháp"
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision()
        self.assertEqual(self.titles(), {"Nghiên cứu công tác dân vận"})
        with self.captureOnCommitCallbacks(execute=True):
            page.get_latest_revision().publish()
        self.assertEqual(self.titles(), {"Tiêu đề nháp"})

        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        self.assertEqual(self.titles(), set())
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        self.assertEqual(self.titles(), {"Tiêu đề nháp"})

        with self.captureOnCommitCallbacks(execute=True):
            page.unpublish()
        self.assertEqual(self.titles(), set())

    def test_nothing_is_indexed_before_the_commit(self):
        topic = TopicFactory()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
            self.assertEqual(self.titles(), set())
        self.assertTrue(callbacks)

    def test_rebuild_command_indexes_published_pages_only_with_a_progress_bar(self):
        live = TopicFactory(title="Đề tài đã công bố")
        hidden = TopicFactory(title="Đề tài nháp")
        publish(self.site.research, TopicPage, title=live.title, slug="a", topic=live)
        draft(self.site.research, TopicPage, title=hidden.title, slug="b", topic=hidden)
        SearchEntry.objects.all().delete()
        out = io.StringIO()
        call_command("search_index", "--rebuild", stdout=out)
        self.assertEqual(self.titles(), {"Đề tài đã công bố"})
        self.assertIn("1/1", out.getvalue())
        self.assertEqual(rebuild(), 1)  # running it again gives the same index
        self.assertEqual(self.titles(), {"Đề tài đã công bố"})
