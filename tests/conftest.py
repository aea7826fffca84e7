import os
from pathlib import Path

import pytest


@pytest.fixture
def home_page(db):
    """The home page, made again if a transactional test flushed it."""
    from tests.database import ensure_site

    return ensure_site()


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each test starts in English. A request activates its language for the
    thread (LocaleMiddleware), and a test's own reverse() or page.url after a
    request to /ru/ would otherwise be Russian."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


# Researchers and editors, logged in or not (helpers in tests/admin_client.py).


@pytest.fixture
def researcher(db):
    from tests.admin_client import make_user

    return make_user("researcher", "Researchers")


@pytest.fixture
def editor(db):
    from tests.admin_client import make_user

    return make_user("editor", "Editors")


@pytest.fixture
def researcher_client(client, researcher):
    from tests.admin_client import login

    return login(client, researcher)


@pytest.fixture
def editor_client(client, editor):
    from tests.admin_client import login

    return login(client, editor)


BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark browser tests; skip PostgreSQL-only tests on SQLite, saying why."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
