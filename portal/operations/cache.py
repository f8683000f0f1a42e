"""The database cache's table is created with the schema (at the start of every migrate, before
the migrations whose saves already write to the cache), so neither `make run` nor a deployment
has a step to forget; createcachetable skips a table that exists."""

from django.conf import settings
from django.core.management import call_command


def create_cache_tables(sender, using="default", verbosity=1, **kwargs):
    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)
