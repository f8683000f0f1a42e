"""What a card or a badge of the public site shows, as plain data: the listings, the home page
(which caches it) and the record pages use the same few functions."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from research.models import TopicStatus

COVER = "fill-160x224|format-webp"

# A status's tone picks its badge's colours (static/css/site.css, .badge--<tone>).
STATUS_TONES = {
    TopicStatus.APPROVED: "running",
    TopicStatus.IN_PROGRESS: "running",
    TopicStatus.EXTENDED: "running",
    TopicStatus.SELF_EVALUATED: "pending",
    TopicStatus.UNDER_EVALUATION: "pending",
    TopicStatus.ACCEPTED: "success",
    TopicStatus.FAILED: "ended",
    TopicStatus.TERMINATED: "ended",
    TopicStatus.WITHDRAWN: "ended",
}


def topic_status(topic):
    """The topic's status badge: “Đang thực hiện”, “Đã nghiệm thu — Khá”."""
    label = topic.get_status_display()
    if topic.grade:
        label = _("%(status)s — %(grade)s") % {"status": label, "grade": topic.get_grade_display()}
    return {"label": str(label), "tone": STATUS_TONES.get(topic.status, "running")}


def period(topic):
    start, end = topic.planned_start.year, topic.planned_end.year
    return str(start) if start == end else f"{start}–{end}"


def topic_card(page, request=None):
    topic = page.topic
    title, title_language = page.heading()
    unit = topic.unit.in_language("name")[0] if topic.unit_id else ""
    return {
        "title": title,
        "title_language": title_language,
        "url": page.get_url(request),
        "code": topic.code,
        "level": str(topic.get_level_display()),
        "status": topic_status(topic),
        "period": period(topic),
        "unit": unit,
    }


def output_card(page, request=None):
    output = page.output
    title, title_language = page.heading()
    cover = page.cover.get_rendition(COVER).url if page.cover_id else ""
    return {
        "title": title,
        "title_language": title_language,
        "url": page.get_url(request),
        "kind": str(output.get_kind_display()),
        "date": output.published_on,
        "venue": output.venue,
        "cover": cover,
    }


def covers():
    """Prefetch the library pages' covers with their card renditions (two queries in all)."""
    return Prefetch("cover", queryset=get_image_model().objects.prefetch_renditions(COVER))
