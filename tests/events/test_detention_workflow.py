"""The workbench's reason to exist, walked end to end in the admin:

a researcher records a new detention (an Event naming the defender, with its
date, place and sources) and the charges brought, submits them for review;
an editor approves; the public then sees them, and not before.
"""

import datetime

import pytest

from wagtail.log_actions import registry as log_registry

from defenders.factories import DefenderFactory
from events.factories import ArticleFactory
from events.models import Charge, Event
from events.timeline import Timeline
from records.factories import PlaceFactory, SourceFactory
from tests.admin_client import admin_url, charge_data, event_data, ids, login

pytestmark = pytest.mark.django_db

SUBMIT = {"action-submit": "1"}
APPROVE = {"action-workflow-action": "1", "workflow-action-name": "approve"}


def test_researcher_records_a_detention_with_charges_and_an_editor_publishes_it(
    client, researcher, editor
):
    defender = DefenderFactory(name="Delta Test Defender", slug="delta-test-defender")
    minsk = PlaceFactory(name="Minsk")
    report = SourceFactory(title="Delta Test Defender detained", publisher="Viasna")
    article = ArticleFactory(number="342", part="1")

    # The researcher records the detention and submits it.
    login(client, researcher)
    detention = event_data(
        [defender],
        sources=[report],
        title="Detention of Delta Test Defender",
        slug="detention-of-delta-test-defender",
        day=datetime.date(2020, 9, 17),
        places=ids([minsk]),
    )
    response = client.post(admin_url(Event, "add"), {**detention, **SUBMIT})
    assert response.status_code == 302
    event = Event.objects.get(slug="detention-of-delta-test-defender")
    assert not event.live
    assert event.workflow_in_progress
    assert list(event.places.all()) == [minsk]
    assert list(event.sources.all()) == [report]
    assert [p.defender for p in event.participants.all()] == [defender]

    # ... and the charge brought against her.
    charge = charge_data(defender, article, sources=[report])
    charge["brought_on"] = "2020-09-25"
    response = client.post(admin_url(Charge, "add"), {**charge, **SUBMIT})
    assert response.status_code == 302
    charge = Charge.objects.get(defender=defender)
    assert charge.workflow_in_progress
    assert not charge.live

    # Nothing is public yet.
    client.logout()
    assert client.get(f"/events/{event.slug}/").status_code == 404

    # The editor sees it in review and approves both.
    login(client, editor)
    dashboard = client.get("/admin/")
    assert b"Detention of Delta Test Defender" in dashboard.content
    response = client.post(admin_url(Event, "edit", event.pk), {**detention, **APPROVE})
    assert response.status_code == 302
    task_state = charge.current_workflow_task_state
    response = client.post(
        admin_url(Charge, "workflow_action", charge.pk, "approve", task_state.pk)
    )
    assert response.status_code == 302

    event.refresh_from_db()
    charge.refresh_from_db()
    assert event.live and not event.workflow_in_progress
    assert charge.live and not charge.workflow_in_progress
    # The audit log says who did what.
    actions = {
        (entry.action, entry.user_id)
        for entry in log_registry.get_logs_for_instance(event)
    }
    assert ("wagtail.workflow.start", researcher.pk) in actions
    assert ("wagtail.workflow.approve", editor.pk) in actions
    assert ("wagtail.publish", editor.pk) in actions

    # The public sees the published detention, and the defender's days held.
    client.logout()
    page = client.get(f"/events/{event.slug}/")
    assert page.status_code == 200
    assert b"Delta Test Defender" in page.content
    current, _total = Timeline(defender).days(datetime.date(2021, 9, 17))
    assert current == 365
