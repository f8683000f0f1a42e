from django import template

from cms import cache

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    return cache.site_menu(context["request"])


@register.simple_tag(takes_context=True)
def file_url(context, attachment):
    return context["page"].file_url(attachment)
