"""DESIGN §6 for the API: seed every private value we keep, walk every
endpoint (JSON and CSV, lists and details) and find none of them.

A suite that adds a private field adds a sentinel for it here."""

import datetime
import json

import pytest

from django.apps import apps

from defenders.factories import DefenderFactory, MembershipFactory, OrganizationFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCaseFactory,
    DetentionPlaceFactory,
    EventFactory,
    FigureFactory,
    SentenceFactory,
)
from events.models import ChargeChange, ClaimedFigure
from records.factories import PlaceFactory, SourceFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/defenders/",
    "/api/v1/events/",
    "/api/v1/organizations/",
    "/api/v1/charges/",
    "/api/v1/articles/",
    "/api/v1/figures/",
    "/api/v1/stats/",
    "/api/v1/petitions/",
    "/api/v1/sentences/",
    "/api/v1/places/",
    "/api/v1/detention-places/",
    "/api/v1/stats/monthly/",
]
# Looked up by id: they have no slug of their own.
BY_ID = {"/api/v1/charges/", "/api/v1/figures/", "/api/v1/sentences/"}
# Maps as well: ?format=geojson.
GEOJSON = {"/api/v1/events/", "/api/v1/places/", "/api/v1/detention-places/"}


@pytest.fixture
def secrets(case_file):
    """Plant a sentinel in every private place; return the sentinels."""
    found = []

    confidential = SourceFactory(
        title="SENTINEL-SECRET-SOURCE-TITLE",
        url="https://sentinel-secret.example/witness",
        publisher="SENTINEL-SECRET-PUBLISHER",
        archived_url="https://archive.example/sentinel-secret-archive",
        confidential=True,
    )
    found += [
        "SENTINEL-SECRET-SOURCE-TITLE",
        "sentinel-secret.example",
        "SENTINEL-SECRET-PUBLISHER",
        "sentinel-secret-archive",
    ]
    draft_source = SourceFactory(
        title="SENTINEL-DRAFT-SOURCE", url="https://draft-source.example/", live=False
    )
    found += ["SENTINEL-DRAFT-SOURCE", "draft-source.example"]

    alpha, omega = case_file["alpha"], case_file["omega"]
    for record in (alpha, case_file["raid"]):
        record.sources.add(confidential, draft_source)
        record.save()
    alpha.status_sources.add(confidential)
    alpha.save()

    draft_place = PlaceFactory(name="SENTINEL-DRAFT-PLACE", live=False)
    draft_org = OrganizationFactory(name="SENTINEL-DRAFT-ORG", live=False)
    draft_defender = DefenderFactory(
        name="SENTINEL-DRAFT-DEFENDER", slug="sentinel-draft-defender", live=False
    )
    MembershipFactory(defender=alpha, organization=draft_org, role="x")
    MembershipFactory(defender=draft_defender, organization=case_file["viasna"])
    found += [
        "SENTINEL-DRAFT-PLACE",
        "SENTINEL-DRAFT-ORG",
        "SENTINEL-DRAFT-DEFENDER",
        "sentinel-draft-defender",
    ]

    draft_event = EventFactory(
        title="SENTINEL-DRAFT-EVENT",
        slug="sentinel-draft-event",
        type="detention",
        date=datetime.date(2020, 1, 1),
        defenders=[alpha],
        live=False,
    )
    case_file["raid"].places.add(draft_place)
    case_file["raid"].organizations.add(draft_org)
    case_file["raid"].save()
    from events.models import EventDefender

    EventDefender.objects.create(
        event=case_file["raid"], defender=draft_defender, role="searched"
    )
    ClaimedFigure.objects.create(
        event=case_file["closure"], value=51, source=confidential
    )
    ClaimedFigure.objects.create(
        event=case_file["closure"], value=43, source=draft_source
    )
    found += ["SENTINEL-DRAFT-EVENT", "sentinel-draft-event"]
    assert draft_event.pk

    draft_article = ArticleFactory(
        number="999", part="9", title="SENTINEL-DRAFT-ARTICLE", live=False
    )
    draft_case = CriminalCaseFactory(title="SENTINEL-DRAFT-CASE", live=False)
    ChargeFactory(
        defender=alpha, article=draft_article, note="SENTINEL-CHARGE-DRAFT-ARTICLE"
    )
    ChargeFactory(defender=alpha, note="SENTINEL-DRAFT-CHARGE", live=False)
    ChargeFactory(defender=draft_defender, note="SENTINEL-CHARGE-OF-DRAFT-DEFENDER")
    live_charge = ChargeFactory(defender=omega, case=draft_case)
    ChargeChange.objects.create(
        charge=live_charge,
        on=datetime.date(2022, 1, 1),
        outcome="dropped",
        source=confidential,
    )
    found += [
        "SENTINEL-DRAFT-ARTICLE",
        "999-9",
        "SENTINEL-DRAFT-CASE",
        "SENTINEL-CHARGE-DRAFT-ARTICLE",
        "SENTINEL-DRAFT-CHARGE",
        "SENTINEL-CHARGE-OF-DRAFT-DEFENDER",
    ]

    # Where alpha is held: a draft detention place. A draft verdict deciding
    # a charge; a charge replaced by one under a draft article.
    draft_colony = DetentionPlaceFactory(
        name="SENTINEL-DRAFT-COLONY",
        slug="sentinel-draft-colony",
        postal_address="SENTINEL-DRAFT-COLONY-ADDRESS",
        live=False,
    )
    case_file["detention"].detention_place = draft_colony
    case_file["detention"].save()
    draft_verdict = EventFactory(
        type="verdict",
        title="SENTINEL-DRAFT-VERDICT",
        slug="sentinel-draft-verdict",
        live=False,
    )
    draft_verdict.charges.set([live_charge])
    draft_verdict.save()
    hidden = ChargeFactory(defender=omega, article=draft_article)
    ChargeFactory(defender=omega, outcome="replaced", replaced_by=hidden)
    found += [
        "SENTINEL-DRAFT-COLONY",
        "sentinel-draft-colony",
        "SENTINEL-DRAFT-VERDICT",
        "sentinel-draft-verdict",
    ]

    FigureFactory(note="SENTINEL-DRAFT-FIGURE", value=987654, live=False)
    case_file["figure"].sources.add(confidential, draft_source)
    case_file["figure"].save()
    found += ["SENTINEL-DRAFT-FIGURE", "987654", "987,654"]

    SentenceFactory(defender=alpha, court="SENTINEL-DRAFT-SENTENCE", live=False)
    # A published colony citing the confidential and the draft source.
    cited_colony = DetentionPlaceFactory(name="Test cited colony")
    cited_colony.sources.add(confidential, draft_source)
    SentenceFactory(defender=draft_defender, court="SENTINEL-SENTENCE-OF-DRAFT")
    found += ["SENTINEL-DRAFT-SENTENCE", "SENTINEL-SENTENCE-OF-DRAFT"]

    # private_notes on every model that has the field, every row of it.
    for model in apps.get_models():
        if any(f.name == "private_notes" for f in model._meta.get_fields()):
            label = f"SENTINEL-PRIVATE-{model._meta.model_name}"
            assert model.objects.update(private_notes=label) > 0, model
            found.append(label)

    # The petition: a confirmed signer and an unconfirmed one.
    from petition.factories import SignatureFactory, make_petition

    petition = make_petition(title="Free them", slug="free-them")
    signer = SignatureFactory(
        petition=petition,
        name="SENTINEL-SIGNER-NAME",
        email="sentinel-signer@example.org",
        show_first_name=True,
    )
    signer.confirm()
    SignatureFactory(
        petition=petition, name="SENTINEL-UNCONFIRMED", email="unconfirmed@x.example"
    )
    found += ["SENTINEL-SIGNER", "sentinel-signer@", "SENTINEL-UNCONFIRMED"]

    # The outbox of petition emails: its error and the site address it keeps.
    from petition.models import Email

    Email.objects.create(
        signature=signer,
        kind="confirm",
        base_url="https://sentinel-email-base.example/",
        status="failed",
        last_error="SENTINEL-EMAIL-ERROR",
    )
    found += ["SENTINEL-EMAIL-ERROR", "sentinel-email-base.example"]
    return found


def text(response):
    """The body, streamed (a whole-list CSV) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def walk(api):
    """Every answer the API gives for the seeded data: lists and details,
    JSON and CSV, plus searches that name the secrets."""
    answers = {}
    for path in LISTS:
        formats = [{}, {"format": "csv"}, {"page_size": 200}]
        if path.startswith("/api/v1/stats/"):
            formats[2] = {}  # one object: no pages
        if path in GEOJSON:
            formats.append({"format": "geojson"})
        for params in formats:
            response = api.get(path, params)
            assert response.status_code == 200, (path, response.content)
            answers[f"{path} {params}"] = text(response)
        if path.startswith("/api/v1/stats/"):
            continue
        for row in api.get(path, {"page_size": 200}).json()["results"]:
            key = row["id"] if path in BY_ID else row["slug"]
            for params in formats[:2] + formats[3:]:
                detail = api.get(f"{path}{key}/", params)
                assert detail.status_code == 200, (path, key)
                answers[f"{path}{key}/ {params}"] = text(detail)
    # The changes feed (its own sentinels, through Wagtail's publish and
    # unpublish: tests/api/test_changes.py).
    answers["/api/v1/changes/"] = text(api.get("/api/v1/changes/", {"page_size": 200}))
    for q in ["SENTINEL", "sentinel", "secret", "DRAFT", "witness", "signer"]:
        for path in [
            "/api/v1/defenders/",
            "/api/v1/events/",
            "/api/v1/organizations/",
            "/api/v1/places/",
            "/api/v1/detention-places/",
        ]:
            response = api.get(path, {"q": q})
            answers[f"{path} q={q}"] = response.content.decode()
            assert response.json()["count"] == 0, (path, q)
    return answers


def test_no_private_value_in_any_answer(api, secrets):
    answers = walk(api)
    assert len(answers) > 40
    for where, text in answers.items():
        lowered = text.lower()
        for secret in secrets:
            assert secret.lower() not in lowered, (secret, where)


def test_withheld_sources_still_show_as_withheld(api, secrets):
    body = api.get("/api/v1/defenders/alpha-test-defender/").json()
    withheld = {"withheld": True, "title": "source withheld for safety"}
    assert withheld in body["sources"]
    assert withheld in body["status_sources"]
    closure = api.get("/api/v1/events/closures-2021-07-22/").json()
    assert [f["source"] for f in closure["figures"]] == [withheld, None]


def test_drafts_and_their_dependants_are_404(api, secrets):
    for path in [
        "/api/v1/defenders/sentinel-draft-defender/",
        "/api/v1/events/sentinel-draft-event/",
        "/api/v1/organizations/sentinel-draft-org/",
        "/api/v1/articles/999-9/",
        "/api/v1/places/sentinel-draft-place/",
        "/api/v1/detention-places/sentinel-draft-colony/",
    ]:
        assert api.get(path).status_code == 404, path
    from events.models import Sentence

    hidden = Sentence.objects.exclude(live=True, defender__live=True)
    assert hidden.count() == 2
    for sentence in hidden:
        assert api.get(f"/api/v1/sentences/{sentence.pk}/").status_code == 404
    from events.models import Charge

    for charge in Charge.objects.exclude(live=True, defender__live=True):
        assert api.get(f"/api/v1/charges/{charge.pk}/").status_code == 404
    from events.models import Figure

    for figure in Figure.objects.filter(live=False):
        assert api.get(f"/api/v1/figures/{figure.pk}/").status_code == 404


def test_drafts_are_not_filter_values(api, secrets):
    for path, params in [
        ("/api/v1/events/", {"defender": "sentinel-draft-defender"}),
        ("/api/v1/defenders/", {"organization": "sentinel-draft-org"}),
        ("/api/v1/defenders/", {"article": "999-9"}),
        ("/api/v1/defenders/", {"city": "SENTINEL-DRAFT-PLACE"}),
    ]:
        response = api.get(path, params)
        assert response.status_code == 400
        assert "SENTINEL" not in json.dumps(response.json()).upper().replace(
            "SENTINEL-DRAFT-PLACE", ""
        )


def test_petition_shows_only_the_confirmed_count(api, secrets):
    body = api.get("/api/v1/petitions/free-them/").json()
    assert body["signature_count"] == 1
    assert body["goal"] == 100
    assert body["title"] == "Free them"
    assert set(body) == {
        "slug",
        "url",
        "updated_at",
        "title",
        "addressee",
        "goal",
        "deadline",
        "signature_count",
        "is_open",
        "defenders",
    }


def test_stats_count_only_published_records(api, secrets):
    body = api.get("/api/v1/stats/").json()
    assert body["defenders"] == 2
    assert body["sentence_months_total"] == 120
