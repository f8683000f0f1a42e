"""Counting on the request path: one INSERT, nothing else; bots and previews are not counted."""

import re

from django.conf import settings
from django.db import DatabaseError, transaction

from .models import Hit, HitKind

_bot_pattern = None


def is_bot(request):
    """Known crawlers by their User-Agent (the pattern is a setting); no User-Agent counts as one."""
    global _bot_pattern
    if _bot_pattern is None:
        _bot_pattern = re.compile(settings.LIBRARY_STATS_BOT_PATTERN, re.IGNORECASE)
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(_bot_pattern.search(agent))


def countable(request):
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not is_bot(request)
        # A browser's speculative prefetch is not a visit.
        and "prefetch" not in request.headers.get("Sec-Purpose", request.headers.get("Purpose", ""))
    )


def record(request, page, kind, target=""):
    """Count one view or download of a public page; a failure to count never fails the page."""
    if not countable(request):
        return
    try:
        with transaction.atomic():
            Hit.objects.create(page_id=page.pk, kind=kind, target=str(target)[:40])
    except DatabaseError:
        pass


def record_view(request, page):
    request.counted_view = page.pk  # a page served again from cms.pagecache counts it too
    record(request, page, HitKind.VIEW)


def record_download(request, page, target):
    record(request, page, HitKind.DOWNLOAD, target)
