"""The sources of an event, chosen in a real browser: remove one, search
the chooser, pick two at once, create a third in its Create tab, save a
draft."""

import datetime
import re

import pytest

from events.factories import EventFactory
from events.models import Event
from records.factories import SourceFactory
from records.models import Source
from tests.admin_client import admin_url, login_browser, make_user
from tests.database import ensure_site

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIASNA = "Viasna (spring96.org)"


def test_choosing_two_sources_and_creating_a_third(page, live_server):
    ensure_site()
    login_browser(page, live_server.url, make_user("browser-editor", "Editors"))
    errors = []
    # Not counted: the sidebar's avatar from Gravatar, offline here.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "ERR_NAME_NOT_RESOLVED" not in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    minsk = SourceFactory(
        title="Searches in Minsk",
        publisher=VIASNA,
        published_on=datetime.date(2021, 2, 16),
    )
    hrodna = SourceFactory(
        title="Searches in Hrodna",
        publisher=VIASNA,
        published_on=datetime.date(2021, 7, 14),
    )
    SourceFactory(title="Verdict in Homiel", publisher=VIASNA)
    stale = SourceFactory(title="Report cited by mistake")
    event = EventFactory(title="Raids on Viasna", sources=[stale])

    page.goto(admin_url(Event, "edit", event.pk))
    page.get_by_role("button", name="Remove Report cited by mistake").click()
    assert page.locator("[data-sources-chooser-list] > li").count() == 0
    page.get_by_role("button", name="Add sources").click()
    modal = page.locator(".modal")
    modal.locator("#id_q").fill("searches")
    results = modal.locator("#search-results")
    results.get_by_text("Verdict in Homiel").wait_for(state="detached")
    modal.locator(f'input[name="id"][value="{minsk.pk}"]').check()
    modal.locator(f'input[name="id"][value="{hrodna.pk}"]').check()
    modal.get_by_role("button", name="Confirm selection").click()
    modal.wait_for(state="hidden")

    chosen = page.locator("[data-sources-chooser-list] > li")
    assert chosen.count() == 2
    assert "16 February 2021" in chosen.nth(0).inner_text() + chosen.nth(1).inner_text()

    page.get_by_role("button", name="Add sources").click()
    modal.get_by_role("tab", name="Create").click()
    form = modal.locator("form[data-chooser-modal-creation-form]")
    form.locator('input[name="title"]').fill("Defenders detained after searches")
    form.locator('input[name="url"]').fill("https://spring96.org/en/news/102")
    form.locator('input[name="publisher"]').fill(VIASNA)
    form.locator('input[name="published_on"]').fill("16.02.2021")
    form.get_by_role("button", name="Create source").click()
    modal.wait_for(state="hidden")

    assert chosen.count() == 3
    created = chosen.nth(2)
    assert "Defenders detained after searches" in created.inner_text()
    assert "draft" in created.inner_text()

    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/snippets/events/event/"))
    new = Source.objects.get(title="Defenders detained after searches")
    assert not new.live
    assert (new.published_on, new.published_on_precision) == (
        datetime.date(2021, 2, 16),
        "day",
    )
    draft = Event.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert {source.pk for source in draft.sources.all()} == {
        minsk.pk,
        hrodna.pk,
        new.pk,
    }
    assert errors == []
