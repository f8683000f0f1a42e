from django import template

from research import permissions

register = template.Library()


@register.filter
def vnd(amount):
    """Whole VND the Vietnamese way: 1250000000 → “1.250.000.000 đ”."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} đ".replace(",", ".")


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    """The same predicates the views use: {% can "change_topic_status" topic as allowed %}."""
    return permissions.check(context["request"].user, action, obj)
