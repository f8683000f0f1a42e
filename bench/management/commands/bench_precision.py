"""`make bench`: precision in the top 10 of the public search, engine by engine, on a labelled
corpus in a throwaway database (bench/search_corpus.py: phrases, their words apart, the rest)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from elasticsearch.dsl import Q, Search

from bench.corpus import throwaway_database
from bench.search_corpus import (
    PRECISION_QUERIES,
    build_index_pages,
    precision_corpus,
    publish_in_bulk,
)
from cms.models import OutputPage
from research.models import Output, OutputKind
from search import documents, indexing
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine
from search.query import ResearchSearch
from search.text import index_text

TOP = 10


class Command(BaseCommand):
    help = "Precision in the top 10 of the search on a labelled corpus, database and Elasticsearch."

    def handle(self, *args, **options):
        with (
            throwaway_database(self.stdout),
            override_settings(ALLOWED_HOSTS=["testserver"], ELASTICSEARCH_INDEX_PREFIX="bench-p"),
        ):
            relevant = self.build()
            self.table(relevant)
            if settings.ELASTICSEARCH_URL:
                for index in documents.site_indices():
                    documents.admin().indices.delete(index=index)

    def table(self, relevant):
        """Each engine, and beside it the ranking it had before phrases counted (every word
        anywhere, by the engine's relevance with titles ×5)."""
        engines = [
            ("database", lambda query: self.ranked(DatabaseEngine(), query)),
            ("database, words anywhere", words_anywhere_database),
        ]
        if settings.ELASTICSEARCH_URL:
            engines += [
                ("elasticsearch", lambda query: self.ranked(ElasticsearchEngine(), query)),
                ("elasticsearch, words anywhere", words_anywhere_elasticsearch),
            ]
        self.stdout.write(
            "| query | relevant entries | "
            + " | ".join(f"{name} P@{TOP}" for name, _engine in engines)
            + " |"
        )
        self.stdout.write("|---|---:|" + "---:|" * len(engines))
        means = {name: [] for name, _engine in engines}
        for query in PRECISION_QUERIES:
            cells = [query, str(len(relevant[query]))]
            for name, ranked in engines:
                found = sum(page_id in relevant[query] for page_id in ranked(query)[:TOP])
                means[name].append(found / TOP)
                cells.append(f"{found / TOP:.2f}")
            self.stdout.write("| " + " | ".join(cells) + " |")
        self.stdout.write(
            "| **mean** | | "
            + " | ".join(f"**{sum(v) / len(v):.2f}**" for v in means.values())
            + " |"
        )

    @staticmethod
    def ranked(engine, query):
        hits = ResearchSearch({"q": query}, engine=engine).results(page_size=TOP).hits
        return [hit.page_id for hit in hits]

    def build(self):
        """Outputs and their live pages; the ids of the pages holding each query as a phrase."""
        entries = precision_corpus()
        outputs = Output.objects.bulk_create(
            Output(
                kind=OutputKind.JOURNAL_ARTICLE,
                title=title,
                abstract=abstract,
                published_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=number % 300),
            )
            for number, (title, abstract, _query) in enumerate(entries)
        )
        library = build_index_pages()["library"]
        publish_in_bulk(library, OutputPage, outputs, "output_id")
        indexing.rebuild()
        if settings.ELASTICSEARCH_URL:
            documents.rebuild()
        relevant = {query: set() for query in PRECISION_QUERIES}
        pages = dict(OutputPage.objects.values_list("output_id", "pk"))
        for output in outputs:
            text = f" {index_text(output.title)} | {index_text(output.abstract)} "
            for query in PRECISION_QUERIES:
                if f" {index_text(query)} " in text:
                    relevant[query].add(pages[output.pk])
        return relevant


def words_anywhere_database(query):
    """The database engine's ranking before this version: every word anywhere, by bm25 (SQLite,
    titles ×5) or ts_rank (PostgreSQL)."""
    words = index_text(query).split()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT page_id FROM search_searchentry WHERE text_vector @@ to_tsquery('simple', "
                "%s) ORDER BY ts_rank(text_vector, to_tsquery('simple', %s)) DESC, page_id LIMIT %s",
                [" & ".join(words), " & ".join(words), TOP],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s "
                "ORDER BY bm25(search_entry_fts, 5.0, 5.0, 1.0, 0.0) LIMIT %s",
                ["text_folded : (" + " ".join(f'"{word}"' for word in words) + ")", TOP],
            )
        return [row[0] for row in cursor.fetchall()]


def words_anywhere_elasticsearch(query):
    """Elasticsearch's query before this version: every word in the text, title matches ×5."""
    text = index_text(query)
    search = (
        Search(using=documents.client(), index=documents.aliases())
        .query(
            Q(
                "bool",
                must=[Q("match", text_folded={"query": text, "operator": "and"})],
                should=[Q("match", title_folded={"query": text, "operator": "and", "boost": 5})],
            )
        )
        .source(["page_id"])[:TOP]
    )
    return [hit.page_id for hit in search.execute()]
