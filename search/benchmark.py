"""The search benchmark's site: live pages for a synthetic corpus, written in bulk, and the
requests it times. Used by `bench_search` in a throwaway database only."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.demo import child
from cms.models import (
    HomePage,
    LibraryIndexPage,
    OutputPage,
    PeopleIndexPage,
    PersonPage,
    ResearchIndexPage,
    TopicPage,
)
from research.benchmark import analyze
from research.models import Output, Person, PersonKind, Topic

BATCH = 2000
RARE_TITLE = "Di sản văn hóa phi vật thể của đồng bào Pa Kô ở huyện Hướng Hóa"


def publish_in_bulk(parent, page_model, records, link_field):
    """Live pages of `page_model` under `parent`, one per record, written in bulk (creating them
    one by one through the admin's path would take hours at this size)."""
    content_type = ContentType.objects.get_for_model(page_model)
    now = timezone.now()
    step = parent.numchild
    created = 0
    records = list(records)
    for start in range(0, len(records), BATCH):
        pages = []
        for record in records[start : start + BATCH]:
            step += 1
            slug = f"{page_model._meta.model_name}-{record.pk}"
            title = (getattr(record, "title", None) or str(record))[:255]
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=parent.path + Page._int2str(step).rjust(Page.steplen, "0"),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=parent.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        pages = Page.objects.bulk_create(pages)
        specific = [
            page_model(page_ptr_id=page.pk, **{link_field: record.pk})
            for page, record in zip(pages, records[start : start + BATCH], strict=True)
        ]
        page_model._base_manager._insert(
            specific, fields=page_model._meta.local_concrete_fields, raw=True
        )
        created += len(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=step)
    parent.numchild = step
    return created


def build_site():
    """The index pages and a live page for every topic, public output and lecturer."""
    home = HomePage.objects.get(locale=Locale.get_default())
    research = child(home, ResearchIndexPage, title="Đề tài nghiên cứu", slug="de-tai")
    library = child(home, LibraryIndexPage, title="Thư viện điện tử", slug="thu-vien")
    people = child(home, PeopleIndexPage, title="Giảng viên", slug="giang-vien")
    for topic in Topic.objects.order_by("pk")[:3]:  # a rare phrase, typed without diacritics later
        Topic.objects.filter(pk=topic.pk).update(title=f"{RARE_TITLE} ({topic.code})")
    counts = {
        "topics": publish_in_bulk(research, TopicPage, Topic.objects.order_by("pk"), "topic_id"),
        "outputs": publish_in_bulk(
            library, OutputPage, Output.objects.filter(is_public=True).order_by("pk"), "output_id"
        ),
        "people": publish_in_bulk(
            people, PersonPage, Person.objects.filter(kind=PersonKind.LECTURER), "person_id"
        ),
    }
    analyze()
    return counts
