from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from cms import cache, cards, i18n
from cms.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """[(title, url, path, language of the title)] of the menu in the visitor's language."""
    return cache.site_menu(context["request"])


@register.simple_tag(takes_context=True)
def file_url(context, attachment):
    return context["page"].file_url(attachment)


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each language with the address of this page in it, for the switch and hreflang."""
    return i18n.language_links(context["request"], context.get("page"))


@register.simple_tag(takes_context=True)
def home_url(context):
    return i18n.home_url(context["request"], get_language())


@register.filter
def family_first(full_name):
    """A Vietnamese name as “Family, Given” (citation_author), the family name being the first."""
    from cms.citations import family_first as inverted

    return inverted(full_name)


@register.filter
def absolute(path):
    """A site path as an absolute address from the configured site address."""
    return i18n.absolute_url(path)


@register.simple_tag(takes_context=True)
def school(context):
    """The school's identity in the visitor's language: name, governing body, logo."""
    row = SiteSettings.load(request_or_site=context.get("request"))
    return {
        "name": row.in_language("school_name")[0] or gettext("Research portal"),
        "governing_body": row.in_language("governing_body")[0],
        "logo": row.logo,
        "settings": row,
    }


@register.simple_tag
def in_language(record, field):
    """{text, language, fallback} of a record's text in the visitor's language."""
    text, language = record.in_language(field)
    return {"text": text, "language": language, "fallback": language != get_language()}


@register.simple_tag
def translated(text, language):
    """`text`, marked up as written in `language` when that is not the visitor's: the page
    says it falls back to Vietnamese rather than pass it off as English."""
    if not language or language == get_language() or not text:
        return text
    return format_html('<span lang="{}">{}</span> {}', language, text, language_note(language))


@register.simple_tag
def language_note(language):
    """“(Vietnamese)”: what a fallback text is written in."""
    name = gettext(dict(settings.LANGUAGES).get(language, language))
    return format_html('<small class="fallback">({})</small>', name)


@register.simple_tag
def record_text(record, field):
    """A record's text in the visitor's language, or marked as Vietnamese."""
    text, language = record.in_language(field)
    return translated(text, language)


@register.inclusion_tag("includes/_badge.html")
def topic_status(topic):
    return {"badge": cards.topic_status(topic)}
