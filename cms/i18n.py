"""The public site in every content language (settings.WAGTAIL_CONTENT_LANGUAGES), with Wagtail's
own localisation: one page tree per language, kept in step.

- Every page has a counterpart in every other language. Until an editor translates it
  (“Dịch” in the admin, Wagtail's simple translation), the counterpart is an *alias*: it mirrors
  the original's content, publication and privacy. Pages created in the admin get their aliases
  from simple translation's synchronised tree; pages created by code (the demo, automatic topic
  and output pages) get them when they are published, here. `sync_page_tree()` gives existing
  databases their counterparts; it runs after every `migrate`.
- A page is exactly as private in every language: view restrictions are mirrored.
- What a visitor reads is in their language where it exists, and visibly in Vietnamese where it
  does not (`content_language`, research records' `in_language`).
- Absolute addresses (canonical, hreflang, sitemap) come from settings.SITE_BASE_URL."""

import contextvars
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import translate_url
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page, PageViewRestriction
from wagtail.signals import page_published

_mirroring = contextvars.ContextVar("mirroring_restrictions", default=False)


def language_of(locale_id):
    """The language code of a locale id (locales never change their language)."""
    if locale_id not in _LANGUAGES:
        _LANGUAGES.update(Locale.objects.values_list("pk", "language_code"))
    return _LANGUAGES.get(locale_id, settings.LANGUAGE_CODE)


_LANGUAGES = {}


def content_languages():
    """[(code, name in its own language)] of the site's languages, the default first."""
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


def absolute_url(path):
    """The public address of a site path (`/de-tai/…`), from the configured site address: the one
    base of every absolute link the portal gives out. An address that already names a host (a
    Wagtail Site record's) is put on that base too."""
    parts = urlsplit(path)
    path = urlunsplit(("", "", parts.path, parts.query, parts.fragment)) or "/"
    return settings.SITE_BASE_URL.rstrip("/") + path


def page_url(page):
    """The public address of a page, from the configured site address (not a Site record's)."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def follow_site_base_url():
    """Make Wagtail's default Site record name the configured site address (its hostname and
    port), so that whatever Wagtail builds from it agrees with SITE_BASE_URL. Returns whether it
    changed."""
    from wagtail.models import Site

    parts = urlsplit(settings.SITE_BASE_URL)
    hostname = parts.hostname or "localhost"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return bool(
        Site.objects.filter(is_default_site=True)
        .exclude(hostname=hostname, port=port)
        .update(hostname=hostname, port=port)
    )


def ensure_locales():
    """A Wagtail locale for every content language (the default one exists from Wagtail's own
    migrations)."""
    for code, _name in content_languages():
        Locale.objects.get_or_create(language_code=code)


def ensure_counterparts(page):
    """Give `page` a counterpart in every other language — an alias of it, under the
    counterpart of its parent (created the same way when missing) — with the same groups'
    rights on it (the editors' and the research office's, given on the home page)."""
    if page.is_root():
        return []
    created = []
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if not page.has_translation(locale):
            created.append(page.copy_for_translation(locale, copy_parents=True, alias=True))
    if created:
        mirror_permissions(page)
    return created


def mirror_permissions(page):
    """The groups' rights on `page` given on each of its counterparts too."""
    rights = list(GroupPagePermission.objects.filter(page=page))
    for counterpart in page.get_translations():
        for right in rights:
            GroupPagePermission.objects.get_or_create(
                group_id=right.group_id, page=counterpart, permission_id=right.permission_id
            )


def sync_page_tree():
    """Every page in every content language: counterparts for the pages that lack one, from the
    top of the tree down (parents first). Only those pages are read: every `migrate` runs this,
    and a site of 200,000 pages has none to add. Safe to run twice; returns the number
    created."""
    ensure_locales()
    lacking = (
        Page.objects.filter(depth__gt=1)
        .values("translation_key")
        .annotate(languages=Count("locale"))
        .filter(languages__lt=Locale.objects.count())
        .values("translation_key")
    )
    pages = Page.objects.filter(depth__gt=1, translation_key__in=lacking).order_by("path")
    created = 0
    with transaction.atomic():
        for page in pages.specific().iterator():
            created += len(ensure_counterparts(page))
        for page_id in GroupPagePermission.objects.values_list("page_id", flat=True).distinct():
            mirror_permissions(Page.objects.get(pk=page_id))
    return created


@receiver(page_published)
def published_in_every_language(sender, instance, alias=False, **kwargs):
    """A page published by code (the demo, automatic pages) joins the other languages' trees,
    as the admin's synchronised tree does for pages created there."""
    if not alias and settings.WAGTAIL_I18N_ENABLED:
        ensure_counterparts(instance)


@receiver(pre_delete, sender=Page)
def delete_aliases(sender, instance, **kwargs):
    """An alias mirrors its original: it goes with it rather than live on with stale content.
    After the commit, so that the admin's own deletion of the translations (which runs after
    the original's) finds them; what it deleted is simply gone by then."""
    aliases = list(Page.objects.filter(alias_of=instance).values_list("pk", flat=True))
    if aliases:
        transaction.on_commit(lambda: delete_pages(aliases))


def delete_pages(page_ids):
    for page in Page.objects.filter(pk__in=page_ids).specific():
        page.delete()


def mirror_restrictions(page):
    """Give every counterpart of `page` exactly the page's view restrictions."""
    if _mirroring.get():
        return
    token = _mirroring.set(True)
    try:
        restrictions = list(page.view_restrictions.prefetch_related("groups"))
        for counterpart in page.get_translations():
            counterpart.view_restrictions.all().delete()
            for restriction in restrictions:
                copy = PageViewRestriction.objects.create(
                    page=counterpart,
                    restriction_type=restriction.restriction_type,
                    password=restriction.password,
                )
                copy.groups.set(restriction.groups.all())
    finally:
        _mirroring.reset(token)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        mirror_restrictions(page)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, PageViewRestriction):
        restriction_changed(PageViewRestriction, instance)


def content_language(page):
    """The language the page's own content (title, introduction, body) is written in: its
    original's while it is an alias not yet translated."""
    if page.alias_of_id:
        original = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        if original:
            return language_of(original[0])
    return language_of(page.locale_id)


def page_alternates(page, request=None):
    """{language code: URL} of the page's live counterparts, itself included (their view
    restrictions are the page's own, mirrored)."""
    counterparts = page.get_translations(inclusive=True).live().order_by("locale_id")
    return {
        language_of(counterpart.locale_id): url
        for counterpart in counterparts
        if (url := counterpart.get_url(request))
    }


def language_links(request, page=None):
    """The language switch and the hreflang alternates: each language with the address of the
    same page in it (`found`), or of that language's home page when the page has no live
    counterpart there; `absolute` is the address from the configured site address."""
    current = translation.get_language()
    here = page_alternates(page, request) if page is not None else {}
    links = []
    for code, name in content_languages():
        if page is not None:
            found = code in here
            url = here.get(code) or home_url(request, code)
        else:
            found = True
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": absolute_url(url),
                "found": found,
                "current": code == current,
            }
        )
    return links


def home_url(request, language):
    """The address of the site's home page in `language` (the default language's when that
    language has no live home page)."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return "/"
    home = site.root_page
    if language != language_of(home.locale_id):
        counterpart = (
            Page.objects.filter(
                translation_key=home.translation_key, locale__language_code=language
            )
            .live()
            .first()
        )
        home = counterpart or home
    return home.get_url(request)


def urls_in_language(page_ids, language):
    """{page id: URL of its counterpart in `language`} for pages shown in lists built from one
    language's pages (the search index); a page without a live counterpart keeps its own URL."""
    pages = Page.objects.filter(pk__in=page_ids).only("pk", "translation_key")
    keys = {page.translation_key: page.pk for page in pages}
    counterparts = (
        Page.objects.filter(translation_key__in=keys, locale__language_code=language)
        .live()
        .public()
    )
    return {keys[page.translation_key]: page.url for page in counterparts if page.url}


def translate_page(page, language, user=None, **fields):
    """Write the page's counterpart in `language` (turning the alias into a page of its own, as
    the admin's “Translate” does) with `fields`, and publish it. Returns the counterpart."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction

    locale = Locale.objects.get(language_code=language)
    counterpart = page.get_translation_or_none(locale)
    if counterpart is None:
        counterpart = page.copy_for_translation(locale, copy_parents=True, alias=True)
    counterpart = counterpart.specific
    if counterpart.alias_of_id:
        ConvertAliasPageAction(counterpart, user=user).execute(skip_permission_checks=True)
        counterpart = type(counterpart).objects.get(pk=counterpart.pk)
    for name, value in fields.items():
        setattr(counterpart, name, value)
    counterpart.save_revision(user=user).publish()
    return counterpart
