"""Keywords are a list: a keyword with a comma in it stays one keyword everywhere."""

import importlib

from django.test import TestCase

from cms.models import TopicPage
from research.core.keywords import KeywordsFormField, split_keywords
from research.proposals.forms import ProposalForm
from tests.cms.site import build_site, publish
from tests.factories import TopicFactory

ANTI_CORRUPTION = "phòng, chống tham nhũng"


def test_split_keeps_commas_and_reads_lines_or_semicolons():
    assert split_keywords(f"{ANTI_CORRUPTION}\n  chi  bộ ;Quảng Trị;chi bộ\n\n") == [
        ANTI_CORRUPTION,
        "chi bộ",
        "Quảng Trị",
    ]


def test_form_field_shows_one_keyword_a_line_and_reads_it_back():
    field = KeywordsFormField(required=False)
    shown = field.prepare_value([ANTI_CORRUPTION, "chi bộ"])
    assert shown == f"{ANTI_CORRUPTION}\nchi bộ"
    assert field.clean(shown) == [ANTI_CORRUPTION, "chi bộ"]
    assert field.clean("") == []


def test_migration_splits_old_texts_on_semicolons_first():
    migration = importlib.import_module("research.migrations.0030_keywords_as_list")
    assert migration.split_old("chi bộ, biên giới") == ["chi bộ", "biên giới"]
    assert migration.split_old(f"{ANTI_CORRUPTION}; chi bộ") == [ANTI_CORRUPTION, "chi bộ"]
    assert migration.split_old("") == []


def test_proposal_form_stores_a_list():
    form = ProposalForm(data={"title": "Đề xuất", "keyword_list": f"{ANTI_CORRUPTION}\nchi bộ"})
    form.is_valid()
    assert form.cleaned_data["keyword_list"] == [ANTI_CORRUPTION, "chi bộ"]


class TopicPageKeywordsTests(TestCase):
    def test_a_keyword_with_a_comma_is_one_item_on_the_page_and_in_the_search_text(self):
        site = build_site()
        topic = TopicFactory(keyword_list=[ANTI_CORRUPTION, "cán bộ cơ sở"])
        page = publish(site.research, TopicPage, title=topic.title, topic=topic)
        response = self.client.get(page.url)
        self.assertContains(response, f"<li>{ANTI_CORRUPTION}</li>", html=True)
        self.assertContains(response, "<li>cán bộ cơ sở</li>", html=True)
        self.assertEqual(topic.keywords, f"{ANTI_CORRUPTION}; cán bộ cơ sở")
