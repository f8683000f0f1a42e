"""The ordering body's liaison in the workspace: their body's orders — progress, deadlines, the
reports the office shares, products, hand-over — and the confirmation that the result was applied."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from research.core import permissions
from research.core.actions import REFUSALS
from research.core.choices import ReportStatus
from research.deadlines.models import Deadline
from research.orders.actions import ConfirmApplication
from research.orders.forms import ConfirmApplicationForm
from research.orders.models import Order
from research.outputs.models.outputs import Output
from research.topics.models.running import ProgressReport
from research.topics.models.topics import Topic


class OrderListView(LoginRequiredMixin, ListView):
    template_name = "research/orders/order_list.html"
    context_object_name = "orders"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            permissions.require(request.user, "view_own_orders")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        body = permissions.liaison_body_id(self.request.user)
        return Order.objects.for_body(body).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(liaison=self.request.user.liaison, **kwargs)


def order_context(order):
    """What the liaison reads of an order: only its own records, only the reports the office
    accepted or shared, the outputs of its topics."""
    topics = Topic.objects.filter(orders=order).prefetch_related(
        Prefetch(
            "progress_reports",
            queryset=ProgressReport.objects.filter(status=ReportStatus.ACCEPTED).order_by(
                "-submitted_at"
            ),
            to_attr="accepted_reports",
        )
    )
    return {
        "order": order,
        "topics": topics,
        "deadlines": Deadline.objects.filter(topic__orders=order)
        .select_related("topic")
        .order_by("due_on", "pk"),
        "outputs": Output.objects.filter(topic__orders=order).order_by("-published_on", "pk"),
    }


class OrderDetailView(LoginRequiredMixin, FormView):
    """The order's page, with the confirmation of application once results are handed over."""

    template_name = "research/orders/order_detail.html"
    form_class = ConfirmApplicationForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.order = get_object_or_404(
            Order.objects.select_related("ordering_body").prefetch_related(
                "funding__source", "shared_reports"
            ),
            pk=kwargs["pk"],
        )
        permissions.require(request.user, "follow_order", self.order)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        may_confirm = permissions.check(self.request.user, "confirm_application", self.order)
        return super().get_context_data(
            may_confirm=bool(may_confirm) and self.order.status == "handed_over",
            **order_context(self.order),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        permissions.require(request.user, "confirm_application", self.order)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            ConfirmApplication(self.order, user=self.request.user, **form.cleaned_data).execute()
        except REFUSALS as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: the application of the result is recorded."))
        return redirect("research:order-detail", pk=self.order.pk)
