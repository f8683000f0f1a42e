"""Signals research sends for reactions outside the domain (the public site), so that research
never imports cms: receivers connect in their own AppConfig.ready()."""

from django.dispatch import Signal

# An import wrote records of `sender` (a model) in bulk, without post_save: `created` and
# `updated` lists of the instances. Sent inside the import's transaction.
records_imported = Signal()
