"""The engines behind the one query interface (search.query). Each takes a `SearchRequest` and
returns `SearchResults`; the contract tests in tests/search hold every engine to the same answers.

The database engine answers unless `ELASTICSEARCH_URL` is set; then Elasticsearch answers, with
the database as its fallback."""

from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class SearchResults:
    hits: list  # SearchEntry rows of the requested page, in rank order
    total: int
    facets: dict = field(default_factory=dict)  # facet → [(value, label, count)]


def get_engine():
    from search.engines.database import DatabaseEngine

    if not settings.ELASTICSEARCH_URL:
        return DatabaseEngine()
    from search.engines.elastic import ElasticsearchEngine, FallbackEngine

    return FallbackEngine(ElasticsearchEngine(), DatabaseEngine())
