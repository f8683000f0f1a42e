"""The research office's admin: one viewset per model, grouped under one menu."""

import datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.mixins import list_to_str
from wagtail.admin.viewsets.model import ModelViewSet

from research.core.codes import CodePrefix
from research.core.filters import (
    BoundedWagtailFilterSet,
    PersonFilterSet,
)
from research.core.people import Person, Unit


class BoundedIndexView(IndexView):
    """An admin listing whose filters refuse values no row can hold (research.core.filters)."""

    base_filterset_class = BoundedWagtailFilterSet


class ListingIndexView(BoundedIndexView):
    """Rows come from the model's `for_listing()`, so the query count stays flat."""

    def get_base_queryset(self):
        return self.model.objects.for_listing()


def _yes_no(value):
    return _("Yes") if value else _("No")


def _local_datetime(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


class ExportingIndexView(ListingIndexView):
    """A listing with its Excel and CSV export (the viewset's `list_export`): dates written
    dd/mm/yyyy in CSV and as dates in Excel, times in the school's time zone, yes/no in words."""

    custom_value_preprocess = {
        datetime.datetime: {
            "csv": lambda value: _local_datetime(value).strftime("%d/%m/%Y %H:%M"),
            "xlsx": lambda value: (
                timezone.make_naive(_local_datetime(value))
                if timezone.is_aware(_local_datetime(value))
                else value
            ),
        },
        datetime.date: {"csv": lambda value: value.strftime("%d/%m/%Y"), "xlsx": None},
        bool: {"csv": _yes_no, "xlsx": _yes_no},
        list: {"csv": list_to_str, "xlsx": list_to_str},
    }


class ResearchViewSet(ModelViewSet):
    """Every research admin screen: bounded filters, no copy view."""

    index_view_class = BoundedIndexView
    copy_view_enabled = False


class YesNoColumn(Column):
    """A yes/no field as a word (Wagtail's BooleanColumn titles its icons “True”/“False”)."""

    def get_value(self, instance):
        return gettext_lazy("Yes") if super().get_value(instance) else gettext_lazy("No")


class PersonViewSet(ResearchViewSet):
    model = Person
    icon = "user"
    index_view_class = ExportingIndexView
    menu_label = gettext_lazy("People")
    url_prefix = "research/people"
    filterset_class = PersonFilterSet
    list_display = [
        "display_name",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        "unit",
        "email",
    ]
    list_export = [
        "full_name",
        "get_kind_display",
        "get_academic_title_display",
        "get_degree_display",
        "unit",
        "affiliation",
        "email",
        "joined_on",
        "left_on",
    ]
    export_headings = {
        "get_kind_display": gettext_lazy("Kind"),
        "get_academic_title_display": gettext_lazy("Academic title"),
        "get_degree_display": gettext_lazy("Degree"),
    }
    export_filename = "nhan-su"
    form_fields = [
        "full_name",
        "kind",
        "academic_title",
        "degree",
        "unit",
        "affiliation",
        "email",
        "user",
        "photo",
        "bio",
        "bio_en",
        "joined_on",
        "left_on",
    ]


class UnitViewSet(ResearchViewSet):
    model = Unit
    icon = "group"
    menu_label = gettext_lazy("Units")
    url_prefix = "research/units"
    list_display = [
        "name",
        "short_name",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
    ]
    form_fields = ["name", "name_en", "short_name", "kind", "sort_order"]


class CodePrefixViewSet(ResearchViewSet):
    model = CodePrefix
    icon = "tag"
    menu_label = gettext_lazy("Code prefixes")
    url_prefix = "research/code-prefixes"
    list_display = ["__str__", "prefix"]
    form_fields = ["scope", "prefix"]


class ReferenceViewSet(ResearchViewSet):
    icon = "list-ul"
    list_display = ["name", "sort_order"]


def status_change(choices):
    """The message of a status change in a record's history, the statuses read from `choices`."""

    def format_message(self, log_entry):
        data = log_entry.data
        message = gettext_lazy("Status changed from “%(from)s” to “%(to)s”") % {
            "from": choices(data["from"]).label,
            "to": choices(data["to"]).label,
        }
        return format_html("{}. {}", message, data.get("reason", ""))

    return format_message
