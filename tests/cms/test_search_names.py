"""/search/: records named so come before records that only mention the
words, each kind is capped and can be paged through, articles are found by
number and places by any spelling."""

import re

import pytest

from defenders.factories import DefenderFactory
from events.factories import ArticleFactory, EventFactory
from records.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def defenders_shown(html):
    return re.findall(r'class="card-title"><a href="[^"]*">([^<]*)<', html)


def headings(html):
    return re.findall(r'<h2 id="results-(\w+)">', html)


def test_the_person_named_comes_before_those_whose_text_mentions_the_name(client):
    DefenderFactory(
        name="Testname Mentioner", biography="<p>Worked with Bialiatski.</p>"
    )
    DefenderFactory(name="Ales Bialiatski", name_be="Алесь Бяляцкі")
    EventFactory(title="Bialiatski detained")

    html = search(client, q="Byalyatski")

    # Found by a romanisation nobody entered; the text match needs the spelling.
    assert defenders_shown(html) == ["Ales Bialiatski"]
    html = search(client, q="Bialiatski")
    assert defenders_shown(html) == ["Ales Bialiatski", "Testname Mentioner"]
    assert headings(html) == ["defenders", "events"]


@pytest.mark.parametrize("probe", [None, 4], ids=["ranked", "common-word probe"])
def test_each_kind_is_capped_and_its_own_page_pages_through_it(
    client, monkeypatch, probe
):
    if probe:  # the word is in every record: answered from the first found
        monkeypatch.setattr("records.models.COMMON_PROBE", probe)
        monkeypatch.setattr("records.models.TABLE_SIZES", {})
    monkeypatch.setattr("records.public.SEARCH_CAP", 30)
    monkeypatch.setattr("cms.views.RESULTS_PER_KIND", 4)
    for n in range(31):
        DefenderFactory(name=f"Testcommon Person{n:02d}")

    html = search(client, q="Testcommon")
    assert len(defenders_shown(html)) == 4
    assert "More than 30 results for “Testcommon”" in html
    assert 'kind=defenders">All defenders found</a>' in html

    pages = [
        defenders_shown(search(client, q="Testcommon", kind="defenders", page=page))
        for page in range(1, 10)
    ]
    assert [len(page) for page in pages] == [4] * 7 + [2, 2]  # page 9 is the last
    assert len({name for page in pages[:8] for name in page}) == 30


@pytest.mark.parametrize(
    "query, shown",
    [
        ("342", ["342-1", "342-2"]),
        ("ст. 342", ["342-1", "342-2"]),
        ("Article 342", ["342-1", "342-2"]),
        ("Art. 342-2", ["342-2"]),
        ("342.2", ["342-2"]),
        ("арт. 342", ["342-1", "342-2"]),
        ("411", []),
    ],
)
def test_articles_are_found_by_number(client, query, shown):
    ArticleFactory(number="342", part="1")
    ArticleFactory(number="342", part="2")
    ArticleFactory(number="361", part="1", title="Calls to harm national security")

    html = search(client, q=query)

    assert re.findall(r'\?article=([\w-]+)"', html) == shown


@pytest.mark.parametrize("query", ["Gomel", "Гомель", "Homel", "Homiel", "Homieĺ"])
def test_a_place_is_found_by_any_spelling_and_leads_to_its_defenders(client, query):
    homiel = PlaceFactory(name="Homieĺ", slug="homiel", other_names="Гомель\nGomel")
    EventFactory(places=[homiel], defenders=[DefenderFactory(name="Testname Local")])

    html = search(client, q=query)

    assert 'href="/defenders/?city=homiel">Defenders in Homieĺ</a>' in html
    listed = client.get("/defenders/", {"city": "homiel"}).content.decode()
    assert "Testname Local" in listed


def test_a_profile_lists_the_spellings_researchers_entered_not_the_generated(client):
    defender = DefenderFactory(
        name="Ales Bialiatski",
        name_be="Алесь Бяляцкі",
        other_names="Aleś Bialacki\nAles Bialiatski\nAles Byalyatski",
    )

    html = client.get(defender.get_absolute_url()).content.decode()

    also = re.search(r'class="also-written">(.*?)</p>', html, re.S)[1]
    assert also.endswith("Aleś Bialacki, Ales Byalyatski")
    # Generated variants are searched, not shown.
    assert "~bjaljacki" in defender.search_names and "Bjaljacki" not in html


def test_a_city_where_no_one_is_listed_lists_no_one_on_both(client):
    PlaceFactory(name="Testplace Quiet", slug="quiet")
    EventFactory(defenders=[DefenderFactory(name="Testname Elsewhere")])

    page = client.get("/defenders/", {"city": "quiet"})
    api = client.get("/api/v1/defenders/", {"city": "Testplace Quiet"})

    assert page.status_code == api.status_code == 200
    assert defenders_shown(page.content.decode()) == []
    assert api.json()["count"] == 0
    # The select shows the city asked for.
    assert (
        '<option value="quiet" selected>Testplace Quiet</option>'
        in page.content.decode()
    )


def slow_search(query):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1)")
    return [], False


@pytest.mark.postgres
def test_a_search_past_its_time_limit_asks_for_another_word(client, monkeypatch):
    """A search cannot hold a worker: past SEARCH_TIMEOUT_MS a statement is
    cancelled, the page asks for a narrower search and is kept nowhere."""
    monkeypatch.setattr("records.models.SEARCH_TIMEOUT_MS", 50)
    monkeypatch.setattr("cms.views.ranked_ids", lambda live, query: slow_search(query))
    response = client.get("/search/", {"q": "Sentinel"})
    assert response.status_code == 200
    assert "matches too much to list in time" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


@pytest.mark.postgres
def test_an_api_search_past_its_time_limit_is_a_400_naming_q(client, monkeypatch):
    monkeypatch.setattr("records.models.SEARCH_TIMEOUT_MS", 50)
    DefenderFactory(name="Ales Sentinel")
    monkeypatch.setattr(
        "records.models.RecordQuerySet.named_like",
        lambda self, *args, **kwargs: self.extra(where=["pg_sleep(1) IS NOT NULL"]),
    )
    response = client.get("/api/v1/defenders/", {"q": "Sentinel"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"q": ["This search takes too long: add a word to narrow it."]}
    }
