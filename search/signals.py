"""Keep the public search in step with the site: publish, unpublish, view restrictions, moves, and
edits of the records a published page shows (each kind names them in search/kinds.py). Every
handler only records the pages in the backlog, in the transaction of the change."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.bulk_pages import pages_published_in_bulk
from search.indexing import descendants, enqueue, index_in_bulk, indexed_language
from search.kinds import KINDS
from search.models import HarvestedRecord


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    if instance.locale.language_code == settings.LANGUAGE_CODE:  # see indexed_language
        enqueue([instance.pk])


@receiver(pages_published_in_bulk)
def pages_published(sender, pages, **kwargs):
    """Pages published together (an import's): their entries written at once."""
    index_in_bulk([page.pk for page in pages if page.language == settings.LANGUAGE_CODE])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    enqueue(descendants(instance.page))


@receiver(post_page_move)
@receiver(page_slug_changed)
def page_moved(sender, instance, **kwargs):
    enqueue(descendants(instance))  # their URLs changed


# record model → [(page model, lookup from the page to the record, attribute of the record)]
SHOWN_ON = {}
for _kind in KINDS.values():
    for _model, (_lookup, _attribute) in _kind.records.items():
        SHOWN_ON.setdefault(_model, []).append((_kind.page_model, _lookup, _attribute))
PAGE_MODELS = tuple(kind.page_model for kind in KINDS.values())


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if issubclass(sender, PAGE_MODELS):
        enqueue([instance.pk])  # the entry went with the page; Elasticsearch is told


@receiver(post_save)
@receiver(post_delete)
def record_changed(sender, instance, **kwargs):
    for page_model, lookup, attribute in SHOWN_ON.get(sender, []):
        value = getattr(instance, attribute)
        if value is not None:
            pages = indexed_language(page_model.objects.filter(**{lookup: value}))
            enqueue(pages.values_list("pk", flat=True))


@receiver(post_delete, sender=HarvestedRecord)
def harvested_record_deleted(sender, instance, **kwargs):
    """A record removed here (its peer repository deleted by the office): its entry goes."""
    enqueue([instance.entry_key])
