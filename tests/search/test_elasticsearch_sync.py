"""What the site does reaches Elasticsearch after the commit: publishing, edits, unpublishing and
deletion; and the other schools' harvested records, in their own index, written and removed in
bulk. Against a real Elasticsearch, as tests/search/test_elasticsearch.py (skipped without
one)."""

from django.utils import timezone

from cms.models import TopicPage
from search import documents, indexing
from search.engines.elastic import ElasticsearchEngine
from search.models import HARVESTED, HarvestedRecord, PeerRepository
from search.query import SearchRequest
from tests.cms.site import build_site, publish
from tests.factories import PersonFactory, TopicFactory, TopicMemberFactory
from tests.search.test_elasticsearch import ElasticsearchTestCase, index_everything, refresh


class IndexFollowsTheSiteTests(ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        index_everything()

    def test_publishing_reaches_elasticsearch_after_the_commit(self):
        topic = TopicFactory(title="Kinh tế tư nhân ở Quảng Trị")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="c", topic=topic)
        refresh()
        request = SearchRequest(groups=[("kinh",), ("te",), ("tu",), ("nhan",)])
        self.assertEqual(ElasticsearchEngine().search(request).total, 1)
        with self.captureOnCommitCallbacks(execute=True):
            page.unpublish()
        refresh()
        self.assertEqual(ElasticsearchEngine().search(request).total, 0)
        self.assertEqual(indexing.backlog().size, 0)

    def test_edits_and_deletion_reach_elasticsearch_after_the_commit(self):
        topic = TopicFactory(title="Chuyển đổi số trong công tác tuyên giáo")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="d", topic=topic)
        with self.captureOnCommitCallbacks(execute=True):
            TopicMemberFactory(topic=topic, person=PersonFactory(full_name="Lương Văn Đạt"))
        refresh()
        by_name = SearchRequest(groups=[("luong", "van", "dat")])
        self.assertEqual(ElasticsearchEngine().search(by_name).total, 1)
        with self.captureOnCommitCallbacks(execute=True):
            page.delete()
        refresh()
        self.assertEqual(ElasticsearchEngine().search(by_name).total, 0)


class HarvestedRecordsTests(ElasticsearchTestCase):
    """The other schools' records (search.harvest) in their own index: out of the school's own
    results, found under their school's facet, written and removed in bulk by a harvest."""

    @classmethod
    def setUpTestData(cls):
        site = build_site()
        topic = TopicFactory(title="Xây dựng Đảng ở cơ sở vùng biên")
        cls.page = publish(site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        cls.peer = PeerRepository.objects.create(
            name="Trường Chính trị B", base_url="http://b/oai/"
        )
        cls.record = HarvestedRecord.objects.create(
            peer=cls.peer,
            identifier="oai:b:topic/1",
            datestamp=timezone.now(),
            title="Xây dựng Đảng ở cơ sở vùng cao",
            source_url="https://b.example.vn/de-tai/1/",
        )
        index_everything()

    def search(self, **filters):
        request = SearchRequest(groups=[("xay",), ("dung",), ("dang",)], filters=filters)
        return ElasticsearchEngine().search(request)

    def test_only_under_their_schools_facet(self):
        own = self.search(school=0)
        self.assertEqual([hit.page_id for hit in own.hits], [self.page.pk])
        self.assertIn((self.peer.pk, self.peer.name, 1), own.facets["school"])
        theirs = self.search(school=self.peer.pk)
        self.assertEqual([hit.url for hit in theirs.hits], [self.record.source_url])

    def test_a_harvest_writes_and_removes_them_in_bulk(self):
        second = HarvestedRecord.objects.create(
            peer=self.peer,
            identifier="oai:b:topic/2",
            datestamp=timezone.now(),
            title="Xây dựng Đảng trong doanh nghiệp",
        )
        self.record.deleted = True
        self.record.save()
        keys = [second.entry_key, self.record.entry_key]
        indexing.index_harvested(keys)
        # cleanups run before the test's transaction is rolled back: Elasticsearch back as it was
        self.addCleanup(refresh)
        self.addCleanup(indexing.index_harvested, keys)
        self.addCleanup(second.delete)
        self.addCleanup(self.record.save)
        self.addCleanup(setattr, self.record, "deleted", False)
        refresh()
        found = self.search(school=self.peer.pk)
        self.assertEqual([hit.page_id for hit in found.hits], [second.entry_key])
        self.assertEqual(documents.admin().count(index=documents.alias(HARVESTED))["count"], 1)
