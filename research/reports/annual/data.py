"""The annual report's tables for a year or a range of years. Each table is one or two grouped
queries, so the number of queries does not grow with the data (asserted by a test)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from research.core.choices import (
    EventLevel,
    OutputKind,
    TopicGrade,
    TopicLevel,
    TopicOrigin,
    TopicStatus,
)
from research.core.people import Person, Unit
from research.core.reference import FundingSource, ResearchField
from research.orders import figures as order_figures
from research.outputs.models.outputs import Output
from research.outputs.models.records import BulletinIssue, Fieldwork, ScientificEvent
from research.reports.annual.sections import SECTIONS
from research.standard.counting import measure
from research.standard.models import Indicator
from research.topics.models.funding import FundingLine, Tranche
from research.topics.models.topics import Topic, TopicMember, running_during

# How a cell is written: a count, an amount of VND, a share in per cent, a date or plain text.
NUMBER, MONEY, PERCENT, DATE, TEXT = "number", "money", "percent", "date", "text"


@dataclass
class Table:
    key: str
    title: str
    headers: list
    kinds: list  # one of NUMBER, MONEY, PERCENT, DATE, TEXT per column
    rows: list = field(default_factory=list)
    chart_column: int | None = 1  # the column drawn as bars (None: no chart)

    @property
    def chart_rows(self):
        if self.chart_column is None:
            return []
        return [(str(row[0]), row[self.chart_column] or 0) for row in self.rows]


def label(choices, value):
    return str(dict(choices.choices).get(value, value or "—"))


class AnnualReport:
    """All tables of the report for `first_year`…`last_year` (one year when they are equal)."""

    def __init__(self, first_year, last_year=None):
        self.first_year = first_year
        self.last_year = last_year or first_year
        self.start = datetime.date(self.first_year, 1, 1)
        self.end = datetime.date(self.last_year, 12, 31)

    @property
    def period_label(self):
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def topics(self):
        return Topic.objects.with_ran_until()

    def key_figures(self):
        """The period at a glance (the leadership's admin home): topics started, running and
        accepted, funding approved for the topics started and disbursed, outputs published."""
        topics = self.topics().aggregate(
            started=Count("pk", filter=self.started()),
            running=Count("pk", filter=self.running()),
            accepted=Count("pk", filter=self.accepted()),
        )
        approved = FundingLine.objects.filter(
            topic__planned_start__gte=self.start, topic__planned_start__lte=self.end
        ).aggregate(total=Sum("approved_amount"))["total"]
        paid = Tranche.objects.filter(paid_on__gte=self.start, paid_on__lte=self.end).aggregate(
            total=Sum("paid_amount")
        )["total"]
        return [
            (_("Topics started"), topics["started"], NUMBER),
            (_("Topics running"), topics["running"], NUMBER),
            (_("Topics accepted"), topics["accepted"], NUMBER),
            (_("Funding approved"), approved or 0, MONEY),
            (_("Funding disbursed"), paid or 0, MONEY),
            (_("Outputs published"), self.outputs().count(), NUMBER),
        ]

    def started(self):
        return Q(planned_start__gte=self.start, planned_start__lte=self.end)

    def running(self):
        """Running at any time in the period, from each record's history (a topic accepted in
        2024 was running in 2023)."""
        return running_during(self.start, self.end)

    def accepted(self):
        ids = Topic.objects.in_statuses([TopicStatus.ACCEPTED]).values("pk")
        return Q(pk__in=ids, accepted_on__gte=self.start, accepted_on__lte=self.end)

    def tables(self):
        tables = [
            self.topics_by_level(),
            self.topics_by("origin", _("Topics started by origin"), _("Origin"), TopicOrigin),
            self.topics_by("unit", _("Topics started by unit"), _("Unit"), Unit),
            self.topics_by(
                "field", _("Topics started by research field"), _("Field"), ResearchField
            ),
            self.accepted_by_grade(),
            self.funding_by_source(),
            self.outputs_by_kind(),
            self.outputs_by_unit(),
            self.events_by_level(),
            self.bulletin_issues(),
            self.fieldwork(),
            self.participation(),
            self.criterion(),
            self.province_orders(),
            self.by_year(),
        ]
        for provider in SECTIONS:
            tables.extend(provider(self.first_year, self.last_year))
        return tables

    def topics_by_level(self):
        counts = {
            row["level"]: row
            for row in self.topics()
            .values("level")
            .annotate(
                started=Count("pk", filter=self.started()),
                running=Count("pk", filter=self.running()),
                accepted=Count("pk", filter=self.accepted()),
            )
            .order_by()
        }
        table = Table(
            "topics_by_level",
            _("Topics by level"),
            [_("Level"), _("Started"), _("Running"), _("Accepted")],
            [TEXT, NUMBER, NUMBER, NUMBER],
        )
        for level in TopicLevel.values:
            row = counts.get(level)
            if row and (row["started"] or row["running"] or row["accepted"]):
                table.rows.append(
                    [label(TopicLevel, level), row["started"], row["running"], row["accepted"]]
                )
        return table

    def topics_by(self, name, title, header, model_or_choices):
        rows = (
            self.topics()
            .filter(self.started())
            .values(name)
            .annotate(found=Count("pk"))
            .order_by("-found", name)
        )
        if hasattr(model_or_choices, "choices"):
            names = dict(model_or_choices.choices)
        else:
            ids = [row[name] for row in rows]
            names = {obj.pk: str(obj) for obj in model_or_choices.objects.filter(pk__in=ids)}
        return Table(
            f"topics_by_{name}",
            title,
            [header, _("Topics")],
            [TEXT, NUMBER],
            [[str(names.get(row[name], "—")), row["found"]] for row in rows],
        )

    def accepted_by_grade(self):
        counts = dict(
            self.topics()
            .filter(self.accepted())
            .values_list("grade")
            .annotate(found=Count("pk"))
            .order_by()
        )
        return Table(
            "accepted_by_grade",
            _("Topics evaluated, by grade"),
            [_("Grade"), _("Topics")],
            [TEXT, NUMBER],
            [
                [label(TopicGrade, grade), counts[grade]]
                for grade in TopicGrade.values
                if grade in counts
            ],
        )

    def funding_by_source(self):
        approved = dict(
            FundingLine.objects.filter(
                topic__planned_start__gte=self.start, topic__planned_start__lte=self.end
            )
            .values_list("source")
            .annotate(total=Sum("approved_amount"))
            .order_by()
        )
        paid = dict(
            Tranche.objects.filter(paid_on__gte=self.start, paid_on__lte=self.end)
            .values_list("source")
            .annotate(total=Sum("paid_amount"))
            .order_by()
        )
        table = Table(
            "funding_by_source",
            _("Funding by source (VND)"),
            [_("Source"), _("Approved for topics started"), _("Disbursed in the period")],
            [TEXT, MONEY, MONEY],
        )
        for source in FundingSource.objects.filter(pk__in={*approved, *paid}):
            table.rows.append([source.name, approved.get(source.pk) or 0, paid.get(source.pk) or 0])
        return table

    def outputs(self):
        return Output.objects.filter(published_on__gte=self.start, published_on__lte=self.end)

    def outputs_by_kind(self):
        counts = dict(self.outputs().values_list("kind").annotate(found=Count("pk")).order_by())
        return Table(
            "outputs_by_kind",
            _("Outputs by kind"),
            [_("Kind"), _("Outputs")],
            [TEXT, NUMBER],
            [
                [label(OutputKind, kind), counts[kind]]
                for kind in OutputKind.values
                if kind in counts
            ],
        )

    def outputs_by_unit(self):
        rows = (
            self.outputs()
            .filter(authors__person__unit__isnull=False)
            .values("authors__person__unit__name")
            .annotate(found=Count("pk", distinct=True))
            .order_by("-found", "authors__person__unit__name")
        )
        return Table(
            "outputs_by_unit",
            _("Outputs by unit of their authors"),
            [_("Unit"), _("Outputs")],
            [TEXT, NUMBER],
            [[row["authors__person__unit__name"], row["found"]] for row in rows],
        )

    def events_by_level(self):
        counts = dict(
            ScientificEvent.objects.filter(held_on__gte=self.start, held_on__lte=self.end)
            .values_list("level")
            .annotate(found=Count("pk"))
            .order_by()
        )
        return Table(
            "events_by_level",
            _("Scientific events by level"),
            [_("Level"), _("Events")],
            [TEXT, NUMBER],
            [
                [label(EventLevel, level), counts[level]]
                for level in EventLevel.values
                if level in counts
            ],
        )

    def bulletin_issues(self):
        issues = BulletinIssue.objects.filter(
            published_on__gte=self.start, published_on__lte=self.end
        ).order_by("published_on")
        return Table(
            "bulletin_issues",
            _("Bulletin issues"),
            [_("Issue"), _("Date")],
            [TEXT, DATE],
            [[str(issue), issue.published_on] for issue in issues],
            chart_column=None,
        )

    def fieldwork(self):
        trips = (
            Fieldwork.objects.filter(started_on__gte=self.start, started_on__lte=self.end)
            .annotate(people=Count("lecturers", distinct=True))
            .order_by("started_on")
        )
        return Table(
            "fieldwork",
            _("Lecturers' fieldwork"),
            [_("Place"), _("Lecturers"), _("From")],
            [TEXT, NUMBER, DATE],
            [[trip.place, trip.people, trip.started_on] for trip in trips],
        )

    def participation(self):
        lecturers = Person.objects.lecturers_in(self.last_year)
        on_topic = TopicMember.objects.filter(
            person=OuterRef("pk"),
            topic__planned_start__lte=self.end,
            topic__planned_end__gte=self.start,
        )
        authored = self.outputs().filter(authors__person=OuterRef("pk"))
        travelled = Fieldwork.objects.filter(
            lecturers=OuterRef("pk"), started_on__gte=self.start, started_on__lte=self.end
        )
        counts = lecturers.aggregate(
            total=Count("pk"),
            topics=Count("pk", filter=Q(Exists(on_topic))),
            outputs=Count("pk", filter=Q(Exists(authored))),
            fieldwork=Count("pk", filter=Q(Exists(travelled))),
        )
        total = counts["total"] or 0

        def share(value):
            return round(100 * value / total, 1) if total else 0

        return Table(
            "participation",
            _("Lecturers' participation"),
            [_("Lecturers"), _("Number"), _("Share (%)")],
            [TEXT, NUMBER, PERCENT],
            [
                [_("On the staff"), total, 100 if total else 0],
                [_("On a topic"), counts["topics"], share(counts["topics"])],
                [_("With an output"), counts["outputs"], share(counts["outputs"])],
                [_("With fieldwork"), counts["fieldwork"], share(counts["fieldwork"])],
            ],
        )

    def criterion(self):
        """Criterion 4 with the year before beside the (last) year of the report."""
        year = self.last_year
        table = Table(
            "criterion",
            _("Criterion 4 of the standard school"),
            [_("Indicator"), str(year - 1), str(year), _("Level 1 threshold")],
            [TEXT, NUMBER, NUMBER, NUMBER],
            chart_column=2,
        )
        for indicator in Indicator.objects.all():
            table.rows.append(
                [
                    f"{indicator.code} — {indicator.name}",
                    measure(indicator, year - 1),
                    measure(indicator, year),
                    indicator.threshold_level1,
                ]
            )
        return table

    def province_orders(self):
        """Topics ordered by the province (research.orders), year by year."""
        figures = order_figures.by_year(self.first_year, self.last_year)
        return Table(
            "province_orders",
            _("Topics ordered by the province"),
            [
                _("Year"),
                _("Proposed to the province"),
                _("Ordered by the province"),
                _("Orders decided"),
                _("Funding approved by the province"),
                _("Results handed over"),
                _("Applications confirmed"),
            ],
            [TEXT, NUMBER, NUMBER, NUMBER, MONEY, NUMBER, NUMBER],
            [
                [str(year), *(row[name] for name in order_figures.FIGURES)]
                for year, row in figures.items()
            ],
            chart_column=3,
        )

    def by_year(self):
        started = dict(
            self.topics()
            .filter(self.started())
            .annotate(year=ExtractYear("planned_start"))
            .values_list("year")
            .annotate(found=Count("pk"))
            .order_by()
        )
        accepted = dict(
            self.topics()
            .filter(self.accepted())
            .annotate(year=ExtractYear("accepted_on"))
            .values_list("year")
            .annotate(found=Count("pk"))
            .order_by()
        )
        published = dict(
            self.outputs()
            .annotate(year=ExtractYear("published_on"))
            .values_list("year")
            .annotate(found=Count("pk"))
            .order_by()
        )
        return Table(
            "by_year",
            _("Year by year"),
            [_("Year"), _("Topics started"), _("Topics accepted"), _("Outputs")],
            [TEXT, NUMBER, NUMBER, NUMBER],
            [
                [str(year), started.get(year, 0), accepted.get(year, 0), published.get(year, 0)]
                for year in range(self.first_year, self.last_year + 1)
            ],
        )
