import datetime

import pytest

from django.core.cache import cache
from rest_framework.test import APIClient

from defenders.factories import DefenderFactory, MembershipFactory, OrganizationFactory
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    EventFactory,
    FigureFactory,
    SentenceFactory,
)
from records.factories import PlaceFactory, SourceFactory


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    """Throttle counters live in the cache: start each test with none, and
    a rate no suite reaches (tests of throttling set their own)."""
    cache.clear()
    settings.API_THROTTLE_RATE = "100000/minute"
    # The public page cache answers repeat GETs before the API sees them;
    # these tests are about the API's own answers.
    settings.PUBLIC_CACHE_SECONDS = 0
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def case_file(db):
    """A small published case file: two defenders, a raid, a closure.

    The people are fictional: a fact about a real person belongs only in the
    demo case file, with its source."""
    minsk = PlaceFactory(name="Minsk", slug="minsk")
    homel = PlaceFactory(name="Homel", slug="homel")
    viasna = OrganizationFactory(name="Viasna", slug="viasna", status="liquidated")
    other_org = OrganizationFactory(name="Other Org", slug="other-org")
    source = SourceFactory(title="Viasna report", url="https://spring96.org/r/1")
    alpha = DefenderFactory(
        name="Alpha Test Defender",
        slug="alpha-test-defender",
        status="imprisoned",
        other_names="Alfa Tėstavy\nТэставы Абаронца",
        sources=[source],
    )
    omega = DefenderFactory(
        name="Omega Test Defender", slug="omega-test-defender", status="released"
    )
    MembershipFactory(defender=alpha, organization=viasna)
    MembershipFactory(defender=omega, organization=other_org)
    art_342 = ArticleFactory(number="342", part="1", title="Group actions")
    art_243 = ArticleFactory(number="243", part="2", slug="243-2", title="Tax evasion")
    art_342_2 = ArticleFactory(number="342", part="2", slug="342-2", title="Part 2")
    ChargeFactory(defender=alpha, article=art_342, outcome="convicted")
    ChargeFactory(defender=omega, article=art_243, outcome="dropped")
    ChargeFactory(defender=omega, article=art_342_2, outcome="pending")
    SentenceFactory(defender=alpha, term_months=120)
    detention = EventFactory(
        type="detention",
        title="Alpha detained",
        slug="alpha-detained",
        date=datetime.date(2021, 7, 14),
        defenders=[alpha],
        places=[minsk],
    )
    raid = EventFactory(
        type="raid",
        title="Raids on Viasna",
        slug="raids-2021-02-16",
        date=datetime.date(2021, 2, 16),
        defenders=[alpha, omega],
        places=[minsk, homel],
    )
    raid.organizations.set([viasna])
    raid.save()
    omega_detained = EventFactory(
        type="detention",
        title="Omega detained",
        slug="omega-detained",
        date=datetime.date(2022, 9, 6),
        defenders=[omega],
        places=[homel],
    )
    EventFactory(
        type="release",
        title="Omega released",
        slug="omega-released",
        date=datetime.date(2025, 12, 13),
        defenders=[omega],
    )
    closure = EventFactory(
        type="organization_closure",
        title="Closure of 53 organizations",
        slug="closures-2021-07-22",
        date=datetime.date(2021, 7, 22),
        affected_count=53,
    )
    closure.organizations.set([other_org])
    closure.save()
    figure = FigureFactory(
        qualifier="more_than", value=1100, note="A national count", sources=[source]
    )
    return {
        "minsk": minsk,
        "homel": homel,
        "viasna": viasna,
        "other_org": other_org,
        "alpha": alpha,
        "omega": omega,
        "raid": raid,
        "detention": detention,
        "omega_detained": omega_detained,
        "closure": closure,
        "figure": figure,
        "source": source,
    }


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]
