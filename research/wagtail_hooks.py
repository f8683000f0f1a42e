"""The one place research/ plugs into the Wagtail admin.

Each capability keeps its admin in `research/<capability>/admin.py`: its viewsets, views, the URL
patterns of its views (`admin_urls`) and how its log entries read (`register_log_actions`). This
module registers them: the menus and menu groups, the URL namespaces, the log formatters.
"""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from research.calls.admin import CallViewSet
from research.closing import admin as closing_admin
from research.closing.admin import ClosingRequirementViewSet
from research.core import permissions
from research.core.admin import CodePrefixViewSet, PersonViewSet, ReferenceViewSet, UnitViewSet
from research.core.reference import FundingSource, OrderingBody, ResearchField
from research.core.similarity import CommonPhrase
from research.councils import admin as councils_admin
from research.councils.admin import CouncilViewSet, RubricViewSet
from research.deadlines.admin import DeadlineRuleViewSet
from research.documents import admin as documents_admin
from research.documents.admin import (
    DocumentTemplateViewSet,
    IssuedDocumentViewSet,
    LegalGroundViewSet,
)
from research.imports import admin as imports_admin
from research.inbox import admin as inbox_admin
from research.inbox.admin import OutboxViewSet
from research.orders import admin as orders_admin
from research.orders.admin import LiaisonViewSet, OrderSubmissionViewSet, OrderViewSet
from research.outputs import admin as outputs_admin
from research.outputs.admin import (
    BulletinIssueViewSet,
    EventParticipationViewSet,
    FieldworkViewSet,
    OutputViewSet,
    ScientificEventViewSet,
)
from research.planning import admin as planning_admin
from research.planning.admin import ResearchPlanViewSet
from research.planning.models import ResearchPlan
from research.proposals import admin as proposals_admin
from research.proposals.admin import ProposalViewSet
from research.reports import admin as reports_admin
from research.reports.home import research_home_panel
from research.standard import admin as standard_admin
from research.standard.admin import IndicatorViewSet
from research.topics import admin as topics_admin
from research.topics.admin import ChangePolicyViewSet, TopicViewSet


class RuleMenuItem(MenuItem):
    """A menu item shown to those the permission rule `rule` allows."""

    def __init__(self, *args, rule="view_reports", **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def is_shown(self, request):
        return bool(permissions.check(request.user, self.rule))


# --- outputs and declarations: the verification queue -------------------------------------------


@hooks.register("register_admin_urls")
def register_declaration_urls():
    return [
        path(
            "research/declarations/",
            include(
                (outputs_admin.admin_urls, "research_declarations"),
                namespace="research_declarations",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return RuleMenuItem(
        _("Declarations to verify"),
        reverse("research_declarations:queue"),
        icon_name="tick",
        order=161,
        rule="verify_declarations",
    )


# --- reports: the dossier download --------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_dossier_urls():
    return [
        path(
            "research/dossier/",
            include((reports_admin.dossier_urls, "research_dossier"), namespace="research_dossier"),
        )
    ]


# --- imports ------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path(
            "research/import/",
            include((imports_admin.admin_urls, "research_imports"), namespace="research_imports"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return RuleMenuItem(
        _("Import from Excel"),
        reverse("research_imports:upload"),
        icon_name="upload",
        order=160,
        rule="import_records",
    )


# --- the research office's home, reports and the criterion --------------------------------------

hooks.register("construct_homepage_panels", research_home_panel)
# The research plan's target and "what it takes" beside each live value of the criterion, and the
# plan's Kế hoạch issued from its page: standard and documents sit below planning.
standard_admin.BESIDE_THE_VALUE[:] = planning_admin.DASHBOARD_COLUMNS
documents_admin.SUBJECTS["researchplan"] = (ResearchPlan, "research_plan:inspect")


@hooks.register("register_admin_urls")
def register_research_report_urls():
    urls = standard_admin.admin_urls + reports_admin.admin_urls
    return [
        path("research/reports/", include((urls, "research_reports"), namespace="research_reports"))
    ]


@hooks.register("register_reports_menu_item")
def register_standard_menu_item():
    return RuleMenuItem(
        _("Research criterion (criterion 4)"),
        reverse("research_reports:standard"),
        icon_name="tasks",
        order=699,
        rule="view_standard",
    )


@hooks.register("register_reports_menu_item")
def register_deadline_report_menu_item():
    return RuleMenuItem(
        _("Deadlines"), reverse("research_reports:deadlines"), icon_name="time", order=700
    )


@hooks.register("register_reports_menu_item")
def register_funding_report_menu_item():
    return RuleMenuItem(
        _("Funding"), reverse("research_reports:funding"), icon_name="table", order=701
    )


@hooks.register("insert_global_admin_css")
def research_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# --- the Research menu: one viewset per model ---------------------------------------------------


class ResearchViewSetGroup(ViewSetGroup):
    menu_label = _("Research")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        TopicViewSet("research_topic", steps=closing_admin.topic_steps),
        ProposalViewSet("research_proposal"),
        OrderSubmissionViewSet("research_order_submission"),
        OrderViewSet("research_order"),
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
        ResearchPlanViewSet("research_plan"),
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
        LiaisonViewSet("research_liaison"),
        ReferenceViewSet(
            "research_common_phrase",
            model=CommonPhrase,
            menu_label=_("Common phrases"),
            url_prefix="research/common-phrases",
            list_display=["phrase"],
            form_fields=["phrase"],
        ),
        ReferenceViewSet(
            "research_funding_source",
            model=FundingSource,
            url_prefix="research/funding-sources",
            form_fields=["name", "name_en", "code", "sort_order"],
        ),
    )


@hooks.register("register_admin_viewset")
def register_research_viewsets():
    return ResearchViewSetGroup()


@hooks.register("register_log_actions")
def register_research_log_actions(actions):
    topics_admin.register_log_actions(actions)
    orders_admin.register_log_actions(actions)
    proposals_admin.register_log_actions(actions)
    councils_admin.register_log_actions(actions)
    planning_admin.register_log_actions(actions)


# --- paperwork, closing records, the outbox and the inbox (issue 16) ----------------------------


class PaperworkViewSetGroup(ViewSetGroup):
    menu_label = _("Documents and mail")
    menu_icon = "folder-open-inverse"
    menu_order = 160
    items = (
        DocumentTemplateViewSet("research_document_template"),
        IssuedDocumentViewSet("research_issued_document"),
        LegalGroundViewSet("research_legal_ground"),
        ClosingRequirementViewSet("research_closing_requirement"),
        OutboxViewSet("research_outbox"),
    )


@hooks.register("register_admin_viewset")
def register_paperwork_viewsets():
    return PaperworkViewSetGroup()


@hooks.register("register_admin_urls")
def register_paperwork_urls():
    paperwork_urls = documents_admin.admin_urls + closing_admin.admin_urls
    return [
        path(
            "research/annual-report/",
            include((reports_admin.annual_urls, "research_annual"), namespace="research_annual"),
        ),
        path(
            "research/paperwork/",
            include((paperwork_urls, "research_documents"), namespace="research_documents"),
        ),
        path(
            "research/mail/",
            include((inbox_admin.admin_urls, "research_mail"), namespace="research_mail"),
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    # No count in the menu: it would cost a query on every admin page; the inbox shows it.
    return MenuItem(_("Inbox"), reverse("research_mail:inbox"), icon_name="mail", order=140)


@hooks.register("register_log_actions")
def register_paperwork_log_actions(actions):
    closing_admin.register_log_actions(actions)
    documents_admin.register_log_actions(actions)
    inbox_admin.register_log_actions(actions)


@hooks.register("register_log_actions")
def register_declaration_log_actions(actions):
    outputs_admin.register_log_actions(actions)
    imports_admin.register_log_actions(actions)


@hooks.register("register_reports_menu_item")
def register_annual_report_menu_item():
    return RuleMenuItem(
        _("Annual research report"),
        reverse("research_annual:index"),
        icon_name="table",
        order=698,
        rule="view_annual_report",
    )
