"""`make bench BENCH_HARVEST=1`: the public search at the size of a province or the Academy —
the school's own entries plus the records harvested from tens of other schools — in a throwaway
database: the database engine on the own entries, then Elasticsearch on all of them.

The own entries are written straight into the search index (synthetic page ids, no pages: the
engines read the index only; bench_search times the pages themselves); the harvested records
are written as the harvest writes them (search.harvest) and indexed from there. Similar work
(search.similar) is timed on the same entries: a draft a lecturer types, against everything the
engine holds."""

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone

from bench.corpus import Corpus, analyze, throwaway_database, timed
from research.core.similarity import Draft, SimilarityRequest
from research.models import OutputKind, TopicLevel
from search import documents, similar
from search import indexing as search_indexing
from search.engines.database import DatabaseEngine
from search.engines.elastic import ElasticsearchEngine
from search.models import HarvestedRecord, PeerRepository, SearchEntry
from search.query import ResearchSearch
from search.text import index_text

BATCH = 5000
PROVINCES = ["Quảng Bình", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Huế", "Đà Nẵng", "Quảng Nam"]
DRAFTS = [
    (
        "a draft in the stock phrases",
        Draft.of("Nâng cao chất lượng công tác xây dựng Đảng ở cơ sở trên địa bàn tỉnh hiện nay"),
    ),
    (
        "a draft with its keywords and summary",
        Draft.of(
            "Nâng cao chất lượng sinh hoạt chi bộ ở các thôn, bản miền núi tỉnh Quảng Trị",
            keywords="sinh hoạt chi bộ; thôn bản; miền núi",
            summary="Khảo sát sinh hoạt chi bộ thôn, bản ở các huyện miền núi; đề xuất giải "
            "pháp nâng cao tính lãnh đạo, tính giáo dục và tính chiến đấu.",
        ),
    ),
]


class Command(BaseCommand):
    help = (
        "Time the public search on 110,000 own entries and 300,000 records harvested from 30 "
        "schools (by default): the database engine on the own entries, Elasticsearch on all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--own", type=int, default=110000)
        parser.add_argument("--harvested", type=int, default=300000)
        parser.add_argument("--peers", type=int, default=30)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args, **options):
        self.runs = options["runs"]
        self.corpus = Corpus(
            topics=0, outputs=0, events=0, issues=0, years=10, last_year=timezone.localdate().year
        )
        with throwaway_database(self.stdout):
            started = time.perf_counter()
            self.own_entries(options["own"])
            analyze()
            self.rate("own entries written (database index)", options["own"], started)
            self.stdout.write("\n| engine | entries | request | p50 ms | p95 ms | results |")
            self.stdout.write("|---|---:|---|---:|---:|---:|")
            self.time_engine("database", DatabaseEngine(), options["own"], with_peers=False)

            peers = self.peers(options["peers"])
            started = time.perf_counter()
            self.harvested_records(peers, options["harvested"])
            self.rate("harvested records written", options["harvested"], started)
            started = time.perf_counter()
            SearchEntry.objects.filter(kind="harvested").delete()
            count = sum(search_indexing.rebuild_harvested())
            analyze()
            self.rate("harvested records' entries (database index)", count, started)
            if not settings.ELASTICSEARCH_URL:
                self.stdout.write("No ELASTICSEARCH_URL: Elasticsearch not measured.")
                return
            total = SearchEntry.objects.count()
            with override_settings(ELASTICSEARCH_INDEX_PREFIX="bench-harvest"):
                started = time.perf_counter()
                indexed = documents.rebuild()
                self.rate("Elasticsearch rebuild (bulk, alias switch)", indexed, started)
                try:
                    self.time_engine("elasticsearch", ElasticsearchEngine(), total, peers=peers)
                    self.sizes()
                finally:
                    for index in documents.site_indices():
                        documents.admin().indices.delete(index=index)

    def own_entries(self, count):
        levels, kinds = TopicLevel.values, OutputKind.values
        rows = []
        for number in range(1, count + 1):
            title = self.corpus.title()
            day = self.corpus.day()
            topic = number % 6 == 0
            names = [self.corpus.name() for _ in range(3)]
            entry = SearchEntry(
                page_id=number,
                kind="topic" if topic else "output",
                title=title,
                summary=f"{title}. {self.corpus.title()}.",
                url=f"/bench/{number}/",
                date=day,
                title_folded=index_text(title)[:500],
                text_folded=index_text(title, self.corpus.title(), *names),
                year=day.year,
                level=levels[number % len(levels)] if topic else "",
                output_kind="" if topic else kinds[number % len(kinds)],
            )
            entry.facet_tokens = entry.tokens_of_facets()
            rows.append(entry)
            if len(rows) == BATCH:
                SearchEntry.objects.bulk_create(rows)
                rows = []
        SearchEntry.objects.bulk_create(rows)

    def peers(self, count):
        return PeerRepository.objects.bulk_create(
            PeerRepository(
                name=f"Trường Chính trị tỉnh {PROVINCES[n % len(PROVINCES)]} {n + 1}",
                base_url=f"https://nckh{n + 1}.example.vn/oai/",
            )
            for n in range(count)
        )

    def harvested_records(self, peers, count):
        now = timezone.now()
        rows = []
        for number in range(count):
            peer = peers[number % len(peers)]
            title = self.corpus.title()
            rows.append(
                HarvestedRecord(
                    peer=peer,
                    identifier=f"oai:{peer.pk}:topic/{number}",
                    datestamp=now - datetime.timedelta(minutes=number),
                    title=title,
                    creators=[self.corpus.name(), self.corpus.name()],
                    description=f"{self.corpus.title()}. {self.corpus.title()}.",
                    subjects=["xây dựng Đảng", "chi bộ"],
                    date=str(self.corpus.day().year),
                    types=["Text"],
                    source_url=f"https://nckh{peer.pk}.example.vn/de-tai/{number}/",
                    language="vi",
                )
            )
            if len(rows) == BATCH:
                HarvestedRecord.objects.bulk_create(rows)
                rows = []
        HarvestedRecord.objects.bulk_create(rows)

    def time_engine(self, name, engine, entries, with_peers=True, peers=()):
        year = timezone.localdate().year - 1
        requests = [
            ("common words (own school)", {"q": "nghien cuu"}),
            ("rare phrase (own school)", {"q": "chi bo thon ban mien nui"}),
            ("two facets (own school)", {"q": "nghien cuu", "type": "output", "year": str(year)}),
            ("browse by date (own school)", {}),
        ]
        if with_peers and peers:
            requests += [
                ("common words, one other school", {"q": "nghien cuu", "school": peers[0].pk}),
                (
                    "rare phrase, one other school",
                    {"q": "chi bo thon ban mien nui", "school": peers[1].pk},
                ),
            ]
        for label, data in requests:
            search = ResearchSearch(data, engine=engine)
            found = engine.search(search.request)
            median, p95, _queries = timed(lambda s=search: engine.search(s.request), self.runs)
            self.stdout.write(
                f"| {name} | {entries} | {label} | {median:.1f} | {p95:.1f} | {found.total} |"
            )
        for label, draft in DRAFTS:
            request = SimilarityRequest(draft=draft)
            hits = similar.find(request, engine=engine)
            median, p95, _queries = timed(
                lambda r=request: similar.find(r, engine=engine), self.runs
            )
            self.stdout.write(
                f"| {name} | {entries} | similar work: {label} | {median:.1f} | {p95:.1f} "
                f"| {len(hits)} listed |"
            )

    def sizes(self):
        stats = documents.admin().indices.stats(index=",".join(documents.aliases()), metric="store")
        for index, data in sorted(stats["indices"].items()):
            size = data["primaries"]["store"]["size_in_bytes"] / 1024 / 1024
            self.stdout.write(f"{index}: {size:.1f} MB")

    def rate(self, label, count, started):
        seconds = time.perf_counter() - started
        self.stdout.write(f"{label}: {count} in {seconds:.1f} s, {count / seconds:.0f}/s")
