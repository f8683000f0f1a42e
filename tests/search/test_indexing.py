"""The index follows the site after each commit: publish, unpublish, edits, restrictions —
never drafts."""

import datetime
import gc
import io
import unittest
from unittest import mock

from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from cms.models import NewsPage, OutputPage, TopicPage
from research.models import OutputAuthor
from search import indexing
from search.indexing import backlog, drain, rebuild
from search.models import HarvestedRecord, PeerRepository, PendingUpdate, SearchEntry
from search.query import ResearchSearch
from tests.cms.site import build_site, draft, publish
from tests.factories import (
    OutputFactory,
    PersonFactory,
    TopicFactory,
    TopicMemberFactory,
    UnitFactory,
)


class IndexMaintenanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def titles(self):
        return set(SearchEntry.objects.values_list("title", flat=True))

    def test_publish_edit_unpublish_and_restrict_follow_after_commit(self):
        topic = TopicFactory(title="Nghiên cứu công tác dân vận")
        with self.captureOnCommitCallbacks(execute=True):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        self.assertEqual(self.titles(), {"Nghiên cứu công tác dân vận"})
        entry = SearchEntry.objects.get()
        self.assertEqual((entry.kind, entry.url, entry.level), ("topic", page.url, topic.level))

        with self.captureOnCommitCallbacks(execute=True):
            TopicMemberFactory(topic=topic, person=PersonFactory(full_name="Hồ Thị Bích Ngọc"))
        self.assertIn("ho thi bich ngoc", SearchEntry.objects.get().text_folded)

        # a draft revision does not reach the index; publishing it does
        page.title = "Tiêu đề nháp"
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision()
        self.assertEqual(self.titles(), {"Nghiên cứu công tác dân vận"})
        with self.captureOnCommitCallbacks(execute=True):
            page.get_latest_revision().publish()
        self.assertEqual(self.titles(), {"Tiêu đề nháp"})

        with self.captureOnCommitCallbacks(execute=True):
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        self.assertEqual(self.titles(), set())
        with self.captureOnCommitCallbacks(execute=True):
            restriction.delete()
        self.assertEqual(self.titles(), {"Tiêu đề nháp"})

        with self.captureOnCommitCallbacks(execute=True):
            page.unpublish()
        self.assertEqual(self.titles(), set())

    def test_nothing_is_indexed_before_the_commit(self):
        topic = TopicFactory()
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
            self.assertEqual(self.titles(), set())
        self.assertTrue(callbacks)

    def test_rebuild_command_indexes_published_pages_only_with_a_progress_bar(self):
        live = TopicFactory(title="Đề tài đã công bố")
        hidden = TopicFactory(title="Đề tài nháp")
        publish(self.site.research, TopicPage, title=live.title, slug="a", topic=live)
        draft(self.site.research, TopicPage, title=hidden.title, slug="b", topic=hidden)
        SearchEntry.objects.all().delete()
        out = io.StringIO()
        call_command("search_index", "--rebuild", stdout=out)
        self.assertEqual(self.titles(), {"Đề tài đã công bố"})
        self.assertIn("1/1", out.getvalue())
        self.assertEqual(rebuild(), 1)  # running it again gives the same index
        self.assertEqual(self.titles(), {"Đề tài đã công bố"})

    def test_the_rebuild_command_freezes_what_the_process_holds_only_while_it_runs(self):
        frozen_during = []

        def rebuilding(progress=None):
            frozen_during.append(gc.get_freeze_count())
            return 0

        before = gc.get_freeze_count()
        with mock.patch("search.indexing.rebuild", rebuilding):
            call_command("search_index", "--rebuild", stdout=io.StringIO())
        self.assertGreater(frozen_during[0], before)
        self.assertEqual(gc.get_freeze_count(), before)  # nothing left out of the collector's sight


class BacklogTests(TestCase):
    """Every change records its pages in the backlog in its own transaction; they leave it once
    brought up to date (the database here; Elasticsearch too in test_elasticsearch.py)."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        PendingUpdate.objects.all().delete()  # what building the site queued

    def titles(self):
        return set(SearchEntry.objects.values_list("title", flat=True))

    def test_the_backlog_is_written_with_the_change_and_emptied_after_the_commit(self):
        topic = TopicFactory(title="Công tác dân vận")
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            page = publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
            self.assertEqual(
                list(PendingUpdate.objects.values_list("page_id", flat=True)), [page.pk]
            )
        self.assertEqual(backlog().size, 1)
        for callback in callbacks:
            callback()
        self.assertEqual(self.titles(), {"Công tác dân vận"})
        self.assertEqual(backlog(), indexing.Backlog(size=0, oldest_age=None))

    def test_a_change_rolled_back_leaves_nothing_behind(self):
        topic = TopicFactory(title="Bản nháp bị huỷ")
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(RuntimeError),
            transaction.atomic(),
        ):
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
            raise RuntimeError("rolled back")
        self.assertEqual((backlog().size, self.titles()), (0, set()))

    def test_the_periodic_drain_finishes_what_a_crash_left(self):
        topic = TopicFactory(title="Kinh tế biển")
        with self.captureOnCommitCallbacks(execute=False):  # the process died after the commit
            page = publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        PendingUpdate.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=5))
        waiting = backlog()
        self.assertEqual(waiting.size, 1)
        self.assertGreaterEqual(waiting.oldest_age, 300)
        self.assertEqual(self.titles(), set())
        out = io.StringIO()
        call_command("search_index", "--drain", stdout=out)
        self.assertEqual(self.titles(), {"Kinh tế biển"})
        self.assertIn("1", out.getvalue())
        self.assertEqual(backlog().size, 0)
        call_command("search_index", "--drain", stdout=io.StringIO())  # safe to run twice
        self.assertEqual(SearchEntry.objects.get().page_id, page.pk)

    def test_readiness_fails_while_an_old_change_waits(self):
        topic = TopicFactory(title="Kinh tế biển")
        with self.captureOnCommitCallbacks(execute=False):  # the drain never ran
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        self.assertEqual(self.client.get("/readyz").status_code, 200)  # just queued
        PendingUpdate.objects.update(queued_at=timezone.now() - datetime.timedelta(hours=1))
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        waiting = response.json()["checks"]["search_backlog"]
        self.assertEqual((waiting["ok"], waiting["size"]), (False, 1))
        self.assertGreaterEqual(waiting["oldest_seconds"], 3600)

    def test_a_newer_change_is_never_lost_by_an_older_drain(self):
        topic = TopicFactory(title="Tiêu đề cũ")
        with self.captureOnCommitCallbacks(execute=False):
            page = publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        real = indexing.refresh_entry

        def meanwhile(page_id):
            entry = real(page_id)
            indexing.enqueue([page_id])  # another change commits while this drain runs
            return entry

        with (
            mock.patch.object(indexing, "refresh_entry", side_effect=meanwhile),
            self.captureOnCommitCallbacks(execute=False),
        ):
            drained = drain()
        self.assertEqual((drained.done, drained.left), (0, 1))  # the newer change stays…
        self.assertEqual(backlog().size, 1)
        self.assertEqual(drain().done, 1)  # …for the next drain
        self.assertEqual(SearchEntry.objects.get().page_id, page.pk)

    def test_a_large_change_brings_the_first_pages_up_to_date_and_leaves_the_rest(self):
        unit = UnitFactory(name="Khoa Dân vận")
        pages = []
        for number in range(4):
            topic = TopicFactory(title=f"Đề tài {number}", unit=unit)
            pages.append(
                publish(
                    self.site.research, TopicPage, title=topic.title, slug=f"t{number}", topic=topic
                )
            )
        rebuild()
        PendingUpdate.objects.all().delete()
        with (
            mock.patch.object(indexing, "IMMEDIATE", 2),
            self.captureOnCommitCallbacks(execute=True),
        ):
            unit.name = "Khoa Công tác dân vận"
            unit.save()
        self.assertEqual(backlog().size, 2)
        self.assertEqual(drain().done, 2)
        self.assertEqual(
            SearchEntry.objects.filter(text_folded__contains="khoa cong tac dan van").count(), 4
        )


class RecordsShownOnPagesTests(TestCase):
    """Each kind names the records its pages show (search/kinds.py): editing one re-indexes them."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def test_renaming_a_person_reaches_the_topics_and_outputs_naming_them(self):
        person = PersonFactory(full_name="Trần Văn Lâm")
        topic = TopicFactory(title="Chuyển đổi số")
        TopicMemberFactory(topic=topic, person=person)
        output = OutputFactory(title="Bài báo về chuyển đổi số")
        OutputAuthor.objects.create(output=output, person=person)
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
            publish(self.site.library, OutputPage, title=output.title, slug="o", output=output)
        with self.captureOnCommitCallbacks(execute=True):
            person.full_name = "Trần Văn Lâm Sơn"
            person.save()
        self.assertEqual(
            SearchEntry.objects.filter(text_folded__contains="tran van lam son").count(), 2
        )

    def test_news_pages_are_indexed_with_their_body_and_leave_on_unpublish(self):
        with self.captureOnCommitCallbacks(execute=True):
            news = publish(
                self.site.news,
                NewsPage,
                title="Hội nghị tổng kết năm học",
                slug="tong-ket",
                date=datetime.date(2026, 6, 1),
                body=[("paragraph", RichText("<p>Tuyên dương <b>25</b> giảng viên.</p>"))],
            )
        entry = SearchEntry.objects.get()
        self.assertEqual((entry.kind, entry.year, entry.url), ("news", 2026, news.url))
        self.assertIn("tuyen duong 25 giang vien", entry.text_folded)
        self.assertEqual(entry.facet_tokens, "typenews year2026 school0")
        with self.captureOnCommitCallbacks(execute=True):
            news.unpublish()
        self.assertFalse(SearchEntry.objects.exists())

    def test_english_titles_are_kept_beside_the_vietnamese_ones(self):
        topic = TopicFactory(title="Xây dựng Đảng", title_en="Party building")
        with self.captureOnCommitCallbacks(execute=True):
            publish(self.site.research, TopicPage, title=topic.title, slug="t", topic=topic)
        entry = SearchEntry.objects.get()
        self.assertEqual(
            (entry.title_en, entry.title_en_folded), ("Party building", "party building")
        )
        self.assertEqual(entry.display_title("en"), "Party building")
        self.assertEqual(entry.display_title("vi"), "Xây dựng Đảng")


class RebuildTests(TestCase):
    def test_the_full_text_index_follows_the_entries_after_a_rebuild(self):
        # a rebuild writes SQLite's full-text index in one pass, without its triggers: they must
        # be back for the changes after it
        site = build_site()
        topic = TopicFactory(title="Bảo tồn dân ca Vân Kiều")
        page = publish(site.research, TopicPage, title=topic.title, topic=topic)
        self.assertEqual(rebuild(), SearchEntry.objects.count())

        def found(words):
            return [hit.page_id for hit in ResearchSearch({"q": words}).results().hits]

        self.assertEqual(found("van kieu"), [page.pk])
        topic.title = page.title = "Lễ hội đập trâu"
        topic.save()
        page.save_revision().publish()
        indexing.refresh_entry(page.pk)
        self.assertEqual(found("van kieu"), [])
        self.assertEqual(found("dap trau"), [page.pk])

    def test_a_rebuild_in_batches_writes_what_each_change_wrote(self):
        # the rebuild reads in keyset batches and writes raw rows (SQLite: INSERT, PostgreSQL:
        # COPY); every entry must come out as the change-by-change path wrote it, dates and
        # empty values included, and the cycle collector it pauses must be running again
        site = build_site()
        person = PersonFactory(full_name="Hồ Thị Lan", unit=UnitFactory(name="Khoa Lý luận"))
        with self.captureOnCommitCallbacks(execute=True):
            for number in range(5):
                topic = TopicFactory(title=f"Kinh tế biển {number}")
                TopicMemberFactory(topic=topic, person=person)
                publish(site.research, TopicPage, title=topic.title, slug=f"t{number}", topic=topic)
                output = OutputFactory(
                    title=f"Bài báo {number}", published_on=datetime.date(2025, 1, 1 + number)
                )
                OutputAuthor.objects.create(output=output, person=person)
                publish(
                    site.library, OutputPage, title=output.title, slug=f"o{number}", output=output
                )
        peer = PeerRepository.objects.create(name="Trường Chính trị B", base_url="http://b/oai/")
        for number in range(3):
            record = HarvestedRecord.objects.create(
                peer=peer,
                identifier=f"oai:b:{number}",
                datestamp=timezone.now(),
                title=f"Biển đảo {number}",
                date="2024-05" if number else "",  # no date: NULL date and year
            )
            indexing.refresh_harvested([record.entry_key])
        written = list(SearchEntry.objects.order_by("pk").values())
        self.assertEqual(len(written), 3 + 5 + 5)

        with mock.patch.object(indexing, "REBUILD_BATCH", 2):
            self.assertEqual(rebuild(), len(written))
        self.assertEqual(list(SearchEntry.objects.order_by("pk").values()), written)
        self.assertTrue(gc.isenabled())

    def test_a_callers_freeze_outlasts_the_rebuild(self):
        # search_index --rebuild freezes what its process holds for both rebuilds: the database
        # rebuild's own freeze and thaw must not thaw it before Elasticsearch's
        build_site()
        held = {"the caller's": []}  # a container: tracked by the collector until frozen
        gc.freeze()
        self.addCleanup(gc.unfreeze)
        rebuild()
        # still frozen: in none of the generations a collection walks. (The freeze count is no
        # measure: frozen objects that the rebuild lets go of are freed and leave it.)
        self.assertFalse(any(tracked is held for tracked in gc.get_objects()))
        self.assertTrue(gc.isenabled())

    def test_sqlite_full_text_index_buffers_32_mb_of_terms(self):
        # migration 0007: with FTS5's default 1 MB, a rebuild's index took 8× longer
        if connection.vendor != "sqlite":
            self.skipTest("an SQLite full-text index option")
        with connection.cursor() as cursor:
            cursor.execute("SELECT v FROM search_entry_fts_config WHERE k = 'hashsize'")
            self.assertEqual(cursor.fetchone(), (32 * 1024 * 1024,))


@unittest.skipUnless(connection.vendor == "postgresql", "VACUUM is PostgreSQL's")
class RebuildCommittedTests(TransactionTestCase):
    serialized_rollback = True  # the home page comes from a migration

    def test_a_rebuild_leaves_its_entries_vacuumed_and_analysed(self):
        site = build_site()
        for number in range(3):
            topic = TopicFactory(title=f"Kinh tế biển {number}")
            publish(site.research, TopicPage, title=topic.title, slug=f"t{number}", topic=topic)
        rebuild()
        self.assertEqual(rebuild(), 3)  # the first rebuild's entries are dead rows now
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples, relpages, relallvisible FROM pg_class "
                "WHERE relname = 'search_searchentry'"
            )
            tuples, pages, visible = cursor.fetchone()
        self.assertEqual(tuples, 3)  # analysed: the planner counts the new entries
        self.assertGreater(pages, 0)
        self.assertEqual(visible, pages)  # vacuumed: every page holds live rows only
