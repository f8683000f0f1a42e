"""The demo's moderation story is true: pages meant as drafts or waiting in moderation are neither
live nor public nor in the search index."""

import datetime

from django.test import TestCase
from wagtail.models import WorkflowState

from cms.demo import DemoSite
from cms.models import TopicPage
from research.demo.loader import DemoLoader
from search.indexing import rebuild
from search.models import SearchEntry

TODAY = datetime.date(2026, 11, 26)


class DemoModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        DemoLoader(today=TODAY).load()
        DemoSite(today=TODAY).load()
        rebuild()

    def test_drafts_and_pages_in_moderation_are_not_live(self):
        waiting = WorkflowState.objects.active().values_list("base_object_id", flat=True)
        in_moderation = TopicPage.objects.filter(pk__in=[int(pk) for pk in waiting])
        drafts = TopicPage.objects.filter(live=False).exclude(pk__in=in_moderation)
        self.assertGreaterEqual(in_moderation.count(), 1)
        self.assertGreaterEqual(drafts.count(), 1)
        for page in [*in_moderation, *drafts]:
            with self.subTest(page=page.title):
                self.assertFalse(page.live)
                self.assertEqual(
                    self.client.get(page.url or f"/de-tai/{page.slug}/").status_code, 404
                )
                self.assertFalse(SearchEntry.objects.filter(page_id=page.pk).exists())
        self.assertTrue(TopicPage.objects.live().exists())
        self.assertEqual(
            SearchEntry.objects.filter(kind="topic").count(), TopicPage.objects.live().count()
        )
