import pytest

from django.core.cache import cache

from petition.factories import make_petition


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and resend throttles live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def petition(db):
    return make_petition()
