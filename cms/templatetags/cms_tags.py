from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The live, public pages under the site's home marked “show in menus”."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return []
    return site.root_page.get_children().live().public().in_menu()


@register.simple_tag(takes_context=True)
def file_url(context, attachment):
    return context["page"].file_url(attachment)
