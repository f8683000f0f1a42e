from django import template

from research import blind, permissions
from research.formatting import format_vnd

register = template.Library()


register.filter("vnd", format_vnd)


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    """The same predicates the views use: {% can "change_topic_status" topic as allowed %}."""
    return permissions.check(context["request"].user, action, obj)


@register.simple_tag(takes_context=True)
def seen_title(context, subject):
    """A proposal's or topic's title as the viewer may read it (blind review strikes names)."""
    return blind.title_as_seen_by(context["request"].user, subject)
