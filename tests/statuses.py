"""For tests that read only status codes over many pages (the hostile-parameter sweep, the admin
permission matrix, the smoke test): the test client without its copy of every rendered template's
context.

Django's test client copies the context of each template a response renders into
`response.context`. An admin page renders about 200 templates: on three of the admin pages the
sweep opens most, those copies were about a quarter of each request's time (median 85 → 61 ms;
docs/performance.md, issue 27, fifteenth pass). Inside `statuses_only()` a response has no
`context` and no `templates`; everything else is the same."""

from unittest import mock


def statuses_only():
    """A context manager (or decorator) in which the test client records no rendered template."""
    return mock.patch(
        "django.test.client.store_rendered_templates", new=lambda *args, **kwargs: None
    )
