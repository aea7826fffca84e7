"""A small case file for the public-site tests, with privacy sentinels.

Every value that must never reach a public page, feed, sitemap or search
result contains one of SENTINELS, so a test can look for all of them at once.
"""

import datetime
import io

import pytest

from django.core.files.images import ImageFile

from defenders.factories import (
    DefenderFactory,
    MembershipFactory,
    OrganizationFactory,
)
from events.factories import (
    ArticleFactory,
    ChargeFactory,
    DetentionPlaceFactory,
    EventFactory,
    SentenceFactory,
)
from events.models import ClaimedFigure
from records.factories import PlaceFactory, SourceFactory

PRIVATE_NOTE = "SENTINEL-private-note-x41"
CONFIDENTIAL_TITLE = "SENTINEL-confidential-title-x42"
CONFIDENTIAL_URL = "https://leak.example.org/SENTINEL-confidential-url-x43"
DRAFT_DEFENDER = "Sentinelova Draftina X44"
DRAFT_ORGANIZATION = "SENTINEL draft organization x45"
DRAFT_EVENT = "SENTINEL draft event x46"
DRAFT_SOURCE = "SENTINEL draft source x47"
SENTINELS = [
    PRIVATE_NOTE,
    CONFIDENTIAL_TITLE,
    "SENTINEL-confidential-url-x43",
    DRAFT_DEFENDER,
    "sentinelova-draftina",
    DRAFT_ORGANIZATION,
    DRAFT_EVENT,
    DRAFT_SOURCE,
]


def png_bytes(color=(155, 28, 28)):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 50), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_photo(title):
    from wagtail.images.models import Image

    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(png_bytes()), name=f"{title}.png")
    )


def build_case_file(defenders=5, photos=True):
    """Live defenders of one organization, with every privacy trap set."""
    public = SourceFactory(title="Viasna report", private_notes=PRIVATE_NOTE)
    confidential = SourceFactory(
        title=CONFIDENTIAL_TITLE,
        url=CONFIDENTIAL_URL,
        confidential=True,
        private_notes=PRIVATE_NOTE,
    )
    draft_source = SourceFactory(title=DRAFT_SOURCE, live=False)
    minsk = PlaceFactory(
        name="Minsk", slug="minsk", latitude=53.9045, longitude=27.5615
    )
    gomel = PlaceFactory(
        name="Gomel", slug="gomel", latitude=52.4345, longitude=30.9754
    )
    viasna = OrganizationFactory(
        name="Viasna",
        slug="viasna",
        closed_on=datetime.date(2021, 7, 22),
        private_notes=PRIVATE_NOTE,
    )
    draft_org = OrganizationFactory(name=DRAFT_ORGANIZATION, live=False)
    article = ArticleFactory(number="342", part="1")
    colony = DetentionPlaceFactory(
        name="Penal colony No. 9", place=minsk, postal_address="Colony street 9"
    )
    people = []
    for n in range(defenders):
        defender = DefenderFactory(
            name=f"Ales Defender {n:03d}",
            slug=f"ales-defender-{n:03d}",
            name_be=f"Алесь Абаронца {n}",
            private_notes=PRIVATE_NOTE,
            status="imprisoned",
            photo=make_photo(f"photo-{n}") if photos else None,
            sources=[public, confidential, draft_source],
        )
        defender.status_sources.set([public, confidential])
        defender.save()
        MembershipFactory(defender=defender, organization=viasna)
        MembershipFactory(defender=defender, organization=draft_org)
        EventFactory(
            type="detention",
            title=f"Detention of Ales Defender {n:03d}",
            date=datetime.date(2021, 7, 14),
            detention_place=colony,
            places=[minsk],
            defenders=[defender],
            private_notes=PRIVATE_NOTE,
        )
        ChargeFactory(
            defender=defender,
            article=article,
            private_notes=PRIVATE_NOTE,
        )
        SentenceFactory(
            defender=defender,
            term_months=120,
            regime="reinforced",
            regime_note="Viasna says reinforced, another source says strict",
            private_notes=PRIVATE_NOTE,
        )
        people.append(defender)
    draft = DefenderFactory(name=DRAFT_DEFENDER, live=False, private_notes=PRIVATE_NOTE)
    MembershipFactory(defender=draft, organization=viasna)
    raid = EventFactory(
        type="raid",
        title="Raids on Viasna",
        slug="raids-on-viasna",
        date=datetime.date(2021, 2, 16),
        places=[minsk, gomel],
        defenders=[*people, draft],
        sources=[public, confidential],
        private_notes=PRIVATE_NOTE,
    )
    closure = EventFactory(
        type="organization_closure",
        title="Closure of 53 organizations",
        slug="closure-of-53-organizations",
        date=datetime.date(2021, 7, 22),
        affected_count=53,
        places=[minsk],
        sources=[public],
        private_notes=PRIVATE_NOTE,
    )
    closure.organizations.set([viasna, draft_org])
    closure.save()
    ClaimedFigure.objects.create(event=closure, value=53, source=public)
    ClaimedFigure.objects.create(
        event=closure, value=43, source=confidential, qualifier="more_than"
    )
    draft_event = EventFactory(
        type="detention",
        title=DRAFT_EVENT,
        live=False,
        defenders=people[:1],
        places=[gomel],
    )
    return {
        "defenders": people,
        "draft": draft,
        "organization": viasna,
        "draft_organization": draft_org,
        "raid": raid,
        "closure": closure,
        "draft_event": draft_event,
        "article": article,
        "public_source": public,
        "confidential_source": confidential,
    }


# Test modules import these as `media_fixture` and `case_fixture`.
@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    """Photos and renditions go to a temporary folder; no page cache."""
    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_CACHE_SECONDS = 0
    return tmp_path


@pytest.fixture(name="case")
def case_fixture(media):
    return build_case_file(defenders=5)


def assert_nothing_private(text, where):
    leaked = [sentinel for sentinel in SENTINELS if sentinel.lower() in text.lower()]
    assert not leaked, f"{where} shows private values: {leaked}"


def warm_then_count(client, url, django_assert_max_num_queries, bound):
    """The second request's query count: the first makes photo renditions."""
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    return response


def assert_filters_never_500(client, path, queries):
    """Each bad query string gives the list (200) or a 400 that says the
    filters could not be used: never a 500."""
    for query in queries:
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 400), query
        if response.status_code == 400:
            assert "Some filters could not be used." in response.content.decode()
