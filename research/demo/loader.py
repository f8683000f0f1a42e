"""Build the demo data set. Every record has a natural key, so loading twice gives the same data."""

import datetime
import itertools

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from research.core.choices import (
    OutputKind,
    PersonKind,
    SchoolRole,
    TeamRole,
    TopicGrade,
    TopicLevel,
    TopicOrigin,
    TopicStatus,
)
from research.core.codes import CodePrefix
from research.core.people import Person, Unit
from research.core.permissions import Roles
from research.core.reference import FundingSource, OrderingBody, ResearchField
from research.deadlines.models import regenerate_deadlines
from research.outputs.models.outputs import Output, OutputAuthor, OutputFile
from research.proposals.models import legal_basis_on
from research.topics.models.funding import FundingLine, Tranche
from research.topics.models.topics import Topic, TopicMember

from . import content
from .archived import ArchivedTopicDemo
from .common import DEMO_DOMAIN, DEMO_PASSWORD, demo_transaction, pdf_bytes
from .english import EnglishDemo
from .orders import OrdersDemo
from .paperwork import PaperworkDemo
from .plan import PlanDemo
from .proposals import ProposalDemo
from .records import RecordDemo
from .work import WorkDemo

# (username, role, person's e-mail local part or None, superuser)
DEMO_USERS = [
    ("admin", None, None, True),
    ("phongnckh", Roles.RESEARCH_OFFICE, "nthyen", False),
    ("giangvien", Roles.LECTURER, "vtmlan", False),
    ("hoidong", Roles.COUNCIL_MEMBER, "nvhung", False),
    ("bientap", Roles.EDITOR, "dtlthuy", False),
    ("lanhdao", Roles.LEADERSHIP, "ttha", False),
    ("dathang", Roles.LIAISON, None, False),
]

LEVEL_CYCLE = [
    TopicLevel.PROVINCIAL,
    TopicLevel.SCHOOL,
    TopicLevel.SCHOOL,
    TopicLevel.FACULTY,
    TopicLevel.INITIATIVE,
]
DURATION_MONTHS = {
    TopicLevel.PROVINCIAL: 24,
    TopicLevel.SCHOOL: 12,
    TopicLevel.FACULTY: 9,
    TopicLevel.INITIATIVE: 6,
}
# Approved amount per level, in whole VND, and the source that pays it.
BUDGET = {
    TopicLevel.PROVINCIAL: (350_000_000, "ngan-sach-tinh"),
    TopicLevel.SCHOOL: (25_000_000, "ngan-sach-truong"),
    TopicLevel.FACULTY: (6_000_000, "ngan-sach-truong"),
}
GRADES = [TopicGrade.EXCELLENT, TopicGrade.GOOD, TopicGrade.PASS, TopicGrade.GOOD]
TOPIC_COUNT = 40
# The demo's history reaches this many years back from the year it is loaded in.
YEARS_BACK = 7
# An accepted topic is graded this long after its planned end.
ACCEPTED_AFTER = relativedelta(months=2)


class DemoLoader(
    ProposalDemo,
    RecordDemo,
    WorkDemo,
    ArchivedTopicDemo,
    PaperworkDemo,
    EnglishDemo,
    PlanDemo,
    OrdersDemo,
):
    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        # Every demo date hangs from the day it is loaded: no record is dated in the future
        # unless its state says it is to come (an approved topic not started, a deadline).
        self.first_year = self.today.year - YEARS_BACK

    def load(self):
        with demo_transaction():
            self.load_all()

    def load_all(self):
        # The demo school's own prefix for provincial topics, as Quảng Trị numbers them.
        CodePrefix.objects.update_or_create(
            scope=TopicLevel.PROVINCIAL, defaults={"prefix": content.PROVINCIAL_PREFIX}
        )
        self.units = self.load_units()
        self.fields = [
            ResearchField.objects.update_or_create(name=name, defaults={"sort_order": i})[0]
            for i, name in enumerate(content.FIELDS)
        ]
        self.sources = {source.code: source for source in FundingSource.objects.all()}
        self.bodies = list(OrderingBody.objects.order_by("sort_order"))
        self.lecturers, self.outsiders = self.load_people()
        topics = [self.load_topic(i) for i in range(TOPIC_COUNT)]
        self.load_outputs(topics)
        self.load_english(topics)
        self.load_records()
        self.load_users()
        self.load_proposals()
        self.load_work()
        self.load_archived_topic()
        self.load_paperwork()
        self.load_plan()
        self.load_orders()

    def load_units(self):
        return {
            short: Unit.objects.update_or_create(
                name=name, defaults={"short_name": short, "kind": kind, "sort_order": i}
            )[0]
            for i, (name, short, kind) in enumerate(content.UNITS)
        }

    def load_people(self):
        lecturers = [
            Person.objects.update_or_create(
                email=f"{local}@{DEMO_DOMAIN}",
                defaults={
                    "full_name": name,
                    "kind": PersonKind.LECTURER,
                    "academic_title": title,
                    "degree": degree,
                    "unit": self.units[unit],
                    "bio": f"Giảng viên {self.units[unit].name}, Trường Chính trị Lê Duẩn.",
                },
            )[0]
            for name, title, degree, unit, local in content.LECTURERS
        ]
        outsiders = [
            Person.objects.update_or_create(
                full_name=name,
                kind=PersonKind.OUTSIDE,
                defaults={"academic_title": title, "degree": degree, "affiliation": affiliation},
            )[0]
            for name, title, degree, affiliation in content.OUTSIDE_PEOPLE
        ]
        return lecturers, outsiders

    def team_for(self, i, unit):
        in_unit = [p for p in self.lecturers if p.unit_id == unit.pk]
        others = [p for p in self.lecturers if p.unit_id != unit.pk]
        principal = in_unit[i % len(in_unit)]
        rest = [p for p in in_unit if p != principal] + others
        size = 2 + i % 3
        return [principal, *[rest[(i + k * 3) % len(rest)] for k in range(size)]]

    def status_for(self, i, start, end):
        """The topic's state from its dates as they stand on the day the demo is loaded: the
        oldest closed, the recent ones before their councils or running, those not begun yet
        approved — never graded before its council could have met."""
        age = self.today.year - start.year
        if start > self.today:
            return TopicStatus.APPROVED
        if age >= 3:
            status = TopicStatus.ACCEPTED
            if i % 13 == 0:
                status = TopicStatus.FAILED
            elif i % 17 == 3:
                status = TopicStatus.TERMINATED
        elif age == 2:
            status = [
                TopicStatus.ACCEPTED,
                TopicStatus.UNDER_EVALUATION,
                TopicStatus.SELF_EVALUATED,
            ][i % 3]
        elif age == 1:
            status = TopicStatus.EXTENDED if i % 4 == 1 else TopicStatus.IN_PROGRESS
        else:
            status = TopicStatus.APPROVED if i % 2 else TopicStatus.IN_PROGRESS
        if (
            status in (TopicStatus.ACCEPTED, TopicStatus.FAILED)
            and end + ACCEPTED_AFTER > self.today
        ):
            # Not evaluated yet: still running, or finished and waiting for its council.
            status = TopicStatus.SELF_EVALUATED if end < self.today else TopicStatus.IN_PROGRESS
        return status

    def load_topic(self, i):
        subject, field_index, unit_short, scopes = content.SUBJECTS[i % len(content.SUBJECTS)]
        scope = scopes[i // len(content.SUBJECTS)]
        level = LEVEL_CYCLE[i % len(LEVEL_CYCLE)]
        start_year = self.first_year + i // 5
        start = datetime.date(start_year, 1 + (i * 5) % 12, 1)
        end = start + relativedelta(months=DURATION_MONTHS[level]) - datetime.timedelta(days=1)
        status = self.status_for(i, start, end)
        if level == TopicLevel.PROVINCIAL:
            origin = TopicOrigin.ORDERED
        elif i % 10 == 2:
            origin = TopicOrigin.ASSIGNED
        else:
            origin = TopicOrigin.PROPOSED
        unit = self.units[unit_short]
        topic, _ = Topic.objects.update_or_create(
            code=f"{CodePrefix.of(level)}-{start_year}-{i + 1:02d}",
            defaults={
                "title": f"{subject} {scope}",
                "summary": (
                    f"Đề tài làm rõ cơ sở lý luận và thực tiễn, đánh giá thực trạng và đề xuất "
                    f"giải pháp {subject[0].lower()}{subject[1:]} {scope}."
                ),
                "keyword_list": [subject.split()[0].lower(), "Quảng Trị", "cán bộ cơ sở"],
                "field": self.fields[field_index],
                "level": level,
                "origin": origin,
                "ordering_body": self.bodies[i % 3] if origin != TopicOrigin.PROPOSED else None,
                "school_role": SchoolRole.PARTNER if i % 15 == 5 else SchoolRole.LEAD,
                "legal_basis": legal_basis_on(start),
                "unit": unit,
                "planned_start": start,
                "planned_end": end,
                "status": status,
                "closed_from": "",  # the paperwork demo closes the oldest topics again
                "grade": GRADES[i % len(GRADES)]
                if status == TopicStatus.ACCEPTED
                else (TopicGrade.FAIL if status == TopicStatus.FAILED else ""),
                "accepted_on": end + ACCEPTED_AFTER if status == TopicStatus.ACCEPTED else None,
                "contract_number": f"{i + 1:02d}/{start.year}/HĐ-NCKH"
                if status != TopicStatus.APPROVED
                else "",
                "contract_date": start - datetime.timedelta(days=10)
                if status != TopicStatus.APPROVED
                else None,
            },
        )
        self.replace_team(topic, i, unit)
        self.replace_funding(topic, level, start, status)
        self.replace_deadlines(topic, i, start, end, status)
        return topic

    def replace_team(self, topic, i, unit):
        topic.members.all().delete()
        people = self.team_for(i, unit)
        if topic.level == TopicLevel.PROVINCIAL:
            people.append(self.outsiders[i % len(self.outsiders)])
        roles = [TeamRole.PRINCIPAL, TeamRole.SECRETARY]
        for order, person in enumerate(people):
            role = roles[order] if order < len(roles) else TeamRole.MEMBER
            TopicMember.objects.create(topic=topic, person=person, role=role, sort_order=order)

    def replace_funding(self, topic, level, start, status):
        topic.funding_lines.all().delete()
        topic.tranches.all().delete()
        if level not in BUDGET:
            return
        amount, code = BUDGET[level]
        amount += (topic.planned_start.month * 7 % 10) * amount // 20
        amount -= amount % 1_000_000
        source = self.sources[code]
        finished = status in (TopicStatus.ACCEPTED, TopicStatus.FAILED)
        FundingLine.objects.create(
            topic=topic,
            source=source,
            approved_amount=amount,
            settled_amount=amount if status == TopicStatus.ACCEPTED else None,
        )
        shares = [50, 30, 20] if level == TopicLevel.PROVINCIAL else [70, 30]
        for number, share in enumerate(shares, start=1):
            planned_on = start + relativedelta(months=(number - 1) * 8)
            paid = finished or planned_on <= self.today
            Tranche.objects.create(
                topic=topic,
                source=source,
                number=number,
                planned_on=planned_on,
                planned_amount=amount * share // 100,
                paid_on=planned_on + datetime.timedelta(days=12) if paid else None,
                paid_amount=amount * share // 100 if paid else None,
                sort_order=number,
            )
        if level == TopicLevel.PROVINCIAL and topic.pk % 2 == 0:
            FundingLine.objects.create(
                topic=topic, source=self.sources["ngoai-ngan-sach"], approved_amount=40_000_000
            )

    def replace_deadlines(self, topic, i, start, end, status):
        """The topic's deadlines under the school's rules, done where the topic has moved on;
        every third running topic has let its latest past deadline slip."""
        topic.deadlines.all().delete()
        if status == TopicStatus.APPROVED:
            return
        regenerate_deadlines(topic)
        closed = status in (TopicStatus.ACCEPTED, TopicStatus.FAILED, TopicStatus.TERMINATED)
        deadlines = list(topic.deadlines.all())
        past = [d for d in deadlines if d.due_on < self.today]
        slipped = past[-1] if past and not closed and i % 3 == 0 else None
        for deadline in deadlines:
            if deadline != slipped and (closed or deadline.due_on < self.today):
                deadline.done_on = min(deadline.due_on, self.today) - datetime.timedelta(days=3)
                deadline.save(update_fields=["done_on"])

    def output_specs(self, topics):
        """Yield (title, kind, date, topic, authors, venue fields, public) for every demo output."""
        journals = itertools.cycle(content.JOURNALS)
        for i, topic in enumerate(topics):
            team = [m.person for m in topic.members.all()]
            subject = content.SUBJECTS[i % len(content.SUBJECTS)][0]
            done = topic.status in (TopicStatus.ACCEPTED, TopicStatus.FAILED)
            if done:
                for kind, label in (
                    (OutputKind.FINAL_REPORT, "Báo cáo tổng hợp"),
                    (OutputKind.SUMMARY_REPORT, "Báo cáo tóm tắt"),
                ):
                    yield (
                        f"{label} đề tài {topic.code}: {topic.title}",
                        kind,
                        topic.planned_end,
                        topic,
                        team[:1],
                        {},
                        True,
                    )
            if topic.planned_start < self.today - datetime.timedelta(days=180):
                journal, issn = next(journals)
                yield (
                    f"{subject}: thực trạng và giải pháp (đề tài {topic.code})",
                    OutputKind.JOURNAL_ARTICLE,
                    topic.planned_start + relativedelta(months=8),
                    topic,
                    team[:2],
                    {
                        "venue": journal,
                        "issn": issn,
                        "issue": str(1 + i % 12),
                        "pages": f"{30 + i}-{36 + i}",
                    },
                    True,
                )
            if topic.planned_start < self.today - datetime.timedelta(days=180) and i % 2 == 0:
                yield (
                    f"Một số vấn đề lý luận về {subject[0].lower()}{subject[1:]} (đề tài {topic.code})",
                    OutputKind.BULLETIN_ARTICLE,
                    topic.planned_start + relativedelta(months=5),
                    topic,
                    team[1:2],
                    {"venue": content.BULLETIN, "issue": f"{1 + i % 3}/{topic.planned_start.year}"},
                    True,
                )
            if done and topic.level == TopicLevel.PROVINCIAL:
                yield (
                    f"{topic.title} (sách chuyên khảo)",
                    OutputKind.MONOGRAPH,
                    topic.planned_end + relativedelta(months=6),
                    topic,
                    team[:3],
                    {
                        "publisher": content.PUBLISHERS[i % 3],
                        "isbn": f"978-604-57-{i:04d}-{i % 10}",
                    },
                    True,
                )
                yield (
                    f"Kiến nghị với Tỉnh ủy về {subject[0].lower()}{subject[1:]}",
                    OutputKind.POLICY_RECOMMENDATION,
                    topic.planned_end + relativedelta(months=1),
                    topic,
                    team[:1],
                    {},
                    False,
                )
                yield (
                    f"Xác nhận ứng dụng kết quả đề tài {topic.code}",
                    OutputKind.CERTIFICATE_OF_USE,
                    topic.planned_end + relativedelta(months=9),
                    topic,
                    team[:1],
                    {"publisher": topic.ordering_body.name if topic.ordering_body else ""},
                    True,
                )
        for n, event in enumerate(content.EVENTS):
            year = self.first_year + 1 + 2 * n
            yield (
                event,
                OutputKind.EVENT,
                datetime.date(year, 10, 15),
                None,
                self.lecturers[:2],
                {},
                True,
            )
            for k in range(5):
                author = self.lecturers[(n * 5 + k) % len(self.lecturers)]
                subject = content.SUBJECTS[(n * 5 + k) % len(content.SUBJECTS)][0]
                yield (
                    f"{subject} — tham luận tại hội thảo năm {year}",
                    OutputKind.PROCEEDINGS_PAPER,
                    datetime.date(year, 10, 15),
                    None,
                    [author, self.outsiders[k % len(self.outsiders)]] if k == 4 else [author],
                    {"venue": f"Kỷ yếu {event}"},
                    True,
                )
        for year in range(self.first_year, self.today.year + 1):
            for k in range(2):
                author = self.lecturers[(year + k * 5) % len(self.lecturers)]
                subject = content.SUBJECTS[(year + k * 3) % len(content.SUBJECTS)][0]
                yield (
                    f"{subject}: kinh nghiệm từ thực tiễn cơ sở năm {year} (số {k + 1})",
                    OutputKind.BULLETIN_ARTICLE,
                    datetime.date(year, 3 + k * 2, 10),
                    None,
                    [author],
                    {"venue": content.BULLETIN, "issue": f"{k % 3 + 1}/{year}"},
                    True,
                )
        for n, (name, *_rest) in enumerate(content.LECTURERS[2:6]):
            yield (
                f"Tài liệu bồi dưỡng chuyên đề {content.FIELDS[n].lower()} ({name})",
                OutputKind.TEXTBOOK,
                datetime.date(self.first_year + 2 + n, 8, 1),
                None,
                [self.lecturers[2 + n]],
                {"publisher": "Trường Chính trị Lê Duẩn"},
                True,
            )

    def load_outputs(self, topics):
        for title, kind, date, topic, authors, venue, public in self.output_specs(topics):
            if date > self.today:
                continue  # not published yet on the day the demo is loaded
            output, created = Output.objects.update_or_create(
                title=title,
                kind=kind,
                defaults={
                    "published_on": date,
                    "topic": topic,
                    "is_public": public,
                    "abstract": f"{title}. Bài viết phân tích thực trạng, nguyên nhân và đề xuất giải pháp.",
                    **{
                        "venue": "",
                        "issn": "",
                        "isbn": "",
                        "issue": "",
                        "pages": "",
                        "publisher": "",
                    },
                    **venue,
                },
            )
            output.authors.all().delete()
            for order, person in enumerate(authors):
                OutputAuthor.objects.create(output=output, person=person, sort_order=order)
            if (
                kind in (OutputKind.FINAL_REPORT, OutputKind.JOURNAL_ARTICLE)
                and not output.files.exists()
            ):
                attachment = OutputFile(
                    output=output,
                    title="Toàn văn (PDF)",
                    title_en="Full text (PDF)",
                    is_public=public,
                )
                attachment.file.save(
                    f"output-{output.pk}.pdf", ContentFile(pdf_bytes(title)), save=True
                )

    def load_users(self):
        User = get_user_model()
        for username, role, email_local, superuser in DEMO_USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "is_superuser": superuser,
                    "is_staff": superuser,
                    "email": f"{username}@{DEMO_DOMAIN}",
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if superuser:  # named as people see it in the records it signs, not “admin”
                user.first_name, user.last_name = "Quản trị hệ thống", ""
                user.save(update_fields=["first_name", "last_name"])
            if role:
                user.groups.set([Group.objects.get(name=role)])
            if email_local:
                person = Person.objects.get(email=f"{email_local}@{DEMO_DOMAIN}")
                # Wagtail greets users by first name; a Vietnamese name is said whole.
                user.first_name, user.last_name = person.full_name, ""
                user.save(update_fields=["first_name", "last_name"])
                Person.objects.filter(pk=person.pk).update(user=user)
