from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter

from research.core.admin import ListingIndexView, ResearchViewSet, YesNoColumn
from research.councils.forms import CouncilAdminForm
from research.councils.models.councils import Council, Rubric


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


def points_label(points):
    """A score as the log keeps it (None, a number or "N/A"), as people read it."""
    if points is None:
        return _("not scored")
    if points == "N/A":
        return _("Not applicable")
    return str(points)


def register_log_actions(actions):
    """How a council's meetings, conflicts and score sheets read in the history."""

    @actions.register_action("research.proposal.meeting")
    class MeetingRecorded(LogFormatter):
        label = _("Record attendance and votes")

        def format_message(self, log_entry):
            return _("Present: %(names)s") % {"names": ", ".join(log_entry.data["present"])}

    @actions.register_action("research.review.conflict")
    class ConflictChanged(LogFormatter):
        label = _("Conflict of interest")

        def format_message(self, log_entry):
            data = log_entry.data
            if data.get("declared"):
                return _("%(member)s declared a conflict: %(note)s") % data
            return _("Conflict of %(member)s resolved: %(resolution)s") % data

    @actions.register_action("research.review.scores")
    class ScoresSaved(LogFormatter):
        label = _("Save score sheet")

        def format_message(self, log_entry):
            data = log_entry.data
            changes = "; ".join(
                f"{c['criterion']}: {points_label(c['from'])} → {points_label(c['to'])}"
                for c in data["changes"]
            )
            return _("Score sheet of %(member)s saved: %(changes)s") % {
                "member": data["member"],
                "changes": changes or "—",
            }

    @actions.register_action("research.council.meeting")
    class MeetingSet(LogFormatter):
        label = _("Set the council meeting")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Meeting on %(date)s at %(time)s, %(venue)s") % {
                "date": "/".join(reversed(data["held_on"].split("-"))),
                "time": data["starts_at"],
                "venue": data["venue"],
            }
