"""The research office's admin: one viewset per model, grouped under one menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
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

from research.admin_proposals import (
    AssignView,
    EligibilityView,
    OverrideView,
    ProposalEditView,
    ProposalInspectView,
    ReturnView,
)
from research.admin_views import (
    AssignAcceptanceCouncilView,
    BoundedIndexView,
    ChangeDeadlineView,
    DecideReportView,
    DecideRequestView,
    ExportingIndexView,
    ListingIndexView,
    TerminateTopicView,
    TopicEditView,
    TopicIndexView,
    TopicInspectView,
    TopicStatusView,
)
from research.filters import OutputFilterSet, PersonFilterSet, TopicFilterSet
from research.forms import (
    CouncilAdminForm,
    IndicatorAdminForm,
    TeamAdminForm,
    TopicAdminForm,
    parameter_field_name,
)
from research.models import (
    BulletinIssue,
    Call,
    ChangePolicy,
    CodePrefix,
    Council,
    DeadlineRule,
    EventParticipation,
    Fieldwork,
    FundingSource,
    Indicator,
    OrderingBody,
    Output,
    Person,
    Proposal,
    ResearchField,
    Rubric,
    ScientificEvent,
    Topic,
    TopicStatus,
    Unit,
)
from research.models.indicators import PARAMETERS
from research.output_admin import OutputAdminForm, OutputCreateView, OutputEditView


class ResearchViewSet(ModelViewSet):
    """Every research admin screen: bounded filters, no copy view."""

    index_view_class = BoundedIndexView
    copy_view_enabled = False


class OverdueColumn(Column):
    def get_value(self, instance):
        return _("Overdue") if instance.is_overdue else ""


class YesNoColumn(Column):
    """A yes/no field as a word (Wagtail's BooleanColumn titles its icons “True”/“False”)."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


class TopicViewSet(ResearchViewSet):
    model = Topic
    icon = "doc-full-inverse"
    menu_label = _("Topics")
    url_prefix = "research/topics"
    index_view_class = TopicIndexView
    edit_view_class = TopicEditView
    inspect_view_class = TopicInspectView
    inspect_view_enabled = True
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
                    FieldPanel("keyword_list"),
                    FieldPanel("keyword_list_en"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("field")]),
                    FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
                    FieldRowPanel([FieldPanel("school_role"), FieldPanel("legal_basis")]),
                    FieldPanel("unit"),
                    FieldPanel("is_public"),
                    FieldRowPanel([FieldPanel("planned_start"), FieldPanel("planned_end")]),
                    FieldRowPanel([FieldPanel("contract_number"), FieldPanel("contract_date")]),
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
            path("<int:pk>/reports/<int:item>/", DecideReportView.as_view(), name="decide-report"),
            path(
                "<int:pk>/requests/<int:item>/", DecideRequestView.as_view(), name="decide-request"
            ),
            path(
                "<int:pk>/deadlines/<int:item>/",
                ChangeDeadlineView.as_view(),
                name="change-deadline",
            ),
            path(
                "<int:pk>/acceptance/",
                AssignAcceptanceCouncilView.as_view(),
                name="assign-acceptance",
            ),
            path("<int:pk>/terminate/", TerminateTopicView.as_view(), name="terminate"),
        ]


class OutputViewSet(ResearchViewSet):
    model = Output
    icon = "doc-full"
    index_view_class = ExportingIndexView
    menu_label = _("Outputs")
    url_prefix = "research/outputs"
    filterset_class = OutputFilterSet
    list_per_page = 25
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        "published_on",
        "topic",
        YesNoColumn("is_public", label=_("Public")),
        Column("verification", label=_("Verification"), accessor="get_verification_display"),
    ]
    # Excel and CSV of the filtered list (the buttons above it).
    list_export = [
        "title",
        "get_kind_display",
        "published_on",
        "author_names",
        "venue",
        "volume",
        "issue",
        "pages",
        "issn",
        "isbn",
        "publisher",
        "url",
        "topic",
        "is_public",
        "get_verification_display",
    ]
    export_headings = {
        "get_kind_display": _("Kind"),
        "author_names": _("Authors"),
        "topic": _("Topic"),
        "get_verification_display": _("Verification"),
    }
    export_filename = "san-pham"
    add_view_class = OutputCreateView
    edit_view_class = OutputEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("published_on")]),
            FieldPanel("title"),
            FieldPanel("title_en"),
            FieldPanel("abstract"),
            FieldPanel("keyword_list"),
            FieldPanel("keyword_list_en"),
            FieldPanel("topic"),
            FieldRowPanel([FieldPanel("event"), FieldPanel("bulletin_issue")]),
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
            # shown only to matter when the portal already holds the same work
            FieldPanel("merge_into_existing"),
        ],
        base_form_class=OutputAdminForm,
    )


class PersonViewSet(ResearchViewSet):
    model = Person
    icon = "user"
    index_view_class = ExportingIndexView
    menu_label = _("People")
    url_prefix = "research/people"
    filterset_class = PersonFilterSet
    list_display = [
        "display_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
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
        "get_kind_display": _("Kind"),
        "get_academic_title_display": _("Academic title"),
        "get_degree_display": _("Degree"),
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
    menu_label = _("Units")
    url_prefix = "research/units"
    list_display = [
        "name",
        "short_name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
    ]
    form_fields = ["name", "name_en", "short_name", "kind", "sort_order"]


class ProposalViewSet(ResearchViewSet):
    model = Proposal
    icon = "form"
    menu_label = _("Proposals")
    url_prefix = "research/proposals"
    index_view_class = ExportingIndexView
    inspect_view_class = ProposalInspectView
    edit_view_class = ProposalEditView
    inspect_view_enabled = True
    list_filter = ["status", "call", "level", "origin"]
    list_display = [
        Column("code", label=_("Code")),
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda p: reverse("research_proposal:inspect", args=[p.pk]),
        ),
        Column("principal", label=_("Principal investigator")),
        Column("call", label=_("Call")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda p: p.status == "in_review",
        ),
        Column("version", label=_("Version")),
    ]
    list_export = [
        "code",
        "title",
        "principal",
        "unit",
        "call",
        "get_level_display",
        "get_origin_display",
        "ordering_body",
        "duration_months",
        "get_status_display",
        "version",
        "submitted_at",
    ]
    export_headings = {
        "principal": _("Principal investigator"),
        "get_level_display": _("Level"),
        "get_origin_display": _("Origin"),
        "get_status_display": _("Status"),
        "version": _("Version"),
    }
    export_filename = "thuyet-minh"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("call"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("origin"), FieldPanel("ordering_body")]),
            FieldRowPanel([FieldPanel("principal"), FieldPanel("unit")]),
            FieldPanel("title"),
            FieldPanel("keyword_list"),
            FieldRowPanel([FieldPanel("field"), FieldPanel("duration_months")]),
            FieldPanel("urgency"),
            FieldPanel("objectives"),
            FieldPanel("content_methods"),
            FieldPanel("schedule"),
            InlinePanel("members", heading=_("Team")),
            InlinePanel("expected_outputs", heading=_("Expected outputs")),
            InlinePanel("budget_items", heading=_("Requested budget")),
            InlinePanel("attachments", heading=_("Attachments")),
        ],
        base_form_class=TeamAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/eligibility/", EligibilityView.as_view(), name="eligibility"),
            path("<int:pk>/override/", OverrideView.as_view(), name="override"),
            path("<int:pk>/return/", ReturnView.as_view(), name="return"),
            path("<int:pk>/assign/", AssignView.as_view(), name="assign"),
        ]


class CallViewSet(ResearchViewSet):
    model = Call
    icon = "date"
    menu_label = _("Calls for proposals")
    url_prefix = "research/calls"
    list_filter = ["year", "level"]
    list_display = [
        "title",
        "year",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "opens_at",
        "closes_at",
    ]
    form_fields = [
        "title",
        "year",
        "level",
        "directions",
        "opens_at",
        "closes_at",
        "budget_ceiling",
        "rubric",
        "council",
        "blind_review",
        "review_due_on",
    ]


class CouncilViewSet(ResearchViewSet):
    model = Council
    icon = "group"
    menu_label = _("Councils")
    url_prefix = "research/councils"
    index_view_class = ListingIndexView
    list_display = [
        "name",
        "rubric",
        YesNoColumn("standing", label=_("Standing council")),
        "decision_number",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("rubric"), FieldPanel("decision_number")]),
            FieldRowPanel([FieldPanel("level"), FieldPanel("standing")]),
            FieldPanel("blind_review"),
            InlinePanel("members", heading=_("Members"), min_num=1),
        ],
        base_form_class=CouncilAdminForm,
    )


class RubricViewSet(ResearchViewSet):
    model = Rubric
    icon = "tasks"
    menu_label = _("Rubrics")
    url_prefix = "research/rubrics"
    list_display = ["name", Column("kind", label=_("Kind"), accessor="get_kind_display")]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("outlier_threshold"),
                FieldRowPanel([FieldPanel("quorum_numerator"), FieldPanel("quorum_denominator")]),
                FieldRowPanel(
                    [FieldPanel("approval_numerator"), FieldPanel("approval_denominator")]
                ),
                FieldRowPanel([FieldPanel("min_members"), FieldPanel("max_members")]),
                FieldPanel("coauthor_years"),
            ],
            heading=_("Council rules"),
        ),
        InlinePanel("criteria", heading=_("Criteria"), min_num=1),
        InlinePanel("grade_bands", heading=_("Grade bands (acceptance rubrics)")),
    ]


class DeadlineRuleViewSet(ResearchViewSet):
    model = DeadlineRule
    icon = "time"
    menu_label = _("Deadline rules")
    url_prefix = "research/deadline-rules"
    list_display = [
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("legal_basis", label=_("Legal basis"), accessor="get_legal_basis_display"),
        "offset_days",
        "every_months",
    ]
    form_fields = ["kind", "level", "legal_basis", "anchor", "offset_days", "every_months"]


class ChangePolicyViewSet(ResearchViewSet):
    model = ChangePolicy
    icon = "resubmit"
    menu_label = _("Change policies")
    url_prefix = "research/change-policies"
    list_display = [
        "__str__",
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("legal_basis", label=_("Legal basis"), accessor="get_legal_basis_display"),
        "max_duration_months",
        "max_extensions",
        "max_extension_months",
    ]
    form_fields = [
        "level",
        "legal_basis",
        "max_duration_months",
        "max_extensions",
        "max_extension_months",
    ]


class CodePrefixViewSet(ResearchViewSet):
    model = CodePrefix
    icon = "tag"
    menu_label = _("Code prefixes")
    url_prefix = "research/code-prefixes"
    list_display = ["__str__", "prefix"]
    form_fields = ["scope", "prefix"]


class ScientificEventViewSet(ResearchViewSet):
    model = ScientificEvent
    icon = "group"
    menu_label = _("Scientific events")
    url_prefix = "research/events"
    list_filter = ["level", "kind"]
    list_display = [
        "title",
        Column("level", label=_("Level"), accessor="get_level_display"),
        "held_on",
        "unit",
        "paper_count",
    ]
    form_fields = [
        "title",
        "kind",
        "level",
        "held_on",
        "unit",
        "co_organisers",
        "paper_count",
        "proceedings",
    ]


class BulletinIssueViewSet(ResearchViewSet):
    model = BulletinIssue
    icon = "doc-full"
    menu_label = _("Bulletin issues")
    url_prefix = "research/bulletin"
    list_filter = ["year"]
    list_display = ["__str__", "published_on"]
    form_fields = ["number", "year", "published_on", "pdf", "cover"]


class FieldworkViewSet(ResearchViewSet):
    model = Fieldwork
    icon = "site"
    menu_label = _("Fieldwork")
    url_prefix = "research/fieldwork"
    list_display = ["place", "started_on", "ended_on"]
    form_fields = ["place", "started_on", "ended_on", "lecturers", "report"]


class EventParticipationViewSet(ResearchViewSet):
    model = EventParticipation
    icon = "group"
    menu_label = _("Event participation")
    url_prefix = "research/participation"
    list_filter = ["role", "verification"]
    list_display = [
        "person",
        "__str__",
        "held_on",
        Column("role", label=_("Role"), accessor="get_role_display"),
        Column("verification", label=_("Verification"), accessor="get_verification_display"),
    ]
    form_fields = [
        "person",
        "event",
        "event_title",
        "organiser",
        "held_on",
        "role",
        "paper_title",
        "certificate",
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


class ReferenceViewSet(ResearchViewSet):
    icon = "list-ul"
    list_display = ["name", "sort_order"]


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = _("Research")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        TopicViewSet("research_topic"),
        ProposalViewSet("research_proposal"),
        CallViewSet("research_call"),
        CouncilViewSet("research_council"),
        RubricViewSet("research_rubric"),
        DeadlineRuleViewSet("research_deadline_rule"),
        ChangePolicyViewSet("research_change_policy"),
        CodePrefixViewSet("research_code_prefix"),
        OutputViewSet("research_output"),
        ScientificEventViewSet("research_event"),
        BulletinIssueViewSet("research_bulletin"),
        FieldworkViewSet("research_fieldwork"),
        EventParticipationViewSet("research_participation"),
        IndicatorViewSet("research_indicator"),
        PersonViewSet("research_person"),
        UnitViewSet("research_unit"),
        ReferenceViewSet(
            "research_field",
            model=ResearchField,
            url_prefix="research/fields",
            form_fields=["name", "name_en", "sort_order"],
        ),
        ReferenceViewSet(
            "research_ordering_body",
            model=OrderingBody,
            url_prefix="research/ordering-bodies",
            form_fields=["name", "name_en", "short_name", "sort_order"],
        ),
        ReferenceViewSet(
            "research_funding_source",
            model=FundingSource,
            url_prefix="research/funding-sources",
            form_fields=["name", "name_en", "code", "sort_order"],
        ),
    )
