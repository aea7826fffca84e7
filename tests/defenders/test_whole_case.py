"""The defender form shows the person's whole case (events/whole_case.py):
their events, charges and sentences, each linked to its form with its
publication state, and links that open the Event form for what comes next."""

import datetime
import re

import pytest

from defenders.factories import DefenderFactory
from defenders.models import Defender
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCaseFactory,
    EventFactory,
    SentenceFactory,
)
from events.models import Charge, Event, Sentence
from records.factories import SourceFactory
from tests.admin_client import admin_url

pytestmark = pytest.mark.django_db


def panel(response):
    """The whole-case panel's HTML, from an edit or create form."""
    html = response.content.decode()
    found = re.search(
        r"<div class=\"whole-case\" data-whole-case>(.*?)\n</div>", html, re.S
    )
    assert found, "no whole-case panel on the form"
    return found.group(1)


def section(html, name):
    found = re.search(rf"<ul data-whole-case-{name}>(.*?)</ul>", html, re.S)
    return found.group(1) if found else ""


def rows(html, name):
    return [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r"<li>(.*?)</li>", section(html, name), re.S)
    ]


def test_the_form_lists_events_charges_and_sentences_with_links_and_states(
    researcher_client,
):
    defender = DefenderFactory(name="Testperson Wholecase")
    detention = EventFactory(
        title="Detention of Testperson Wholecase",
        date=datetime.date(2021, 7, 14),
        defenders=[defender],
    )
    verdict = EventFactory(
        type=Event.Type.VERDICT,
        title="Verdict for Testperson Wholecase",
        date=datetime.date(2023, 3, 3),
        live=False,
        defenders=[defender],
    )
    charge = ChargeFactory(
        defender=defender,
        article=ArticleFactory(number="342", part="1"),
        outcome=Charge.Outcome.CONVICTED,
        case=CriminalCaseFactory(title="The test case"),
    )
    sentence = SentenceFactory(
        defender=defender, term_months=42, regime=Sentence.Regime.REINFORCED
    )
    # Someone else's records are not this person's case.
    EventFactory(title="Someone else's detention", defenders=[DefenderFactory()])

    response = researcher_client.get(admin_url(Defender, "edit", defender.pk))

    assert response.status_code == 200
    html = panel(response)
    assert rows(html, "events") == [
        "14 July 2021 · detention · Detention of Testperson Wholecase — detained live",
        "3 March 2023 · verdict · Verdict for Testperson Wholecase — sentenced draft",
    ]
    assert rows(html, "charges") == [
        "Article 342 part 1 — convicted (The test case) live"
    ]
    assert rows(html, "sentences") == [
        "3 years 6 months, reinforced regime — verdict of 3 March 2023 live"
    ]
    for record in (detention, verdict, charge, sentence):
        assert f'href="{admin_url(type(record), "edit", record.pk)}"' in html
    assert "Someone else" not in html


def test_drafts_and_reviews_show_as_wagtail_names_them(researcher_client, researcher):
    defender = DefenderFactory()
    # Published, then changed in a draft.
    changed = ChargeFactory(defender=defender, article=ArticleFactory(number="342"))
    changed.note = "A newer draft"
    changed.save_revision()
    Charge.objects.filter(pk=changed.pk).update(has_unpublished_changes=True)
    # Never published.
    ChargeFactory(defender=defender, article=ArticleFactory(number="361"), live=False)
    # Never published, submitted for review.
    in_review = EventFactory(
        live=False, defenders=[defender], sources=[SourceFactory()]
    )
    in_review.save_revision(user=researcher)
    Event.get_default_workflow().start(in_review, researcher)
    # Published, and a newer version submitted for review.
    live_in_review = SentenceFactory(defender=defender, sources=[SourceFactory()])
    live_in_review.save_revision(user=researcher)
    Sentence.get_default_workflow().start(live_in_review, researcher)

    html = panel(researcher_client.get(admin_url(Defender, "edit", defender.pk)))

    charges = rows(html, "charges")
    assert len(charges) == 2
    assert charges[0].endswith("live + draft")
    assert charges[1].endswith(" draft") and "live" not in charges[1]
    assert rows(html, "events")[0].endswith("in review")
    assert "live" not in rows(html, "events")[0]
    assert rows(html, "sentences")[0].endswith("live + in review")


def test_a_new_defender_has_nothing_recorded_yet(researcher_client):
    html = panel(researcher_client.get(admin_url(Defender, "add")))

    assert "Nothing is recorded yet" in html
    assert "data-whole-case-events" not in html


def test_the_add_links_open_the_event_form_with_the_type_and_the_person(
    researcher_client,
):
    defender = DefenderFactory(name="Testperson Nextstep")
    html = panel(researcher_client.get(admin_url(Defender, "edit", defender.pk)))
    links = {
        label: url.replace("&amp;", "&")
        for url, label in re.findall(
            r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', html
        )
    }
    assert list(links) == ["Add detention", "Add verdict", "Add release"]

    response = researcher_client.get(links["Add release"])

    assert response.status_code == 200
    form = response.context["form"]
    assert form["type"].value() == "release"
    participants = form.formsets["participants"].forms
    assert [row["defender"].value() for row in participants] == [defender.pk]
    assert participants[0]["role"].value() == "released"


def test_an_unknown_person_in_the_add_link_gives_an_empty_form(researcher_client):
    response = researcher_client.get(
        admin_url(Event, "add") + "?type=detention&defender=nobody"
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form["type"].value() == "detention"
    assert form.formsets["participants"].forms == []


def a_case(size):
    defender = DefenderFactory()
    for number in range(size):
        EventFactory(defenders=[defender], live=number % 2 == 0)
        ChargeFactory(
            defender=defender, article=ArticleFactory(number=str(100 + number))
        )
        SentenceFactory(defender=defender, case=CriminalCaseFactory())
    in_review = EventFactory(live=False, defenders=[defender])
    in_review.save_revision()
    Event.get_default_workflow().start(in_review, None)
    return defender


@pytest.mark.parametrize("size", [2, 20])
def test_the_panel_queries_do_not_grow_with_the_case(
    researcher_client, django_assert_max_num_queries, size
):
    defender = a_case(size)
    url = admin_url(Defender, "edit", defender.pk)

    with django_assert_max_num_queries(QUERIES):
        response = researcher_client.get(url)

    assert len(rows(panel(response), "events")) == size + 1


# The whole edit form, the panel's three lists and the timeline check
# included: 49 at 2 events and at 20.
QUERIES = 49
