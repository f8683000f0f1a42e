"""Wagtail's database search backend (the admin's search, never the public one), with the typed
query made safe for the full-text syntax: the backend quotes each word without escaping the
quotes inside it, so a lone double quote made SQLite's FTS5 fail with a syntax error."""

from wagtail.search.backends import database
from wagtail.search.query import MATCH_ALL


class SafeQueries:
    def search(self, query, *args, **kwargs):
        return super().search(self.clean(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        query = self.clean(query)
        if query is MATCH_ALL:  # nothing left to complete: every row, as for an empty search
            return super().search(query, *args, **kwargs)
        return super().autocomplete(query, *args, **kwargs)

    @staticmethod
    def clean(query):
        if not isinstance(query, str):
            return query
        return query.replace('"', " ").strip() or MATCH_ALL


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks for in a backend module
    """The database backend Wagtail picks for the current database, with safe queries."""
    backend_class = type(database.SearchBackend(params))
    return type(f"Safe{backend_class.__name__}", (SafeQueries, backend_class), {})(params)
