"""A charge's outcome as the record has it (`Charge.public_outcome`): one
answer for the profile, the charge API, its `outcome` filter and CSV.

The people are fictional."""

import csv
import datetime
import io

import pytest

from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from defenders.factories import DefenderFactory
from events.factories import ArticleFactory, ChargeFactory, EventFactory
from events.models import Charge, ChargeChange
from tests.admin_client import admin_url, charge_data, form_errors

pytestmark = pytest.mark.django_db

VERDICT_DAY = datetime.date(2023, 3, 3)


@pytest.fixture
def api(settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    return APIClient()


def verdict(charges, live=True, **fields):
    event = EventFactory(
        type="verdict",
        title=fields.pop("title", "Verdict of the Test case"),
        date=VERDICT_DAY,
        live=live,
        **fields,
    )
    event.charges.set(charges)
    event.save()  # a ParentalManyToManyField is written on save
    return event


def outcome_of(charge):
    return Charge.objects.with_public_outcome().get(pk=charge.pk).public_outcome


def api_charge(api, charge):
    return api.get(f"/api/v1/charges/{charge.pk}/").json()


def test_unknown_reads_outcome_not_known_never_pending(client, api):
    charge = ChargeFactory(
        defender=DefenderFactory(name="Unknown Outcome"), outcome="unknown"
    )
    assert outcome_of(charge).code == "unknown"
    assert outcome_of(charge).label == "outcome not known"
    html = client.get(charge.defender.get_absolute_url()).content.decode()
    assert "outcome not known" in html
    assert "pending" not in html
    assert api_charge(api, charge)["outcome"] == "unknown"


@pytest.mark.parametrize("own", ["unknown", "pending"])
def test_a_published_verdict_settles_an_unsettled_charge_as_convicted(client, api, own):
    charge = ChargeFactory(defender=DefenderFactory(name="Decided"), outcome=own)
    event = verdict([charge])
    outcome = outcome_of(charge)
    assert (outcome.code, outcome.verdict, outcome.on) == (
        "convicted",
        event,
        VERDICT_DAY,
    )
    assert outcome.label == "convicted on 3 March 2023"

    body = api_charge(api, charge)
    assert body["outcome"] == "convicted"
    assert body["verdict"] == event.slug
    assert (body["outcome_on"], body["outcome_on_precision"]) == ("2023-03-03", "day")
    defender = api.get(f"/api/v1/defenders/{charge.defender.slug}/").json()
    assert defender["charges"][0]["outcome"] == "convicted"
    assert defender["charges"][0]["verdict"] == event.slug

    html = client.get(charge.defender.get_absolute_url()).content.decode()
    assert (
        f'by the <a href="{event.get_absolute_url()}">verdict of 3 March 2023</a>'
        in (html)
    )
    assert "pending" not in html and "outcome not known" not in html


def test_a_draft_verdict_or_another_event_settles_nothing(api):
    charge = ChargeFactory(outcome="pending")
    verdict([charge], live=False, title="Draft verdict")
    trial = EventFactory(type="trial", title="A trial")
    trial.charges.set([charge])
    trial.save()
    assert outcome_of(charge).code == "pending"
    assert outcome_of(charge).verdict is None
    assert api_charge(api, charge)["outcome"] == "pending"
    assert api_charge(api, charge)["verdict"] is None


@pytest.mark.parametrize("own", ["acquitted", "dropped"])
def test_a_charge_s_own_settled_outcome_wins_over_a_verdict(own):
    charge = ChargeFactory(outcome=own)
    verdict([charge])
    assert outcome_of(charge).code == own


def test_a_replaced_charge_links_the_charge_that_replaced_it(client, api):
    defender = DefenderFactory(name="Replaced Charge")
    new = ChargeFactory(
        defender=defender,
        article=ArticleFactory(number="342", part="1"),
        brought_on=datetime.date(2022, 9, 26),
    )
    old = ChargeFactory(
        defender=defender,
        article=ArticleFactory(number="243", part="2", title="Tax evasion"),
        outcome="replaced",
        replaced_by=new,
    )
    outcome = outcome_of(old)
    assert outcome.replaced_by == new
    assert outcome.label == "replaced by Article 342 part 1 on 26 September 2022"

    # The history's change, when recorded, gives the day.
    ChargeChange.objects.create(
        charge=old, on=datetime.date(2022, 10, 1), outcome="replaced"
    )
    assert outcome_of(old).on == datetime.date(2022, 10, 1)

    html = client.get(defender.get_absolute_url()).content.decode()
    assert f'<li id="charge-{new.pk}">' in html
    assert f'replaced by <a href="#charge-{new.pk}">Article 342 part 1</a>' in html
    assert "on 1 October 2022" in html

    body = api_charge(api, old)
    assert body["outcome"] == "replaced"
    assert body["replaced_by"] == {
        "id": new.pk,
        "slug": f"{defender.slug}-342-1-{new.pk}",
        "article": "342-1",
    }
    assert api_charge(api, new)["replaced_by"] is None
    nested = api.get(f"/api/v1/defenders/{defender.slug}/").json()["charges"]
    assert {c["article"]: c["replaced_by"] for c in nested} == {
        "243-2": "342-1",
        "342-1": None,
    }


def test_a_draft_replacing_charge_is_not_shown(api):
    defender = DefenderFactory()
    new = ChargeFactory(defender=defender, live=False, note="draft charge")
    old = ChargeFactory(
        defender=defender,
        article=ArticleFactory(number="243", part="2"),
        outcome="replaced",
        replaced_by=new,
    )
    assert outcome_of(old).code == "replaced"
    assert outcome_of(old).replaced_by is None
    assert outcome_of(old).label == "replaced by another charge"
    assert api_charge(api, old)["replaced_by"] is None


def test_the_outcome_filter_and_csv_give_the_same_answer(api):
    defender = DefenderFactory(name="Many Charges")
    articles = [ArticleFactory(number=str(100 + i), part="1") for i in range(6)]
    decided_unknown = ChargeFactory(
        defender=defender, article=articles[0], outcome="unknown"
    )
    decided_pending = ChargeFactory(
        defender=defender, article=articles[1], outcome="pending"
    )
    ChargeFactory(defender=defender, article=articles[2], outcome="pending")
    ChargeFactory(defender=defender, article=articles[3], outcome="unknown")
    acquitted = ChargeFactory(
        defender=defender, article=articles[4], outcome="acquitted"
    )
    new = ChargeFactory(defender=defender, article=articles[5], outcome="convicted")
    ChargeFactory(
        defender=defender,
        article=ArticleFactory(number="200", part="1"),
        outcome="replaced",
        replaced_by=new,
    )
    verdict([decided_unknown, decided_pending, acquitted])

    rows = api.get("/api/v1/charges/", {"page_size": 200}).json()["results"]
    answers = {row["id"]: row["outcome"] for row in rows}
    assert sorted(answers.values()) == [
        "acquitted",
        "convicted",
        "convicted",
        "convicted",
        "pending",
        "replaced",
        "unknown",
    ]
    for outcome in Charge.Outcome.values:
        filtered = api.get("/api/v1/charges/", {"outcome": outcome}).json()
        assert {row["id"] for row in filtered["results"]} == {
            pk for pk, answer in answers.items() if answer == outcome
        }, outcome
    response = api.get("/api/v1/charges/", {"format": "csv"})
    table = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert {int(row["id"]): row["outcome"] for row in table} == answers


# --- The admin's rules ------------------------------------------------------


def test_a_replaced_charge_must_name_the_charge_that_replaced_it():
    charge = ChargeFactory(outcome="replaced")
    with pytest.raises(ValidationError) as refusal:
        charge.full_clean()
    assert "names the charge that replaced it" in str(
        refusal.value.message_dict["replaced_by"]
    )


def test_the_replacing_charge_must_be_another_of_the_same_defender():
    charge = ChargeFactory(outcome="replaced")
    other_defender = ChargeFactory(article=ArticleFactory(number="243", part="2"))
    for replacing, message in [
        (other_defender, "against the same defender"),
        (charge, "cannot replace itself"),
    ]:
        charge.replaced_by = replacing
        with pytest.raises(ValidationError) as refusal:
            charge.full_clean()
        assert message in str(refusal.value.message_dict["replaced_by"])
    charge.replaced_by = ChargeFactory(
        defender=charge.defender, article=ArticleFactory(number="243", part="2")
    )
    charge.full_clean()  # no error


def test_only_a_replaced_charge_names_a_replacing_one():
    charge = ChargeFactory(outcome="dropped")
    charge.replaced_by = ChargeFactory(
        defender=charge.defender, article=ArticleFactory(number="243", part="2")
    )
    with pytest.raises(ValidationError) as refusal:
        charge.full_clean()
    assert "replaced" in str(refusal.value.message_dict["replaced_by"])


def test_the_admin_refuses_a_replaced_charge_without_its_replacement(editor_client):
    data = charge_data(DefenderFactory(), ArticleFactory(), outcome="replaced")
    response = editor_client.post(
        admin_url(Charge, "add"), {**data, "action-publish": "publish"}
    )
    assert response.status_code == 200
    assert "names the charge that replaced it" in " ".join(
        form_errors(response, "replaced_by")
    )
    assert not Charge.objects.exists()
