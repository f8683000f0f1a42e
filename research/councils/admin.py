from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column

from research.core.admin import ListingIndexView, ResearchViewSet, YesNoColumn
from research.councils.forms import CouncilAdminForm
from research.models import (
    Council,
    Rubric,
)


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
