"""The engines behind the one query interface (search.query). Each takes a `SearchRequest` and
returns `SearchResults`, and suggests titles; the contract tests in tests/search hold every
engine to the same answers.

The database engine answers unless `ELASTICSEARCH_URL` is set; then Elasticsearch answers, with
the database as its fallback.

What every engine does the same way (docs/search.md):
- matching: every group of the query is in the entry's text, a group of several tokens as a
  phrase (a quoted part, a code such as 11-QĐ/TW, a decimal such as 1,5);
- ranking by relevance: entries holding the whole query as a phrase in a title, then as a phrase
  anywhere, then the rest; within each tier the engine's own relevance (title ×5), then newest;
- suggestions: titles holding the typed words in sequence, the last one as a prefix; a title
  starting with them first, then the engine's relevance — never alphabetical."""

from dataclasses import dataclass, field

from django.conf import settings

SUGGESTIONS = 8


@dataclass
class SearchResults:
    hits: list  # SearchEntry rows of the requested page, in rank order
    total: int
    facets: dict = field(default_factory=dict)  # facet → [(value, label, count)]
    total_exact: bool = True  # False: `total` is an estimate (many matches)
    facets_estimated: bool = False  # True: the counts are estimated from a sample
    fallback: bool = False  # True: the database answered for an unavailable Elasticsearch


def phrase_of(groups):
    """The whole query's tokens, in order (the phrase the ranking looks for)."""
    return [token for group in groups for token in group]


def get_engine():
    from search.engines.database import DatabaseEngine

    if not settings.ELASTICSEARCH_URL:
        return DatabaseEngine()
    from search.engines.elastic import ElasticsearchEngine, FallbackEngine

    return FallbackEngine(ElasticsearchEngine(), DatabaseEngine())
