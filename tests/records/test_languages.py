"""Languages (DESIGN §9): the address carries the language, a first visit is
negotiated, the switcher keeps the reader on their page, texts fall back to
English and say so, names show in the reader's script, and the API's facts
are the same in every language."""

import datetime

import pytest

from django.conf import settings
from django.utils import translation

from defenders.factories import DefenderFactory
from records import languages
from records.fuzzydate import display, when
from tests.database import ensure_site


@pytest.fixture
def defender(db):
    ensure_site()
    return DefenderFactory(
        name="Ales Bialiatski",
        name_be="Алесь Бяляцкі",
        name_ru="Алесь Беляцкий",
        slug="ales-bialiatski",
        biography_en="<p>Founder of Viasna.</p>",
        biography_be="<p>Заснавальнік «Вясны».</p>",
        status_note_en="Held in Horki.",
    )


def test_english_at_the_root_others_under_their_prefix(client, defender):
    for prefix, code in (("", "en"), ("/be", "be"), ("/ru", "ru")):
        response = client.get(f"{prefix}/defenders/{defender.slug}/")
        assert response.status_code == 200
        assert f'<html lang="{code}">' in response.text
        assert response["Content-Language"] == code


def test_an_english_prefix_goes_to_the_root(client, db):
    response = client.get("/en/defenders/?status=held")
    assert response.status_code == 301
    assert response["Location"] == "/defenders/?status=held"
    assert client.get("/en/")["Location"] == "/"


def test_every_language_linked_as_an_alternate(client, defender):
    text = client.get(f"/ru/defenders/{defender.slug}/").text
    for code, path in (("en", ""), ("be", "/be"), ("ru", "/ru")):
        href = f"http://testserver{path}/defenders/{defender.slug}/"
        assert f'<link rel="alternate" hreflang="{code}" href="{href}">' in text
    assert 'hreflang="x-default" href="http://testserver/defenders/' in text


def test_first_visit_goes_to_the_browsers_language(client, defender):
    response = client.get("/defenders/?status=held", HTTP_ACCEPT_LANGUAGE="be,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/be/defenders/?status=held"
    assert "Accept-Language" in response["Vary"]
    # A language we do not have, or English, stays at the English address.
    for header in ("de,fr;q=0.8", "en-GB,en;q=0.9,ru;q=0.5", ""):
        response = client.get("/defenders/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 200, header
        assert "Accept-Language" in response["Vary"]


def test_the_switcher_keeps_the_reader_on_their_page(client, defender):
    page = client.get(f"/be/defenders/{defender.slug}/").text
    assert f"/language/en/?next=%2Fdefenders%2F{defender.slug}%2F" in page
    response = client.get(f"/language/en/?next=/defenders/{defender.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/defenders/{defender.slug}/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # Chosen English stays English, whatever the browser asks for.
    again = client.get(f"/defenders/{defender.slug}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert again.status_code == 200
    # From a page in one language to the same page in another.
    response = client.get(f"/language/ru/?next=/be/defenders/{defender.slug}/")
    assert response["Location"] == f"/ru/defenders/{defender.slug}/"


def test_the_switcher_never_leaves_the_site(client, db):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.get("/language/be/", {"next": target})
        assert response.status_code == 302
        assert response["Location"] == "/be/", target
    assert client.get("/language/de/?next=/").status_code == 404


def test_text_falls_back_to_english_and_says_so(defender):
    with translation.override("be"):
        text = languages.text_in(defender, "status_note")
    assert (text.value, text.language, text.fallback) == ("Held in Horki.", "en", True)
    with translation.override("be"):
        text = languages.text_in(defender, "biography")
    assert (text.language, text.fallback) == ("be", False)
    with translation.override("en"):
        assert not languages.text_in(defender, "status_note").fallback


def test_names_in_the_readers_script_first(db):
    defender = DefenderFactory(name="Nasta Loika", name_be="Наста Лойка", name_ru="")
    with translation.override("be"):
        assert defender.local_name == "Наста Лойка"
    # No Russian spelling: the Belarusian Cyrillic one before the Latin.
    with translation.override("ru"):
        assert defender.local_name == "Наста Лойка"
    with translation.override("en"):
        assert defender.local_name == "Nasta Loika"


@pytest.mark.parametrize(
    "language, day, month, approximate",
    [
        ("en", "16 February 2021", "in February 2021", "c. 2021"),
        ("be", "16 лютага 2021", "у лютым 2021", "каля 2021"),
        ("ru", "16 февраля 2021", "в феврале 2021", "около 2021"),
    ],
)
def test_dates_in_each_languages_own_form(language, day, month, approximate):
    february = datetime.date(2021, 2, 16)
    with translation.override(language):
        assert display(february, "day") == day
        assert when(datetime.date(2021, 2, 1), "month").startswith(month)
        assert display(datetime.date(2021, 1, 1), "year", approximate=True).startswith(
            approximate
        )


@pytest.mark.parametrize(
    "language, forms",
    [
        ("be", {1: "1 дзень", 2: "2 дні", 5: "5 дзён", 21: "21 дзень", 11: "11 дзён"}),
        ("ru", {1: "1 день", 2: "2 дня", 5: "5 дней", 21: "21 день", 11: "11 дней"}),
    ],
)
def test_three_plural_forms(language, forms):
    """A count of days held, as the profile says it, in each of the three
    forms Belarusian and Russian have."""
    with translation.override(language):
        for count, text in forms.items():
            said = translation.ngettext(
                "%(days)s day, to today", "%(days)s days, to today", count
            ) % {"days": count}
            assert said.startswith(text) and not said[len(text)].isalnum(), said


def test_api_language_and_identical_facts(client, defender):
    answers = {}
    for code in ("en", "be", "ru"):
        response = client.get(f"/api/v1/defenders/{defender.slug}/?lang={code}")
        assert response.status_code == 200
        assert response["Content-Language"] == code
        answers[code] = response.json()
    assert answers["be"]["biography"] == "<p>Заснавальнік «Вясны».</p>"
    assert answers["ru"]["biography"] == "<p>Founder of Viasna.</p>"
    texts = {"biography", "status_note", "role", "url"}
    facts = [{k: v for k, v in a.items() if k not in texts} for a in answers.values()]
    assert facts[0] == facts[1] == facts[2]
    assert facts[0]["name"] == "Ales Bialiatski"


def test_api_takes_accept_language_and_refuses_an_unknown_lang(client, defender):
    response = client.get("/api/v1/defenders/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9")
    assert response["Content-Language"] == "ru"
    assert "Accept-Language" in response["Vary"]
    response = client.get("/api/v1/defenders/?lang=de")
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


def test_sitemap_lists_every_language(client, defender):
    text = client.get("/sitemap.xml").text
    for path in ("", "/be", "/ru"):
        assert f"<loc>http://testserver{path}/defenders/{defender.slug}/</loc>" in text


def test_a_profile_marks_a_text_shown_in_english(client, defender):
    page = client.get(f"/be/defenders/{defender.slug}/").text
    # The Belarusian biography, as written; the status note only in English,
    # marked so and said so.
    assert "Заснавальнік «Вясны»." in page
    assert '<p lang="en">Held in Horki.</p>' in page
    assert page.count('class="fallback-note"') == 1
    english = client.get(f"/defenders/{defender.slug}/").text
    assert "fallback-note" not in english
    assert "<h1>Алесь Бяляцкі</h1>" in page
    assert (
        "<h1>Алесь Беляцкий</h1>" in client.get(f"/ru/defenders/{defender.slug}/").text
    )


def test_researchers_find_what_lacks_a_translation(researcher_client, defender):
    translated = DefenderFactory(
        name="Nasta Loika", status_note_en="Held.", status_note_be="Утрымліваецца."
    )
    url = "/admin/snippets/defenders/defender/"
    listing = researcher_client.get(url, {"missing_translation": "be"}).text
    assert defender.name in listing
    assert translated.name not in listing
    listing = researcher_client.get(url, {"missing_translation": "ru"}).text
    assert defender.name in listing and translated.name in listing


def test_the_admin_edits_each_language_side_by_side(researcher_client, defender):
    form = researcher_client.get(
        f"/admin/snippets/defenders/defender/edit/{defender.pk}/"
    )
    text = form.text
    for code in ("en", "be", "ru"):
        assert f'name="biography_{code}"' in text
        assert f'name="status_note_{code}"' in text
    assert "Беларуская" in text and "Русский" in text


def test_the_admin_speaks_belarusian_and_russian(researcher_client, researcher):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(researcher)
    profile.preferred_language = "be"
    profile.save()
    page = researcher_client.get("/admin/snippets/defenders/defender/").text
    assert 'lang="be"' in page
    assert "Праваабаронцы" in page or "Абаронцы" in page


def test_search_finds_a_text_in_every_language(client, db):
    from events.factories import EventFactory

    EventFactory(
        title_en="Raids on the office",
        title_be="Ператрусы ў офісе",
        title_ru="Обыски в офисе",
        description_ru="Изъята техника.",
        slug="raids",
    )
    for prefix in ("", "/be", "/ru"):
        for query in ("Raids", "Ператрусы", "Обыски", "техника"):
            page = client.get(f"{prefix}/search/", {"q": query}).text
            assert "/events/raids/" in page, (prefix, query)
    for query in ("Ператрусы", "техника"):
        body = client.get("/api/v1/events/", {"q": query}).json()
        assert [e["slug"] for e in body["results"]] == ["raids"], query
