"""A whole import's pages made at once (cms.bulk_pages) are the pages the one-by-one path makes:
the same addresses in both languages, revisions, publication, translation links, audit log,
search entries (the portal's and Wagtail's), reference index, OAI stamps and a sound tree."""

import datetime

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from cms.models import (
    AutoPublish,
    DeletedRecord,
    OutputPage,
    RecordStamp,
    SiteSettings,
    TopicPage,
)
from cms.publishing import ensure_page, react_to_many
from research.models import OutputAuthor, TopicStatus
from search.models import SearchEntry
from tests.cms.site import build_site
from tests.factories import OutputFactory, PersonFactory, TopicFactory, UnitFactory

# what differs between two runs whatever the path: keys, moments, the tree position's digits
VOLATILE = {
    "pk",
    "id",
    "page_ptr",
    "path",
    "translation_key",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "wagtail_admin_comments",
}


class Rollback(Exception):
    pass


def set_mode(mode):
    settings = SiteSettings.load()
    settings.publish_automatically = mode
    settings.save()


def record_key(page):
    page = page.specific
    if isinstance(page, TopicPage):
        return ("topic", page.topic_id, page.locale.language_code)
    if isinstance(page, OutputPage):
        return ("output", page.output_id, page.locale.language_code)
    return ("page", page.url_path)


def snapshot():
    """What matters of the records' pages, with keys named by record and language."""
    pages = [
        page
        for model in (TopicPage, OutputPage)
        for page in model.objects.select_related("locale").order_by("pk")
    ]
    key_of = {page.pk: record_key(page) for page in pages}
    key_of.update({p.pk: ("page", p.url_path) for p in Page.objects.filter(depth__lte=3)})
    state = {}
    for page in pages:
        key = key_of[page.pk]
        revisions = list(Revision.page_revisions.filter(object_id=str(page.pk)).order_by("pk"))
        state[key] = {
            "url": page.url,
            "url_path": page.url_path,
            "slug": page.slug,
            "depth": page.depth,
            "parent": key_of[page.get_parent().pk],
            "title": page.title,
            "draft_title": page.draft_title,
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "language": page.language,
            "owner": page.owner_id,
            "content_type": page.content_type_id,
            "alias_of": key_of.get(page.alias_of_id),
            "translations": sorted(key_of[t.pk] for t in page.get_translations()),
            "published": (page.first_published_at is not None, page.last_published_at is not None),
            "live_revision": (
                page.live_revision_id in {r.pk for r in revisions}
                if page.live_revision_id
                else None
            ),
            "latest_revision": (
                page.latest_revision_id == revisions[-1].pk if page.latest_revision_id else None
            ),
            "latest_revision_created_at": page.latest_revision_created_at is not None,
            "revisions": [
                (
                    r.user_id,
                    r.object_str,
                    r.approved_go_live_at,
                    r.content_type_id,
                    r.base_content_type_id,
                    {k: v for k, v in r.content.items() if k not in VOLATILE},
                )
                for r in revisions
            ],
            "log": sorted(
                (
                    entry.action,
                    entry.label,
                    entry.user_id,
                    entry.content_changed,
                    entry.deleted,
                    entry.revision_id is not None,
                    entry.content_type_id,
                    repr(named(entry.data, key_of)),
                )
                for entry in PageLogEntry.objects.filter(page_id=page.pk)
            ),
            "references": sorted(
                (r.content_type_id, r.to_content_type_id, r.to_object_id, r.model_path)
                for r in ReferenceIndex.objects.filter(
                    base_content_type=page.content_type.__class__.objects.get_for_model(Page),
                    object_id=page.pk,
                )
            ),
            "admin_search": sorted(
                (e.content_type_id, e.title, e.autocomplete, e.body)
                for e in IndexEntry.objects.filter(object_id=str(page.pk))
            ),
            "search_entry": [
                {
                    k: v
                    for k, v in entry.__dict__.items()
                    if k not in ("_state", "id", "page_id", "indexed_at")
                }
                for entry in SearchEntry.objects.filter(page_id=page.pk)
            ],
        }
    parents = {}
    for page in Page.objects.filter(depth__lte=3):
        parents[key_of[page.pk]] = page.numchild
    state["parents"] = parents
    state["problems"] = [len(problems) for problems in Page.find_problems()]
    state["totals"] = [  # nothing written elsewhere than on the records' pages
        model.objects.count()
        for model in (Page, Revision, PageLogEntry, ReferenceIndex, IndexEntry, SearchEntry)
    ]
    state["stamps"] = sorted(RecordStamp.objects.values_list("identifier", "digest"))
    state["deleted"] = sorted(DeletedRecord.objects.values_list("identifier", flat=True))
    return state


def named(data, key_of):
    """Log data with page ids replaced by their keys."""
    if isinstance(data, dict):
        return {k: (key_of.get(v, v) if k == "id" else named(v, key_of)) for k, v in data.items()}
    return data


class BulkPagesTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        set_mode(AutoPublish.OFF)
        unit = UnitFactory()
        cls.topics = [
            TopicFactory(
                status=TopicStatus.ACCEPTED,
                grade="good",
                accepted_on=datetime.date(2025, 12, 1),
                title=title,
                title_en=title_en,
                unit=unit,
            )
            for title, title_en in (
                ("Dân vận khéo ở cơ sở", "Skilled mass mobilisation"),
                ("Dân vận khéo ở cơ sở", ""),  # the same address: numbered
                ("Đổi mới công tác cán bộ", ""),
            )
        ]
        cls.outputs = [OutputFactory(title=f"Bài báo số {n}") for n in range(3)]
        OutputAuthor.objects.create(output=cls.outputs[0], person=PersonFactory(unit=unit))
        cls.outputs[1].topic = cls.topics[0]
        cls.outputs[1].save()

    def made(self, make, mode):
        """The state after `make` made the records' pages, then rolled back."""
        set_mode(mode)
        try:
            with transaction.atomic():
                with self.captureOnCommitCallbacks(execute=True):
                    make()
                state = snapshot()
                raise Rollback
        except Rollback:
            pass
        return state

    def one_by_one(self):
        for record in [*self.topics, *self.outputs]:
            ensure_page(record)

    def in_bulk(self):
        react_to_many(self.topics)
        react_to_many(self.outputs)

    def assert_same(self, mode):
        expected = self.made(self.one_by_one, mode)

        actual = self.made(self.in_bulk, mode)
        self.assertEqual(set(expected), set(actual))
        for key in expected:
            self.assertEqual(expected[key], actual[key], key)
        return actual

    def test_live_pages_in_both_languages_are_those_made_one_by_one(self):
        state = self.assert_same(AutoPublish.LIVE)
        topic = self.topics[0].pk
        self.assertTrue(state[("topic", topic, "vi")]["live"])
        self.assertEqual(state[("topic", topic, "en")]["alias_of"], ("topic", topic, "vi"))
        self.assertEqual(
            state[("topic", self.topics[1].pk, "vi")]["slug"], "dan-van-kheo-o-co-so-2"
        )
        self.assertEqual(state["problems"], [0, 0, 0, 0, 0])
        self.assertTrue(state[("output", self.outputs[0].pk, "vi")]["search_entry"])

    def test_draft_pages_are_those_made_one_by_one(self):
        state = self.assert_same(AutoPublish.DRAFT)
        self.assertFalse(state[("topic", self.topics[0].pk, "vi")]["live"])

    def test_an_import_makes_its_pages_in_a_bounded_number_of_queries(self):
        topics = [
            TopicFactory(status=TopicStatus.ACCEPTED, grade="good", title=f"Đề tài {n}")
            for n in range(22)
        ]
        set_mode(AutoPublish.LIVE)
        few = self.count_queries(topics[:2])
        many = self.count_queries(topics[2:])
        self.assertLessEqual(many, few + 10)

    def count_queries(self, records):
        with (
            CaptureQueriesContext(connection) as queries,
            self.captureOnCommitCallbacks(execute=True),
        ):
            react_to_many(records)
        return len(queries)
