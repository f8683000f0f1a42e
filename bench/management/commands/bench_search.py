"""`make bench`: the public pages and the search on a synthetic corpus, in a throwaway database —
the database engine, Elasticsearch (when ELASTICSEARCH_URL is set) and Wagtail's stock search."""

import gc
import itertools
import os
import signal
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from bench.corpus import Corpus, throwaway_database, timed
from bench.search_corpus import build_site
from cms import pagecache
from cms.models import OutputPage, PersonPage, TopicPage
from research.models import Unit
from search import breaker, documents, indexing
from search.engines import get_engine
from search.query import ResearchSearch

STOCK_RUNS = 1  # minutes per call on a common word at the default size: five made `make bench` last over an hour
# searches of each of the three kinds a node just started answers before it is timed as a node
# in service, 300 in all (on this machine its searches reach their pace after about 150)
WARM_SEARCHES = 100


class Command(BaseCommand):
    help = "Time the public pages and search on 20,000 topics and 100,000 outputs (by default)."

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, default=20000)
        parser.add_argument("--outputs", type=int, default=100000)
        parser.add_argument("--runs", type=int, default=30)
        # Wagtail's stock search takes minutes per call on a common word at the default size
        # (0: not timed nor counted, for a run about our own pages and search)
        parser.add_argument("--stock-runs", type=int, default=STOCK_RUNS)

    def handle(self, *args, **options):
        self.runs, self.stock_runs = options["runs"], options["stock_runs"]
        # pages rendered on every request (the page cache for anonymous visitors has rows of
        # its own below), listings' counts kept between changes as in service (the first request
        # after a change has rows of its own)
        rendered = override_settings(
            ALLOWED_HOSTS=["testserver"], PAGE_CACHE_SECONDS=0, LISTING_CACHE_SECONDS=300
        )
        with throwaway_database(self.stdout), rendered:
            self.build(options)
            year = timezone.localdate().year - 1
            topic_url = TopicPage.objects.live().order_by("pk")[10].url
            output_url = OutputPage.objects.live().order_by("pk")[10].url
            person_url = PersonPage.objects.live().order_by("pk")[10].url
            research = f"/de-tai/?level=school&year={year}"
            library = f"/thu-vien/?kind=journal_article&year={year}"
            pages = [
                ("home page", "/", None),
                ("research index", "/de-tai/", None),
                ("research index, level + year", research, None),
                ("a topic page", topic_url, None),
                ("library", "/thu-vien/", None),
                ("library, kind + year", library, None),
                ("an output page", output_url, None),
                ("people", "/giang-vien/", None),
                ("a person page", person_url, None),
            ]
            # a listing's first request after a change is served what was kept before it while
            # a thread counts its facets and total again; with nothing kept (a cache emptied, a
            # choice of filters never asked for) the request counts them itself
            changed = [
                ("research index", "/de-tai/"),
                ("research index, level + year", research),
                ("library", "/thu-vien/"),
                ("library, kind + year", library),
            ]
            # (label, what the visitor sends, the same words with their diacritics: Wagtail's
            # stock search does not fold, so it gets the form it can find)
            searches = [
                ("search: common words", {"q": "nghien cuu"}, "nghiên cứu"),
                (
                    "search: rare phrase, no diacritics",
                    {"q": "di san van hoa phi vat the pa ko"},
                    "di sản văn hóa phi vật thể pa kô",
                ),
                (
                    "search: two facets chosen",
                    {"q": "nghien cuu", "type": "output", "year": str(year)},
                    None,
                ),
            ]
            # Wagtail's stock search does not depend on the engine: timed and counted once
            self.stock, self.stock_counts = {}, {}
            engines = [("database", "")]
            if settings.ELASTICSEARCH_URL:
                engines.append(("elasticsearch", settings.ELASTICSEARCH_URL))
            self.stdout.write(
                "| engine | request | page p50 ms | page p95 ms | queries | engine alone p50 ms "
                "| engine alone p95 ms | Wagtail stock p50 ms | Wagtail stock p95 ms | results "
                "(ours / stock) |"
            )
            self.stdout.write("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            self.p95 = {}
            for engine_name, url in engines:
                with override_settings(ELASTICSEARCH_URL=url):
                    if engine_name == "elasticsearch":
                        self.node_just_started(searches)
                    for label, path, _ in pages:
                        self.row(engine_name, label, lambda path=path: self.client.get(path))
                    if engine_name == "database":
                        self.changed_rows(engine_name, changed)
                        self.unasked_rows(engine_name, year)
                        self.cached_rows(pages, searches)
                    for label, data, stock_query in searches:
                        self.search_row(engine_name, label, data, stock_query)
                        self.uncached_search_row(engine_name, label, data)
                    self.suggest_row(engine_name)
            if settings.ELASTICSEARCH_URL and os.environ.get("ELASTICSEARCH_PID_FILE"):
                self.hung(searches)
            if settings.ELASTICSEARCH_URL:
                for index in documents.site_indices():
                    documents.admin().indices.delete(index=index)

    def node_just_started(self, searches):
        """The first searches a node just started answers (it has only rebuilt): its JVM is still
        compiling their code, so they take about twice as long as in service. Timed once, with
        no request before them; then the node searches as in service (WARM_SEARCHES of each of
        the searches below, by the engine alone) before the rows that follow are timed.

        Only `bench_search` alone on a node started for it (`.ci/elasticsearch run -- manage.py
        bench_search`) times a node just started: under `make bench`, `bench_precision` has
        searched on the same node before."""
        label, data, _ = searches[0]
        self.row(
            "elasticsearch",
            f"{label}, the node's first searches",
            lambda: self.client.get("/tim-kiem/", data),
            warm=False,
        )
        engine = get_engine()
        for _label, data, _ in searches:
            request = ResearchSearch(data, engine=engine).request
            for _ in range(WARM_SEARCHES):
                engine.search(request)

    def changed_rows(self, engine_name, changed):
        for label, path in changed:
            # each change after the counting of the one before it is done (they are a second
            # apart or more), so that the thread counts beside the request timed, not all along
            self.row(
                engine_name,
                f"{label}, first after a change",
                lambda path=path: self.after(path),
                before=pagecache.settle,
            )
            pagecache.settle()
            self.row(engine_name, f"{label}, nothing kept", lambda path=path: self.afresh(path))

    def unasked_rows(self, engine_name, last_year):
        """Each run a choice of filters nobody asked for before (a unit and a year): counted
        from the listing's facet index (cms.facet_index), kept since the last change."""
        for label, path in (("research index", "/de-tai/"), ("library", "/thu-vien/")):
            choices = itertools.product(
                Unit.objects.order_by("pk").values_list("pk", flat=True),
                range(last_year, last_year - 10, -1),
            )
            self.row(
                engine_name,
                f"{label}, unit + year never asked before",
                lambda path=path, choices=choices: self.client.get(
                    path, dict(zip(("unit", "year"), next(choices), strict=True))
                ),
            )

    def after(self, path):
        pagecache.start_generation()  # what a committed change does (one cache write)
        return self.client.get(path)

    def afresh(self, path):
        """The cache emptied and nothing held: a worker just started on an empty cache."""
        cache.clear()
        pagecache.forget_held()
        return self.client.get(path)

    def cached_rows(self, pages, searches):
        """The same pages for an anonymous visitor, served again from cms.pagecache."""
        with override_settings(PAGE_CACHE_SECONDS=300):
            for label, path, _ in pages:
                self.row("page cache", label, lambda path=path: self.client.get(path))
            label, data, _ = searches[0]
            self.row("page cache", label, lambda: self.client.get("/tim-kiem/", data))

    def uncached_search_row(self, engine_name, label, data):
        """The same search with its counts not kept, as for words nobody asked for before: the
        database engine's counts not kept (cms.pagecache), or the shards' request cache emptied
        first (the time includes the emptying, one short request)."""

        def request():
            if engine_name == "elasticsearch":
                documents.admin().indices.clear_cache(
                    index=",".join(documents.aliases()), request=True
                )
                return self.client.get("/tim-kiem/", data)
            with override_settings(LISTING_CACHE_SECONDS=0):  # the rest of the cache kept
                return self.client.get("/tim-kiem/", data)

        self.row(engine_name, f"{label}, counts not cached", request)

    def suggest_row(self, engine_name):
        """Suggestions for a word being typed (every keystroke asks)."""
        engine, typed = get_engine(), {"q": "nghien c"}
        self.row(
            engine_name,
            "suggestions: “nghien c”",
            lambda: self.client.get("/tim-kiem/goi-y/", typed),
            lambda: engine.suggest(["nghien", "c"]),
            results=str(len(engine.suggest(["nghien", "c"]))),
        )

    def hung(self, searches):
        """The same requests with Elasticsearch paused (SIGSTOP: a hung node), after the first
        request has met the timeout and opened the circuit breaker."""
        with open(os.environ["ELASTICSEARCH_PID_FILE"]) as file:
            pid = int(file.read())
        breaker.reset()
        os.kill(pid, signal.SIGSTOP)
        try:
            started = time.perf_counter()
            self.client.get("/tim-kiem/", searches[0][1])
            first = (time.perf_counter() - started) * 1000
            label = "elasticsearch hung"
            for name, data, _stock in searches:
                self.row(label, name, lambda data=data: self.client.get("/tim-kiem/", data))
            self.row(
                label,
                "suggestions: “nghien c”",
                lambda: self.client.get("/tim-kiem/goi-y/", {"q": "nghien c"}),
            )
        finally:
            os.kill(pid, signal.SIGCONT)
            documents.wait_until_ready()
            breaker.reset()
        self.stdout.write(
            f"\nElasticsearch hung: the first request took {first:.0f} ms (the timeout, "
            f"{settings.ELASTICSEARCH_TIMEOUT:g} s); after it, page p95 against the database "
            "engine alone:"
        )
        for name, _data, _stock in [*searches, ("suggestions: “nghien c”", None, None)]:
            hung, database = self.p95[(label, name)], self.p95[("database", name)]
            self.stdout.write(
                f"- {name}: {hung:.1f} ms vs {database:.1f} ms ({hung / database:.2f}×)"
            )

    def build(self, options):
        started = time.perf_counter()
        Corpus(
            topics=options["topics"],
            outputs=options["outputs"],
            events=300,
            issues=30,
            years=10,
            last_year=timezone.localdate().year,
        ).write()
        counts = build_site()
        self.stdout.write(
            f"corpus and pages: {counts} in {time.perf_counter() - started:.0f} s "
            f"({Page.objects.count()} pages)"
        )
        # what building left (over a million objects) out of the collector's sight, as a worker's
        # loaded code is (docs/deploy/gunicorn.conf.py): otherwise each full collection, 200–580
        # ms, lands in the rebuilds timed below and now and then in a timed request
        gc.collect()
        gc.freeze()
        started = time.perf_counter()
        entries = indexing.rebuild()
        self.rate("database index rebuild", entries, started)
        if settings.ELASTICSEARCH_URL:
            with override_settings(ELASTICSEARCH_INDEX_PREFIX="bench"):
                # twice: on the node just started (its JVM still compiling: the first 20,000
                # documents go at a third of the speed), then as a node in service rebuilds
                for node in ("node just started", "node in service"):
                    started = time.perf_counter()
                    indexed = documents.rebuild()
                    self.rate(
                        f"Elasticsearch rebuild (bulk, alias switch; {node})", indexed, started
                    )
            settings.ELASTICSEARCH_INDEX_PREFIX = "bench"
        backend = get_search_backend()
        started = time.perf_counter()
        indexed = 0
        for model in (TopicPage, OutputPage, PersonPage):
            index = backend.get_index_for_model(model)
            queryset = model.objects.live().order_by("pk")
            for start in range(0, queryset.count(), 2000):
                chunk = list(queryset[start : start + 2000])
                index.add_items(model, chunk)
                indexed += len(chunk)
        self.rate("Wagtail stock index (database backend)", indexed, started)
        self.client = Client()

    def rate(self, label, count, started):
        seconds = time.perf_counter() - started
        self.stdout.write(f"{label}: {count} documents in {seconds:.1f} s, {count / seconds:.0f}/s")

    def row(
        self, engine, label, request, alone=None, stock=None, results="", before=None, warm=True
    ):
        if warm:
            request()
        page = timed(request, self.runs, before)
        self.p95[(engine, label)] = page[1]
        cells = [engine, label, f"{page[0]:.1f}", f"{page[1]:.1f}", str(page[2])]
        cells += self.measure(alone, self.runs)
        if stock is not None and label not in self.stock:
            # seconds per call on a common word: fewer runs, so that the benchmark ends
            self.stock[label] = self.measure(stock, self.stock_runs)
        cells += self.stock.get(label, ["—", "—"]) if alone is not None else ["—", "—"]
        self.stdout.write("| " + " | ".join([*cells, results or "—"]) + " |")

    @staticmethod
    def measure(function, runs):
        if function is None or runs == 0:
            return ["—", "—"]
        function()
        median, p95, _queries = timed(function, runs)
        return [f"{median:.1f}", f"{p95:.1f}"]

    def search_row(self, engine, label, data, stock_query):
        search = ResearchSearch(data, engine=get_engine())

        def alone():
            search.engine.search(search.request)

        def stock():
            list(Page.objects.live().public().search(stock_query)[:20])

        ours = search.engine.search(search.request).total
        if stock_query and self.stock_runs and label not in self.stock_counts:
            self.stock_counts[label] = Page.objects.live().public().search(stock_query).count()
        theirs = self.stock_counts.get(label, "—")
        self.row(
            engine,
            label,
            lambda: self.client.get("/tim-kiem/", data),
            alone,
            stock if stock_query else None,
            f"{ours} / {theirs}",
        )
