"""Sources disagree: an event keeps each claimed figure with its source."""

import pytest

from events.factories import EventFactory
from events.models import Event
from records.factories import SourceFactory
from tests.admin_client import admin_url, event_data, form_errors

pytestmark = pytest.mark.django_db


def figure(value, source, qualifier="exactly"):
    return {"qualifier": qualifier, "value": value, "source": source.pk, "note": ""}


def test_each_figure_is_kept_with_its_source(editor_client):
    petition = SourceFactory(publisher="Petition")
    rferl = SourceFactory(publisher="RFE/RL")
    data = event_data(
        type="organization_closure",
        title="Closure of 53 organizations",
        slug="closure",
        affected_count="53",
        sources=[petition, rferl],
        figures=[figure(53, petition), figure(40, rferl, "more_than")],
    )
    response = editor_client.post(
        admin_url(Event, "add"), {**data, "action-publish": "1"}
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="closure")
    assert [(f.value, f.qualifier, f.source) for f in event.figures.all()] == [
        (53, "exactly", petition),
        (40, "more_than", rferl),
    ]
    listing = editor_client.get(admin_url(Event, "list")).content.decode()
    assert "53 (Petition) · more than 40 (RFE/RL)" in listing


def test_a_figure_without_its_source_is_refused(editor_client):
    data = event_data(
        type="organization_closure",
        figures=[{"qualifier": "exactly", "value": 47, "source": "", "note": ""}],
    )
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 200
    formset = response.context["form"].formsets["figures"]
    assert formset.errors[0]["source"]
    assert not form_errors(response, "sources")
    assert not Event.objects.exists()


def test_figures_are_shown_in_the_edit_view(editor_client):
    source = SourceFactory(publisher="Viasna")
    event = EventFactory(sources=[source])
    event.figures.create(value=51, qualifier="exactly", source=source)
    event.save()
    response = editor_client.get(admin_url(Event, "edit", event.pk))
    assert response.status_code == 200
    formset = response.context["form"].formsets["figures"]
    assert [form.instance.value for form in formset.forms] == [51]
