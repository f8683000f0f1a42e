"""Whole public pages kept for anonymous visitors: a province's traffic is read by people who are
not signed in, and a page rendered once serves them all until something it may show changes.

- Only the public pages (Wagtail's pages and the search page) are stored, only for a visitor
  with no session and no pending message, only an HTML 200 that sets no cookie and holds no
  CSRF token (a form that posts) — so a signed-in user, a password-restricted page, a page with a
  form or a message is never stored nor served from here.
- The key holds the host, the scheme, the visitor's language (set by LocaleMiddleware before this
  runs) and the whole path with its query string: /de-tai/?level=school is not /de-tai/.
- Any committed change to what a public page may show — a page published, unpublished, moved or
  deleted, a view restriction, a site setting, a research record other than the private workflow
  (proposals, reviews, councils, mail: PRIVATE below), a search entry — starts a new generation:
  every stored page is dropped at once, on every worker (the generation lives in the shared
  cache). `PAGE_CACHE_SECONDS` bounds what a change made without signals (a queryset
  `update()`) can leave: 0 turns the cache off.
- A page served from here still counts its view (cms.stats.counting), as the page would have.
- What a listing counts (`kept`: an index page's facet index, cms.facet_index, from which every
  choice of filters is counted; a profile's totals and the rows of its pages) is kept for every
  visitor, signed in or not, under the same generation: reading 90,000 outputs' years, units and
  fields takes a second, and only a change can alter the result. After a change it is served
  once more while a thread counts it again; a page served so is not stored.
  `LISTING_CACHE_SECONDS` bounds it as `PAGE_CACHE_SECONDS` bounds pages (then it is counted
  again the same way).
"""

import hashlib
import logging
import threading
import time
from concurrent import futures

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import translation
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.bulk_pages import pages_published_in_bulk
from cms.stats.counting import record_view
from research.signals import records_imported

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
CACHED_VIEWS = {"wagtail_serve", "search:search"}
# Apps whose rows a public page may show; the models of PRIVATE never reach a public page (and
# are what signed-in users write all day: storing one must not drop every page).
PUBLIC_APPS = {"research", "cms", "search", "wagtailcore", "wagtailimages", "wagtaildocs", "taggit"}
PRIVATE = {
    "research": {
        "calendartoken",
        "call",
        "changepolicy",
        "changerequest",
        "codecounter",
        "codeprefix",
        "council",
        "councildecision",
        "councilmeeting",
        "councilmember",
        "deadline",
        "deadlinereminder",
        "deadlinerule",
        "documenttemplate",
        "importbatch",
        "inboxmessage",
        "indicator",
        "issueddocument",
        "issuersettings",
        "officedigest",
        "outgoingemail",
        "progressreport",
        "proposal",
        "proposalattachment",
        "proposalbudgetitem",
        "proposalmember",
        "proposaloutput",
        "proposalversion",
        "review",
        "rubric",
        "rubriccriterion",
        "score",
        "selfevaluation",
        "snapshot",
    },  # fmt: skip
    "cms": {"hit", "dailycount"},
    "search": {"pendingupdate"},
    "wagtailcore": {
        "pagelogentry",
        "modellogentry",
        "revision",
        "workflowstate",
        "taskstate",
        "pagesubscription",
        "comment",
        "commentreply",
        "pagelock",
        "groupapprovaltask",
        "workflowcontenttype",
        "workflowpage",
        "task",
        "workflow",
        "workflowtask",
        "grouppagepermission",
        "groupcollectionpermission",
        "referenceindex",
    },  # fmt: skip
    "wagtailimages": {"rendition"},
}


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def generations():
    """Whether changes start generations: something is kept under them."""
    return enabled() or keeping()


def page_key(request):
    address = "|".join(
        [request.scheme, request.get_host(), request.LANGUAGE_CODE, request.get_full_path()]
    )
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def start_generation():
    try:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:  # the change is committed: an unreachable cache must not fail it
        # stored pages then live until PAGE_CACHE_SECONDS
        logger.exception("page cache: a new generation could not be started")


def new_generation():
    """Drop every stored page after the commit of the change that calls it (once per
    transaction, however many rows it writes), and every listing's counts with them."""
    if not generations():
        return
    connection = transaction.get_connection()
    savepoints = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        function is start_generation and ids == savepoints
        for ids, function, _robust in connection.run_on_commit
    ):
        return  # already to run when this transaction (or savepoint) commits
    transaction.on_commit(start_generation)


def anonymous(request):
    """A visitor without a session or a pending message (whose pages are the same for all)."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def storable(request, response):
    match = getattr(request, "resolver_match", None)
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if match is None or match.view_name not in CACHED_VIEWS:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False  # the page holds a CSRF token: a form that posts
    if "private" in response.get("Cache-Control", "") or "no-store" in response.get(
        "Cache-Control", ""
    ):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    if len(get_messages(request)):
        return False
    return response.get("Content-Type", "").startswith("text/html")


def current_generation(found):
    """The generation in `found` (a get_many of GENERATION_KEY and more), started when there is
    none yet; None when another worker started one meanwhile (then nothing is stored)."""
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        if not cache.add(GENERATION_KEY, generation, None):
            return None
    return generation


def keeping():
    return settings.LISTING_CACHE_SECONDS > 0


# kept(): one thread per process counts listings again after a change, one at a time (counting
# is a second of a core; what is asked meanwhile waits in its queue, and the lock keeps a listing
# asked by many visitors from being queued twice)
COUNTING_LOCK_SECONDS = 60
# kept(lasting=True): served while counted again for a day after it stopped being current
STALE_SECONDS = 86400
KEPT_FORMAT = 2  # in every kept key: a shared cache outlives a deploy, and what is kept changed
_counter, _counter_lock, _counting = None, threading.Lock(), set()
_served = threading.local()  # per request thread: see served_stale()
HELD_MAX = 16  # values held in a process's memory (kept(held=True): one per listing and language)
_held = {}  # key → (generation, value, current until: time.time())


def kept(name, parts, compute, held=False, lasting=True):
    """`compute()`, reused until the next change to what public pages show (or for
    LISTING_CACHE_SECONDS): `name` and `parts` (a repr-stable tuple) say what it is.

    After a change, or those seconds when `lasting` (STALE_SECONDS more), what was kept is served
    once more while a thread counts it again (stale while revalidate): the visitor is not kept
    waiting for a second's counting, the response is not stored as a page, and the counts follow
    the change when the thread is done. Inside a transaction it is counted here: the thread
    would not see the transaction's rows. Values under keys as many as visitors' words (a
    search's counts) are not `lasting`: they would fill the cache, which then culls others.

    `held`: kept in this process's memory too, for as long as it is current (a listing's facet
    index, a megabyte: read from the shared cache once per process and change, not per
    request)."""
    if not keeping():
        return compute()
    key = kept_key(name, parts)
    if held:
        mine = _held.get(key)
        if mine is not None and time.time() < mine[2] and mine[0] == cache.get(GENERATION_KEY):
            return mine[1]
    found = cache.get_many([GENERATION_KEY, key])
    # (generation, value, current until: time.time()); this process's own copy when the shared
    # one is gone (culled, or the cache emptied): served as stale rather than counted here
    stored = found.get(key) or (_held.get(key) if held else None)
    if stored is not None and stored[0] == found.get(GENERATION_KEY) and time.time() < stored[2]:
        current = stored
    elif stored is not None and not transaction.get_connection().in_atomic_block:
        _served.stale = True
        count_again_later(key, compute, lasting)
        return stored[1]
    else:
        current = count_again(key, found, compute, lasting)
    if held and current[0] is not None:
        if len(_held) >= HELD_MAX:
            _held.clear()
        _held[key] = current
    return current[1]


def forget_held():
    """Drop what this process holds, as a worker just started has nothing (the bench's
    "nothing kept" rows)."""
    _held.clear()


def kept_key(name, parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"pagecache:{name}:{KEPT_FORMAT}:{digest}"


def count_again(key, found, compute, lasting):
    """(the generation it is kept under, `compute()`, current until): the generation is read
    before computing, so that a change committed meanwhile starts a newer one, under which the
    value is never served as current (None: another worker started one meanwhile, and nothing is
    kept)."""
    generation = current_generation(found)
    seconds = settings.LISTING_CACHE_SECONDS
    current = (generation, compute(), time.time() + seconds)
    if generation is not None:
        cache.set(key, current, seconds + (STALE_SECONDS if lasting else 0))
    return current


def count_again_later(key, compute, lasting):
    """count_again() in this process's counting thread, unless a request has asked for it."""
    lock = f"{key}:counting"
    if not cache.add(lock, True, COUNTING_LOCK_SECONDS):
        return
    language = translation.get_language()

    def counted():
        try:
            with translation.override(language):
                count_again(key, cache.get_many([GENERATION_KEY]), compute, lasting)
        except Exception:
            logger.exception("listing cache: %s could not be counted again", key)
        finally:
            cache.delete(lock)
            connections.close_all()  # this thread's own

    global _counter
    with _counter_lock:
        if _counter is None:
            _counter = futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="listing-counter"
            )
        counting = _counter.submit(counted)
    _counting.add(counting)
    counting.add_done_callback(_counting.discard)


def settle():
    """Wait until every listing this process counts again is stored (the tests, the bench)."""
    futures.wait(list(_counting))


def served_stale():
    """Whether this request was served something kept from before a change."""
    return getattr(_served, "stale", False)


class AnonymousPageCacheMiddleware:
    """After the session, locale, authentication and messages middleware (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and anonymous(request)):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation, stored = found.get(GENERATION_KEY), found.get(key)
        if stored is not None and generation is not None and stored["generation"] == generation:
            return self.replay(request, stored)
        _served.stale = False
        response = self.get_response(request)
        if request.method == "GET" and not served_stale() and storable(request, response):
            generation = current_generation(found)
            if generation is None:
                return response  # another worker started one meanwhile
            headers = [(name, value) for name, value in response.items() if name != "Date"]
            cache.set(
                key,
                {
                    "generation": generation,
                    "content": response.content,
                    "headers": headers,
                    "counted": getattr(request, "counted_view", None),
                },
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def replay(request, stored):
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        if stored["counted"]:
            record_view(request, _Counted(stored["counted"]))
        return response


class _Counted:
    def __init__(self, pk):
        self.pk = pk


def public_model(sender):
    meta = sender._meta
    return meta.app_label in PUBLIC_APPS and meta.model_name not in PRIVATE.get(meta.app_label, ())


@receiver(post_save)
@receiver(post_delete)
def row_changed(sender, **kwargs):
    if public_model(sender):
        new_generation()


@receiver(records_imported)  # an import writes its rows in bulk: no post_save per row
@receiver(pages_published_in_bulk)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def page_changed(sender, **kwargs):
    new_generation()
