"""Home page, search, feed, sitemap, robots.txt, error pages; privacy of all
public outputs; query counts that do not grow with the records."""

from xml.etree import ElementTree

import pytest

from django.template.loader import render_to_string

from cms.updates import latest_updates
from tests.public_site import (  # noqa: F401
    CONFIDENTIAL_URL,
    DRAFT_DEFENDER,
    assert_nothing_private,
    build_case_file,
    case_fixture,
    media_fixture,
    warm_then_count,
)

pytestmark = pytest.mark.django_db


def public_urls(case):
    defenders = case["defenders"]
    return [
        "/",
        "/defenders/",
        "/defenders/?status=imprisoned&organization=viasna",
        f"/defenders/{defenders[0].slug}/",
        "/events/",
        "/events/raids-on-viasna/",
        "/events/closure-of-53-organizations/",
        "/organizations/viasna/",
        "/organizations/",
        "/places/",
        "/places/penal-colony-no-9/",
        "/search/?q=Sentinelova",
        "/search/?q=SENTINEL",
        "/search/?q=Defender",
        "/search/?q=leak.example.org",
        "/feeds/updates.xml",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_no_public_output_leaks_anything_private(client, case):
    for url in public_urls(case):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_private(response.content.decode(), url)


def test_home_page(client, case):
    html = client.get("/").content.decode()
    # headline_figures: 5 held, 5 x 10 years, the closure of 53 with the
    # range its sources give, linked to the event.
    assert '<span class="figure">5</span>' in html
    assert "defenders held now" in html
    assert '<span class="figure">50</span>' in html
    assert (
        '<a href="/events/closure-of-53-organizations/"><span class="figure">53</span>'
        in html
    )
    assert "organizations ordered closed on 22 July 2021" in html
    assert "sources give 43 to 53" in html
    # The latest events, by the day they happened.
    assert "Latest in the case file" in html
    assert '<time datetime="2021-07-22">22 July 2021</time>' in html
    assert 'href="/events/raids-on-viasna/"' in html
    assert "Call for their release" in html


def test_home_page_links_the_live_petition(client, case, home_page):
    from django.apps import apps

    try:
        PetitionIndexPage = apps.get_model("petition", "PetitionIndexPage")
        PetitionPage = apps.get_model("petition", "PetitionPage")
    except LookupError:
        pytest.skip("the petition app has no PetitionPage yet")
    html = client.get("/").content.decode()
    assert "A petition will be published here." in html
    index = home_page.add_child(instance=PetitionIndexPage(title="Petition"))
    draft = index.add_child(
        instance=PetitionPage(title="SENTINEL draft petition", live=False)
    )
    petition = index.add_child(
        instance=PetitionPage(title="Release them", slug="release-them", goal=10_000)
    )
    html = client.get("/").content.decode()
    assert f'href="{petition.url}"' in html
    assert "Release them" in html and "0 signatures of 10,000" in html
    assert draft.title not in html


def test_home_page_shows_the_national_figures_with_their_sources(client, case):
    import datetime

    from events.factories import FigureFactory

    FigureFactory(value=1446, as_of=datetime.date(2022, 12, 1), as_of_precision="month")
    latest = FigureFactory(
        value=1100,
        qualifier="more_than",
        as_of=datetime.date(2025, 12, 15),
        sources=[case["public_source"], case["confidential_source"]],
    )
    FigureFactory(metric="organizations_dissolved", value=1601, note="Late March 2024.")
    FigureFactory(value=99999, as_of=datetime.date(2026, 1, 1), live=False)
    html = client.get("/").content.decode()
    # The latest count, its qualifier, date and sources, one click from its row.
    assert (
        f'<a href="#figure-{latest.pk}"><span class="figure">more than 1,100</span>'
        in html
    )
    assert "political prisoners in Belarus as of 15 December 2025" in html
    assert f'<tr id="figure-{latest.pk}">' in html
    assert "1,446" in html and "1,601" in html and "Late March 2024." in html
    assert "source withheld for safety" in html
    assert "99,999" not in html and "99999" not in html
    assert_nothing_private(html, "/")


def test_latest_updates_are_live_records_only(case):
    titles = [update["title"] for update in latest_updates(limit=100)]
    assert "Raids on Viasna" in titles and "Viasna" in titles
    assert DRAFT_DEFENDER not in titles


def test_search_finds_every_kind_of_live_record(client, case):
    html = client.get("/search/?q=Viasna").content.decode()
    assert 'href="/organizations/viasna/"' in html
    assert 'href="/events/raids-on-viasna/"' in html
    html = client.get("/search/?q=Defender 002").content.decode()
    assert 'href="/defenders/ales-defender-002/"' in html
    html = client.get("/search/?q=grossly violating").content.decode()
    assert "/defenders/?article=342-1" in html


def test_search_never_returns_drafts(client, case):
    html = client.get("/search/?q=Draftina").content.decode()
    assert "0 results" in html
    assert_nothing_private(html, "search")


def test_bad_search_input_never_500(client, case):
    for query in ["", "q=", "q=" + "x" * 1000, "q=%00", "q=' OR 1=1 --", "q=a&q=b"]:
        assert client.get(f"/search/?{query}").status_code in (200, 400), query
    assert "200 characters" in client.get("/search/?q=" + "x" * 201).content.decode()


def test_feed_is_atom_of_published_updates(client, case):
    response = client.get("/feeds/updates.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "Raids on Viasna" in body
    assert "http://testserver/defenders/ales-defender-000/" in body
    assert_nothing_private(body, "feed")


def test_feed_is_valid_atom(client, case):
    """RFC 4287: absolute ids, an author, an alternate link to the site and a
    self link to the feed."""
    root = ElementTree.fromstring(client.get("/feeds/updates.xml").content)
    atom = "{http://www.w3.org/2005/Atom}"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{atom}link")}
    assert links == {
        "alternate": "http://testserver/",
        "self": "http://testserver/feeds/updates.xml",
    }
    assert root.find(f"{atom}author/{atom}name").text == "Docket"
    ids = [entry.find(f"{atom}id").text for entry in root.findall(f"{atom}entry")]
    assert ids and all(i.startswith("http://testserver/") for i in ids)
    assert len(set(ids)) == len(ids)


def test_sitemap_lists_live_records(client, case):
    body = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/defenders/ales-defender-000/" in body
    assert "http://testserver/events/raids-on-viasna/" in body
    assert "http://testserver/organizations/viasna/" in body
    assert "http://testserver/organizations/</loc>" in body
    assert "http://testserver/places/penal-colony-no-9/" in body
    assert "<loc>http://testserver/</loc>" in body
    assert case["draft"].slug not in body
    assert case["draft_event"].slug not in body
    assert_nothing_private(body, "sitemap")


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_friendly_500_template_needs_no_context():
    # Django renders 500.html without a request context: it must stand alone.
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert 'href="/"' in html


def test_confidential_source_is_withheld_but_counted(client, case):
    html = client.get(case["defenders"][0].get_absolute_url()).content.decode()
    assert "source withheld for safety" in html
    assert CONFIDENTIAL_URL not in html


@pytest.mark.parametrize("defenders", [5, 50])
def test_query_count_does_not_grow(
    client, media, django_assert_max_num_queries, defenders
):
    build_case_file(defenders=defenders)
    # The charts add 2 (cms.charts.home_charts).
    warm_then_count(client, "/", django_assert_max_num_queries, 18)
    # Five kinds, each: its names (a probe for a word most share, the best
    # ones, and on PostgreSQL the typos when none), its text and its page.
    # On PostgreSQL, one more: the search's time limit.
    warm_then_count(client, "/search/?q=Ales", django_assert_max_num_queries, 21)
    warm_then_count(client, "/search/?q=Viasna", django_assert_max_num_queries, 21)
    warm_then_count(client, "/feeds/updates.xml", django_assert_max_num_queries, 4)
    warm_then_count(client, "/sitemap.xml", django_assert_max_num_queries, 10)


def preview_records(case):
    from events.factories import (
        ArticleFactory,
        ChargeFactory,
        CriminalCaseFactory,
        DetentionPlaceFactory,
        SentenceFactory,
    )

    defender = case["defenders"][0]
    return [
        defender,
        case["organization"],
        case["raid"],
        case["closure"],
        case["confidential_source"],
        case["public_source"],
        case["article"],
        ArticleFactory(number="130", part="3", title="Incitement"),
        ChargeFactory(defender=defender, private_notes="x"),
        SentenceFactory(defender=defender, regime_note="differ"),
        CriminalCaseFactory(),
        DetentionPlaceFactory(),
        case["raid"].places.first(),
    ]


def test_every_record_preview_renders_without_private_values(rf, case):
    from django.template.loader import render_to_string

    for record in preview_records(case):
        request = rf.get("/")
        request.is_preview = True
        template = record.get_preview_template(request, "")
        context = record.get_preview_context(request, "")
        html = render_to_string(template, context, request=request)
        assert "<h1>" in html, record
        if record is case["confidential_source"]:
            assert "source withheld for safety" in html
        else:
            assert_nothing_private(html, f"preview of {record!r}")
