"""The Elasticsearch engine, on `elasticsearch.dsl`: a `FacetedSearch` over the indices of every
registered kind (terms facets and a yearly date histogram; the counts and the hits in two
requests of one _msearch: the counting request filters by the choices as a post-filter, so that
each facet counts over the other choices, and is kept by the shards' request cache; the ranking
request filters its query), hits loaded back from the database in rank order.
`FallbackEngine` puts the database behind it, with a circuit breaker (search.breaker)."""

import datetime
import logging

from django.db.models import Value
from elasticsearch import ApiError
from elasticsearch.dsl import DateHistogramFacet, FacetedSearch, Q, Search, TermsFacet
from elasticsearch.dsl.response import Response

from research.models import OrderingBody, ResearchField, Unit
from search import breaker, documents
from search.engines import SUGGESTIONS, SearchResults, phrase_of
from search.models import HARVESTED, OWN_SCHOOL, PeerRepository, SearchEntry

logger = logging.getLogger(__name__)

LABELLED = {"unit": Unit, "field": ResearchField, "body": OrderingBody, "school": PeerRepository}
TITLES = ["title_folded", "title_en_folded"]
TITLE_BOOST = 5
# Constant scores far above any BM25 score of a query of at most 16 tokens, so that the tiers
# never mix: the whole query as a phrase in a title, as a phrase anywhere, the rest.
PHRASE_IN_TITLE, PHRASE_IN_TEXT = 20000, 10000
STARTS_TITLE = 1000  # suggestions: a title starting with the typed words


def matching(groups):
    """Every group in the text: single words together (all of them), the others as phrases."""
    words = [group[0] for group in groups if len(group) == 1]
    clauses = [Q("match_phrase", text_folded=" ".join(group)) for group in groups if len(group) > 1]
    if words:
        clauses.append(Q("match", text_folded={"query": " ".join(words), "operator": "and"}))
    return clauses


def ranked(groups):
    phrase = " ".join(phrase_of(groups))
    return Q(
        "bool",
        must=matching(groups),
        should=[
            Q(
                "constant_score",
                filter=Q("multi_match", query=phrase, type="phrase", fields=TITLES),
                boost=PHRASE_IN_TITLE,
            ),
            Q("constant_score", filter=Q("match_phrase", text_folded=phrase), boost=PHRASE_IN_TEXT),
            Q("multi_match", query=phrase, fields=TITLES, operator="and", boost=TITLE_BOOST),
        ],
    )


def in_sequence(field, tokens):
    """`tokens` one after the other in `field`, the last one as a prefix."""
    clauses = [Q("span_term", **{field: token}) for token in tokens[:-1]]
    clauses.append(Q("span_multi", match=Q("prefix", **{field: {"value": tokens[-1]}})))
    return Q("span_near", clauses=clauses, slop=0, in_order=True)


def suggestion_query(tokens):
    return Q(
        "bool",
        should=[in_sequence(field, tokens) for field in TITLES]
        + [
            Q(
                "constant_score",
                filter=Q("span_first", match=in_sequence(field, tokens), end=len(tokens)),
                boost=STARTS_TITLE,
            )
            for field in TITLES
        ],
        minimum_should_match=1,
    )


class SchoolFacet(TermsFacet):
    """The school an entry comes from: OWN_SCHOOL (this school's pages: every entry that is not
    a harvested record, whatever its index holds) or a peer repository."""

    def add_filter(self, filter_values):
        if filter_values and all(int(value) == OWN_SCHOOL for value in filter_values):
            return ~Q("term", kind=HARVESTED)
        return super().add_filter(filter_values)


class ResearchFacetedSearch(FacetedSearch):
    facets = {
        "type": TermsFacet(field="kind", size=50),
        "level": TermsFacet(field="level", size=50),
        "kind": TermsFacet(field="output_kind", size=50),
        "year": DateHistogramFacet(field="date", calendar_interval="year", min_doc_count=1),
        "unit": TermsFacet(field="unit", size=500),
        "field": TermsFacet(field="field", size=500),
        "body": TermsFacet(field="ordering_body", size=500),
        "school": SchoolFacet(field="school", size=500),
    }

    def __init__(self, request):
        self.index, self.using = documents.aliases(), documents.client()
        filters = {
            name: datetime.datetime(value, 1, 1) if name == "year" else value
            for name, value in request.filters.items()
        }
        by_date = {"date": {"order": "desc", "missing": "_last"}}
        sort = ["_score", by_date, "page_id"]
        if request.sort == "date":
            sort = [by_date, "page_id"]
        self.groups = request.groups
        super().__init__(query=self.groups, filters=filters, sort=sort)

    def search(self):
        return super().search().source(["page_id"])

    def query(self, search, groups):
        return search.query(ranked(groups)) if groups else search

    def aggregate(self, search):
        """FacetedSearch.aggregate, with the facets that count over the same choices (all of
        them but their own) under one filter: the shards test each entry against it once, not
        once per facet — one filter with nothing chosen, four with two choices, not eight
        (the counts took 22 ms instead of 40 on the corpus of `make bench`). Their values are
        read by facet_values(): FacetedSearch.execute()'s response, which looks for a filter per
        facet, is not used here (counts_and_hits() is)."""
        for name, facet in self.facets.items():
            over = self.counted_over(name)
            if over not in search.aggs:
                choices = [query for other, query in self._filters.items() if other != name]
                search.aggs.bucket(over, "filter", filter=Q("bool", filter=choices))
            search.aggs[over].bucket(name, facet.get_aggregation())

    def counted_over(self, name):
        """The name of the filter the facet `name` counts under: the other choices'."""
        return "_filter_" + "_".join(sorted(set(self._filters) - {name}))

    def facet_values(self, counts):
        """Every facet's [(value, count)], from the counting request's answer."""
        return {
            name: [
                (value, count)
                for value, count, _chosen in facet.get_values(
                    counts.aggregations[self.counted_over(name)][name], []
                )
            ]
            for name, facet in self.facets.items()
        }

    def counting(self):
        """The total and every facet's counts, no hits: a request of size 0, which the shards'
        request cache keeps until their next refresh with changes."""
        return self.build_search().extra(size=0, track_total_hits=True)

    def ranking(self, start, stop):
        """The hits from `start` to `stop`, neither counted nor aggregated. The choices filter
        the query itself, not as the counting request's post-filter (which its facets need):
        only the entries they hold are scored (two choices: 11–15 → 5–6 ms took)."""
        found = self.query(self.search(), self.groups)
        if self._filters:
            found = found.filter(Q("bool", filter=list(self._filters.values())))
        return self.sort(found)[start:stop].extra(track_total_hits=False)

    def counts_and_hits(self, start, stop):
        """(total, facets, hits): both requests in one round trip (_msearch), in place of
        FacetedSearch.execute()'s one request that counts and ranks."""
        counting, ranking = self.counting(), self.ranking(start, stop)
        header = {"index": self.index}
        reply = self.using.msearch(
            searches=[
                {**header, "request_cache": True},
                counting.to_dict(),
                header,
                ranking.to_dict(),
            ]
        )
        answers = reply["responses"]
        for answer in answers:
            if "error" in answer:
                raise ApiError(str(answer["error"]), meta=reply.meta, body=answer)
        counts = Response(counting, answers[0])
        return counts.hits.total.value, self.facet_values(counts), Response(ranking, answers[1])


class ElasticsearchEngine:
    def search(self, request):
        start = (request.page - 1) * request.page_size
        total, found, hits = ResearchFacetedSearch(request).counts_and_hits(
            start, start + request.page_size
        )
        return SearchResults(
            hits=entries_in_order([hit.page_id for hit in hits.hits]),
            total=total,
            facets=self.facets(found),
        )

    def facets(self, found):
        labels = facet_labels({name: [key for key, _n in found[name]] for name in LABELLED})
        facets = {}
        for name, buckets in found.items():
            if name == "year":
                facets[name] = sorted(((key.year, None, n) for key, n in buckets), reverse=True)
            elif name in LABELLED:
                names = labels[name]
                facets[name] = sorted(
                    ((key, names[key], n) for key, n in buckets if key in names),
                    key=lambda option: (option[1], option[0]),
                )
            else:
                facets[name] = sorted((key, None, n) for key, n in buckets)
        return facets

    def suggest(self, tokens, limit=SUGGESTIONS):
        if not tokens:
            return []
        search = (
            Search(using=documents.client(), index=documents.aliases())
            .query(suggestion_query(tokens))
            .sort("_score", {"date": {"order": "desc", "missing": "_last"}}, "page_id")
            .source(["page_id"])[:limit]
        )
        return entries_in_order([hit.page_id for hit in search.execute()])

    def similar(self, probe, limit):
        """Up to `limit` entries like the probe, best first (ties: newest page)."""
        if not (probe.words or probe.pairs or probe.text):
            return []
        search = (
            Search(using=documents.client(), index=documents.aliases())
            .query(similarity_query(probe))
            .sort("_score", {"page_id": {"order": "desc"}})
            .source(["page_id"])[:limit]
        )
        return entries_in_order([hit.page_id for hit in search.execute()])


def similarity_query(probe):
    """Entries like the draft: Elasticsearch's own `more_like_this` (its most significant terms
    of the draft's text, common phrases already taken out) or any of the draft's most distinctive
    words and word pairs — the database engine's probe — titles ×5; never the kinds that are no
    work."""
    should = [
        Q(
            "more_like_this",
            fields=["title_folded", "text_folded"],
            like=probe.text,
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
            minimum_should_match="20%",
        )
    ]
    if probe.words:
        words = " ".join(probe.words)
        should.append(Q("match", text_folded={"query": words}))
        should.append(Q("multi_match", query=words, fields=TITLES, boost=TITLE_BOOST))
    for pair in probe.pairs:
        should.append(Q("match_phrase", text_folded=" ".join(pair)))
    return Q(
        "bool",
        should=should,
        minimum_should_match=1,
        must_not=[Q("terms", kind=sorted(probe.exclude_kinds))],
    )


def facet_labels(ids):
    """{facet: {id: name}} of the ids found in each labelled facet's buckets, in one query (a
    UNION of the label tables) rather than one per facet; an id no longer in its table (a unit
    deleted since the entry was indexed) has no label, and its option is left out."""
    parts = [
        LABELLED[name].objects.filter(pk__in=keys).order_by().values_list(Value(name), "pk", "name")
        for name, keys in ids.items()
        if keys
    ]
    labels = {name: {} for name in ids}
    if parts:
        for name, key, label in parts[0].union(*parts[1:], all=True):
            labels[name][key] = label
    return labels


def entries_in_order(page_ids):
    """The database's entries of these pages, in the engine's order (stale ids skipped)."""
    found = SearchEntry.objects.in_bulk(page_ids, field_name="page_id")
    return [found[page_id] for page_id in page_ids if page_id in found]


class FallbackEngine:
    """Elasticsearch first; when it is down, slow or failing, the database answers and the
    circuit breaker keeps every request after it away from Elasticsearch for a cool-down, so a
    hung node costs one timeout, not one per request. A visitor never sees an error for it."""

    def __init__(self, primary, fallback):
        self.primary, self.fallback = primary, fallback

    def search(self, request):
        return self.answer("search", request)

    def suggest(self, tokens, limit=SUGGESTIONS):
        return self.answer("suggest", tokens, limit)

    def similar(self, probe, limit):
        return self.answer("similar", probe, limit)

    def answer(self, method, *args):
        state = breaker.allow()
        if state is not None:
            try:
                found = getattr(self.primary, method)(*args)
            except documents.ELASTIC_ERRORS as error:
                breaker.trip()
                logger.warning("Elasticsearch unavailable, answering from the database: %s", error)
            else:
                if state == breaker.PROBING:
                    breaker.reset()
                return found
        found = getattr(self.fallback, method)(*args)
        if isinstance(found, SearchResults):
            found.fallback = True
        return found
