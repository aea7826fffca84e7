"""Link previews: canonical address, description, Open Graph and Twitter tags
on every page type, and the share cards (PNG) of profiles and petitions."""

import datetime
import io
from html.parser import HTMLParser

import pytest
from PIL import Image

from django.core.cache import cache
from django.template.loader import render_to_string

from wagtail.models import PageViewRestriction

from defenders.factories import DefenderFactory
from events.factories import DetentionPlaceFactory, EventFactory
from events.share import defender_card_lines
from events.timeline import held_statement
from petition.factories import SignatureFactory, make_petition
from petition.models import PetitionPage
from petition.share import petition_card_lines
from records.share_image import HEIGHT, WIDTH, wrap
from tests.public_site import (  # noqa: F401
    assert_nothing_private,
    build_case_file,
    case_fixture,
    media_fixture,
)

pytestmark = pytest.mark.django_db


class HeadTags(HTMLParser):
    """The <meta> and <link rel=canonical> of a page: {name or property: content}."""

    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.tags.setdefault(key, attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.tags["canonical"] = attrs.get("href", "")


def head_tags(html):
    parser = HeadTags()
    parser.feed(html)
    return parser.tags


def get_tags(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return head_tags(response.content.decode())


@pytest.fixture
def site(case, home_page):
    petition = make_petition(title="Release them", addressee="the authorities")
    return {**case, "petition": petition}


def page_urls(site):
    return {
        "home": "/",
        "defender list": "/defenders/",
        "profile": site["defenders"][0].get_absolute_url(),
        "organization": "/organizations/viasna/",
        "event list": "/events/",
        "event": "/events/raids-on-viasna/",
        "petition": site["petition"].url,
        "petition index": "/petition/",
        "search": "/search/?q=Ales",
    }


def test_every_page_type_has_absolute_share_tags(client, site):
    for kind, url in page_urls(site).items():
        tags = get_tags(client, url)
        for key in ("canonical", "description", "og:title", "og:description"):
            assert tags.get(key), (kind, key)
        assert tags["og:site_name"] == "Docket", kind
        assert tags["og:url"] == tags["canonical"], kind
        assert tags["canonical"].startswith("http://testserver/"), kind
        assert tags["twitter:title"] == tags["og:title"], kind
        assert tags["twitter:description"] == tags["og:description"], kind
        if "og:image" in tags:
            assert tags["og:image"].startswith("http://testserver/"), kind
            assert tags["twitter:card"] == "summary_large_image", kind
            assert tags["twitter:image"] == tags["og:image"], kind
            assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        else:
            assert tags["twitter:card"] == "summary", kind


def test_profile_and_petition_show_their_share_cards(client, site):
    defender = site["defenders"][0]
    tags = get_tags(client, defender.get_absolute_url())
    assert tags["og:type"] == "profile"
    assert tags["og:title"] == defender.name
    # The generated card, not the photo: it carries the name and the status.
    assert tags["og:image"] == f"http://testserver/defenders/{defender.slug}/share.png"
    held = held_statement(defender)
    assert tags["description"] == f"{defender.name} has been held for {held}."
    assert tags["og:description"].startswith(f"Held for {held} · imprisoned, as of ")

    tags = get_tags(client, site["petition"].url)
    assert tags["og:image"] == "http://testserver/petition/release-them/share.png"
    assert tags["og:title"] == "Release them"
    assert "0 confirmed signatures, of a goal of 100." in tags["description"]
    assert tags["robots"] == "noarchive"


def test_descriptions_say_what_each_page_is(client, site):
    assert "5 held now" in get_tags(client, "/")["description"]
    assert get_tags(client, "/defenders/")["description"].startswith(
        "5 human rights defenders in the case files"
    )
    assert get_tags(client, "/events/raids-on-viasna/")["description"] == (
        "Raid, 16 February 2021."
    )
    assert get_tags(client, "/organizations/viasna/")["description"].startswith(
        "Viasna ("
    )
    released = DefenderFactory(name="Released Person", status="released")
    assert get_tags(client, released.get_absolute_url())["description"] == (
        "Released Person: released, as of December 2025."
    )


def preview_tags(rf, record):
    request = rf.get("/")
    request.is_preview = True
    html = render_to_string(
        record.get_preview_template(request, ""),
        record.get_preview_context(request, ""),
        request=request,
    )
    return head_tags(html)


def test_record_previews_have_descriptions(rf, site):
    for record in (DetentionPlaceFactory(name="Penal colony No. 2"), site["article"]):
        tags = preview_tags(rf, record)
        assert tags["description"] and tags["og:title"], record
    # A draft has no card: its preview links none.
    assert "og:image" not in preview_tags(rf, site["draft"])


def test_canonical_drops_paging_and_tracking_but_keeps_filters(client, site):
    tags = get_tags(
        client, "/defenders/?utm_source=x&status=imprisoned&page=2&fbclid=y&q="
    )
    assert tags["canonical"] == "http://testserver/defenders/?status=imprisoned"
    tags = get_tags(client, "/events/?page=3&type=raid")
    assert tags["canonical"] == "http://testserver/events/?type=raid"
    profile = site["defenders"][0].get_absolute_url()
    tags = get_tags(client, f"{profile}?utm_campaign=z")
    assert tags["canonical"] == f"http://testserver{profile}"


def test_search_and_errors_are_not_indexed(client, site):
    assert get_tags(client, "/search/?q=Ales")["robots"] == "noindex"
    assert get_tags(client, "/no-such-page/", status=404)["robots"] == "noindex"
    html = render_to_string("500.html")
    assert '<meta name="robots" content="noindex">' in html


def test_meta_values_are_escaped(client, media):
    defender = DefenderFactory(name='Quote " <b>Name</b>', slug="quote-name")
    html = client.get(defender.get_absolute_url()).content.decode()
    assert 'content="Quote &quot; &lt;b&gt;Name&lt;/b&gt;"' in html
    assert "<b>Name</b>" not in html.split("</head>")[0]


def open_png(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    return image


def test_share_cards_are_1200_by_630_pngs_cached_publicly(client, site):
    for url in (
        f"/defenders/{site['defenders'][0].slug}/share.png",
        "/petition/release-them/share.png",
    ):
        response = client.get(url)
        assert open_png(response).size == (WIDTH, HEIGHT) == (1200, 630)
        assert "public" in response["Cache-Control"]
        assert "max-age=" in response["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304


def test_share_card_etag_changes_with_what_it_shows(client, site):
    url = "/petition/release-them/share.png"
    before = client.get(url)["ETag"]
    PetitionPage.objects.filter(pk=site["petition"].pk).update(signature_count=7)
    assert client.get(url)["ETag"] != before

    defender = site["defenders"][0]
    url = f"/defenders/{defender.slug}/share.png"
    before = client.get(url)["ETag"]
    # A release, not the defender, changes the days held.
    EventFactory(type="release", date=datetime.date(2025, 1, 1), defenders=[defender])
    assert client.get(url)["ETag"] != before


def test_share_cards_survive_the_page_cache(client, site, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    cache.clear()
    url = f"/defenders/{site['defenders'][0].slug}/share.png"
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert open_png(second).size == (1200, 630)
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["ETag"] == first["ETag"]
    cache.clear()


def test_no_share_card_for_a_draft_or_a_restricted_page(client, site):
    assert client.get(f"/defenders/{site['draft'].slug}/share.png").status_code == 404
    assert client.get("/defenders/nobody/share.png").status_code == 404
    draft = make_petition(title="Draft petition", slug="draft-petition", live=False)
    assert client.get(f"/petition/{draft.slug}/share.png").status_code == 404
    assert client.get("/petition/nothing/share.png").status_code == 404
    secret = make_petition(title="Secret", slug="secret")
    PageViewRestriction.objects.create(
        page=secret, restriction_type="password", password="x"
    )
    assert client.get("/petition/secret/share.png").status_code == 404


def card_text(lines):
    return "\n".join(line.text for line in lines)


def test_defender_card_says_only_what_the_profile_says(site):
    defender = site["defenders"][0]
    text = card_text(defender_card_lines(defender))
    assert defender.name in text
    assert defender.name_be in text  # Cyrillic, drawn with DejaVu Sans
    assert "Imprisoned, as of December 2025" in text
    assert f"Held for {held_statement(defender)}" in text
    assert_nothing_private(text, "defender card")
    released = DefenderFactory(name="Released Person", status="released")
    text = card_text(defender_card_lines(released))
    assert "Held for" not in text and "Released, as of" in text


def test_petition_card_counts_confirmed_signatures_and_names_no_signer(site):
    petition = site["petition"]
    signature = SignatureFactory(
        petition=petition, name="Sentinel Signer", email="sentinel@example.org"
    )
    SignatureFactory(petition=petition, name="Unconfirmed Signer")
    signature.confirm()
    PetitionPage.objects.filter(pk=petition.pk).update(signature_count=12_345)
    petition.refresh_from_db()
    petition.goal = 100_000
    text = card_text(petition_card_lines(petition))
    assert "Release them" in text
    assert "To: the authorities" in text
    assert "12,345 confirmed signatures" in text
    assert "of a goal of 100,000 signatures" in text
    for private in ("Sentinel", "sentinel@example.org", "Unconfirmed"):
        assert private not in text


def test_long_names_wrap_and_end_with_an_ellipsis():
    from records.share_image import font

    face = font(68, True)
    lines = wrap("Word " * 60, face, 1000, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1000 for line in lines)
    lines = wrap("A" * 200, face, 1000, max_lines=5)  # one unbreakable word
    assert all(face.getlength(line) <= 1000 for line in lines)


@pytest.mark.parametrize("defenders", [3, 30])
def test_share_card_queries_do_not_grow(
    client, media, home_page, django_assert_max_num_queries, defenders
):
    case = build_case_file(defenders=defenders, photos=False)
    make_petition()
    with django_assert_max_num_queries(3):
        response = client.get(f"/defenders/{case['defenders'][0].slug}/share.png")
    assert response.status_code == 200
    with django_assert_max_num_queries(3):
        response = client.get("/petition/release-them/share.png")
    assert response.status_code == 200


def test_no_share_card_leaks_anything_private(client, site):
    """The privacy walk of the cards: every live defender's card text, and a
    404 (never an image) for every draft."""
    from defenders.models import Defender

    for defender in Defender.objects.all():
        response = client.get(f"/defenders/{defender.slug}/share.png")
        if not defender.live:
            assert response.status_code == 404
            continue
        open_png(response)
        assert_nothing_private(card_text(defender_card_lines(defender)), defender)
