import pytest

from django.core.management import CommandError, call_command

from defenders.factories import DefenderFactory
from defenders.models import Defender, Organization
from events.models import Event
from petition.models import PetitionPage, Signature
from records.models import Place

pytestmark = pytest.mark.django_db


def test_generates_a_marked_synthetic_dataset():
    call_command(
        "generate_synthetic", defenders=30, events=60, signatures=40, stdout=None
    )
    assert Defender.objects.count() == 30
    assert Event.objects.count() == 60
    assert not Defender.objects.exclude(slug__startswith="synthetic-").exists()
    assert not Event.objects.exclude(slug__startswith="synthetic-").exists()
    petition = PetitionPage.objects.get(slug="synthetic-petition")
    assert Signature.objects.filter(petition=petition).count() == 40
    confirmed = Signature.objects.filter(confirmed_at__isnull=False).count()
    assert petition.signature_count == confirmed > 0


def test_refuses_a_database_holding_the_real_case_file():
    DefenderFactory(slug="alpha-test-defender")
    with pytest.raises(CommandError, match="real case records"):
        call_command("generate_synthetic", defenders=5, events=5)
    assert Defender.objects.count() == 1


def test_every_named_row_is_found_by_name():
    # Bulk creation skips save(), which fills search_names.
    call_command("generate_synthetic", defenders=5, events=5, stdout=None)
    for model in (Defender, Organization, Place):
        assert not model.objects.filter(search_names="").exists(), model
    assert Organization.objects.named_like("Synthetic Organization 7").count() == 1
