"""What the topic and proposal pages of the admin show about closing records and documents."""

from django import template

from research.closing.actions.closing import missing_records
from research.closing.admin import CLOSING_PREFIX
from research.closing.forms import ClosingRecordForm
from research.closing.models import CLOSABLE_STATUSES, ClosingRequirement
from research.core.choices import TopicStatus
from research.documents.admin import ISSUE_PREFIX, IssueForm
from research.documents.fields import available_kinds
from research.documents.render import converter

register = template.Library()


@register.simple_tag
def topic_closing(topic):
    """The topic's closing records, those still required, and the forms to add them and close."""
    records = list(topic.closing_records.select_related("recorded_by"))
    required = (
        ClosingRequirement.objects.kinds_for(topic) if topic.status in CLOSABLE_STATUSES else []
    )
    missing = missing_records(topic) if required else []
    return {
        "records": records,
        "required": required,
        "missing": missing,
        "open": topic.status in CLOSABLE_STATUSES,
        "closed": topic.status == TopicStatus.CLOSED,
        "form": ClosingRecordForm(prefix=CLOSING_PREFIX),
    }


@register.simple_tag
def documents_panel(subject):
    """The documents that can be issued for a proposal or topic, and those already issued."""
    kinds = available_kinds(subject)
    form = IssueForm(prefix=ISSUE_PREFIX)
    form.fields["kind"].choices = [(kind, label) for kind, label, reason in kinds if not reason]
    return {
        "kinds": kinds,
        "issued": list(subject.documents.order_by("-created_at")),
        "form": form,
        "subject_kind": subject._meta.model_name,
        # Without LibreOffice only Word comes out: the button says so.
        "makes_pdf": converter() is not None,
    }
