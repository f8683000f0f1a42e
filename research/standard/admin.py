"""The standard-school research criterion in the admin: every indicator live, every number a link
to the records behind it."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from research.core import permissions
from research.core.actions import ActionRefused
from research.core.admin import ResearchViewSet
from research.core.bounds import IdField, YearField, query_value
from research.core.choices import RuleKind
from research.core.people import Person, Unit
from research.core.spreadsheets import add_table, new_workbook, workbook_response
from research.standard.actions import FreezeYear
from research.standard.counting import (
    Status,
    breakdown,
    counted_until,
    dated_later,
    evaluate,
    evidence,
    narrowed,
    path_for,
    snapshot_rows,
    trend,
    trend_svg_points,
    window,
)
from research.standard.forms import IndicatorAdminForm, parameter_field_name
from research.standard.models import PARAMETERS, Indicator, Snapshot

# What the evidence of each rule kind is, for its heading.
EVIDENCE_KIND = {
    RuleKind.TOPICS: "topics",
    RuleKind.OUTPUTS: "outputs",
    RuleKind.OUTPUTS_PER_LECTURER: "outputs",
    RuleKind.EVENTS: "events",
    RuleKind.BULLETIN_ISSUES: "issues",
    RuleKind.LECTURERS_WITH_OUTPUTS: "people",
    RuleKind.LECTURERS_WITH_FIELDWORK: "people",
}


# Which field names a record of each kind of evidence (None: the record itself), and where the
# office edits it.
EVIDENCE_NAME = {
    "topics": ("code", "research_topic:inspect"),
    "outputs": ("title", "research_output:edit"),
    "events": ("title", "research_event:edit"),
    "issues": (None, "research_bulletin:edit"),
    "people": ("display_name", "research_person:edit"),
}


# What capabilities above this one show beside each live value (the research plan's target and
# "what it takes", research/planning): (heading, template, annotate(results, year, today)), filled
# in by research/wagtail_hooks.py so that standard imports nothing above it.
BESIDE_THE_VALUE = []


class StandardMixin(WagtailAdminTemplateMixin):
    """The chosen year, bounded: a bad one shows this year with the reason (a download that
    cannot show it answers 400)."""

    header_icon = "tasks"
    bad_year_is_an_error = False

    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "view_standard")
        self.year, error = query_value(request, "year", YearField(), timezone.localdate().year)
        if error:
            if self.bad_year_is_an_error:
                return HttpResponseBadRequest(error)
            messages.warning(request, error)
        return super().dispatch(request, *args, **kwargs)


class StandardDashboardView(StandardMixin, TemplateView):
    template_name = "research/admin/standard_dashboard.html"
    page_title = _("Research criterion (criterion 4)")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        snapshot = Snapshot.objects.filter(year=self.year).first()
        results = [evaluate(indicator, self.year, today) for indicator in Indicator.objects.all()]
        for result in results:
            frozen = snapshot.row_for(result.indicator.code) if snapshot else None
            result.frozen_value = frozen["value"] if frozen else None
            result.changed = bool(frozen) and frozen["value"] != str(result.value)
        for _heading, _template, annotate in BESIDE_THE_VALUE:
            annotate(results, self.year, today)
        return super().get_context_data(
            beside=[(heading, template) for heading, template, _annotate in BESIDE_THE_VALUE],
            year=self.year,
            years=range(today.year - 9, today.year + 1),
            results=results,
            snapshot=snapshot,
            may_freeze=permissions.check(self.request.user, "manage_standard"),
            **kwargs,
        )


class EvidenceView(StandardMixin, TemplateView):
    """The records (minh chứng) behind one indicator's number for one year."""

    template_name = "research/admin/standard_evidence.html"
    page_title = _("Evidence")

    def get_context_data(self, **kwargs):
        indicator = get_object_or_404(Indicator, pk=self.kwargs["pk"])
        kind = EVIDENCE_KIND[indicator.rule_kind]
        today = timezone.localdate()
        until = counted_until(self.year, today)
        records, narrowed_to = self.records(indicator, kind, until)
        return super().get_context_data(
            indicator=indicator,
            year=self.year,
            first_year=window(indicator, self.year)[0],
            records=self.rows(records, kind),
            dated_later=self.rows(dated_later(indicator, self.year, today), kind),
            kind=kind,
            narrowed_to=narrowed_to,
            by_unit=breakdown(indicator, self.year, "unit", until),
            by_person=[] if kind == "people" else breakdown(indicator, self.year, "person", until),
            trend=trend_svg_points(trend(indicator, self.year)),
            **kwargs,
        )

    def rows(self, records, kind):
        """(record, name, admin URL) — the URL only for those who may edit the records."""
        if kind == "outputs":
            records = records.prefetch_related("files")
        elif kind == "people":
            records = records.select_related("unit")
        may_edit = permissions.check(self.request.user, "manage_standard")
        name_field, url_name = EVIDENCE_NAME[kind]
        return [
            (
                record,
                getattr(record, name_field) if name_field else str(record),
                reverse(url_name, args=[record.pk]) if may_edit else "",
            )
            for record in records
        ]

    def records(self, indicator, kind, until):
        """All the counted evidence, or that of the unit or lecturer chosen in a breakdown."""
        for by, model in (("unit", Unit), ("person", Person)):
            if self.request.GET.get(by) and path_for(indicator, by):
                pk, error = query_value(self.request, by, IdField())
                if error:
                    raise Http404(error)
                chosen = get_object_or_404(model, pk=pk)
                return narrowed(indicator, self.year, by, chosen, until), chosen
        return evidence(indicator, self.year, until), None


class FreezeYearView(StandardMixin, View):
    bad_year_is_an_error = True

    def post(self, request):
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the confirmation before freezing the year."))
            return redirect(f"{reverse('research_reports:standard')}?year={self.year}")
        try:
            FreezeYear(self.year, user=request.user).execute()
            messages.success(request, _("The year %(year)s is frozen.") % {"year": self.year})
        except ActionRefused as error:
            messages.error(request, str(error))
        return redirect(f"{reverse('research_reports:standard')}?year={self.year}")


def assessment_rows(request, year):
    """The frozen rows of `year` when it is frozen, the live ones otherwise, each with its evidence URL."""
    snapshot = Snapshot.objects.filter(year=year).first()
    rows = snapshot.rows if snapshot else snapshot_rows(year, timezone.localdate())
    indicators = {indicator.code: indicator.pk for indicator in Indicator.objects.all()}
    for row in rows:
        pk = indicators.get(row["code"])
        row["evidence_url"] = (
            settings.SITE_BASE_URL.rstrip("/")
            + reverse("research_reports:standard_evidence", args=[pk])
            + f"?year={year}"
            if pk
            else ""
        )
        row["status_label"] = str(Status.LABELS[row["status"]])
        # snapshots frozen before level 2 was kept have no level-2 status
        level2 = row.get("status_level2")
        row["status_level2_label"] = str(Status.LABELS[level2]) if level2 else "—"
    return snapshot, rows


class StandardExportView(StandardMixin, View):
    """The self-assessment table as a spreadsheet: one row per indicator, its evidence listed."""

    bad_year_is_an_error = True

    def get(self, request):
        snapshot, rows = assessment_rows(request, self.year)
        workbook = new_workbook()
        add_table(
            workbook,
            _("Self-assessment: research criterion (criterion 4)") + f" — {self.year}",
            EXPORT_HEADINGS,
            (
                [
                    row["code"],
                    row["name"],
                    row["unit"],
                    as_number(row["level1"]),
                    as_number(row["level2"]),
                    as_number(row["value"]),
                    row["status_label"],
                    row["status_level2_label"],
                    "\n".join(row["evidence"]),
                    row["evidence_url"],
                ]
                for row in rows
            ),
            sheet_title=str(self.year),
        )
        kind = "chot" if snapshot else "truc-tiep"
        return workbook_response(workbook, f"tu-danh-gia-tieu-chi-4-{self.year}-{kind}")


def as_number(value):
    """A frozen or live figure (kept as text in snapshots) as a number for a spreadsheet."""
    return None if value in (None, "") else Decimal(value)


class StandardPrintView(StandardMixin, TemplateView):
    template_name = "research/admin/standard_print.html"

    def get_context_data(self, **kwargs):
        snapshot, rows = assessment_rows(self.request, self.year)
        return super().get_context_data(year=self.year, snapshot=snapshot, rows=rows, **kwargs)


EXPORT_HEADINGS = [
    _("Code"),
    _("Indicator"),
    _("Unit"),
    _("Level 1"),
    _("Level 2"),
    _("Value"),
    _("Status (level 1)"),
    _("Status (level 2)"),
    _("Evidence"),
    _("Link"),
]


class IndicatorViewSet(ResearchViewSet):
    model = Indicator
    icon = "tasks"
    menu_label = _("Standard-school indicators")
    url_prefix = "research/indicators"
    list_display = [
        "code",
        "name",
        Column("rule_kind", label=_("Counting rule"), accessor="get_rule_kind_display"),
        "window_years",
        "threshold_level1",
        "threshold_level2",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("criterion"), FieldPanel("sort_order")]),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("unit_label"), FieldPanel("window_years")]),
            MultiFieldPanel(
                [
                    FieldPanel("rule_kind"),
                    *[
                        FieldPanel(parameter_field_name(kind, name))
                        for kind, parameters in PARAMETERS.items()
                        for name in parameters
                    ],
                    FieldRowPanel([FieldPanel("measure"), FieldPanel("min_outputs")]),
                    FieldPanel("by_lecturers"),
                ],
                heading=_("Counting rule"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("threshold_level1"), FieldPanel("threshold_level2")]),
                    FieldPanel("thresholds_are_examples"),
                ],
                heading=_("Thresholds"),
            ),
        ],
        base_form_class=IndicatorAdminForm,
    )


# The criterion's pages, under research/reports/ (namespace research_reports, with the office's
# reports; included by research/wagtail_hooks.py).
admin_urls = [
    path("standard/", StandardDashboardView.as_view(), name="standard"),
    path("standard/<int:pk>/evidence/", EvidenceView.as_view(), name="standard_evidence"),
    path("standard/freeze/", FreezeYearView.as_view(), name="standard_freeze"),
    path("standard/export/", StandardExportView.as_view(), name="standard_export"),
    path("standard/print/", StandardPrintView.as_view(), name="standard_print"),
]
