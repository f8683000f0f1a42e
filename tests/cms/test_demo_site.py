"""The demo's moderation story is true: pages meant as drafts or waiting in moderation are neither
live nor public nor in the search index."""

import datetime

from django.test import TestCase
from wagtail.models import Locale, WorkflowState

from cms.models import TopicPage
from search.indexing import rebuild
from search.models import SearchEntry
from tests.demodb import load_demo

TODAY = datetime.date(2026, 11, 26)


class DemoModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(TODAY)
        rebuild()

    def test_drafts_and_pages_in_moderation_are_not_live(self):
        waiting = WorkflowState.objects.active().values_list("object_id", flat=True)
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
        live = TopicPage.objects.live()
        self.assertEqual(  # the search indexes the Vietnamese pages; the English ones mirror them
            SearchEntry.objects.filter(kind="topic").count(),
            live.filter(locale=Locale.get_default()).count(),
        )
        self.assertEqual(live.filter(locale__language_code="en").count(), live.count() // 2)
