"""The Wagtail admin in a real browser: what only a browser does (framing,
scripts, typing into fields and leaving them)."""

import datetime
import re

import pytest

from defenders.factories import DefenderFactory
from events.factories import ChargeFactory
from events.models import Charge, Event
from records.factories import PlaceFactory, SourceFactory
from tests.admin_client import admin_url, login_browser, make_user
from tests.database import ensure_site

# serialized_rollback: flushing would drop the home page, site, groups and
# root collection that migrations create, which every other test relies on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def editor_page(page, live_server):
    """The browser page, signed in to the admin as an editor (both steps;
    tests/browser/test_two_factor.py signs in through the forms)."""
    ensure_site()
    login_browser(page, live_server.url, make_user("browser-editor", "Editors"))
    page.goto("/admin/")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def test_the_preview_panel_shows_the_defender(editor_page):
    page = editor_page
    defender = DefenderFactory(
        name="Testavaya Asoba", name_be="Тэставая Асоба", sources=[SourceFactory()]
    )
    page.goto(admin_url(type(defender), "edit", defender.pk))
    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("#w-preview-iframe")
    heading = frame.locator("h1")
    heading.wait_for(timeout=15_000)
    assert heading.inner_text() == "Testavaya Asoba"
    assert "Тэставая Асоба" in frame.locator("body").inner_text()


def readout(page, name):
    return page.locator(f'[id="id_{name}-readout"]')


def type_and_leave(page, name, text):
    field = page.locator(f'input[name="{name}"]')
    field.fill(text)
    field.press("Tab")
    return field


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("15.10.2026", "Read as: 15 October 2026 (day)"),
        ("2021-02-16", "Read as: 16 February 2021 (day)"),
        ("2021-02", "Read as: February 2021 (month)"),
        ("c. 2021", "Read as: c. 2021 (year, approximate)"),
    ],
)
def test_a_typed_date_is_kept_and_read_back_live(editor_page, typed, read_as):
    page = editor_page
    page.goto(admin_url(Event, "add"))
    field = type_and_leave(page, "date", typed)
    expect_text(readout(page, "date"), read_as)
    assert field.input_value() == typed  # never replaced, never moved


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("16/02/2021", "“16/02/2021” is not a date Docket can read."),
        ("16 February 2021", "is not a date Docket can read."),
        ("2021-02-30", "February 2021 has no day 30: it has 28 days."),
        ("15.10.2999", "This date is in the future"),
    ],
)
def test_a_date_that_cannot_be_read_is_refused_live_and_kept(
    editor_page, typed, reason
):
    page = editor_page
    page.goto(admin_url(Event, "add"))
    field = type_and_leave(page, "date", typed)
    expect_text(readout(page, "date"), reason)
    assert readout(page, "date").get_attribute("data-state") == "error"
    assert field.input_value() == typed


def test_a_month_is_saved_as_a_month_and_shown_back(editor_page):
    page = editor_page
    SourceFactory(title="Browser report")
    PlaceFactory(name="Minsk")
    page.goto(admin_url(Event, "add"))
    page.locator('select[name="type"]').select_option("raid")
    page.locator('input[name="title_en"]').fill("Raid typed in a browser")
    page.locator('input[name="slug"]').fill("raid-typed-in-a-browser")
    type_and_leave(page, "date", "2021-02")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/snippets/events/event/"))
    event = Event.objects.get(slug="raid-typed-in-a-browser")
    latest = event.get_latest_revision_as_object()
    assert (latest.date, latest.date_precision) == (datetime.date(2021, 2, 1), "month")

    page.goto(admin_url(Event, "edit", event.pk))
    assert page.locator('input[name="date"]').input_value() == "02.2021"
    expect_text(readout(page, "date"), "Read as: February 2021 (month)")
    assert Event.objects.count() == 1


def test_an_inline_row_added_in_the_browser_reads_its_dates(editor_page):
    page = editor_page
    charge = ChargeFactory(defender=DefenderFactory(), sources=[SourceFactory()])
    page.goto(admin_url(Charge, "edit", charge.pk))
    page.get_by_role("button", name=re.compile("Add change of outcome")).click()
    field = type_and_leave(page, "changes-0-on", "26.9.2022")
    expect_text(readout(page, "changes-0-on"), "Read as: 26 September 2022 (day)")
    assert field.input_value() == "26.9.2022"
    field = type_and_leave(page, "changes-0-on", "2022-09-31")
    expect_text(readout(page, "changes-0-on"), "September 2022 has no day 31")


def expect_text(locator, text, timeout=5_000):
    """Wait until the locator's text contains `text` (the reading is live)."""
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text, timeout=timeout)
