"""The Elasticsearch engine against a real Elasticsearch (never a mock): the same contract as
the database engine; index operations with their own timeouts, cleanup of what a failed rebuild
made and of orphan indices; and, with the server paused (SIGSTOP: a hung node), the fallback,
the circuit breaker and the durable backlog.

Run with a server: `.ci/elasticsearch run -- make test` fetches and starts one (Java and Maven
needed), or point ELASTICSEARCH_URL at any Elasticsearch 8 (ELASTICSEARCH_PID_FILE names the
process to pause; without it the pause tests are skipped)."""

import io
import os
import signal
import threading
import time
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import TopicPage
from search import breaker, documents, indexing
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine, FallbackEngine, ResearchFacetedSearch
from search.models import OWN_SCHOOL, SearchEntry
from search.query import SearchRequest
from tests.clock import real_clock
from tests.cms.site import build_site, publish
from tests.factories import TopicFactory
from tests.search.test_contract import QualityContract, SearchContract

URL = settings.TEST_ELASTICSEARCH_URL
PID_FILE = os.environ.get("ELASTICSEARCH_PID_FILE", "")
if not URL:
    message = (
        "No Elasticsearch: run `.ci/elasticsearch run -- make test`, or set ELASTICSEARCH_URL "
        "to an Elasticsearch 8 server."
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message, allow_module_level=True)

# A busy shared machine can take seconds to answer: the tests give a visitor's search 20 s (a
# slow answer is still an answer; a wrong one fails), except where they hang the node on purpose.
PATIENT = 20.0
HUNG = 1.0  # the public timeout while the node is paused


class ElasticsearchTestCase(TestCase):
    """Each class gets its own index prefix, dropped at the end; the node is up (yellow) before
    it starts, and the circuit breaker is closed before and after each test."""

    timeout = PATIENT

    @classmethod
    def setUpClass(cls):
        cls.settings_override = override_settings(
            ELASTICSEARCH_URL=URL,
            ELASTICSEARCH_INDEX_PREFIX=f"test-{uuid.uuid4().hex[:10]}",
            ELASTICSEARCH_TIMEOUT=cls.timeout,
        )
        cls.settings_override.enable()
        documents.wait_until_ready()
        breaker.reset()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        breaker.reset()
        es = documents.admin()
        for index in es.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*"):
            es.indices.delete(index=index)
        cls.settings_override.disable()

    def setUp(self):
        breaker.reset()
        self.addCleanup(breaker.reset)


def index_everything():
    """The database entries and Elasticsearch rebuilt; the backlog the fixtures left is done."""
    started = timezone.now()
    indexing.rebuild()
    documents.rebuild()
    indexing.forget_done(started)


def refresh():
    """Make what was just written searchable (Elasticsearch does it within a second anyway)."""
    documents.admin().indices.refresh(index=",".join(documents.aliases()))


class ElasticsearchContractTests(SearchContract, ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()  # the corpus
        index_everything()

    def engine(self):
        return ElasticsearchEngine()

    def test_the_aliases_point_at_built_indices_in_step_with_the_database(self):
        report = documents.health()
        self.assertEqual(
            [(row["documents"], row["database"]) for row in report["indices"]],
            [(2, 2), (2, 2), (1, 1), (0, 0), (0, 0)],  # topics, outputs, people, news, harvested
        )
        for row in report["indices"]:
            self.assertTrue(row["index"].startswith(row["alias"] + "-"))
        self.assertEqual(report["orphans"], [])

    def test_search_health_reports_aliases_and_counts_and_fails_when_behind(self):
        out = io.StringIO()
        call_command("search_health", stdout=out)
        report = out.getvalue()
        self.assertIn("trạng thái green", report)
        self.assertIn(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-topic → ", report)
        self.assertIn("2 tài liệu, 2 trong cơ sở dữ liệu (khớp)", report)
        self.addCleanup(documents.rebuild)
        documents.admin().delete(
            index=documents.alias("person"), id=self.pages["lan"].pk, refresh=True
        )
        with self.assertRaisesMessage(CommandError, "search_index --rebuild"):
            call_command("search_health", stdout=io.StringIO())

    def test_a_repeated_searchs_counts_come_from_the_request_cache_until_a_change(self):
        es = documents.admin()

        def request_cache():
            stats = es.indices.stats(index=",".join(documents.aliases()), metric="request_cache")
            found = stats["_all"]["total"]["request_cache"]
            return found["hit_count"], found["miss_count"]

        def counted():
            found = self.search(q="nghien cuu", type="topic").results()
            return found.total, found.facets, [hit.page_id for hit in found.hits]

        first = counted()
        hits, misses = request_cache()
        self.assertEqual(counted(), first)
        again_hits, again_misses = request_cache()
        self.assertGreater(again_hits, hits)
        self.assertEqual(again_misses, misses)  # the hits' request is never cached: no misses

        # a change and a refresh: the shard's cache entries are dropped, the counts follow it
        self.addCleanup(documents.rebuild)
        es.delete(index=documents.alias("topic"), id=self.pages["party_topic"].pk, refresh=True)
        total, facets, _hits = counted()
        self.assertEqual(total, first[0] - 1)
        self.assertNotEqual(facets, first[1])

    def test_facets_counting_over_the_same_choices_share_one_filter(self):
        """Each entry is tested once per distinct set of other choices, not once per facet."""

        def filters(**chosen):
            request = SearchRequest(groups=[["nghien", "cuu"]], filters=chosen)
            return ResearchFacetedSearch(request).counting().to_dict()["aggs"]

        nothing = filters()
        self.assertEqual(list(nothing), ["_filter_"])
        self.assertEqual(len(nothing["_filter_"]["aggs"]), 8)  # every facet under it
        two = filters(type="output", year=2025, school=OWN_SCHOOL)
        self.assertEqual(
            {name: sorted(agg["aggs"]) for name, agg in two.items()},
            {
                "_filter_school_year": ["type"],
                "_filter_school_type": ["year"],
                "_filter_type_year": ["school"],
                "_filter_school_type_year": ["body", "field", "kind", "level", "unit"],
            },
        )
        # and each counts over the other choices (the contract's facets test: their counts)
        self.assertEqual(len(two["_filter_type_year"]["filter"]["bool"]["filter"]), 2)

    def test_the_ranking_request_scores_only_the_entries_chosen(self):
        """The choices filter the ranking request's query (a post-filter would score every match
        first); the counting request keeps them as a post-filter, under which its facets count
        over the other choices. The same hits either way (the contract's tests)."""
        request = SearchRequest(groups=[["nghien", "cuu"]], filters={"type": "output"})
        search = ResearchFacetedSearch(request)
        ranking = search.ranking(0, 10).to_dict()
        self.assertNotIn("post_filter", ranking)
        self.assertEqual(
            ranking["query"]["bool"]["filter"],
            [{"bool": {"filter": [{"terms": {"kind": ["output"]}}]}}],
        )
        self.assertIn("post_filter", search.counting().to_dict())

    def test_facet_labels_are_read_in_one_query_and_follow_a_rename_at_once(self):
        lan_unit, _ = self.corpus["units"]

        def unit_names():
            with CaptureQueriesContext(connection) as queries:
                options = self.search(q="nghien cuu").results().facets["unit"]
            tables = ("research_unit", "research_researchfield", "research_orderingbody")
            labels = [q for q in queries.captured_queries if any(t in q["sql"] for t in tables)]
            return {label for _value, label, _count in options}, len(labels)

        self.assertEqual(unit_names(), ({lan_unit.name}, 1))
        lan_unit.name = "Khoa Xây dựng Đảng và chính quyền"
        lan_unit.save()
        self.assertEqual(unit_names(), ({"Khoa Xây dựng Đảng và chính quyền"}, 1))

    def test_a_rebuild_switches_to_a_new_index_without_an_empty_moment(self):
        before = {row["alias"]: row["index"] for row in documents.health()["indices"]}
        documents.rebuild()
        after = documents.health()["indices"]
        for row in after:
            self.assertNotEqual(row["index"], before[row["alias"]])
            self.assertEqual(row["documents"], row["database"])
        es = documents.admin()
        for old in before.values():
            self.assertFalse(es.indices.exists(index=old))

    def test_a_rebuild_read_in_many_slices_indexes_every_entry_and_reports_each_slice(self):
        slice_size = 2
        total = SearchEntry.objects.count()
        reported = []
        with mock.patch.object(documents, "SLICE", slice_size):
            self.assertEqual(
                documents.rebuild(progress=lambda done, _total: reported.append(done)), total
            )
        for row in documents.health()["indices"]:
            self.assertEqual(row["documents"], row["database"])
        # a report after each slice is sent (each kind's last one may be short), then the total
        kinds = SearchEntry.objects.values("kind").distinct().count()
        self.assertGreater(len(reported), total // slice_size)
        self.assertLessEqual(len(reported), total // slice_size + kinds + 1)
        self.assertEqual(reported, sorted(reported))
        self.assertEqual(reported[-1], total)


class ElasticsearchQualityTests(QualityContract, ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        index_everything()

    def engine(self):
        return ElasticsearchEngine()


class IndexOperationTests(ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        site = build_site()
        topic = TopicFactory(title="Kinh tế biển Quảng Trị")
        publish(site.research, TopicPage, title=topic.title, slug="a", topic=topic)
        index_everything()

    def indices(self):
        return set(documents.admin().indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*"))

    def test_a_failed_rebuild_removes_the_indices_it_made(self):
        aliased_before = {row["index"] for row in documents.health()["indices"]}
        before = self.indices()
        es = documents.admin()
        shards = es.cluster.health()["active_shards"]
        # a real refusal from the node: room for one more shard, the rebuild needs one per kind
        es.cluster.put_settings(persistent={"cluster.max_shards_per_node": shards + 1})
        try:
            with self.assertRaises(documents.ELASTIC_ERRORS):
                documents.rebuild()
            with self.assertRaisesMessage(CommandError, "các chỉ mục mới đã được xoá"):
                call_command("search_index", "--rebuild", stdout=io.StringIO())
        finally:
            es.cluster.put_settings(persistent={"cluster.max_shards_per_node": None})
        self.assertEqual(self.indices(), before)  # nothing left behind
        self.assertEqual({row["index"] for row in documents.health()["indices"]}, aliased_before)
        self.assertEqual(ElasticsearchEngine().search(SearchRequest(groups=[("bien",)])).total, 1)

    @real_clock()  # an index's age is read from the server's clock
    def test_health_lists_orphan_indices_and_cleanup_removes_them(self):
        orphan = documents.new_index("topic")  # as a rebuild that died would leave it
        report = documents.health()
        self.assertEqual([row["index"] for row in report["orphans"]], [orphan])
        out = io.StringIO()
        call_command("search_health", stdout=out)
        self.assertIn(
            f"orphan index {orphan}", out.getvalue().replace("chỉ mục mồ côi", "orphan index")
        )
        call_command("search_index", "--cleanup", stdout=io.StringIO())  # too young: kept
        self.assertIn(orphan, self.indices())
        out = io.StringIO()
        call_command("search_index", "--cleanup", "--older-than", "0", stdout=out)
        self.assertNotIn(orphan, self.indices())
        self.assertEqual(documents.health()["orphans"], [])
        self.assertEqual(ElasticsearchEngine().search(SearchRequest(groups=[("bien",)])).total, 1)


class PauseElasticsearch:
    """Stop the real server (SIGSTOP: it neither answers nor refuses, like a hung node) and let it
    go again. Needs the pid file that `.ci/elasticsearch` writes."""

    def __enter__(self):
        with open(PID_FILE) as file:
            self.pid = int(file.read())
        os.kill(self.pid, signal.SIGSTOP)
        return self

    def __exit__(self, *exc):
        self.resume()

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)
        documents.wait_until_ready()


def fallback_engine():
    return FallbackEngine(ElasticsearchEngine(), DatabaseEngine())


@pytest.mark.skipif(not PID_FILE, reason="needs the server started by .ci/elasticsearch")
class HungElasticsearchTests(ElasticsearchTestCase):
    timeout = HUNG

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cls.first = TopicFactory(title="Nghiên cứu công tác dân vận ở cơ sở")
        cls.first_page = publish(
            cls.site.research, TopicPage, title=cls.first.title, slug="a", topic=cls.first
        )
        cls.second = TopicFactory(title="Công tác dân vận của chính quyền xã")
        cls.second_page = publish(
            cls.site.research, TopicPage, title=cls.second.title, slug="b", topic=cls.second
        )
        index_everything()

    def test_a_hung_node_costs_one_timeout_then_the_breaker_answers_at_once(self):
        engine = fallback_engine()
        request = SearchRequest(groups=[("dan", "van")])
        self.assertFalse(engine.search(request).fallback)
        with override_settings(ELASTICSEARCH_COOLDOWN=600), PauseElasticsearch():
            with self.assertLogs("search", "WARNING") as logs:
                first = engine.search(request)  # waits the timeout once
            self.assertTrue(first.fallback)
            self.assertEqual(first.total, 2)
            self.assertIn("Elasticsearch unavailable", logs.output[0])
            self.assertTrue(breaker.is_open())
            # every request after it skips Elasticsearch: none waits for the timeout
            for query in ({"q": "dan van"}, {"q": "dan van", "page": "2"}, {"q": "cong tac"}):
                started = time.perf_counter()
                page = self.client.get("/tim-kiem/", query)
                self.assertLess(time.perf_counter() - started, HUNG)
                self.assertEqual(page.status_code, 200)
                self.assertContains(page, 'data-fallback="true"', html=False)
            started = time.perf_counter()
            suggested = self.client.get("/tim-kiem/goi-y/", {"q": "cong tac dan v"}).json()
            self.assertLess(time.perf_counter() - started, HUNG)
            self.assertEqual(len(suggested), 2)
        # the node is back, but the cool-down is not over: still the database
        self.assertTrue(engine.search(request).fallback)

    def test_index_operations_wait_out_a_slow_node_a_visitor_does_not(self):
        request = SearchRequest(groups=[("dan", "van")])
        with PauseElasticsearch() as paused:
            threading.Timer(3, os.kill, [paused.pid, signal.SIGCONT]).start()  # back in 3 s
            started = time.perf_counter()
            with self.assertLogs("search", "WARNING"):
                found = fallback_engine().search(request)
            self.assertTrue(found.fallback)  # the visitor got the database's answer…
            self.assertLess(time.perf_counter() - started, 3)  # …without waiting for the node
            self.assertEqual(documents.rebuild(), 2)  # the rebuild waited for it, and went through
        breaker.reset()
        self.assertFalse(fallback_engine().search(request).fallback)

    def test_after_the_cool_down_one_probe_closes_or_reopens_the_breaker(self):
        engine = fallback_engine()
        request = SearchRequest(groups=[("dan", "van")])
        with override_settings(ELASTICSEARCH_COOLDOWN=0.5):
            with PauseElasticsearch() as paused:
                with self.assertLogs("search", "WARNING"):
                    self.assertTrue(engine.search(request).fallback)
                time.sleep(0.6)
                with self.assertLogs("search", "WARNING"):
                    self.assertTrue(engine.search(request).fallback)  # the probe failed…
                self.assertTrue(breaker.is_open())  # …and opened it again
                paused.resume()
            time.sleep(0.6)
            # the probe after recovery, with time for a node just woken on a busy machine (the
            # breaker, not the node's speed, is under test)
            with override_settings(ELASTICSEARCH_TIMEOUT=PATIENT):
                found = engine.search(request)
            self.assertFalse(found.fallback)
            self.assertFalse(breaker.is_open())
            self.assertEqual(found.total, 2)

    def test_changes_during_an_outage_reach_elasticsearch_in_one_drain_without_a_rebuild(self):
        with override_settings(ELASTICSEARCH_COOLDOWN=600), PauseElasticsearch():
            new = TopicFactory(title="Dân vận khéo ở vùng đồng bào Vân Kiều")
            with self.assertLogs("search", "WARNING"), self.captureOnCommitCallbacks(execute=True):
                new_page = publish(
                    self.site.research, TopicPage, title=new.title, slug="c", topic=new
                )
            with self.captureOnCommitCallbacks(execute=True):
                self.first.title = "Nghiên cứu công tác dân vận ở cơ sở tỉnh Quảng Trị"
                self.first.save()
            with self.captureOnCommitCallbacks(execute=True):
                self.second_page.unpublish()
            # the database has all three at once…
            self.assertEqual(
                set(SearchEntry.objects.values_list("page_id", flat=True)),
                {self.first_page.pk, new_page.pk},
            )
            backlog = indexing.backlog()
            self.assertEqual(backlog.size, 3)  # …Elasticsearch has none of them yet
            self.assertGreaterEqual(backlog.oldest_age, 0)
            with self.assertLogs("search", "WARNING"):
                self.assertEqual(indexing.drain().left, 3)  # still down: they stay
        refresh()
        elastic = ElasticsearchEngine()
        self.assertEqual(elastic.search(SearchRequest(groups=[("dan", "van")])).total, 2)  # stale
        drained = indexing.drain()  # one drain, no rebuild
        self.assertEqual((drained.done, drained.left), (3, 0))
        self.assertEqual(indexing.backlog().size, 0)
        refresh()
        found = elastic.search(SearchRequest(groups=[("dan", "van")]))
        self.assertEqual({hit.page_id for hit in found.hits}, {self.first_page.pk, new_page.pk})
        edited = elastic.search(SearchRequest(groups=[("quang", "tri")]))
        self.assertEqual([hit.page_id for hit in edited.hits], [self.first_page.pk])
        self.assertFalse(breaker.is_open())  # the drain found it back and closed the breaker
