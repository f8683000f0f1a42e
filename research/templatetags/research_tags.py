from django import template
from django.utils import translation

from research.core import blind, permissions
from research.core.choices import CouncilRole
from research.core.formatting import format_number, format_vnd, name_of
from research.councils.forms import CouncilMeetingForm
from research.councils.models.meetings import CouncilMeeting
from research.inbox.models import InboxMessage

register = template.Library()


register.filter("vnd", format_vnd)
register.filter("number", format_number)
register.filter("name_of", name_of)  # a person by name, never by username


@register.filter
def council_role(code):
    """A council role's label in the reader's language, from its code frozen in a decision (or,
    in decisions frozen before the code was kept, from its label in either language)."""
    if code in CouncilRole.values:
        return CouncilRole(code).label
    for language in ("en", "vi"):
        with translation.override(language):
            for value, label in CouncilRole.choices:
                if str(label) == code:
                    return CouncilRole(value).label
    return code


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    """The same predicates the views use: {% can "change_topic_status" topic as allowed %}."""
    return permissions.check(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def unread_count(context):
    """How many of the user's inbox messages are unread (one query)."""
    user = context["request"].user
    return InboxMessage.objects.of_user(user).unread().count() if user.is_authenticated else 0


@register.simple_tag
def meeting_of(subject, round_number):
    """The council meeting of a proposal's or topic's round, or None."""
    field = "proposal" if subject._meta.model_name == "proposal" else "topic"
    return CouncilMeeting.objects.filter(**{field: subject, "round": round_number}).first()


@register.simple_tag
def meeting_form(meeting):
    return CouncilMeetingForm(instance=meeting)


@register.simple_tag(takes_context=True)
def seen_title(context, subject):
    """A proposal's or topic's title as the viewer may read it (blind review strikes names)."""
    return blind.title_as_seen_by(context["request"].user, subject)
