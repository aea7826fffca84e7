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


@pytest.fixture
def smtp(settings):
    """The site sends through a real SMTP server on a free port, down until
    the test starts it (tests/petition/smtp.py)."""
    from tests.petition.smtp import HOST, Sink

    sink = Sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()
