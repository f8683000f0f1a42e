"""The engines behind the one query interface (search.query). Each takes a `SearchRequest` and
returns `SearchResults`; the contract tests in tests/search hold every engine to the same answers."""

from dataclasses import dataclass, field


@dataclass
class SearchResults:
    hits: list  # SearchEntry rows of the requested page, in rank order
    total: int
    facets: dict = field(default_factory=dict)  # facet → [(value, label, count)]


def get_engine():
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()
