"""A researcher's working day in a real browser: what only the browser's
scripts do."""

import pytest

from defenders.models import Defender
from tests.admin_client import admin_url, login_browser, make_user
from tests.database import ensure_site

# serialized_rollback: flushing would drop the home page, site, groups and
# root collection that migrations create, which every other test relies on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_typing_a_new_defender_s_name_fills_the_slug(page, live_server):
    from playwright.sync_api import expect

    ensure_site()
    login_browser(page, live_server.url, make_user("browser-researcher", "Researchers"))
    page.goto(admin_url(Defender, "add"))

    page.locator('input[name="name"]').press_sequentially("Testperson Typed Name")

    expect(page.locator('input[name="slug"]')).to_have_value("testperson-typed-name")
    # A slug the researcher wrote is theirs: the name no longer overwrites it.
    page.locator('input[name="slug"]').fill("testperson-own-slug")
    page.locator('input[name="name"]').press_sequentially(" Junior")
    page.locator('input[name="name_be"]').click()
    expect(page.locator('input[name="slug"]')).to_have_value("testperson-own-slug")
