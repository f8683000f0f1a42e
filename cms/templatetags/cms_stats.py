"""Views and downloads shown on the public pages: the daily counts plus the hits not rolled up yet."""

from django import template
from django.db.models import Count

from cms.stats.models import DailyCount, Hit, HitKind

register = template.Library()


def totals(pages):
    """{"view": n, "download": n} for a queryset of page ids (two queries)."""
    counted = DailyCount.objects.filter(page__in=pages).totals()
    pending = dict(
        Hit.objects.filter(page__in=pages).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    return {kind: counted[kind] + pending.get(kind, 0) for kind in HitKind.values}


@register.simple_tag
def page_stats(page):
    """The page's counts in every language: each translation shows the same record."""
    from wagtail.models import Page

    return totals(Page.objects.filter(translation_key=page.translation_key).values("pk"))


@register.simple_tag
def lecturer_stats(person_id):
    """Views and downloads of the library items the lecturer wrote."""
    from cms.models import OutputPage

    return totals(OutputPage.objects.filter(output__authors__person=person_id).values("pk"))
