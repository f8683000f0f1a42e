"""The outbox and the office's inbox in the Wagtail admin."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from research.core import permissions
from research.inbox.models import EmailStatus, InboxMessage, OutgoingEmail
from research.inbox.outbox import retry


class ViewOnlyPolicy(ModelPermissionPolicy):
    """The outbox is read in the admin, never edited: e-mails change only by being sent."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(OutgoingEmail, ViewOnlyPolicy(OutgoingEmail))


class OutboxFilterSet(WagtailFilterSet):
    class Meta:
        model = OutgoingEmail
        fields = ["status", "template"]


class OutboxViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outbox")
    url_prefix = "research/outbox"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = OutboxFilterSet
    # Never edited in the admin (the permission policy allows viewing only).
    exclude_form_fields = []
    list_per_page = 50
    list_display = [
        TitleColumn(
            "subject",
            label=_("Subject"),
            get_url=lambda email: reverse("research_outbox:inspect", args=[email.pk]),
        ),
        Column("to", label=_("To")),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda email: email.status == EmailStatus.SENT,
        ),
        Column("attempts", label=_("Attempts")),
        DateColumn("created_at", label=_("Queued")),
        Column("last_error", label=_("Last error")),
    ]
    inspect_view_fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
        "text",
    ]
    inspect_template_name = "research/admin/outbox_inspect.html"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/retry/", RetryView.as_view(), name="retry"),
        ]


class RetryView(View):
    """The office sends a failed e-mail again (queued for the next run of send_outbox)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        permissions.require(request.user, "manage_outbox")
        email = get_object_or_404(OutgoingEmail, pk=pk)
        if retry(email, request.user):
            messages.success(request, _("The e-mail is queued again."))
        else:
            messages.error(request, _("This e-mail was already sent."))
        return redirect("research_outbox:inspect", pk)


class OfficeInboxView(ReportView):
    """The admin user's own inbox (the same messages as in the workspace)."""

    page_title = _("Inbox")
    header_icon = "mail"
    index_url_name = "research_mail:inbox"
    index_results_url_name = "research_mail:inbox_results"
    paginate_by = 50
    columns = [
        TitleColumn(
            "subject",
            label=_("Subject"),
            get_url=lambda message: message.link_in_workspace,
        ),
        DateColumn("created_at", label=_("Received")),
        Column("state", label=_("State"), accessor="state_label"),
    ]

    def get_queryset(self):
        return InboxMessage.objects.of_user(self.request.user).order_by("-created_at", "-pk")


def register_log_actions(actions):
    """How a retried e-mail reads in the history."""

    @actions.register_action("research.outbox.retry")
    class OutboxRetried(LogFormatter):
        label = _("Send an e-mail again")

        def format_message(self, log_entry):
            return _("E-mail to %(to)s queued again") % log_entry.data


# The office's inbox (namespace research_mail).
admin_urls = [
    path("inbox/", OfficeInboxView.as_view(), name="inbox"),
    path("inbox/results/", OfficeInboxView.as_view(results_only=True), name="inbox_results"),
]
