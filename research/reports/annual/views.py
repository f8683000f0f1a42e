"""The annual report in the admin, for the research office and the leadership."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from research.core import permissions, spreadsheets
from research.documents.render import DOCX
from research.reports.annual.charts import bar_chart_svg
from research.reports.annual.data import AnnualReport
from research.reports.annual.export import cell_text, to_docx, to_xlsx

# The earliest year the report offers.
FIRST_YEAR = 2000


class AnnualReportMixin:
    def dispatch(self, request, *args, **kwargs):
        permissions.require(request.user, "view_annual_report")
        return super().dispatch(request, *args, **kwargs)

    def years(self):
        """(first, last) from ?year= or ?from=&to=; a bad or reversed range falls back sensibly."""
        this_year = timezone.localdate().year

        def year(name, default):
            try:
                value = int(self.request.GET.get(name, ""))
            except ValueError:
                return default
            return min(max(value, FIRST_YEAR), this_year)

        last = year("to", year("year", this_year))
        first = year("from", year("year", last))
        return (first, last) if first <= last else (last, first)

    def report(self):
        return AnnualReport(*self.years())


class AnnualReportView(AnnualReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "research/annual/report.html"
    page_title = _("Annual research report")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        report = self.report()
        tables = [
            (
                table,
                [
                    [cell_text(value, kind) for value, kind in zip(row, table.kinds, strict=True)]
                    for row in table.rows
                ],
                bar_chart_svg(str(table.title), table.chart_rows),
            )
            for table in report.tables()
        ]
        this_year = timezone.localdate().year
        return super().get_context_data(
            report=report,
            tables=tables,
            year_options=range(this_year, FIRST_YEAR - 1, -1),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class AnnualReportFileView(AnnualReportMixin, View):
    kinds = {
        "docx": (to_docx, DOCX),
        "xlsx": (to_xlsx, spreadsheets.XLSX),
    }

    def get(self, request, extension):
        report = self.report()
        build, content_type = self.kinds[extension]
        response = HttpResponse(build(report), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="bao-cao-nckh-{report.period_label.replace("–", "-")}.{extension}"'
        )
        return response
