"""The Elasticsearch engine, on `elasticsearch.dsl`: a `FacetedSearch` over the three page
indices (terms facets and a yearly date histogram, filters applied as post-filters so each
facet counts over the other choices), hits loaded back from the database in rank order."""

import datetime
import logging

from elasticsearch.dsl import DateHistogramFacet, FacetedSearch, Q, Search, TermsFacet

from research.models import OrderingBody, ResearchField, Unit
from search import documents
from search.engines import SearchResults
from search.models import SearchEntry

logger = logging.getLogger(__name__)

LABELLED = {"unit": Unit, "field": ResearchField, "body": OrderingBody}
TITLE_BOOST = 5


def text_query(words, prefix=False):
    """Every word in the folded text (the last one as a prefix when `prefix`); a title match
    ranks higher."""
    text = " ".join(words)
    if prefix:
        return Q("match_bool_prefix", title_folded={"query": text, "operator": "and"})
    return Q(
        "bool",
        must=[Q("match", text_folded={"query": text, "operator": "and"})],
        should=[Q("match", title_folded={"query": text, "operator": "and", "boost": TITLE_BOOST})],
    )


class ResearchFacetedSearch(FacetedSearch):
    facets = {
        "type": TermsFacet(field="kind", size=10),
        "level": TermsFacet(field="level", size=50),
        "kind": TermsFacet(field="output_kind", size=50),
        "year": DateHistogramFacet(field="date", calendar_interval="year", min_doc_count=1),
        "unit": TermsFacet(field="unit", size=500),
        "field": TermsFacet(field="field", size=500),
        "body": TermsFacet(field="ordering_body", size=500),
    }

    def __init__(self, request):
        self.index, self.using = documents.aliases(), documents.client()
        filters = {
            name: datetime.datetime(value, 1, 1) if name == "year" else value
            for name, value in request.filters.items()
        }
        sort = ["_score", {"date": {"order": "desc", "missing": "_last"}}, "page_id"]
        if request.sort == "date":
            sort = [sort[1], "_score", "page_id"]
        super().__init__(query=request.words, filters=filters, sort=sort)

    def search(self):
        return super().search().source(["page_id"]).extra(track_total_hits=True)

    def query(self, search, words):
        return search.query(text_query(words)) if words else search


class ElasticsearchEngine:
    def search(self, request):
        faceted = ResearchFacetedSearch(request)
        start = (request.page - 1) * request.page_size
        response = faceted[start : start + request.page_size].execute()
        return SearchResults(
            hits=entries_in_order([hit.page_id for hit in response.hits]),
            total=response.hits.total.value,
            facets=self.facets(response),
        )

    def facets(self, response):
        facets = {}
        for name in ResearchFacetedSearch.facets:
            buckets = [(key, count) for key, count, _chosen in getattr(response.facets, name)]
            if name == "year":
                facets[name] = sorted(((key.year, None, n) for key, n in buckets), reverse=True)
            elif name in LABELLED:
                names = LABELLED[name].objects.in_bulk([key for key, _n in buckets])
                facets[name] = sorted(
                    ((key, names[key].name, n) for key, n in buckets if key in names),
                    key=lambda option: (option[1], option[0]),
                )
            else:
                facets[name] = sorted((key, None, n) for key, n in buckets)
        return facets

    def suggest(self, words, limit=8):
        if not words:
            return []
        search = (
            Search(using=documents.client(), index=documents.aliases())
            .query(text_query(words, prefix=True))
            .source(["page_id"])[:limit]
        )
        return [
            entry.title for entry in entries_in_order([hit.page_id for hit in search.execute()])
        ]


def entries_in_order(page_ids):
    """The database's entries of these pages, in the engine's order (stale ids skipped)."""
    found = SearchEntry.objects.in_bulk(page_ids, field_name="page_id")
    return [found[page_id] for page_id in page_ids if page_id in found]


class FallbackEngine:
    """Elasticsearch first; when it is down, slow or failing, the database answers and a warning
    is logged — a visitor never sees an error for it."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback

    def search(self, request):
        return self.answer("search", request)

    def suggest(self, words, limit=8):
        return self.answer("suggest", words, limit)

    def answer(self, method, *args):
        try:
            return getattr(self.primary, method)(*args)
        except documents.ELASTIC_ERRORS as error:
            logger.warning("Elasticsearch unavailable, answering from the database: %s", error)
            return getattr(self.fallback, method)(*args)
