"""One create form creates one record, however often it is posted.

Wagtail 7.4 autosaves snippet forms, the create form included: a background
post (Accept: application/json) creates the record, and the page becomes
its edit form only once the answer is back. A "Save draft" clicked in
between posts the same create form again. Each create form carries a token
(`docket_form_token`); the second post of a token edits the record the
first one created.
"""

import re
import threading

import pytest

from django.db import connections
from django.test import Client

from defenders.factories import DefenderFactory
from events.factories import ArticleFactory
from events.models import Charge, Event
from records.forms import FORM_TOKEN
from tests.admin_client import admin_url, charge_data, event_data, login

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


def shown_token(client, model):
    """The token of a freshly shown create form, as the page holds it."""
    html = client.get(admin_url(model, "add")).content.decode()
    [token] = re.findall(rf'name="{FORM_TOKEN}" value="([0-9a-f]{{32}})"', html)
    return token


def test_every_create_form_shown_carries_a_new_token(editor_client):
    first, second = shown_token(editor_client, Event), shown_token(editor_client, Event)
    assert first != second


def test_an_autosave_then_save_draft_leave_one_record(editor_client):
    token = shown_token(editor_client, Event)
    data = {**event_data(type="raid", title="Raid", slug="raid"), FORM_TOKEN: token}
    autosave = editor_client.post(admin_url(Event, "add"), data, **AUTOSAVE)
    assert autosave.json()["success"] is True

    # "Save draft", clicked before the autosave's answer came back: the same
    # create form, with what was typed since.
    data["title_en"] = "Raid on the office"
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.get_latest_revision_as_object().title == "Raid on the office"
    assert event.revisions.count() == 2


def test_a_save_draft_then_a_late_autosave_leave_one_record_as_clicked(
    editor_client,
):
    token = shown_token(editor_client, Event)
    data = {**event_data(type="raid", title="Raid", slug="raid"), FORM_TOKEN: token}
    clicked = {**data, "title_en": "Raid, as saved"}
    assert editor_client.post(admin_url(Event, "add"), clicked).status_code == 302
    # The autosave sent before the click arrives last, with older content.
    late = editor_client.post(admin_url(Event, "add"), data, **AUTOSAVE).json()
    event = Event.objects.get()
    assert late["success"] is True
    assert late["pk"] == event.pk
    assert late["url"] == admin_url(Event, "edit", event.pk)
    assert event.get_latest_revision_as_object().title == "Raid, as saved"
    assert event.revisions.count() == 1


def test_publishing_the_same_form_twice_publishes_one_record(editor_client):
    token = shown_token(editor_client, Event)
    data = {
        **event_data([DefenderFactory()], title="Raid", slug="raid"),
        FORM_TOKEN: token,
        "action-publish": "1",
    }
    for _ in range(2):
        assert editor_client.post(admin_url(Event, "add"), data).status_code == 302
    event = Event.objects.get()
    assert event.live
    assert event.participants.count() == 1


def test_inline_rows_saved_by_the_first_post_are_not_added_again(editor_client):
    token = shown_token(editor_client, Charge)
    changes = [{"on": "26.09.2022", "outcome": "dropped", "note_en": "", "source": ""}]
    data = {
        **charge_data(
            DefenderFactory(), ArticleFactory(), outcome="dropped", changes=changes
        ),
        FORM_TOKEN: token,
    }
    assert editor_client.post(admin_url(Charge, "add"), data, **AUTOSAVE).json()[
        "success"
    ]
    data["changes-0-note_en"] = "Dropped at the hearing"
    assert editor_client.post(admin_url(Charge, "add"), data).status_code == 302
    charge = Charge.objects.get()
    latest = charge.get_latest_revision_as_object()
    assert [change.note for change in latest.changes.all()] == [
        "Dropped at the hearing"
    ]
    assert charge.changes.count() == 1


def test_two_create_forms_make_two_records(editor_client):
    for slug in ("raid-one", "raid-two"):
        data = {
            **event_data(type="raid", title=slug, slug=slug),
            FORM_TOKEN: shown_token(editor_client, Event),
        }
        assert editor_client.post(admin_url(Event, "add"), data).status_code == 302
    assert Event.objects.count() == 2


def test_a_token_is_one_users_own(client, editor, researcher):
    """Another user's post with the same token creates its own record (and
    never edits someone else's through it)."""
    login(client, editor)
    token = shown_token(client, Event)
    data = {**event_data(type="raid", title="Raid", slug="raid"), FORM_TOKEN: token}
    assert client.post(admin_url(Event, "add"), data).status_code == 302
    login(client, researcher)
    data = {**data, "slug": "raid-2"}
    assert client.post(admin_url(Event, "add"), data).status_code == 302
    assert Event.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_posted_twice_at_once_leaves_one_record(editor):
    """An autosave and a click at the same moment, each in its own thread
    and database connection: PostgreSQL makes them take turns."""
    clients = [Client(), Client()]
    for client in clients:
        login(client, editor)
    token = shown_token(clients[0], Event)
    data = {**event_data(type="raid", title="Raid", slug="raid"), FORM_TOKEN: token}
    barrier = threading.Barrier(2)
    statuses = []

    def post(client, extra):
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(admin_url(Event, "add"), data, **extra))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=post, args=(clients[0], AUTOSAVE)),
        threading.Thread(target=post, args=(clients[1], {})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(response.status_code for response in statuses) == [200, 302]
    assert Event.objects.count() == 1
