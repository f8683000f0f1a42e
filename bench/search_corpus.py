"""The search benchmark's site: live pages for a synthetic corpus, written in bulk, and the
requests it times. Used by `bench_search` in a throwaway database only."""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Locale, Page

from bench.corpus import analyze
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


def build_index_pages():
    home = HomePage.objects.get(locale=Locale.get_default())
    return {
        "research": child(home, ResearchIndexPage, title="Đề tài nghiên cứu", slug="de-tai"),
        "library": child(home, LibraryIndexPage, title="Thư viện điện tử", slug="thu-vien"),
        "people": child(home, PeopleIndexPage, title="Giảng viên", slug="giang-vien"),
    }


def build_site():
    """The index pages and a live page for every topic, public output and lecturer."""
    indexes = build_index_pages()
    research, library, people = indexes["research"], indexes["library"], indexes["people"]
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


# Precision in the top 10 (`bench_precision`): each query is a phrase; the corpus holds, for each,
# entries with the phrase (relevant: half in the title, half in the abstract only) and entries
# with its words apart (not relevant: every word in the title, which weighs more), among
# unrelated entries. By construction, relevant = holds the phrase.
PRECISION_QUERIES = [
    "xây dựng Đảng",
    "dân vận",
    "kinh tế tư nhân",
    "chuyển đổi số",
    "cải cách hành chính",
    "đồng bào dân tộc",
    "nông thôn mới",
    "lý luận chính trị",
    "chính quyền cơ sở",
    "biến đổi khí hậu",
]
PRECISION_RELEVANT = 10
PRECISION_DISTRACTORS = 20
FILLERS = [
    "thực trạng",
    "giải pháp",
    "vai trò",
    "ở tỉnh Quảng Trị",
    "trong giai đoạn mới",
    "của cán bộ",
    "tại các huyện",
    "và kinh nghiệm",
    "nhằm nâng cao",
    "qua khảo sát",
]


def precision_corpus(seed=7):
    """(title, abstract, the query it is relevant to or None) for every entry."""
    rng = random.Random(seed)
    entries = []
    for query in PRECISION_QUERIES:
        words = query.split()
        for number in range(PRECISION_RELEVANT):
            lead, tail = rng.sample(FILLERS, 2)
            if number % 2:
                entries.append((f"{lead.capitalize()} {query} {tail}", rng.choice(FILLERS), query))
            else:
                title = f"{lead.capitalize()} {tail} của nhà trường"
                entries.append((title, f"Bài viết bàn về {query} {rng.choice(FILLERS)}.", query))
        for _ in range(PRECISION_DISTRACTORS):
            apart = words[:]
            rng.shuffle(apart)
            while len(apart) > 1 and " ".join(apart) in query:
                rng.shuffle(apart)
            pieces = []
            for word in apart:
                pieces += [word, rng.choice(FILLERS)]
            entries.append((" ".join(pieces).capitalize(), rng.choice(FILLERS), None))
    for _ in range(300):
        entries.append((" ".join(rng.sample(FILLERS, 3)).capitalize(), rng.choice(FILLERS), None))
    rng.shuffle(entries)
    return entries
