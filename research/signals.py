"""Signals research sends for reactions outside the domain (the public site), so that research
never imports cms: receivers connect in their own AppConfig.ready()."""

from django.dispatch import Signal

# A topic was accepted, or an output became public and verified: it may get a public page.
# Sent on commit with `instance`.
record_published = Signal()
# A record was made private or unverified: its public page, if any, is withdrawn. `instance`.
record_withdrawn = Signal()
# An import wrote records of `sender` (a model): `created` and `updated` lists.
records_imported = Signal()
