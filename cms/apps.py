from django.apps import AppConfig
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_migrate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms import (  # noqa: F401
            cache,  # the menu's invalidation
            i18n,  # the page tree's sync
            pagecache,  # pages kept for anonymous visitors, dropped on a change
            publishing,  # pages follow their records
        )
        from cms.opendata import records  # noqa: F401  OAI deleted records and datestamps
        from cms.stats.annual import library_tables
        from research.reports.annual.sections import register_section

        register_section(library_tables)

        post_migrate.connect(upgrade_public_site, sender=self)


def upgrade_public_site(sender, using="default", verbosity=1, **kwargs):
    """After every `migrate` that leaves the database fully migrated: every page in every
    language and every slug in ASCII (existing databases too). Both steps are safe to repeat."""
    from cms.i18n import follow_site_base_url, sync_page_tree
    from cms.slugs import fold_page_slugs

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # a partial or backwards migration: the models may not match the tables yet
    follow_site_base_url()  # the Site record names SITE_BASE_URL (docs/deployment.md)
    folded, created = fold_page_slugs(), sync_page_tree()
    if verbosity and (folded or created):
        message = gettext(
            "Public site: %(folded)d addresses made ASCII, %(created)d pages added in other "
            "languages."
        )
        print(message % {"folded": folded, "created": created})
