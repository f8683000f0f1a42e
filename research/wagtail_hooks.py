from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from research.actions import ChangeTopicStatus
from research.admin_views import ListingIndexView, TopicInspectView, TopicStatusView
from research.filters import OutputFilterSet, PersonFilterSet, TopicFilterSet
from research.forms import TopicAdminForm
from research.models import (
    FundingSource,
    OrderingBody,
    Output,
    Person,
    ResearchField,
    Topic,
    TopicStatus,
    Unit,
)


class OverdueColumn(Column):
    def get_value(self, instance):
        return _("Overdue") if instance.is_overdue else ""


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "doc-full-inverse"
    menu_label = _("Topics")
    url_prefix = "research/topics"
    index_view_class = ListingIndexView
    inspect_view_class = TopicInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = TopicFilterSet
    list_per_page = 25
    list_display = [
        Column("code", label=_("Code")),
        # The title opens the whole record (inspect); editing is one click further.
        TitleColumn("title", label=_("Title"), get_url=lambda topic: topic.get_admin_url()),
        Column("principal", label=_("Principal investigator"), accessor="principal"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda topic: topic.status in (TopicStatus.IN_PROGRESS, TopicStatus.EXTENDED),
        ),
        OverdueColumn("overdue", label=_("Overdue")),
        "planned_end",
    ]
    list_export = ["code", "title", "level", "status", "unit", "planned_start", "planned_end"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("code"),
                    FieldPanel("title"),
                    FieldPanel("title_en"),
                    FieldPanel("summary"),
                    FieldPanel("keywords"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("field")]),
                    FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
                    FieldRowPanel([FieldPanel("school_role"), FieldPanel("legal_basis")]),
                    FieldPanel("unit"),
                    FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                ],
                heading=_("Topic"),
            ),
            ObjectList([InlinePanel("members", heading=_("Team"), min_num=1)], heading=_("Team")),
            ObjectList(
                [
                    InlinePanel("funding_lines", heading=_("Approved funding by source")),
                    InlinePanel("tranches", heading=_("Disbursement tranches")),
                ],
                heading=_("Funding"),
            ),
            ObjectList([InlinePanel("deadlines", heading=_("Deadlines"))], heading=_("Deadlines")),
        ],
        base_form_class=TopicAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", TopicStatusView.as_view(), name="status"),
        ]


class OutputViewSet(ModelViewSet):
    model = Output
    icon = "doc-full"
    index_view_class = ListingIndexView
    menu_label = _("Outputs")
    url_prefix = "research/outputs"
    filterset_class = OutputFilterSet
    copy_view_enabled = False
    list_per_page = 25
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "published_on",
        "topic",
        "is_public",
    ]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
        FieldPanel("title"),
        FieldPanel("abstract"),
        FieldPanel("keywords"),
        FieldPanel("topic"),
        InlinePanel("authors", heading=_("Authors"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]),
                FieldRowPanel([FieldPanel("issn"), FieldPanel("isbn")]),
                FieldPanel("publisher"),
                FieldPanel("url"),
            ],
            heading=_("Bibliographic data"),
        ),
        InlinePanel("files", heading=_("Files")),
        FieldPanel("is_public"),
    ]


class PersonViewSet(ModelViewSet):
    model = Person
    icon = "user"
    index_view_class = ListingIndexView
    menu_label = _("People")
    url_prefix = "research/people"
    filterset_class = PersonFilterSet
    copy_view_enabled = False
    list_display = [
        "display_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "unit",
        "email",
    ]
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
    ]


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    url_prefix = "research/units"
    copy_view_enabled = False
    list_display = [
        "name",
        "short_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
    ]
    form_fields = ["name", "short_name", "kind", "sort_order"]


class ReferenceViewSet(ModelViewSet):
    icon = "list-ul"
    copy_view_enabled = False
    list_display = ["name", "sort_order"]


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = _("Research")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        TopicViewSet("research_topic"),
        OutputViewSet("research_output"),
        PersonViewSet("research_person"),
        UnitViewSet("research_unit"),
        ReferenceViewSet(
            "research_field",
            model=ResearchField,
            url_prefix="research/fields",
            form_fields=["name", "sort_order"],
        ),
        ReferenceViewSet(
            "research_ordering_body",
            model=OrderingBody,
            url_prefix="research/ordering-bodies",
            form_fields=["name", "short_name", "sort_order"],
        ),
        ReferenceViewSet(
            "research_funding_source",
            model=FundingSource,
            url_prefix="research/funding-sources",
            form_fields=["name", "code", "sort_order"],
        ),
    )


@hooks.register("insert_global_admin_css")
def research_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchViewSetGroup()


@hooks.register("register_log_actions")
def register_research_log_actions(actions):
    @actions.register_action(ChangeTopicStatus.log_action)
    class TopicStatusChanged(LogFormatter):
        label = _("Change topic status")

        def format_message(self, log_entry):
            data = log_entry.data
            message = _("Status changed from “%(from)s” to “%(to)s”") % {
                "from": TopicStatus(data["from"]).label,
                "to": TopicStatus(data["to"]).label,
            }
            return format_html("{}. {}", message, data.get("reason", ""))
