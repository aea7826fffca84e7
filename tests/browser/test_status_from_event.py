"""A participant's "Update their status to" on an event, in a real browser."""

import datetime
import re
from pathlib import Path

import pytest

from defenders.factories import DefenderFactory
from events.models import Event
from records.factories import PlaceFactory
from tests.admin_client import admin_url, login_browser, make_user
from tests.database import ensure_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path("/tmp/shots")  # noqa: S108 (where the screenshots are asked for)


def test_a_verdict_saves_the_status_chosen_for_its_participant(page, live_server):
    ensure_site()
    login_browser(page, live_server.url, make_user("browser-editor", "Editors"))
    DefenderFactory(
        name="Lambda Test Defender",
        slug="lambda-test-defender",
        status="detained",
        status_as_of=datetime.date(2021, 7, 1),
    )
    PlaceFactory(name="Minsk")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(admin_url(Event, "add"))
    page.locator('select[name="type"]').select_option("verdict")
    page.locator('input[name="title_en"]').fill("Verdict for Lambda Test Defender")
    page.locator('input[name="slug"]').fill("verdict-for-lambda-test-defender")
    date = page.locator('input[name="date"]')
    date.fill("03.03.2023")
    date.press("Tab")

    page.get_by_role("button", name=re.compile("Add person")).click()
    row = page.locator('[id="inline_child_participants-0"]')
    row.get_by_role("button", name=re.compile("Choose defender")).click()
    page.locator(".modal").get_by_role(
        "link", name="Lambda Test Defender"
    ).first.click()
    row.locator('select[name="participants-0-role"]').select_option("sentenced")
    status = row.locator('select[name="participants-0-new_status"]')
    # Nothing is chosen for the researcher: the blank says what it means.
    assert status.input_value() == ""
    assert "leave their status as it is" in status.locator("option").first.inner_text()
    status.select_option("imprisoned")
    assert "“imprisoned” after a verdict" in row.inner_text()

    SHOTS.mkdir(parents=True, exist_ok=True)
    row.screenshot(path=SHOTS / "status-1280.png")
    page.set_viewport_size({"width": 360, "height": 800})
    row.scroll_into_view_if_needed()
    row.screenshot(path=SHOTS / "status-360.png")
    # No sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/snippets/events/event/edit/"))
    event = Event.objects.get(slug="verdict-for-lambda-test-defender")
    latest = event.get_latest_revision_as_object()
    [participant] = latest.participants.all()
    assert participant.defender.name == "Lambda Test Defender"
    assert participant.new_status == "imprisoned"
    # The edit form shows it back, and what publishing will do.
    assert page.locator('select[name="participants-0-new_status"]').input_value() == (
        "imprisoned"
    )
    assert "updates Lambda Test Defender's status to “imprisoned”" in (
        page.locator("[data-status-updates]").inner_text()
    )
