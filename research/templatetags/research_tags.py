from django import template

from research import permissions
from research.formatting import format_vnd

register = template.Library()


register.filter("vnd", format_vnd)


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    """The same predicates the views use: {% can "change_topic_status" topic as allowed %}."""
    return permissions.check(context["request"].user, action, obj)
