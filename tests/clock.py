"""The real clock, inside a suite that runs on a pinned day (tests/conftest.py)."""

import contextlib

import time_machine


@contextlib.contextmanager
def real_clock():
    """Back on the real clock, read when the test starts, for a test that compares times with
    another process's own clock (Elasticsearch's index creation dates)."""
    with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
        yield
