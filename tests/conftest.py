import os
from pathlib import Path

import pytest


@pytest.fixture
def home_page():
    from cms.models import HomePage

    return HomePage.objects.get(slug="home")


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
