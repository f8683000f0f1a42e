"""What the order cycle adds to the research office's to-do list (research.personal.todo):
answers the province owes, orders to record, hand-overs overdue, confirmations missing."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from research.core.choices import ProvinceAnswer, SubmissionStatus
from research.orders.models import Order, ProposedTopic


def office_groups(today=None):
    """[(label, queryset, make_task)] in the shape of research.personal.todo's office groups;
    `make_task(row)` returns (action, title, url, due_on)."""
    today = today or timezone.localdate()
    return [
        (
            _("Record the province's answer"),
            ProposedTopic.objects.filter(
                submission__status=SubmissionStatus.SENT, answer=ProvinceAnswer.PENDING
            )
            .select_related("submission")
            .order_by("submission__sent_on", "pk"),
            lambda line: (
                _("Record the province's answer"),
                line.title,
                line.submission.get_admin_url(),
                None,
            ),
        ),
        (
            _("Record the province's order"),
            ProposedTopic.objects.filter(answer=ProvinceAnswer.ORDERED, order__isnull=True)
            .select_related("submission")
            .order_by("answered_on", "pk"),
            lambda line: (
                _("Record the province's order"),
                line.title,
                line.submission.get_admin_url(),
                None,
            ),
        ),
        (
            _("Hand over the results (overdue)"),
            Order.objects.handover_overdue(today).order_by("handover_due_on", "pk"),
            lambda order: (
                _("Hand over the results"),
                str(order),
                order.get_admin_url(),
                order.handover_due_on,
            ),
        ),
        (
            _("Confirmation of application awaited"),
            Order.objects.awaiting_confirmation()
            .filter(Q(confirmation_due_on__isnull=True) | Q(confirmation_due_on__lte=today))
            .order_by("confirmation_due_on", "pk"),
            lambda order: (
                _("Ask the ordering body to confirm application"),
                str(order),
                order.get_admin_url(),
                order.confirmation_due_on,
            ),
        ),
    ]
