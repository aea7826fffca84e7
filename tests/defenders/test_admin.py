"""Defenders and organizations in the admin: derived figures shown, not typed,
and their own rules."""

import datetime

import pytest

from defenders.factories import DefenderFactory, OrganizationFactory
from defenders.models import Defender, Organization
from events.factories import EventFactory
from tests.admin_client import (
    admin_url,
    defender_data,
    form_errors,
    fuzzy,
    organization_data,
)

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "1"}


def test_edit_view_warns_when_status_contradicts_the_timeline(researcher_client):
    defender = DefenderFactory(status="imprisoned")
    EventFactory(defenders=[defender], date=datetime.date(2021, 7, 14))
    EventFactory(type="release", date=datetime.date(2022, 1, 1), defenders=[defender])
    response = researcher_client.get(admin_url(Defender, "edit", defender.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-timeline-warnings" in html
    assert "but a release follows the last detention" in html
    assert "Not held now; 171 days in detention in total." in html


def test_edit_view_says_so_when_the_timeline_agrees(researcher_client):
    defender = DefenderFactory(status="released")
    EventFactory(defenders=[defender], date=datetime.date(2021, 7, 14))
    EventFactory(type="release", date=datetime.date(2022, 1, 1), defenders=[defender])
    response = researcher_client.get(admin_url(Defender, "edit", defender.pk))
    html = response.content.decode()
    assert "data-timeline-warnings" not in html
    assert "The status agrees with the recorded detentions" in html


def test_days_in_detention_cannot_be_typed(researcher_client):
    response = researcher_client.get(admin_url(Defender, "add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert not any("days" in name for name in form.fields)


def test_defender_without_a_source_is_not_published(editor_client):
    response = editor_client.post(
        admin_url(Defender, "add"), {**defender_data(sources=[]), **PUBLISH}
    )
    assert response.status_code == 200
    assert form_errors(response, "sources")
    assert not Defender.objects.exists()


def test_defender_with_a_source_is_published(editor_client):
    response = editor_client.post(
        admin_url(Defender, "add"), {**defender_data(), **PUBLISH}
    )
    assert response.status_code == 302
    assert Defender.objects.get().live


def test_membership_ending_before_it_starts_is_refused(editor_client):
    viasna = OrganizationFactory()
    membership = {
        "organization": viasna.pk,
        "role": "member",
        **fuzzy("since", "2010-01-01", "year"),
        **fuzzy("until", "2005-01-01", "year"),
    }
    data = defender_data(memberships=[membership])
    response = editor_client.post(admin_url(Defender, "add"), {**data, **PUBLISH})
    assert response.status_code == 200
    formset = response.context["form"].formsets["memberships"]
    assert "The end cannot come before the start." in str(formset.errors)
    assert not Defender.objects.exists()


def test_status_as_of_in_the_future_is_refused(editor_client):
    data = defender_data()
    data["status_as_of"] = "2999"
    response = editor_client.post(admin_url(Defender, "add"), data)
    assert response.status_code == 200
    [error] = form_errors(response, "status_as_of")
    assert error.startswith("This date is in the future")
    assert not Defender.objects.exists()


def test_organization_closed_before_it_was_founded_is_refused(editor_client):
    data = organization_data(closed_on="1990")
    response = editor_client.post(admin_url(Organization, "add"), data)
    assert response.status_code == 200
    assert form_errors(response, "closed_on")
    assert not Organization.objects.exists()


def test_organization_closed_the_year_it_was_founded_is_accepted(editor_client):
    # Founded "1996" and closed 1 June 1996 can both be true.
    data = organization_data(closed_on="01.06.1996")
    response = editor_client.post(admin_url(Organization, "add"), data)
    assert response.status_code == 302
    assert Organization.objects.get().closed_on == datetime.date(1996, 6, 1)
