"""Defender list and profile, organization page: content, privacy, limits."""

import datetime

import pytest

from django.test import RequestFactory

from defenders.factories import DefenderFactory
from events.defender_views import (
    defender_context,
    organization_context,
    profile_queryset,
)
from events.factories import EventFactory
from tests.public_site import (  # noqa: F401
    CONFIDENTIAL_TITLE,
    DRAFT_DEFENDER,
    PRIVATE_NOTE,
    assert_filters_never_500,
    assert_nothing_private,
    build_case_file,
    case_fixture,
    media_fixture,
    warm_then_count,
)

pytestmark = pytest.mark.django_db


def test_profile_shows_the_case(client, case):
    defender = case["defenders"][1]
    response = client.get(f"/defenders/{defender.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert defender.name in html
    assert "Алесь Абаронца 1" in html  # the Cyrillic name
    assert "imprisoned" in html and "as of December 2025" in html
    assert "Article 342" in html and "part 1" in html
    assert "Organisation of actions grossly violating public order" in html
    assert "10 years" in html
    assert "About the regime:" in html  # the sentence's regime note
    assert "Sources disagree" not in html  # a note is not a disagreement
    assert "Penal colony No. 9" in html and "Colony street 9" in html
    assert "Raids on Viasna" in html  # timeline
    assert 'href="/organizations/viasna/"' in html
    assert "source withheld for safety" in html
    assert "Viasna report" in html
    assert_nothing_private(html, "profile")


def test_profile_counts_days_held_as_of_today(client, media):
    today = datetime.date.today()
    defender = DefenderFactory(
        name="Held Person",
        status="imprisoned",
        status_as_of=today,
        status_as_of_precision="day",
    )
    start = today - datetime.timedelta(days=100)
    EventFactory(type="detention", date=start, defenders=[defender])
    html = client.get(defender.get_absolute_url()).content.decode()
    since = f"{start.day} {start:%B %Y}"
    assert f"Held since {since}: 100 days, to today." in html
    # One period: the total would say the same again.
    assert "in detention in total" not in html
    assert "has been held for 100 days, to today." in html  # meta description


def test_profile_counts_days_held_to_an_old_status(client, media):
    defender = DefenderFactory(
        name="Held Person",
        status="imprisoned",
        status_as_of=datetime.date(2025, 12, 15),
        status_as_of_precision="day",
    )
    EventFactory(
        type="detention", date=datetime.date(2019, 11, 11), defenders=[defender]
    )
    html = client.get(defender.get_absolute_url()).content.decode()
    held = "at least 2,226 days, to 15 December 2025, the last confirmed status"
    assert f"Held since 11 November 2019: {held}." in html
    assert f'content="Held Person has been held for {held}."' in html
    assert f'property="og:description" content="Held for {held} · ' in html
    assert "to today" not in html


def test_cards_say_what_days_held_are_counted_to(client, media):
    today = datetime.date.today()
    current = DefenderFactory(
        name="Current Status", status_as_of=today, status_as_of_precision="day"
    )
    EventFactory(
        type="detention",
        date=today - datetime.timedelta(days=1234),
        defenders=[current],
    )
    old = DefenderFactory(
        name="Old Status",
        status_as_of=datetime.date(2025, 12, 15),
        status_as_of_precision="day",
    )
    EventFactory(type="detention", date=datetime.date(2019, 11, 11), defenders=[old])
    released = DefenderFactory(name="Released Person", status="released")
    EventFactory(
        type="detention", date=datetime.date(2021, 7, 14), defenders=[released]
    )
    EventFactory(type="release", date=datetime.date(2025, 12, 13), defenders=[released])
    html = client.get("/defenders/").content.decode()
    assert "Held for 1,234 days, to today" in html
    assert (
        "Held for at least 2,226 days, to 15 December 2025, the last confirmed status"
        in html
    )
    assert "1,613 days in detention in total" in html


def test_profile_open_graph_tags(client, case):
    defender = case["defenders"][0]
    html = client.get(defender.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{defender.name}">' in html
    assert 'property="og:image" content="http://testserver/' in html
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert "Held for" in html


def test_draft_defender_is_404(client, case):
    assert client.get(f"/defenders/{case['draft'].slug}/").status_code == 404
    assert client.get("/defenders/nobody-at-all/").status_code == 404


def test_organization_page(client, case):
    response = client.get("/organizations/viasna/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Closure of 53 organizations" in html
    assert "Sources disagree on how many:" in html
    assert "more than 43" in html
    assert case["defenders"][0].name in html  # a member
    assert_nothing_private(html, "organization page")


def test_draft_organization_is_404(client, case):
    slug = case["draft_organization"].slug
    assert client.get(f"/organizations/{slug}/").status_code == 404


def test_list_shows_live_defenders_with_status_and_days(client, case):
    html = client.get("/defenders/").content.decode()
    for defender in case["defenders"]:
        assert defender.name in html
    assert "Held for at least" in html  # the case file's status: December 2025
    assert "the last confirmed status" in html
    assert "5 defenders" in html
    assert_nothing_private(html, "defender list")


LIST_FILTERS = [
    ("status=imprisoned", 5),
    ("status=released", 0),
    ("organization=viasna", 5),
    ("city=minsk", 5),
    ("city=gomel", 5),  # the raid in Gomel names them all
    ("article=342-1", 5),
    ("q=Defender+003", 1),
    ("q=Defender+003&status=released", 0),
    ("status=imprisoned&organization=viasna&city=minsk&article=342-1", 5),
]


def test_list_filters(client, case):
    # One case file for every combination: building it is the slow part.
    for query, expected in LIST_FILTERS:
        response = client.get(f"/defenders/?{query}")
        assert response.status_code == 200, query
        label = "defender" if expected == 1 else "defenders"
        assert f"{expected} {label}" in response.content.decode(), query


def test_list_search_by_cyrillic_name(client, case):
    html = client.get("/defenders/?q=Абаронца").content.decode()
    assert "5 defenders" in html or "defender" in html


BAD_LIST_QUERIES = [
    "status=flying",
    "organization=no-such-org",
    f"organization={'x' * 5000}",
    "city=atlantis",
    "article=999-9",
    "page=-3",
    "page=banana",
    "page=99999",
    "q=" + "a" * 500,
    "q=%00%ff",
    "status=imprisoned&status=released",
]


def test_bad_filter_values_never_500(client, case):
    assert_filters_never_500(client, "/defenders/", BAD_LIST_QUERIES)
    assert client.get("/defenders/?status=flying").status_code == 400


def test_draft_records_do_not_offer_filters(client, case):
    html = client.get("/defenders/").content.decode()
    assert_nothing_private(html, "filter choices")
    assert (
        client.get("/defenders/?q=Sentinelova").content.decode().count(DRAFT_DEFENDER)
        == 0
    )


def test_preview_builds_the_same_context_as_the_public_page(case):
    defender = case["defenders"][0]
    request = RequestFactory().get("/")
    public = defender_context(request, profile_queryset().get(pk=defender.pk))
    preview = defender.get_preview_context(request, "")
    for key, value in public.items():
        assert preview[key] == value, key
    assert defender.get_preview_template(request, "") == "defenders/defender_page.html"
    organization = case["organization"]
    assert organization_context(request, organization).keys() <= set(
        organization.get_preview_context(request, "")
    )


def test_preview_of_an_unsaved_defender_renders(rf):
    from django.template.loader import render_to_string

    defender = DefenderFactory.build(name="Not Saved Yet", status="detained")
    request = rf.get("/")
    request.is_preview = True
    context = defender.get_preview_context(request, "")
    html = render_to_string(
        defender.get_preview_template(request, ""), context, request=request
    )
    assert "Not Saved Yet" in html


def test_private_sentinels_are_really_in_the_database(case):
    # Guard against the privacy tests passing because nothing was seeded.
    defender = case["defenders"][0]
    assert defender.private_notes == PRIVATE_NOTE
    assert case["confidential_source"].title == CONFIDENTIAL_TITLE


@pytest.mark.parametrize("defenders", [5, 50])
def test_query_count_does_not_grow(
    client, media, django_assert_max_num_queries, defenders
):
    built = build_case_file(defenders=defenders)
    slug = built["defenders"][0].slug
    warm_then_count(client, "/defenders/", django_assert_max_num_queries, 10)
    # With ?q=, the keys of the text, prefix and name matches, each once,
    # and on PostgreSQL the search's time limit.
    warm_then_count(
        client, "/defenders/?city=minsk&q=Ales", django_assert_max_num_queries, 13
    )
    # The timeline prefetches its events' sources (+1).
    warm_then_count(client, f"/defenders/{slug}/", django_assert_max_num_queries, 15)
    warm_then_count(client, "/organizations/viasna/", django_assert_max_num_queries, 12)
