import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without what an earlier one cached (the site menu)."""
    cache.clear()
    yield
    cache.clear()
