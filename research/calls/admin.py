from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from research.calls.models import Call
from research.core.admin import ResearchViewSet


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
        "similarity_threshold",
        "review_due_on",
    ]
