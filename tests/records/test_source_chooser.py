"""The Source chooser and the sources widget of every record's form.

Search by title, publisher or URL; several sources chosen at once; a source
made in the Create tab is a draft (its fuzzy date as typed); the widget names
each chosen source by title, date and publisher; and publishing a record
publishes the draft sources it cites, and only those.
"""

import datetime

import pytest

from django.urls import reverse

from wagtail.models import ModelLogEntry

from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.factories import EventFactory
from events.models import Event
from records.choosers import SourceCreationForm
from records.factories import SourceFactory
from records.forms import FuzzyDateField
from records.models import Source
from tests.admin_client import admin_url, event_data

pytestmark = pytest.mark.django_db

VIASNA = "Viasna (spring96.org)"


def chooser_url(view):
    return reverse(f"wagtailsnippetchoosers_records_source:{view}")


def viasna(title, day, **fields):
    return SourceFactory(
        title=title, publisher=VIASNA, published_on=day, live=True, **fields
    )


def test_a_source_is_named_by_title_then_date_then_publisher():
    source = viasna("Searches in Minsk", datetime.date(2021, 2, 16))
    assert str(source) == f"Searches in Minsk — 16 February 2021 · {VIASNA}"
    assert str(SourceFactory(title="Leak", publisher="")) == "Leak"


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("searches minsk", ["Searches in Minsk"]),
        ("spring96", ["Searches in Minsk", "Verdict in Hrodna"]),
        ("news/2023", ["Verdict in Hrodna"]),
    ],
)
def test_the_chooser_searches_title_publisher_and_url(editor_client, q, found):
    viasna("Searches in Minsk", datetime.date(2021, 2, 16))
    viasna(
        "Verdict in Hrodna",
        datetime.date(2023, 3, 3),
        url="https://spring96.org/en/news/2023/1",
    )
    SourceFactory(title="Unrelated report", url="https://example.org/x")
    response = editor_client.get(chooser_url("choose_results"), {"q": q})
    html = response.content.decode()
    assert response.status_code == 200
    for title in ["Searches in Minsk", "Verdict in Hrodna", "Unrelated report"]:
        assert (title in html) == (title in found)


def test_the_chooser_lists_date_publisher_and_status_with_checkboxes(editor_client):
    viasna("Searches in Minsk", datetime.date(2021, 2, 16))
    SourceFactory(title="Unchecked leak", live=False, confidential=True)
    response = editor_client.get(chooser_url("choose"), {"multiple": "1"})
    html = response.json()["html"]
    assert "16 February 2021" in html
    assert VIASNA in html
    assert "draft, confidential" in html
    assert 'name="id"' in html  # a checkbox per source: several at once


def test_choosing_several_answers_each_with_its_label(editor_client):
    one = viasna("Searches in Minsk", datetime.date(2021, 2, 16))
    two = SourceFactory(title="Unchecked leak", publisher="", live=False)
    response = editor_client.get(
        chooser_url("chosen_multiple"), {"id": [one.pk, two.pk], "multiple": "1"}
    )
    data = response.json()
    assert data["step"] == "chosen"
    by_id = {item["id"]: item for item in data["result"]}
    assert by_id[str(one.pk)]["date"] == "16 February 2021"
    assert by_id[str(one.pk)]["publisher"] == VIASNA
    assert by_id[str(one.pk)]["draft"] is False
    assert by_id[str(two.pk)]["draft"] is True
    assert by_id[str(two.pk)]["title"] == "Unchecked leak"


def test_the_create_tab_uses_the_fuzzy_date_field():
    assert isinstance(SourceCreationForm().fields["published_on"], FuzzyDateField)


def create_data(**fields):
    return {
        "title": "Human rights defenders detained after searches",
        "url": "https://spring96.org/en/news/101",
        "publisher": VIASNA,
        "published_on": "16.02.2021",
        "archived_url": "",
        **fields,
    }


@pytest.mark.parametrize(
    ("typed", "day", "precision"),
    [
        ("16.02.2021", datetime.date(2021, 2, 16), "day"),
        ("02.2021", datetime.date(2021, 2, 1), "month"),
    ],
)
def test_the_create_tab_makes_a_draft_with_the_date_as_typed(
    researcher_client, researcher, typed, day, precision
):
    response = researcher_client.post(
        f"{chooser_url('create')}?multiple=1", create_data(published_on=typed)
    )
    data = response.json()
    assert data["step"] == "chosen"
    [chosen] = data["result"]
    source = Source.objects.get()
    assert chosen["id"] == str(source.pk)
    assert chosen["draft"] is True
    assert not source.live
    assert (source.published_on, source.published_on_precision) == (day, precision)
    assert source.latest_revision.user == researcher
    entry = ModelLogEntry.objects.for_instance(source).get()
    assert (entry.action, entry.user) == ("wagtail.create", researcher)


def test_a_bad_date_in_the_create_tab_is_a_form_error(researcher_client):
    response = researcher_client.post(
        chooser_url("create"), create_data(published_on="31.02.2021")
    )
    data = response.json()
    assert response.status_code == 200
    assert data["step"] == "reshow_creation_form"
    assert "error-message" in data["htmlFragment"]
    assert not Source.objects.exists()


def test_a_url_already_cited_is_a_form_error_in_the_create_tab(researcher_client):
    SourceFactory(url="https://spring96.org/en/news/101")
    response = researcher_client.post(chooser_url("create"), create_data())
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert "This URL is already a source" in data["htmlFragment"]
    assert Source.objects.count() == 1


def test_the_widget_lists_the_chosen_sources_by_title_and_date(editor_client):
    chosen = [
        viasna("Searches in Minsk", datetime.date(2021, 2, 16)),
        viasna("Searches in Minsk", datetime.date(2021, 7, 14)),
    ]
    draft = SourceFactory(title="Unchecked leak", live=False, confidential=True)
    not_chosen = viasna("Verdict in Hrodna", datetime.date(2023, 3, 3))
    event = EventFactory(sources=[*chosen, draft])
    html = editor_client.get(admin_url(Event, "edit", event.pk)).content.decode()
    for source in [*chosen, draft]:
        assert f'name="sources" value="{source.pk}"' in html
    assert "16 February 2021" in html
    assert "14 July 2021" in html
    assert "Verdict in Hrodna" not in html
    assert f'value="{not_chosen.pk}"' not in html
    assert "sources-chooser.js" in html
    assert "Add sources" in html


def test_a_defender_form_uses_the_widget_for_status_sources_too(editor_client):
    status = viasna("Status update", datetime.date(2025, 12, 1))
    defender = DefenderFactory()
    defender.status_sources.set([status])
    defender.save()
    html = editor_client.get(admin_url(Defender, "edit", defender.pk)).content.decode()
    assert f'name="status_sources" value="{status.pk}"' in html
    assert "1 December 2025" in html


def test_publishing_a_record_publishes_the_draft_sources_it_cites(
    editor_client, editor
):
    cited = SourceFactory(title="Cited draft", live=False)
    other = SourceFactory(title="Draft cited elsewhere", live=False)
    data = event_data([DefenderFactory()], sources=[cited])
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    assert Event.objects.get().live
    cited.refresh_from_db()
    other.refresh_from_db()
    assert cited.live
    assert cited.live_revision.user == editor
    entry = ModelLogEntry.objects.for_instance(cited).get(action="wagtail.publish")
    assert entry.user == editor
    assert not other.live


def test_publishing_a_defender_publishes_its_draft_status_sources(editor):
    status = SourceFactory(title="Status draft", live=False)
    defender = DefenderFactory(live=False)
    defender.status_sources.set([status])
    defender.save_revision(user=editor).publish(user=editor)
    status.refresh_from_db()
    assert status.live


def test_publishing_an_event_publishes_the_draft_source_of_a_figure(editor):
    figure_source = SourceFactory(title="Figure draft", live=False)
    event = EventFactory(live=False, sources=[SourceFactory()])
    event.figures.create(qualifier="exactly", value=53, source=figure_source)
    event.save_revision(user=editor).publish(user=editor)
    figure_source.refresh_from_db()
    assert figure_source.live


def test_submitting_for_review_publishes_no_source(researcher_client, editor_client):
    draft = SourceFactory(title="Unchecked leak", live=False)
    data = event_data([DefenderFactory()], sources=[draft])
    response = researcher_client.post(
        admin_url(Event, "add"), {**data, "action-submit": "1"}
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.workflow_in_progress
    assert not event.live
    draft.refresh_from_db()
    assert not draft.live
