"""Keep the public search in step with the site: publish, unpublish, view restrictions, and edits
of the records a published page shows."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.models import OutputPage, PersonPage, TopicPage
from research.models import Output, OutputAuthor, Person, Topic, TopicMember
from search.indexing import descendants, index_after_commit


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    index_after_commit([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    index_after_commit(descendants(instance.page))


@receiver(post_delete, sender=TopicPage)
@receiver(post_delete, sender=OutputPage)
@receiver(post_delete, sender=PersonPage)
def page_deleted(sender, instance, **kwargs):
    index_after_commit([instance.pk])  # the entry went with the page; Elasticsearch is told


@receiver(post_page_move)
@receiver(page_slug_changed)
def page_moved(sender, instance, **kwargs):
    index_after_commit(descendants(instance))  # their URLs changed


# The record each page shows, and how a changed row names that record.
PAGE_OF = {
    Topic: (TopicPage, "topic_id", "pk"),
    Output: (OutputPage, "output_id", "pk"),
    Person: (PersonPage, "person_id", "pk"),
    TopicMember: (TopicPage, "topic_id", "topic_id"),
    OutputAuthor: (OutputPage, "output_id", "output_id"),
}


@receiver(post_save)
@receiver(post_delete)
def record_changed(sender, instance, **kwargs):
    if sender not in PAGE_OF:
        return
    page_model, field, attribute = PAGE_OF[sender]
    record_id = getattr(instance, attribute)
    index_after_commit(page_model.objects.filter(**{field: record_id}).values_list("pk", flat=True))
