"""The profile as a reader meets it: one line to quote, a timeline of what
changed, and how to write; the organizations index; initials for no photo."""

import datetime

import pytest

from cms.demo import load_pages
from defenders.factories import DefenderFactory, MembershipFactory, OrganizationFactory
from events.factories import DetentionPlaceFactory, EventFactory
from events.timeline import summary_statement
from records.factories import SourceFactory
from records.templatetags.people import initials
from tests.database import ensure_site
from tests.public_site import (  # noqa: F401
    assert_nothing_private,
    case_fixture,
    media_fixture,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def detained(defender, day, **kwargs):
    return EventFactory(type="detention", date=day, defenders=[defender], **kwargs)


def released(defender, day):
    return EventFactory(type="release", date=day, defenders=[defender])


def test_summary_of_someone_held_counts_to_the_confirmed_status():
    defender = DefenderFactory(
        status="imprisoned",
        status_as_of=datetime.date(2025, 12, 15),
        status_as_of_precision="day",
    )
    detained(defender, datetime.date(2020, 9, 17))
    assert summary_statement(defender, TODAY) == (
        "Held since 17 September 2020: at least 1,915 days, to 15 December "
        "2025, the last confirmed status."
    )


def test_summary_of_someone_released_gives_both_days_and_the_status():
    defender = DefenderFactory(
        status="in_exile",
        status_as_of=datetime.date(2025, 12, 15),
        status_as_of_precision="day",
    )
    detained(defender, datetime.date(2021, 7, 14))
    released(defender, datetime.date(2025, 12, 13))
    assert summary_statement(defender, TODAY) == (
        "Held from 14 July 2021 to 13 December 2025: 1,613 days. "
        "In exile, as of 15 December 2025."
    )


def test_summary_keeps_a_dates_precision_and_counts_every_period():
    defender = DefenderFactory(
        status="released",
        status_as_of=datetime.date(2023, 1, 1),
        status_as_of_precision="year",
    )
    detained(defender, datetime.date(2021, 2, 1), date_precision="month")
    released(defender, datetime.date(2021, 2, 13))
    detained(defender, datetime.date(2021, 8, 1))
    released(defender, datetime.date(2021, 8, 11))
    assert summary_statement(defender, TODAY) == (
        "Held from 1 August 2021 to 11 August 2021: 10 days. "
        "22 days in detention in total. Released, as of 2023."
    )


def test_summary_says_when_no_release_is_recorded_and_when_nothing_is():
    defender = DefenderFactory(status="in_exile")
    detained(defender, datetime.date(2021, 2, 1), date_precision="month")
    assert summary_statement(defender, TODAY) == (
        "Detained in February 2021; no release is recorded. "
        "In exile, as of December 2025."
    )
    never = DefenderFactory(status="convicted_in_absentia")
    assert (
        summary_statement(never, TODAY) == "Convicted in absentia, as of December 2025."
    )


def test_initials_stand_where_a_photo_is_missing():
    assert initials("Ales Bialiatski") == "AB"
    assert initials("Марфа Рабкова") == "МР"
    assert initials("Valiantsin Stefanovich Jr.") == "VJ"
    assert initials("Nasta") == "N"
    assert initials("") == ""


def test_profile_reads_summary_first_then_timeline_charges_and_letters(client, media):
    ensure_site()
    load_pages()
    source = SourceFactory(title="Detention report", url="https://example.org/d")
    colony = DetentionPlaceFactory(name="Penal colony No. 4", postal_address="")
    defender = DefenderFactory(
        name="Marfa Example", slug="marfa-example", name_be="Марфа Прыклад"
    )
    detained(defender, datetime.date(2020, 9, 17), detention_place=colony)
    raid = EventFactory(
        type="raid", date=datetime.date(2021, 2, 16), defenders=[defender]
    )
    raid.sources.set([source])
    raid.save()
    html = client.get("/defenders/marfa-example/").content.decode()
    summary = html.index('class="summary"')
    timeline = html.index('id="timeline-heading"')
    charges = html.index('id="charges-heading"')
    write = html.index('id="write-heading"')
    assert summary < timeline < charges < write
    assert "Held since 17 September 2020" in html
    # A detention is a step of the timeline; a raid is shown smaller.
    assert 'class="step step-detention"' in html and 'class="other"' in html
    assert "Detention report" in html  # the raid's source, beside it
    # Two clicks to the guide: the button jumps to the section, which links it.
    assert 'href="#write-heading"' in html
    assert 'href="/letters/"' in html
    # No address is said plainly, with what to do instead; the place is linked.
    assert "No address for letters is known." in html
    assert "sign the petition" in html
    assert f'href="{colony.get_absolute_url()}"' in html
    # No photo: initials, hidden from screen readers.
    assert '<div class="profile-photo placeholder" aria-hidden="true">ME</div>' in html


def test_profile_with_an_address_gives_it_and_the_name_in_cyrillic(client, media):
    colony = DetentionPlaceFactory(
        postal_address="ул. Добролюбова, 16\n213410, г. Горки"
    )
    defender = DefenderFactory(slug="held-here", name_be="Алесь Прыклад")
    detained(defender, datetime.date(2021, 7, 14), detention_place=colony)
    html = client.get("/defenders/held-here/").content.decode()
    assert "ул. Добролюбова, 16<br>213410, г. Горки" in html
    assert "Their name on the envelope, in Cyrillic: Алесь Прыклад" in html
    assert "No address for letters is known." not in html


def test_a_released_person_has_no_letters_section(client, media):
    defender = DefenderFactory(slug="free-now", status="released")
    detained(defender, datetime.date(2021, 7, 14))
    released(defender, datetime.date(2022, 1, 1))
    html = client.get("/defenders/free-now/").content.decode()
    assert 'id="write-heading"' not in html
    assert "Held from 14 July 2021 to 1 January 2022: 171 days." in html


def test_photo_carries_its_credit_and_alt_text(client, case):
    defender = case["defenders"][0]
    defender.photo.description = "Ales Defender in Minsk, 2019"
    defender.photo.save()
    defender.photo_credit = "Viasna press service"
    defender.save()
    html = client.get(defender.get_absolute_url()).content.decode()
    assert 'alt="Ales Defender in Minsk, 2019"' in html
    assert "Photo: Viasna press service" in html


def test_organizations_index_lists_members_held_and_mass_closures(client, case):
    other = OrganizationFactory(name="Homiel branch", slug="homiel-branch")
    MembershipFactory(defender=DefenderFactory(status="released"), organization=other)
    html = client.get("/organizations/").content.decode()
    assert 'href="/organizations/viasna/"' in html
    assert "5 members in this case file, 5 held now" in html
    assert "1 member in this case file" in html
    assert 'href="/events/closure-of-53-organizations/"' in html
    assert "Sources disagree on how many:" in html
    assert_nothing_private(html, "/organizations/")


@pytest.mark.parametrize("size", [3, 12])
def test_organizations_index_queries_do_not_grow(
    client, media, django_assert_max_num_queries, size
):
    for _n in range(size):
        organization = OrganizationFactory()
        MembershipFactory(defender=DefenderFactory(), organization=organization)
    with django_assert_max_num_queries(7):
        assert client.get("/organizations/").status_code == 200
