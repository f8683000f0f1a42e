"""The Elasticsearch engine against a real Elasticsearch (never a mock): the same contract as
the database engine, plus fallback and catch-up with the server stopped mid-run.

Run with a server: `.ci/elasticsearch run -- make test` fetches and starts one (Java and Maven
needed), or point ELASTICSEARCH_URL at any Elasticsearch 8."""

import os
import signal
import time
import uuid

import pytest
from django.conf import settings
from django.test import TestCase, override_settings

from cms.models import TopicPage
from search import documents, indexing
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine, FallbackEngine
from search.query import ResearchSearch, SearchRequest
from tests.cms.site import publish
from tests.factories import PersonFactory, TopicFactory, TopicMemberFactory
from tests.search.test_contract import SearchContract

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


class ElasticsearchTestCase(TestCase):
    """Each class gets its own index prefix, dropped at the end."""

    @classmethod
    def setUpClass(cls):
        cls.settings_override = override_settings(
            ELASTICSEARCH_URL=URL, ELASTICSEARCH_INDEX_PREFIX=f"test-{uuid.uuid4().hex[:10]}"
        )
        cls.settings_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        es = documents.client()
        for index in es.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*"):
            es.indices.delete(index=index)
        cls.settings_override.disable()


class ElasticsearchContractTests(SearchContract, ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()  # the corpus, and the database entries
        documents.rebuild()

    def engine(self):
        return ElasticsearchEngine()

    def test_the_aliases_point_at_built_indices_in_step_with_the_database(self):
        report = documents.health()
        self.assertEqual(
            [(row["documents"], row["database"]) for row in report["indices"]],
            [(2, 2), (2, 2), (1, 1)],
        )
        for row in report["indices"]:
            self.assertTrue(row["index"].startswith(row["alias"] + "-"))

    def test_search_health_reports_aliases_and_counts_and_fails_when_behind(self):
        import io

        from django.core.management import CommandError, call_command

        out = io.StringIO()
        call_command("search_health", stdout=out)
        report = out.getvalue()
        self.assertIn("trạng thái green", report)
        self.assertIn(f"{settings.ELASTICSEARCH_INDEX_PREFIX}-topics → ", report)
        self.assertIn("2 tài liệu, 2 trong cơ sở dữ liệu (khớp)", report)
        documents.client().delete(
            index=documents.alias("person"), id=self.pages["lan"].pk, refresh=True
        )
        with self.assertRaisesMessage(CommandError, "search_index --rebuild"):
            call_command("search_health", stdout=io.StringIO())
        documents.rebuild()

    def test_a_rebuild_switches_to_a_new_index_without_an_empty_moment(self):
        before = {row["alias"]: row["index"] for row in documents.health()["indices"]}
        documents.rebuild()
        after = documents.health()["indices"]
        for row in after:
            self.assertNotEqual(row["index"], before[row["alias"]])
            self.assertEqual(row["documents"], row["database"])
        es = documents.client()
        for old in before.values():
            self.assertFalse(es.indices.exists(index=old))


def refresh():
    """Make what was just written searchable (Elasticsearch does it within a second anyway)."""
    documents.client().indices.refresh(index=",".join(documents.aliases()))


class PauseElasticsearch:
    """Stop the real server (SIGSTOP: it neither answers nor refuses, like a hung node) and let it
    go again. Needs the pid file that `.ci/elasticsearch` writes."""

    def __enter__(self):
        with open(PID_FILE) as file:
            self.pid = int(file.read())
        os.kill(self.pid, signal.SIGSTOP)
        return self

    def __exit__(self, *exc):
        os.kill(self.pid, signal.SIGCONT)
        for _ in range(60):
            try:
                documents.client().cluster.health(wait_for_status="yellow", timeout="1s")
                return
            except documents.ELASTIC_ERRORS:
                time.sleep(0.5)


@pytest.mark.skipif(not PID_FILE, reason="needs the server started by .ci/elasticsearch")
class FallbackAndCatchUpTests(ElasticsearchTestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.cms.site import build_site

        cls.site = build_site()
        cls.first = TopicFactory(title="Nghiên cứu công tác dân vận ở cơ sở")
        publish(cls.site.research, TopicPage, title=cls.first.title, slug="a", topic=cls.first)
        indexing.rebuild()
        documents.rebuild()

    def test_the_database_answers_while_elasticsearch_is_stopped_and_a_rebuild_catches_up(self):
        engine = FallbackEngine(ElasticsearchEngine(), DatabaseEngine())
        request = SearchRequest(words=["dan", "van"])
        self.assertEqual(engine.search(request).total, 1)

        with PauseElasticsearch():
            with self.assertLogs("search", "WARNING") as logs:
                found = ResearchSearch({"q": "dan van"}, engine=engine).results()
            self.assertEqual(found.total, 1)  # from the database
            self.assertIn("Elasticsearch unavailable", logs.output[0])
            with self.assertLogs("search", "WARNING"):
                page = self.client.get("/tim-kiem/", {"q": "dan van"})
            self.assertContains(page, 'data-total="1"', html=False)  # never a 500

            second = TopicFactory(title="Đổi mới công tác dân vận của chính quyền")
            with self.assertLogs("search", "WARNING"), self.captureOnCommitCallbacks(execute=True):
                publish(self.site.research, TopicPage, title=second.title, slug="b", topic=second)
            # the publication went through; the database has it, Elasticsearch missed it
            self.assertEqual(engine.search(SearchRequest(words=["dan", "van"])).total, 2)

        refresh()
        self.assertEqual(ElasticsearchEngine().search(request).total, 1)  # behind
        documents.rebuild()  # after recovery
        self.assertEqual(ElasticsearchEngine().search(request).total, 2)

    def test_publishing_reaches_elasticsearch_after_the_commit(self):
        topic = TopicFactory(title="Kinh tế tư nhân ở Quảng Trị")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="c", topic=topic)
        refresh()
        request = SearchRequest(words=["kinh", "te", "tu", "nhan"])
        self.assertEqual(ElasticsearchEngine().search(request).total, 1)
        with self.captureOnCommitCallbacks(execute=True):
            page.unpublish()
        refresh()
        self.assertEqual(ElasticsearchEngine().search(request).total, 0)

    def test_edits_and_deletion_reach_elasticsearch_after_the_commit(self):
        topic = TopicFactory(title="Chuyển đổi số trong công tác tuyên giáo")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="d", topic=topic)
        with self.captureOnCommitCallbacks(execute=True):
            TopicMemberFactory(topic=topic, person=PersonFactory(full_name="Lương Văn Đạt"))
        refresh()
        by_name = SearchRequest(words=["luong", "van", "dat"])
        self.assertEqual(ElasticsearchEngine().search(by_name).total, 1)
        with self.captureOnCommitCallbacks(execute=True):
            page.delete()
        refresh()
        self.assertEqual(ElasticsearchEngine().search(by_name).total, 0)
