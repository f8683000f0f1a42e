"""The research office's reports in the Wagtail admin, each exportable to Excel and CSV."""

import django_filters
from django.db.models import F, Sum
from django.db.models.functions import ExtractYear
from django.urls import path, re_path
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from research.core import permissions
from research.core.bounds import BoundedModelChoiceFilter, WholeNumberFilter, YearFilter
from research.core.choices import TopicLevel
from research.core.filters import BoundedWagtailFilterSet
from research.core.formatting import format_vnd
from research.core.people import Person, Unit
from research.core.reference import FundingSource
from research.core.spreadsheets import MONEY, add_table, new_workbook
from research.deadlines.models import Deadline
from research.reports.annual.views import AnnualReportFileView, AnnualReportView
from research.reports.dossier.views import DossierDownloadView
from research.topics.models.funding import FundingLine, Tranche


class OfficeReportView(ReportView):
    """Reports are the office's: every one asks the permission module first. Their Excel export
    is written the portal's way (research/spreadsheets.py)."""

    # exported field → Excel number format, where guessing from the value is not enough
    xlsx_formats = {}

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "view_reports")
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def write_xlsx(self, queryset, output):
        workbook = new_workbook()
        add_table(
            workbook,
            self.page_title,
            [self.get_heading(queryset, field) for field in self.list_export],
            (
                [force_str(value, strings_only=True) for value in self.to_row_dict(item).values()]
                for item in queryset
            ),
            formats={
                index: self.xlsx_formats[field]
                for index, field in enumerate(self.list_export)
                if field in self.xlsx_formats
            },
        )
        workbook.save(output)


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_vnd(super().get_value(instance))


class DeadlineReportFilterSet(BoundedWagtailFilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="topic__level", choices=TopicLevel.choices
    )
    unit = BoundedModelChoiceFilter(
        label=_("Unit"), field_name="topic__unit", queryset=Unit.objects.all()
    )
    principal = BoundedModelChoiceFilter(
        label=_("Responsible person"), field_name="responsible", queryset=Person.objects.of_school()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    due_within = WholeNumberFilter(
        label=_("Due within (days)"), method="filter_due_within", min_value=0, max_value=3650
    )

    class Meta:
        model = Deadline
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = queryset.overdue()
        return overdue if value else queryset.exclude(pk__in=overdue)

    def filter_due_within(self, queryset, name, value):
        return queryset if value is None else queryset.due_within(value)


class DeadlineReportView(OfficeReportView):
    page_title = _("Deadlines")
    header_icon = "time"
    filterset_class = DeadlineReportFilterSet
    index_url_name = "research_reports:deadlines"
    index_results_url_name = "research_reports:deadlines_results"
    export_filename = "han-de-tai"
    columns = [
        Column("topic", label=_("Topic"), accessor="topic.code"),
        Column("title", label=_("Title"), accessor="topic.title"),
        Column("kind", label=_("Deadline"), accessor="get_kind_display"),
        Column("due_on", label=_("Due date")),
        Column("responsible", label=_("Responsible person")),
        Column("state", label=_("State"), accessor="state_label"),
    ]
    list_export = [
        "topic.code",
        "topic.title",
        "topic.get_level_display",
        "topic.unit.name",
        "get_kind_display",
        "due_on",
        "responsible_name",
        "state_label",
    ]
    export_headings = {
        "topic.code": _("Code"),
        "topic.title": _("Title"),
        "topic.get_level_display": _("Level"),
        "topic.unit.name": _("Unit"),
        "get_kind_display": _("Deadline"),
        "due_on": _("Due date"),
        "responsible_name": _("Responsible person"),
        "state_label": _("State"),
    }

    def get_queryset(self):
        return Deadline.objects.select_related("topic__unit", "responsible").order_by(
            "due_on", "pk"
        )


class FundingFilterSet(BoundedWagtailFilterSet):
    """Filters by the topic and the source, so they apply to funding lines and tranches alike."""

    year = YearFilter(label=_("Year"), field_name="topic__planned_start__year")
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="topic__level", choices=TopicLevel.choices
    )
    source = BoundedModelChoiceFilter(label=_("Source"), queryset=FundingSource.objects.all())
    unit = BoundedModelChoiceFilter(
        label=_("Unit"), field_name="topic__unit", queryset=Unit.objects.all()
    )

    class Meta:
        model = FundingLine
        fields = []


class FundingReportView(OfficeReportView):
    """Approved, disbursed and settled amounts by year, level, source and unit."""

    page_title = _("Funding")
    header_icon = "table"
    filterset_class = FundingFilterSet
    index_url_name = "research_reports:funding"
    index_results_url_name = "research_reports:funding_results"
    export_filename = "kinh-phi-de-tai"
    paginate_by = 100
    columns = [
        Column("year", label=_("Year")),
        Column("level_label", label=_("Level")),
        Column("source_name", label=_("Source")),
        Column("unit_name", label=_("Unit")),
        MoneyColumn("approved", label=_("Approved")),
        MoneyColumn("disbursed", label=_("Disbursed")),
        MoneyColumn("settled", label=_("Settled")),
    ]
    list_export = [
        "year",
        "level_label",
        "source_name",
        "unit_name",
        "approved",
        "disbursed",
        "settled",
    ]
    xlsx_formats = {"approved": MONEY, "disbursed": MONEY, "settled": MONEY}
    export_headings = {
        "year": _("Year"),
        "level_label": _("Level"),
        "source_name": _("Source"),
        "unit_name": _("Unit"),
        "approved": _("Approved (VND)"),
        "disbursed": _("Disbursed (VND)"),
        "settled": _("Settled (VND)"),
    }
    keys = {
        "year": ExtractYear("topic__planned_start"),
        "level": F("topic__level"),
        "source_name": F("source__name"),
        "unit_name": F("topic__unit__name"),
    }

    def get_queryset(self):
        return FundingLine.objects.all()

    def get_filtered_queryset(self):
        """One list of rows for the screen and the exports alike: the approved and settled sums
        of the filtered lines, and the disbursed sums of the filtered tranches, per year, level,
        source and unit (two queries)."""
        lines = self.filter_queryset(self.get_queryset())
        tranches = FundingFilterSet(self.request.GET, queryset=Tranche.objects.all()).qs
        disbursed = {
            tuple(row[key] for key in self.keys): row["paid"]
            for row in tranches.values(**self.keys).annotate(paid=Sum("paid_amount"))
        }
        rows = (
            lines.values(**self.keys)
            .annotate(approved=Sum("approved_amount"), settled=Sum("settled_amount"))
            .order_by("-year", "level", "source_name", "unit_name")
        )
        return [
            {
                **row,
                "level_label": str(TopicLevel(row["level"]).label),
                "disbursed": disbursed.get(tuple(row[key] for key in self.keys)) or 0,
                "settled": row["settled"] or 0,
            }
            for row in rows
        ]


# The office's reports, the annual report and the dossier download (included under their
# namespaces by research/wagtail_hooks.py).
admin_urls = [
    path("deadlines/", DeadlineReportView.as_view(), name="deadlines"),
    path(
        "deadlines/results/",
        DeadlineReportView.as_view(results_only=True),
        name="deadlines_results",
    ),
    path("funding/", FundingReportView.as_view(), name="funding"),
    path("funding/results/", FundingReportView.as_view(results_only=True), name="funding_results"),
]
annual_urls = [
    path("", AnnualReportView.as_view(), name="index"),
    re_path(r"^file\.(?P<extension>docx|xlsx)$", AnnualReportFileView.as_view(), name="file"),
]
dossier_urls = [path("<int:pk>.zip", DossierDownloadView.as_view(), name="download")]
