"""Every fuzzy date in the admin is one text field: typed as a researcher
writes it, read with its precision, shown back as it was read, and refused
with a reason when it cannot be read. Never a silent change.

Through the real snippet create/edit views, inline panels included (a
charge's history, a defender's memberships), the revision compare view and
the API that reads what was saved.
"""

import datetime
import re

import pytest

from django.utils import timezone

from defenders.factories import DefenderFactory, OrganizationFactory
from defenders.models import Defender
from events.factories import ArticleFactory, EventFactory
from events.models import Charge, Event
from records.factories import SourceFactory
from tests.admin_client import (
    admin_url,
    charge_data,
    defender_data,
    event_data,
    form_errors,
)

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "publish"}
D = datetime.date


def saved_date(event, name="date"):
    return (
        getattr(event, name),
        getattr(event, f"{name}_precision"),
        getattr(event, f"{name}_approximate"),
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16.02.2021", (D(2021, 2, 16), "day", False)),
        ("6.2.2021", (D(2021, 2, 6), "day", False)),
        ("2021-02-16", (D(2021, 2, 16), "day", False)),
        ("02.2021", (D(2021, 2, 1), "month", False)),
        ("2021-02", (D(2021, 2, 1), "month", False)),
        ("2021", (D(2021, 1, 1), "year", False)),
        ("2021~", (D(2021, 1, 1), "year", True)),
        ("c. 02.2021", (D(2021, 2, 1), "month", True)),
    ],
)
def test_one_text_field_sets_the_day_precision_and_approximate(
    editor_client, typed, expected
):
    data = event_data(type="raid", date=typed)
    assert "date_precision" not in data and "date_approximate" not in data
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302, form_errors(response)
    assert saved_date(Event.objects.get()) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2021-02-30", "February 2021 has no day 30"),
        ("16/02/2021", "“16/02/2021” is not a date Docket can read."),
        ("16 February 2021", "“16 February 2021” is not a date Docket can read."),
        ("2021-13", "There is no month 13"),
        ("15.10.2999", "This date is in the future: 15 October 2999"),
    ],
)
def test_what_cannot_be_read_is_refused_on_the_field_and_kept_as_typed(
    editor_client, typed, reason
):
    data = event_data(type="raid", date=typed)
    response = editor_client.post(admin_url(Event, "add"), data)  # even a draft
    assert response.status_code == 200
    [error] = form_errors(response, "date")
    assert reason in error
    assert not Event.objects.exists()
    # The field still holds what was typed, for the researcher to correct.
    html = response.content.decode()
    assert re.search(rf'name="date"[^>]*value="{re.escape(typed)}"', html), typed


def test_today_is_not_the_future(editor_client):
    today = timezone.localdate()
    data = event_data(type="raid", date=f"{today:%d.%m.%Y}")
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    assert Event.objects.get().date == today


def test_the_edit_form_shows_the_date_as_typed_and_how_it_was_read(editor_client):
    defender = DefenderFactory(
        status_as_of=D(2025, 12, 1),
        status_as_of_precision="month",
        political_prisoner_since=D(2021, 1, 1),
        political_prisoner_since_precision="year",
        political_prisoner_since_approximate=True,
    )
    response = editor_client.get(admin_url(Defender, "edit", defender.pk))
    html = response.content.decode()
    assert re.search(r'name="status_as_of"[^>]*value="12.2025"', html)
    assert "Read as: December 2025 (month)" in html
    assert re.search(r'name="political_prisoner_since"[^>]*value="c. 2021"', html)
    assert "Read as: c. 2021 (year, approximate)" in html
    for gone in ("status_as_of_precision", "status_as_of_approximate"):
        assert f'name="{gone}"' not in html
    assert "records/fuzzy-date.js" in html


def test_saving_the_form_unchanged_changes_no_date(editor_client):
    event = EventFactory(
        type="raid",
        date=D(2021, 2, 1),
        date_precision="month",
        date_approximate=True,
        sources=[SourceFactory()],
    )
    html = editor_client.get(admin_url(Event, "edit", event.pk)).content.decode()
    [shown] = re.findall(r'name="date"[^>]*value="([^"]*)"', html)
    assert shown == "c. 02.2021"
    data = event_data(type="raid", title=event.title, slug=event.slug, date=shown)
    response = editor_client.post(admin_url(Event, "edit", event.pk), data)
    assert response.status_code == 302
    latest = Event.objects.get().get_latest_revision_as_object()
    assert saved_date(latest) == (D(2021, 2, 1), "month", True)


def test_clearing_an_optional_date_clears_its_precision_too(editor_client):
    event = EventFactory(
        type="raid", end=D(2021, 3, 1), end_precision="month", sources=[]
    )
    data = event_data(type="raid", title=event.title, slug=event.slug, end="")
    response = editor_client.post(admin_url(Event, "edit", event.pk), data)
    assert response.status_code == 302
    latest = Event.objects.get().get_latest_revision_as_object()
    assert saved_date(latest, "end") == (None, "day", False)


# --- Inline panels -----------------------------------------------------------


def history_row(on, outcome="dropped"):
    return {"on": on, "outcome": outcome, "note": "", "source": ""}


def test_a_charge_history_row_reads_its_date_too(editor_client):
    data = charge_data(
        DefenderFactory(),
        ArticleFactory(),
        outcome="dropped",
        changes=[history_row("09.2022")],
    )
    response = editor_client.post(admin_url(Charge, "add"), {**data, **PUBLISH})
    assert response.status_code == 302, form_errors(response)
    [row] = Charge.objects.get().changes.all()
    assert saved_date(row, "on") == (D(2022, 9, 1), "month", False)

    response = editor_client.get(admin_url(Charge, "edit", row.charge_id))
    html = response.content.decode()
    assert re.search(r'name="changes-0-on"[^>]*value="09.2022"', html)
    assert "Read as: September 2022 (month)" in html


def test_a_charge_history_row_that_cannot_be_read_is_refused(editor_client):
    data = charge_data(
        DefenderFactory(),
        ArticleFactory(),
        outcome="dropped",
        changes=[history_row("2022-09-31")],
    )
    response = editor_client.post(admin_url(Charge, "add"), {**data, **PUBLISH})
    assert response.status_code == 200
    errors = response.context["form"].formsets["changes"].errors
    assert "September 2022 has no day 31" in str(errors)
    assert not Charge.objects.exists()


def test_a_membership_reads_approximate_years(editor_client):
    membership = {
        "organization": OrganizationFactory().pk,
        "role_en": "member",
        "since": "c. 2010",
        "until": "03.2021",
    }
    data = defender_data(memberships=[membership])
    response = editor_client.post(admin_url(Defender, "add"), {**data, **PUBLISH})
    assert response.status_code == 302, form_errors(response)
    [row] = Defender.objects.get().memberships.all()
    assert saved_date(row, "since") == (D(2010, 1, 1), "year", True)
    assert saved_date(row, "until") == (D(2021, 3, 1), "month", False)


def test_the_new_row_template_of_an_inline_panel_has_the_date_field(editor_client):
    html = editor_client.get(admin_url(Defender, "add")).content.decode()
    assert 'name="memberships-__prefix__-since"' in html
    assert 'id="id_memberships-__prefix__-since-readout"' in html
    assert 'name="memberships-__prefix__-since_precision"' not in html


# --- Revisions, the live reading, the API -------------------------------------


def test_the_compare_view_shows_a_change_of_precision(editor_client):
    data = event_data(type="raid", title="Raid", slug="raid", date="02.2021")
    editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    event = Event.objects.get()
    # The same day column, 1 February 2021, read as a day this time.
    editor_client.post(
        admin_url(Event, "edit", event.pk), {**data, "date": "01.02.2021"}
    )
    first, second = event.revisions.order_by("created_at")
    url = admin_url(Event, "revisions_compare", event.pk, first.pk, second.pk)
    response = editor_client.get(url.replace("%2E%2E%2E", "..."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "February 2021" in html and "1 February 2021" in html
    [comparison] = [
        c for c in response.context["comparison"] if c.field_label() == "Date"
    ]
    assert comparison.has_changed()


def test_the_api_gives_what_was_typed_as_edtf(client, editor_client):
    data = event_data(type="raid", title="Raid", slug="raid", date="c. 02.2021")
    editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    record = client.get("/api/v1/events/raid/").json()
    assert record["date"] == "2021-02~"
    assert record["date_precision"] == "month"


def test_the_live_reading_says_how_the_text_is_read(editor_client):
    url = "/admin/fuzzy-date/"
    assert editor_client.get(url, {"text": "16.02.2021"}).json() == {
        "ok": True,
        "message": "Read as: 16 February 2021 (day)",
    }
    refused = editor_client.get(url, {"text": "2021-02-30"}).json()
    assert refused["ok"] is False
    assert "February 2021 has no day 30" in refused["message"]
    future = editor_client.get(url, {"text": "2999"}).json()
    assert future["ok"] is False and "in the future" in future["message"]
    allowed = editor_client.get(url, {"text": "2999", "allow_future": "1"}).json()
    assert allowed["ok"] is True


def test_the_live_reading_is_for_the_admin_only(client):
    response = client.get("/admin/fuzzy-date/", {"text": "2021"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
