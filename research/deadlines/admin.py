from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from research.core.admin import ResearchViewSet
from research.deadlines.models import DeadlineRule


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
