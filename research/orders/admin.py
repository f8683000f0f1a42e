"""The research office's screens of the order cycle: proposal lists to the province, orders,
liaisons; the steps posted from a record's page; how the steps read in its history."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, InspectView
from wagtail.log_actions import LogFormatter, log
from wagtail.log_actions import registry as log_registry

from research.core import permissions
from research.core.actions import REFUSALS
from research.core.admin import ListingIndexView, ResearchViewSet
from research.core.choices import OrderStatus, ProvinceAnswer, SubmissionStatus
from research.core.forms import ReasonForm
from research.orders.actions import (
    CancelOrder,
    ConfirmApplication,
    HandOverResults,
    RecordAnswer,
    SendSubmission,
    order_recorded,
)
from research.orders.forms import (
    AnswerForm,
    ConfirmApplicationForm,
    HandOverForm,
    LiaisonAdminForm,
    OrderAdminForm,
    SendSubmissionForm,
    SharedReportForm,
)
from research.orders.models import Liaison, Order, OrderSubmission, ProposedTopic


def history_of(instance):
    return log_registry.get_logs_for_instance(instance).select_related("user")[:20]


# --- proposal lists to the province --------------------------------------------------------------


class SubmissionInspectView(InspectView):
    template_name = "research/admin/order_submission_inspect.html"

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            submission=submission,
            lines=submission.lines.select_related(
                "proposal", "proposed_by", "order", "planned_line__plan", "planned_line__unit"
            ),
            send_form=SendSubmissionForm(),
            answer_form=AnswerForm(),
            answerable=[ProvinceAnswer.PENDING, ProvinceAnswer.DEFERRED],
            history=history_of(submission),
        )
        return context


class SubmissionEditView(EditView):
    """A list that has left the school is what the province received: it is not edited."""

    def dispatch(self, request, *args, **kwargs):
        submission = get_object_or_404(OrderSubmission, pk=kwargs.get("pk"))
        if submission.status != SubmissionStatus.DRAFT:
            messages.error(request, _("This proposal list has already been sent."))
            return redirect(submission.get_admin_url())
        return super().dispatch(request, *args, **kwargs)


class StepView(FormView):
    """A step posted from a record's page; refusals and form errors come back as messages."""

    http_method_names = ["post"]
    model = None
    rule = "manage_orders"

    def dispatch(self, request, pk, item=None):
        self.object = get_object_or_404(self.model, pk=pk)
        permissions.require(request.user, self.rule, self.object)
        self.item = item
        return super().dispatch(request, pk, item)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prefix": getattr(self, "prefix", None)}

    def form_valid(self, form):
        try:
            self.run(form)
            messages.success(self.request, _("Recorded."))
        except REFUSALS as error:
            messages.error(self.request, str(error))
        return redirect(self.object.get_admin_url())

    def form_invalid(self, form):
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(self.request, f"{label}: {error}" if label else error)
        return redirect(self.object.get_admin_url())


class SendSubmissionView(StepView):
    model = OrderSubmission
    form_class = SendSubmissionForm

    def run(self, form):
        SendSubmission(self.object, user=self.request.user, **form.cleaned_data).execute()


class RecordAnswerView(StepView):
    model = OrderSubmission
    form_class = AnswerForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "prefix": f"line-{self.item}"}

    def run(self, form):
        line = get_object_or_404(ProposedTopic, pk=self.item, submission=self.object)
        RecordAnswer(line, user=self.request.user, **form.cleaned_data).execute()


class OrderSubmissionViewSet(ResearchViewSet):
    model = OrderSubmission
    icon = "mail"
    menu_label = gettext_lazy("Proposals to the province")
    url_prefix = "research/order-submissions"
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    edit_view_class = SubmissionEditView
    list_filter = ["year", "status", "ordering_body"]
    list_display = [
        TitleColumn(
            "title", label=gettext_lazy("Title"), get_url=lambda item: item.get_admin_url()
        ),
        "year",
        "ordering_body",
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status == SubmissionStatus.SENT,
        ),
        "sent_on",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("year"), FieldPanel("ordering_body")]),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]),
            InlinePanel(
                "lines",
                heading=gettext_lazy("Proposed topics"),
                min_num=1,
                panels=[
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("proposal"), FieldPanel("proposed_by")]),
                    FieldPanel("planned_line"),
                    FieldPanel("rationale"),
                    FieldPanel("expected_products"),
                    FieldRowPanel([FieldPanel("duration_months"), FieldPanel("estimated_budget")]),
                ],
            ),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/send/", SendSubmissionView.as_view(), name="send"),
            path("<int:pk>/lines/<int:item>/answer/", RecordAnswerView.as_view(), name="answer"),
        ]


# --- orders --------------------------------------------------------------------------------------


class OrderSavedMixin:
    """Saving an order brings its topics along (research.orders.actions.order_recorded)."""

    def save_instance(self):
        created = self.object is None or self.object.pk is None
        instance = super().save_instance()
        order_recorded(instance, self.request.user, created)
        return instance


class OrderCreateView(OrderSavedMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        line_pk = self.request.GET.get("line", "")
        if line_pk.isdigit() and len(line_pk) < 19:
            line = (
                ProposedTopic.objects.filter(pk=int(line_pk), answer=ProvinceAnswer.ORDERED)
                .select_related("submission")
                .first()
            )
            if line is not None:
                initial.update(
                    proposed_topic=line,
                    title=line.title,
                    ordering_body=line.submission.ordering_body,
                    expected_products=line.expected_products,
                )
        return initial


class OrderEditView(OrderSavedMixin, EditView):
    pass


class OrderInspectView(InspectView):
    template_name = "research/admin/order_inspect.html"

    def get_fields(self):
        return []

    def get_object(self, queryset=None):
        return get_object_or_404(
            Order.objects.select_related(
                "ordering_body", "proposed_topic__submission"
            ).prefetch_related("topics", "funding__source", "shared_reports"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            order=self.object,
            handover_form=HandOverForm(prefix="handover"),
            confirm_form=ConfirmApplicationForm(prefix="confirm"),
            share_form=SharedReportForm(prefix="share"),
            cancel_form=ReasonForm(prefix="cancel"),
            history=history_of(self.object),
        )
        return context


class HandOverView(StepView):
    model = Order
    form_class = HandOverForm
    prefix = "handover"

    def run(self, form):
        HandOverResults(self.object, user=self.request.user, **form.cleaned_data).execute()


class ConfirmView(StepView):
    model = Order
    form_class = ConfirmApplicationForm
    prefix = "confirm"
    rule = "confirm_application"

    def run(self, form):
        ConfirmApplication(self.object, user=self.request.user, **form.cleaned_data).execute()


class CancelOrderView(StepView):
    model = Order
    form_class = ReasonForm
    prefix = "cancel"

    def run(self, form):
        CancelOrder(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        ).execute()


class ShareReportView(StepView):
    model = Order
    form_class = SharedReportForm
    prefix = "share"

    def run(self, form):
        report = form.save(commit=False)
        report.order, report.shared_by = self.object, self.request.user
        report.save()
        log(
            instance=self.object,
            action="research.order.shared",
            user=self.request.user,
            data={"title": report.title},
        )


class OrderViewSet(ResearchViewSet):
    model = Order
    icon = "doc-full"
    menu_label = gettext_lazy("Province orders")
    url_prefix = "research/orders"
    index_view_class = ListingIndexView
    add_view_class = OrderCreateView
    edit_view_class = OrderEditView
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    list_filter = ["status", "ordering_body", "kind"]
    list_display = [
        Column("decision_number", label=gettext_lazy("Decision number")),
        TitleColumn("title", label=gettext_lazy("Task"), get_url=lambda item: item.get_admin_url()),
        "ordering_body",
        "decision_date",
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda item: item.status == OrderStatus.APPLIED,
        ),
        "handover_due_on",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("ordering_body"), FieldPanel("kind")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
            FieldPanel("proposed_topic"),
            FieldPanel("requirements"),
            FieldPanel("expected_products"),
            FieldPanel("applied_by"),
            FieldPanel("topics"),
            FieldRowPanel([FieldPanel("contract_number"), FieldPanel("contract_date")]),
            FieldPanel("handover_due_on"),
            InlinePanel(
                "funding",
                heading=gettext_lazy("Funding approved by the province, by source and year"),
                panels=[
                    FieldRowPanel([FieldPanel("source"), FieldPanel("year"), FieldPanel("amount")])
                ],
            ),
        ],
        base_form_class=OrderAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/hand-over/", HandOverView.as_view(), name="hand-over"),
            path("<int:pk>/confirm/", ConfirmView.as_view(), name="confirm"),
            path("<int:pk>/share/", ShareReportView.as_view(), name="share"),
            path("<int:pk>/cancel/", CancelOrderView.as_view(), name="cancel"),
        ]


class LiaisonViewSet(ResearchViewSet):
    model = Liaison
    icon = "user"
    menu_label = gettext_lazy("Liaisons of ordering bodies")
    url_prefix = "research/liaisons"
    list_display = ["full_name", "ordering_body", "position", "user"]
    list_filter = ["ordering_body"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("ordering_body"),
            FieldPanel("full_name"),
            FieldRowPanel([FieldPanel("position"), FieldPanel("phone")]),
        ],
        base_form_class=LiaisonAdminForm,
    )


# --- how the steps read in a record's history ----------------------------------------------------


def _day(value):
    return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""


def register_log_actions(actions):
    @actions.register_action(SendSubmission.log_action)
    class SubmissionSent(LogFormatter):
        label = gettext_lazy("Send the proposal list")

        def format_message(self, log_entry):
            return gettext_lazy("Sent as document %(number)s on %(day)s") % {
                "number": log_entry.data.get("number", ""),
                "day": _day(log_entry.data.get("sent_on")),
            }

    @actions.register_action(RecordAnswer.log_action)
    class AnswerRecorded(LogFormatter):
        label = gettext_lazy("Record the province's answer")

        def format_message(self, log_entry):
            data = log_entry.data
            return gettext_lazy("“%(line)s”: %(answer)s. %(note)s") % {
                "line": data.get("line", ""),
                "answer": ProvinceAnswer(data["answer"]).label,
                "note": data.get("note", ""),
            }

    @actions.register_action("research.order.recorded")
    class OrderRecorded(LogFormatter):
        label = gettext_lazy("Record the order")

    @actions.register_action("research.order.changed")
    class OrderChanged(LogFormatter):
        label = gettext_lazy("Change the order")

    @actions.register_action(HandOverResults.log_action)
    class HandedOver(LogFormatter):
        label = gettext_lazy("Hand over the results")

        def format_message(self, log_entry):
            return gettext_lazy("Hand-over record %(number)s of %(day)s") % {
                "number": log_entry.data.get("number", ""),
                "day": _day(log_entry.data.get("on")),
            }

    @actions.register_action(ConfirmApplication.log_action)
    class Applied(LogFormatter):
        label = gettext_lazy("Confirm application of the result")

        def format_message(self, log_entry):
            return gettext_lazy("Application confirmed on %(day)s") % {
                "day": _day(log_entry.data.get("on"))
            }

    @actions.register_action(CancelOrder.log_action)
    class Cancelled(LogFormatter):
        label = gettext_lazy("Cancel the order")

        def format_message(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action("research.order.shared")
    class Shared(LogFormatter):
        label = gettext_lazy("Share a report with the ordering body")

        def format_message(self, log_entry):
            return log_entry.data.get("title", "")
