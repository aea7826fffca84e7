"""Signers anonymised months after their petition closes: the counts stay,
nothing of a name or an email does."""

import datetime
from io import StringIO

import pytest

from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

from petition.factories import SignatureFactory, make_petition
from petition.models import Email, PetitionPage, Signature
from tests.admin_client import login

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def signers(petition, countries, prefix):
    """Confirmed signers, one per country given, and one unconfirmed."""
    for i, country in enumerate(countries):
        signature = SignatureFactory(
            petition=petition,
            name=f"{prefix}Name{i} Secret",
            email=f"{prefix.lower()}{i}@private.example",
            country=country,
            show_first_name=True,
            keep_informed=True,
        )
        signature.confirm()
        Email.objects.create(signature=signature, kind="confirm", base_url="/")
    SignatureFactory(
        petition=petition, name=f"{prefix}Unconfirmed", email=f"{prefix}u@x.example"
    )


@pytest.fixture
def petitions(petition):
    """Closed 100 days ago by its deadline; closed 30 days ago; open; and
    unpublished 100 days ago."""
    old = make_petition(slug="old", deadline=days_ago(101))
    recent = make_petition(slug="recent", deadline=days_ago(31))
    gone = make_petition(slug="gone")
    signers(old, ["BY", "BY", "PL", "LT"], "Old")
    signers(recent, ["BY"], "Recent")
    signers(petition, ["DE"], "Open")
    signers(gone, ["BY", "UA"], "Gone")
    gone.unpublish()
    PageLogEntry.objects.filter(page=gone, action="wagtail.unpublish").update(
        timestamp=timezone.now() - datetime.timedelta(days=100)
    )
    return {"old": old, "recent": recent, "open": petition, "gone": gone}


def by_country(petition):
    return dict(
        Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
        .values_list("country")
        .annotate(n=Count("pk"))
    )


def anonymise(*args):
    out = StringIO()
    call_command("anonymise_signatures", *args, stdout=out)
    return out.getvalue()


def test_anonymising_keeps_the_counts_and_nothing_of_the_signers(petitions):
    before = {key: by_country(page) for key, page in petitions.items()}
    counts = {
        key: PetitionPage.objects.get(pk=page.pk).signature_count
        for key, page in petitions.items()
    }
    report = anonymise()
    assert "Anonymised 6 confirmed signature(s) and deleted 2 unconfirmed" in report

    for key, page in petitions.items():
        assert by_country(page) == before[key], key
        page = PetitionPage.objects.get(pk=page.pk)
        assert page.signature_count == counts[key] == sum(before[key].values())
    closed = Signature.objects.filter(
        petition__in=[petitions["old"], petitions["gone"]]
    )
    assert closed.count() == 6
    for row in closed.values():
        assert (row["name"], row["email"]) == ("", "")
        assert not row["show_first_name"] and not row["keep_informed"]
        assert row["anonymised_at"] and row["confirmed_at"]
    text = repr(list(Signature.objects.values_list()))
    for secret in ("OldName", "GoneName", "old0@", "gone1@", "OldUnconfirmed"):
        assert secret not in text
    assert "RecentName0" in text and "OpenName0" in text  # not yet, not open
    # The outbox keeps nothing of them either.
    assert not Email.objects.filter(signature__in=closed).exists()


def test_running_it_again_changes_nothing(petitions):
    anonymise()
    assert "Anonymised 0 confirmed signature(s) and deleted 0" in anonymise()


def test_dry_run_counts_and_changes_nothing(petitions):
    report = anonymise("--dry-run")
    assert "Would anonymise 6 confirmed signature(s) and would delete 2" in report
    assert Signature.objects.filter(anonymised_at__isnull=False).count() == 0
    assert Signature.objects.filter(name="OldName0 Secret").exists()


def test_days_come_from_the_setting_or_the_option(petitions, settings):
    settings.PETITION_ANONYMISE_AFTER_DAYS = 20
    assert "Anonymised 7 confirmed" in anonymise()  # the recent one too
    # However few the days, an open petition keeps its signers.
    assert "Anonymised 0 confirmed" in anonymise("--days", "0")
    assert Signature.objects.filter(name="OpenName0 Secret").exists()


def test_the_public_page_shows_no_anonymised_first_name(client, petitions):
    anonymise()
    html = client.get(petitions["old"].url).content.decode()
    assert "Recent signatures" not in html


def test_exports_and_admin_say_anonymised(client, admin_user, petitions):
    anonymise()
    old = petitions["old"]
    login(client, admin_user)
    for name in ("petition_export_delivery", "petition_export_full"):
        csv = client.get(reverse(name, args=[old.pk])).content.decode()
        rows = csv.strip().splitlines()[1:]
        assert len(rows) == 4
        assert all(row.startswith("(anonymised),") for row in rows), rows
    full = client.get(reverse("petition_export_full", args=[old.pk])).content.decode()
    assert "(anonymised),(anonymised),Belarus" in full
    listing = client.get(reverse("signatures:index"), {"petition": old.pk})
    assert listing.content.decode().count("(anonymised)") == 4


def test_a_withdrawn_anonymised_signature_is_uncounted(petitions):
    anonymise()
    old = petitions["old"]
    Signature.objects.filter(petition=old).first().delete()
    assert PetitionPage.objects.get(pk=old.pk).signature_count == 3
