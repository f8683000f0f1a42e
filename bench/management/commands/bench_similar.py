"""`make bench`: the similar-work finder's precision and recall in the top 5, engine by engine, on
the labelled near-duplicate groups of bench/similar_pairs.py, among the search benchmark's
background corpus (bench/search_corpus.py), in a throwaway database.

For each group's paraphrase and extension the relevant work is the accepted topic and the article
it produced; the unrelated drafts have none. P@5 is the share of the listed hits (at most 5, above
the finder's minimum score) that are relevant; R@5 the share of the relevant work listed. The
warning columns count the hits at or above the call's default threshold. Two ablations show what
keeps the common phrases from dominating: without the office's list of common phrases, and with
neither the list nor the inverse document frequencies (every word weighs the same); and what a
higher floor of the listed scores would give."""

import contextlib
import datetime
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from bench.corpus import throwaway_database
from bench.search_corpus import build_index_pages, precision_corpus, publish_in_bulk
from bench.similar_pairs import GROUPS, UNRELATED
from cms.models import OutputPage
from research.core.similarity import Draft, SimilarityRequest
from research.models import Call, Output, OutputKind
from search import documents, indexing, similar
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine

TOP = 5
FLOORS = (25, 30)  # listing only hits from these scores (the finder's floor is MIN_SCORE)


class Command(BaseCommand):
    help = "Precision and recall in the top 5 of the similar-work finder, per engine."

    def handle(self, *args, **options):
        with (
            throwaway_database(self.stdout),
            override_settings(ALLOWED_HOSTS=["testserver"], ELASTICSEARCH_INDEX_PREFIX="bench-s"),
        ):
            queries = self.build()
            threshold = Call._meta.get_field("similarity_threshold").default
            self.table(queries, threshold)
            if settings.ELASTICSEARCH_URL:
                for index in documents.site_indices():
                    documents.admin().indices.delete(index=index)

    def build(self):
        """The groups' topics and articles, the decoys and the background as outputs with live
        pages; the queries with the page ids relevant to each."""
        rows = []
        for group in GROUPS:
            title, summary, keywords = group.topic
            rows += [
                (f"{group.name}:topic", title, f"{summary} {keywords}"),
                (f"{group.name}:article", group.article, ""),
                (f"{group.name}:decoy", *group.decoy),
            ]
        rows += [(None, title, abstract) for title, abstract, _query in precision_corpus()]
        outputs = Output.objects.bulk_create(
            Output(
                kind=OutputKind.JOURNAL_ARTICLE,
                title=title,
                abstract=abstract,
                published_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=number % 300),
            )
            for number, (_name, title, abstract) in enumerate(rows)
        )
        publish_in_bulk(build_index_pages()["library"], OutputPage, outputs, "output_id")
        indexing.rebuild()
        if settings.ELASTICSEARCH_URL:
            documents.rebuild()
        pages = dict(OutputPage.objects.values_list("output_id", "pk"))
        named = {
            name: pages[output.pk]
            for (name, *_r), output in zip(rows, outputs, strict=True)
            if name
        }
        self.stdout.write(f"{len(outputs)} entries, {len(GROUPS)} labelled groups")
        queries = []
        for group in GROUPS:
            relevant = {named[f"{group.name}:topic"], named[f"{group.name}:article"]}
            queries += [(group.paraphrase, relevant), (group.extension, relevant)]
        queries += [(title, set()) for title in UNRELATED]
        return queries

    def table(self, queries, threshold):
        engines = [("database", DatabaseEngine)]
        if settings.ELASTICSEARCH_URL:
            engines.append(("elasticsearch", ElasticsearchEngine))
        variants = [
            ("as shipped", contextlib.nullcontext),
            (
                "without the common phrases",
                lambda: mock.patch.object(similar, "common_phrases", list),
            ),
            ("every word the same weight", uniform),
        ]
        self.stdout.write(
            f"| engine | weighting | P@{TOP} | R@{TOP} | warnings ≥ {threshold}: precision | "
            "recall | false alarms on unrelated drafts |"
        )
        self.stdout.write("|---|---|---:|---:|---:|---:|---:|")
        for engine_name, engine in engines:
            for variant, patch in variants:
                with patch():
                    self.row(engine_name, engine(), variant, queries, threshold)
            for floor in FLOORS:
                variant = f"as shipped, listed from score {floor}"
                self.row(engine_name, engine(), variant, queries, threshold, floor)

    def row(self, engine_name, engine, variant, queries, threshold, floor=0):
        precision, recall, warned, warned_right, warnable, found_warned, alarms = (
            [],
            [],
            0,
            0,
            0,
            0,
            0,
        )
        for text, relevant in queries:
            hits = similar.find(SimilarityRequest(draft=Draft.of(text), limit=TOP), engine=engine)
            hits = [hit for hit in hits if hit.score >= floor]  # the top 5 of a higher floor
            listed = [int(hit.ref.split(":")[1]) for hit in hits if hit.public]
            right = [page for page in listed if page in relevant]
            strong = [int(h.ref.split(":")[1]) for h in hits if h.public and h.score >= threshold]
            if relevant:
                precision.append(len(right) / len(listed) if listed else 0.0)
                recall.append(len(set(right)) / len(relevant))
                warned += len(strong)
                warned_right += len([page for page in strong if page in relevant])
                warnable += len(relevant)
                found_warned += len({page for page in strong if page in relevant})
            else:
                alarms += len(strong)
        self.stdout.write(
            f"| {engine_name} | {variant} | {mean(precision):.2f} | {mean(recall):.2f} | "
            f"{warned_right / warned if warned else 1:.2f} | {found_warned / warnable:.2f} | "
            f"{alarms} |"
        )


def mean(values):
    return sum(values) / len(values) if values else 0.0


@contextlib.contextmanager
def uniform():
    """No common phrases and no inverse document frequency: plain weighted word overlap."""
    with (
        mock.patch.object(similar, "common_phrases", list),
        mock.patch.object(similar, "document_frequencies", lambda words: (0, {})),
    ):
        yield
