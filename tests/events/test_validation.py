"""Bad data is refused in the admin with an error on the field, never a 500.

Every rule is driven through the real snippet create/edit views, as a
logged-in editor (who may publish, so only the rule can refuse).
"""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from defenders.factories import DefenderFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCaseFactory,
    EventFactory,
)
from events.models import Charge, Event, Sentence
from events.timeline import Timeline
from records.factories import SourceFactory
from tests.admin_client import (
    admin_url,
    charge_data,
    event_data,
    form_errors,
    sentence_data,
)

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "publish"}


def refused(response, field, fragment):
    assert response.status_code == 200
    errors = " ".join(form_errors(response, field))
    assert fragment in errors, form_errors(response)


# --- A release cannot come before the detention it ends -------------------


def test_release_before_the_defenders_first_detention_is_refused(editor_client):
    defender = DefenderFactory()
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[defender]
    )
    data = event_data(
        [defender], role="released", type="release", day=datetime.date(2021, 7, 1)
    )
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    refused(response, "date", "a release cannot come before it")
    assert not Event.objects.filter(type="release").exists()


def test_release_after_the_detention_is_accepted(editor_client):
    defender = DefenderFactory()
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[defender]
    )
    data = event_data(
        [defender], role="released", type="release", day=datetime.date(2024, 12, 1)
    )
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    release = Event.objects.get(type="release")
    assert release.live
    assert Timeline(defender).days(datetime.date(2025, 1, 1))[1] == 1236


def test_release_is_checked_per_defender(editor_client):
    # Only the second defender was detained after the release date.
    early, late = DefenderFactory(), DefenderFactory()
    EventFactory(type="detention", date=datetime.date(2020, 8, 1), defenders=[early])
    EventFactory(type="detention", date=datetime.date(2021, 7, 14), defenders=[late])
    data = event_data(
        [early, late], role="released", type="release", day=datetime.date(2021, 1, 1)
    )
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    refused(response, "date", late.name)
    assert early.name not in " ".join(form_errors(response, "date"))


def test_release_in_the_month_of_the_detention_is_not_refused(editor_client):
    # "July 2021" may mean a day after the 14th: only a certain conflict is refused.
    defender = DefenderFactory()
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[defender]
    )
    data = event_data([defender], role="released", type="release")
    data.update({"date": "07.2021"})  # July 2021
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    assert Event.objects.filter(type="release", live=True).exists()


def test_moving_the_only_detention_after_a_release_is_refused(editor_client):
    defender = DefenderFactory()
    detention = EventFactory(
        type="detention",
        title="Detention",
        date=datetime.date(2021, 7, 14),
        defenders=[defender],
        sources=[SourceFactory()],
    )
    EventFactory(type="release", date=datetime.date(2022, 1, 1), defenders=[defender])
    data = event_data(
        [defender],
        day=datetime.date(2023, 1, 1),
        title="Detention",
        slug=detention.slug,
    )
    response = editor_client.post(
        admin_url(Event, "edit", detention.pk), {**data, **PUBLISH}
    )
    refused(response, "date", "no earlier detention is recorded")
    detention.refresh_from_db()
    assert detention.date == datetime.date(2021, 7, 14)


# --- Ends, futures and precision -------------------------------------------


def test_end_before_start_is_refused(editor_client):
    data = event_data(type="raid", end="10.02.2021")
    data["date"] = "16.02.2021"
    response = editor_client.post(admin_url(Event, "add"), {**data, **PUBLISH})
    refused(response, "end", "The end cannot come before the start.")
    assert not Event.objects.exists()


def test_date_in_the_future_is_refused_even_in_a_draft(editor_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = event_data(day=tomorrow)
    response = editor_client.post(admin_url(Event, "add"), data)
    refused(response, "date", "This date is in the future")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("day", "precision"),
    [("2021-02-16", "month"), ("2021-02-01", "year"), ("2021-03-16", "year")],
)
def test_a_day_on_a_month_or_year_date_is_refused_by_the_model(day, precision):
    # The admin's one text field cannot say this; an import or a script can.
    event = EventFactory.build(
        date=datetime.date.fromisoformat(day), date_precision=precision
    )
    with pytest.raises(ValidationError) as refusal:
        event.full_clean()
    assert "precision cannot name a" in str(refusal.value.message_dict["date"])


# --- Sentences ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "message"),
    [("0", "at least one month"), ("601", "cannot exceed 50 years")],
)
def test_sentence_term_of_zero_or_over_fifty_years_is_refused(
    editor_client, term, message
):
    data = sentence_data(DefenderFactory(), term_months=term)
    response = editor_client.post(admin_url(Sentence, "add"), {**data, **PUBLISH})
    refused(response, "term_months", message)
    assert not Sentence.objects.exists()


def test_verdict_before_the_charge_is_refused(editor_client):
    charge = ChargeFactory(brought_on=datetime.date(2021, 7, 17))
    data = sentence_data(charge.defender)
    data.update({"verdict_date": "2021-05-01"})
    response = editor_client.post(admin_url(Sentence, "add"), {**data, **PUBLISH})
    refused(response, "verdict_date", "The verdict cannot come before the charge")
    assert not Sentence.objects.exists()


def test_charge_after_the_verdict_in_its_case_is_refused(editor_client):
    from events.factories import SentenceFactory

    case = CriminalCaseFactory()
    sentence = SentenceFactory(case=case, verdict_date=datetime.date(2023, 3, 3))
    data = charge_data(sentence.defender, ArticleFactory(), case=case.pk)
    data.update({"brought_on": "2023-06-01"})
    response = editor_client.post(admin_url(Charge, "add"), {**data, **PUBLISH})
    refused(response, "brought_on", "cannot come after the verdict")
    assert not Charge.objects.exists()


# --- A charge's outcome is the latest in its history -------------------------


def change(day, outcome, source=""):
    return {
        "on": day,
        "outcome": outcome,
        "note": "",
        "source": source,
    }


def test_charge_outcome_must_match_its_latest_change(editor_client):
    data = charge_data(
        DefenderFactory(),
        ArticleFactory(),
        outcome="pending",
        changes=[change("2022-09-26", "dropped"), change("2021-07-17", "pending")],
    )
    response = editor_client.post(admin_url(Charge, "add"), {**data, **PUBLISH})
    refused(response, "outcome", "“dropped”")
    assert not Charge.objects.exists()


def test_charge_outcome_matching_its_latest_change_is_saved(editor_client):
    data = charge_data(
        DefenderFactory(),
        ArticleFactory(),
        outcome="dropped",
        changes=[change("2021-07-17", "pending"), change("2022-09-26", "dropped")],
    )
    response = editor_client.post(admin_url(Charge, "add"), {**data, **PUBLISH})
    assert response.status_code == 302
    charge = Charge.objects.get()
    assert charge.live
    assert [c.outcome for c in charge.changes.all()] == ["pending", "dropped"]


def test_a_deleted_history_row_does_not_count(editor_client):
    charge = ChargeFactory(outcome="pending")
    data = charge_data(
        charge.defender,
        charge.article,
        outcome="pending",
        changes=[{**change("2022-09-26", "dropped"), "DELETE": "1"}],
    )
    response = editor_client.post(
        admin_url(Charge, "edit", charge.pk), {**data, **PUBLISH}
    )
    assert response.status_code == 302
    charge.refresh_from_db()
    assert charge.outcome == "pending"


# --- Nothing unsourced is published or submitted ------------------------------


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
def test_event_without_a_source_is_not_published_or_submitted(editor_client, action):
    data = event_data([DefenderFactory()], sources=[])
    response = editor_client.post(admin_url(Event, "add"), {**data, action: "1"})
    refused(response, "sources", "Cite at least one source")
    assert not Event.objects.exists()


def test_event_without_a_source_can_be_saved_as_a_draft(editor_client):
    data = event_data([DefenderFactory()], sources=[])
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.live


def test_charge_and_sentence_without_a_source_are_not_published(editor_client):
    defender = DefenderFactory()
    response = editor_client.post(
        admin_url(Charge, "add"),
        {**charge_data(defender, ArticleFactory(), sources=[]), **PUBLISH},
    )
    refused(response, "sources", "Cite at least one source")
    response = editor_client.post(
        admin_url(Sentence, "add"), {**sentence_data(defender, sources=[]), **PUBLISH}
    )
    refused(response, "sources", "Cite at least one source")
    assert not Charge.objects.exists()
    assert not Sentence.objects.exists()
