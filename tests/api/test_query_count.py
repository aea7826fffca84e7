"""The query count of each list stays the same as records grow."""

import datetime

import pytest

from defenders.factories import DefenderFactory, MembershipFactory, OrganizationFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    DetentionPlaceFactory,
    EventFactory,
    FigureFactory,
    SentenceFactory,
)
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
]
# Whatever the number of records: the rows, one query per nested list, the
# validators (ETag / Last-Modified) and the filters' own look-ups.
MAX_QUERIES = 20


def seed(n):
    place = PlaceFactory()
    colony = DetentionPlaceFactory(place=place)
    for i in range(n):
        source = SourceFactory(confidential=i % 2 == 0)
        organization = OrganizationFactory()
        defender = DefenderFactory(sources=[source])
        MembershipFactory(defender=defender, organization=organization)
        article = ArticleFactory(number=str(100 + i), part="1")
        ChargeFactory(defender=defender, article=article)
        SentenceFactory(defender=defender)
        event = EventFactory(
            type="detention",
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i),
            defenders=[defender],
            places=[place],
            sources=[source],
        )
        event.detention_place = colony
        event.organizations.set([organization])
        event.save()
        FigureFactory(
            as_of=datetime.date(2021, 1, 1) + datetime.timedelta(days=i),
            sources=[source],
        )


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow(api, django_assert_max_num_queries, n):
    seed(n)
    for path in LISTS:
        # A list's CSV is every row, streamed: read it inside the count.
        # stats/ is one object: page_size there is an unknown parameter, a 400.
        pages = {} if path == "/api/v1/stats/" else {"page_size": 200}
        for params in [pages, {"format": "csv"}]:
            with django_assert_max_num_queries(MAX_QUERIES):
                response = api.get(path, params)
                response.getvalue()
            assert response.status_code == 200, path


def test_filtered_lists_stay_bounded(api, django_assert_max_num_queries):
    seed(20)
    place = PlaceFactory(name="Minsk", slug="minsk")
    EventFactory(type="raid", places=[place])
    for path, params in [
        (
            "/api/v1/defenders/",
            {
                "status": "imprisoned",
                "article": "105",
                "q": "Defender",
                "detained_after": "2021",
                "city": "minsk",
                "ordering": "-name",
            },
        ),
        (
            "/api/v1/events/",
            {"type": "detention", "date_after": "2021", "city": "Minsk", "q": "x"},
        ),
        ("/api/v1/organizations/", {"closed_after": "2021", "q": "Organization"}),
        ("/api/v1/charges/", {"article": "105-1", "outcome": "pending"}),
    ]:
        with django_assert_max_num_queries(MAX_QUERIES):
            response = api.get(path, params)
        assert response.status_code == 200, response.content
