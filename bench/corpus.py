"""A synthetic, Vietnamese research corpus of any size, written with bulk inserts, and a timer.

Used by the benchmark commands (`make bench`), never by the site: each benchmark builds the corpus
in a throwaway test database, so no real data is touched.
"""

import datetime
import random
import statistics
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from portal.operations import statistics as planner_statistics
from research.demo import content
from research.models import (
    BulletinIssue,
    EventLevel,
    Fieldwork,
    OrderingBody,
    Output,
    OutputAuthor,
    OutputKind,
    Person,
    PersonKind,
    ResearchField,
    SchoolRole,
    ScientificEvent,
    TeamRole,
    Topic,
    TopicGrade,
    TopicLevel,
    TopicMember,
    TopicOrigin,
    TopicStatus,
    Unit,
    UnitKind,
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Thị Thu", "Hữu", "Ngọc", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phong", "Quý", "Tâm"]
OPENINGS = [
    "Nghiên cứu",
    "Giải pháp",
    "Thực trạng và giải pháp",
    "Nâng cao hiệu quả",
    "Vận dụng tư tưởng Hồ Chí Minh về",
    "Đổi mới",
    "Cơ sở lý luận và thực tiễn của",
]
PERIOD_STATUSES = [TopicStatus.ACCEPTED, TopicStatus.ACCEPTED, TopicStatus.IN_PROGRESS]


class Corpus:
    """Writes `topics` topics and `outputs` outputs (with teams and authors), `events` events,
    `issues` bulletin issues and fieldwork spread over the `years` years ending with `last_year`."""

    BATCH = 2000

    def __init__(self, *, topics, outputs, events, issues, years, last_year, seed=11):
        self.sizes = {"topics": topics, "outputs": outputs, "events": events, "issues": issues}
        self.first_year, self.last_year = last_year - years + 1, last_year
        self.random = random.Random(seed)

    def day(self, year=None):
        year = year or self.random.randint(self.first_year, self.last_year)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.random.randrange(365))

    def title(self):
        subject, _field, _unit, scopes = self.random.choice(content.SUBJECTS)
        return f"{self.random.choice(OPENINGS)} {subject[0].lower()}{subject[1:]} {self.random.choice(scopes)}"

    def name(self):
        return " ".join(
            (self.random.choice(FAMILY), self.random.choice(MIDDLE), self.random.choice(GIVEN))
        )

    def write(self):
        self.units = Unit.objects.bulk_create(
            Unit(name=f"Khoa thử nghiệm {n}", kind=UnitKind.FACULTY, sort_order=n) for n in range(8)
        )
        self.fields = ResearchField.objects.bulk_create(
            ResearchField(name=f"{name} (thử nghiệm)") for name in content.FIELDS
        )
        self.bodies = list(OrderingBody.objects.all())
        self.lecturers = self.people(150, PersonKind.LECTURER)
        self.outsiders = self.people(60, PersonKind.OUTSIDE)
        topics = self.write_topics()
        self.write_outputs(topics)
        self.write_records()
        analyze()

    def people(self, count, kind):
        people = []
        for n in range(count):
            full_name = self.name()
            people.append(
                Person(
                    full_name=full_name,
                    given_name=full_name.split()[-1],
                    kind=kind,
                    unit=self.random.choice(self.units) if kind == PersonKind.LECTURER else None,
                    affiliation="" if kind == PersonKind.LECTURER else "Trường Đại học Huế",
                    email=f"{kind}{n}@bench.invalid",
                    joined_on=datetime.date(self.first_year - 5, 1, 1)
                    if kind == PersonKind.LECTURER
                    else None,
                )
            )
        return Person.objects.bulk_create(people, batch_size=self.BATCH)

    def write_topics(self):
        levels = [TopicLevel.PROVINCIAL, TopicLevel.SCHOOL, TopicLevel.SCHOOL, TopicLevel.FACULTY]
        topics = []
        for n in range(self.sizes["topics"]):
            start = self.day()
            ordered = n % 9 == 0
            status = self.random.choice(PERIOD_STATUSES)
            topics.append(
                Topic(
                    code=f"TN-{start.year}-{n:05d}",
                    title=self.title(),
                    summary=self.title(),
                    keyword_list=["nghiên cứu", "Quảng Trị"],
                    field=self.random.choice(self.fields),
                    level=self.random.choice(levels),
                    origin=TopicOrigin.ORDERED if ordered else TopicOrigin.PROPOSED,
                    ordering_body=self.random.choice(self.bodies) if ordered else None,
                    school_role=SchoolRole.PARTNER if n % 17 == 0 else SchoolRole.LEAD,
                    unit=self.random.choice(self.units),
                    planned_start=start,
                    planned_end=start + datetime.timedelta(days=365),
                    status=status,
                    grade=TopicGrade.GOOD if status == TopicStatus.ACCEPTED else "",
                )
            )
        topics = Topic.objects.bulk_create(topics, batch_size=self.BATCH)
        members = []
        for topic in topics:
            for order, person in enumerate(self.random.sample(self.lecturers, 3)):
                role = TeamRole.PRINCIPAL if order == 0 else TeamRole.MEMBER
                members.append(TopicMember(topic=topic, person=person, role=role, sort_order=order))
        TopicMember.objects.bulk_create(members, batch_size=self.BATCH)
        return topics

    def write_outputs(self, topics):
        kinds = list(OutputKind.values)
        outputs = Output.objects.bulk_create(
            (
                Output(
                    kind=self.random.choice(kinds),
                    title=self.title(),
                    abstract=self.title(),
                    keyword_list=["nghiên cứu", "đại học", "Quảng Trị"],
                    published_on=self.day(),
                    topic=self.random.choice(topics) if n % 3 == 0 else None,
                    venue=self.random.choice(content.JOURNALS)[0],
                    is_public=n % 10 != 0,
                )
                for n in range(self.sizes["outputs"])
            ),
            batch_size=self.BATCH,
        )
        authors = []
        for output in outputs:
            people = self.random.sample(self.lecturers, self.random.randint(1, 3))
            if self.random.random() < 0.15:
                people.append(self.random.choice(self.outsiders))
            authors.extend(
                OutputAuthor(output=output, person=person, sort_order=order)
                for order, person in enumerate(people)
            )
        OutputAuthor.objects.bulk_create(authors, batch_size=self.BATCH)

    def write_records(self):
        levels = list(EventLevel.values)
        ScientificEvent.objects.bulk_create(
            ScientificEvent(
                title=f"Hội thảo khoa học “{self.title()}”",
                level=self.random.choice(levels),
                held_on=self.day(),
                unit=self.random.choice(self.units),
                paper_count=self.random.randint(10, 60),
            )
            for _ in range(self.sizes["events"])
        )
        per_year = max(1, self.sizes["issues"] // (self.last_year - self.first_year + 1))
        BulletinIssue.objects.bulk_create(
            BulletinIssue(number=number, year=year, published_on=self.day(year))
            for year in range(self.first_year, self.last_year + 1)
            for number in range(1, per_year + 1)
        )
        for year in range(self.first_year, self.last_year + 1):
            for _ in range(12):
                start = self.day(year)
                trip = Fieldwork.objects.create(
                    place=self.random.choice(content.FIELDWORK_PLACES),
                    started_on=start,
                    ended_on=start + datetime.timedelta(days=4),
                )
                trip.lecturers.set(self.random.sample(self.lecturers, 5))


@contextmanager
def throwaway_database(stdout):
    """A fresh test database (a file for SQLite), migrated, destroyed afterwards."""
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = (
        str(settings.BASE_DIR / "bench.sqlite3")
        if database["ENGINE"].endswith("sqlite3")
        else f"{database['NAME']}_bench"  # never the test suite's database
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    stdout.write(f"{connection.vendor} {connection.settings_dict['NAME']}")
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(function, runs, before=None):
    """(median, p95) of `runs` calls in milliseconds, and the queries of the last call;
    `before()`, untimed, before each."""
    durations = []
    for _ in range(runs):
        if before is not None:
            before()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, int(round(0.95 * (len(durations) - 1))))]
    return statistics.median(durations), p95, len(queries)


def analyze():
    """Fresh statistics for the planner, as a database in service has them (autovacuum on
    PostgreSQL, `analyze_database` nightly on SQLite)."""
    planner_statistics.refresh()
