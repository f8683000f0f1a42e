"""The published corpus the similar-work finder is held to on every engine: the labelled groups of
bench/similar_pairs.py (an accepted topic, its article, a decoy in the same vocabulary), a
person's page, a draft page and a topic that is not public."""

import datetime

from bench.similar_pairs import GROUPS
from cms.models import OutputPage, PersonPage, TopicPage
from research.models import OutputKind, TopicStatus
from tests.cms.site import build_site, draft, publish
from tests.factories import OutputFactory, PersonFactory, TopicFactory


def build_similar_corpus():
    site = build_site()
    c, pages = {}, {}
    for number, group in enumerate(GROUPS):
        title, summary, keywords = group.topic
        topic = TopicFactory(
            title=title,
            summary=summary,
            keyword_list=keywords.split("; "),
            status=TopicStatus.IN_PROGRESS,
            planned_start=datetime.date(2022, 1, 1) + datetime.timedelta(days=30 * number),
        )
        article = OutputFactory(
            kind=OutputKind.JOURNAL_ARTICLE,
            title=group.article,
            topic=topic,
            published_on=datetime.date(2024, 1, 1),
        )
        decoy_title, decoy_summary = group.decoy
        decoy = TopicFactory(
            title=decoy_title, summary=decoy_summary, status=TopicStatus.IN_PROGRESS
        )
        for key, record, parent, model, field in (
            (f"{group.name}_topic", topic, site.research, TopicPage, "topic"),
            (f"{group.name}_article", article, site.library, OutputPage, "output"),
            (f"{group.name}_decoy", decoy, site.research, TopicPage, "topic"),
        ):
            c[key] = record
            pages[key] = publish(
                parent, model, title=record.title, slug=key.replace("_", "-"), **{field: record}
            )
    person = PersonFactory(full_name="Sinh hoạt chi bộ Biên Giới")  # a name made of a subject
    c["person"] = person
    pages["person"] = publish(
        site.people, PersonPage, title=person.full_name, slug="person", person=person
    )
    c["draft_topic"] = TopicFactory(
        title="Nâng cao chất lượng sinh hoạt chi bộ ở các xã biên giới (bản nháp)",
        status=TopicStatus.IN_PROGRESS,
    )
    pages["draft_topic"] = draft(
        site.research, TopicPage, title=c["draft_topic"].title, slug="nhap", topic=c["draft_topic"]
    )
    return site, c, pages
