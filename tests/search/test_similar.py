"""The contract every engine's similar-work finder passes on the same corpus (the labelled groups
of bench/similar_pairs.py): a paraphrase and an extension find the accepted topic with the shared
phrases; a topic sharing only the school's common vocabulary is not similar; private records
are compared the same way; pages that are no work, drafts and excluded records never appear.
Elasticsearch runs the same contract in tests/search/test_elasticsearch.py."""

import unicodedata

from django.conf import settings
from django.test import TestCase

from bench.similar_pairs import GROUPS, UNRELATED
from research.core.similarity import Draft, Record, SimilarityRequest
from search import similar
from search.engines.database import DatabaseEngine
from search.indexing import rebuild
from tests.search.similar_corpus import build_similar_corpus

THRESHOLD = 40  # the call's default


class SimilarContract:
    def engine(self):
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls):
        cls.site, cls.corpus, cls.pages = build_similar_corpus()
        rebuild()

    def find(self, title, summary="", records=(), exclude=(), limit=5):
        request = SimilarityRequest(
            draft=Draft.of(title, (), summary),
            records=list(records),
            exclude=frozenset(exclude),
            limit=limit,
        )
        return similar.find(request, engine=self.engine())

    def ref(self, name):
        return f"entry:{self.pages[name].pk}"

    def test_a_paraphrase_finds_the_topic_with_the_shared_phrases(self):
        for group in GROUPS:
            with self.subTest(group=group.name):
                hits = self.find(group.paraphrase)
                refs = [hit.ref for hit in hits]
                self.assertIn(self.ref(f"{group.name}_topic"), refs[:2])
                hit = hits[refs.index(self.ref(f"{group.name}_topic"))]
                self.assertTrue(hit.shared)
                self.assertTrue(hit.public)
                self.assertEqual(hit.record, f"topic:{self.corpus[f'{group.name}_topic'].pk}")

    def test_a_draft_typed_decomposed_finds_what_it_finds_composed(self):
        group = GROUPS[0]
        decomposed = unicodedata.normalize("NFD", group.paraphrase)
        self.assertNotEqual(decomposed, group.paraphrase)
        composed = self.find(group.paraphrase)
        found = self.find(decomposed)
        self.assertEqual(
            [(h.ref, h.score, h.shared) for h in found],
            [(h.ref, h.score, h.shared) for h in composed],
        )

    def test_an_extension_finds_the_topic_first_above_the_threshold(self):
        for group in GROUPS:
            with self.subTest(group=group.name):
                hits = self.find(group.extension)
                self.assertEqual(hits[0].ref, self.ref(f"{group.name}_topic"))
                self.assertGreaterEqual(hits[0].score, THRESHOLD)

    def test_shared_phrases_are_the_drafts_words_never_only_common_ones(self):
        hits = self.find("Nâng cao chất lượng sinh hoạt chi bộ ở các xã vùng biên giới")
        top = hits[0]
        self.assertEqual(top.ref, self.ref("chi_bo_topic"))
        self.assertTrue(any("sinh hoạt chi bộ" in phrase for phrase in top.shared), top.shared)
        self.assertFalse([phrase for phrase in top.shared if "chất lượng" in phrase], top.shared)

    def test_common_vocabulary_alone_is_not_an_overlap(self):
        for group in GROUPS:
            with self.subTest(group=group.name):
                hits = self.find(group.paraphrase)
                decoy = self.ref(f"{group.name}_decoy")
                for hit in hits:
                    if hit.ref == decoy:
                        self.assertLess(hit.score, THRESHOLD)
        for title in UNRELATED:
            with self.subTest(title=title):
                self.assertTrue(all(hit.score < THRESHOLD for hit in self.find(title)))

    def test_people_drafts_and_excluded_work_never_appear(self):
        hits = self.find(
            "Sinh hoạt chi bộ biên giới", exclude={self.ref("chi_bo_article")}, limit=20
        )
        refs = {hit.ref for hit in hits}
        self.assertNotIn(self.ref("person"), refs)
        self.assertNotIn(self.ref("chi_bo_article"), refs)
        self.assertNotIn(f"entry:{self.pages['draft_topic'].pk}", refs)
        self.assertIn(self.ref("chi_bo_topic"), refs)

    def test_private_records_are_compared_and_a_public_one_is_listed_once(self):
        topic = self.corpus["chi_bo_topic"]
        records = [
            Record(
                ref="proposal:1",
                kind="proposal",
                kind_label="Proposal",
                title="Đổi mới sinh hoạt chi bộ thôn, bản vùng biên giới",
                code="DX-2026-001",
            ),
            Record(ref=f"topic:{topic.pk}", kind="topic", kind_label="Topic", title=topic.title),
        ]
        hits = self.find(GROUPS[0].paraphrase, records=records, limit=10)
        refs = [hit.ref for hit in hits]
        self.assertIn("proposal:1", refs)
        proposal = hits[refs.index("proposal:1")]
        self.assertEqual((proposal.code, proposal.public), ("DX-2026-001", False))
        self.assertNotIn(f"topic:{topic.pk}", refs)  # its public entry stands for it
        self.assertIn(self.ref("chi_bo_topic"), refs)
        without = self.find(GROUPS[0].paraphrase, records=records, exclude={f"topic:{topic.pk}"})
        self.assertNotIn(self.ref("chi_bo_topic"), [hit.ref for hit in without])

    def test_an_empty_or_hostile_draft_finds_nothing_and_never_fails(self):
        self.assertEqual(self.find(""), [])
        self.assertEqual(self.find("!!! ''' --"), [])
        for hostile in ('" OR 1=1 --', "NEAR(a b) AND * ^", "a:b {x} (y)", "xay " * 400):
            with self.subTest(hostile=hostile[:20]):
                self.assertIsInstance(self.find(hostile, hostile), list)


class DatabaseSimilarTests(SimilarContract, TestCase):
    def engine(self):
        return DatabaseEngine()


if settings.TEST_ELASTICSEARCH_URL:  # a real Elasticsearch (CI; see test_elasticsearch.py)
    from search.engines.elastic import ElasticsearchEngine
    from tests.search.test_elasticsearch import ElasticsearchTestCase, index_everything

    class ElasticsearchSimilarTests(SimilarContract, ElasticsearchTestCase):
        @classmethod
        def setUpTestData(cls):
            super().setUpTestData()  # the corpus
            index_everything()

        def engine(self):
            return ElasticsearchEngine()
