import pytest

from django.core.management import call_command

from bench.name_queries import choose
from defenders.models import Defender
from records import names

pytestmark = pytest.mark.django_db


def test_each_kind_of_name_query_is_taken_from_the_data():
    call_command("generate_synthetic", defenders=620, events=5, stdout=None)
    queries = choose()
    live = Defender.objects.live()
    person = live.get(name_be=queries["exact"], pk__in=live.order_by("pk")[500:501])
    own = set(names.search_names(person.name, person.name_be, person.name_ru).split())
    assert queries["variant"] != person.name_be
    assert not own & set(names.words(queries["variant"]))
    assert live.named_like(queries["variant"]).filter(pk=person.pk).exists()
    surname = names.words(person.name)[-1]
    assert queries["prefix"] == surname[:5]
    # One letter changed, none added or taken away.
    assert sum(a != b for a, b in zip(queries["typo"], surname, strict=True)) == 1
    assert queries["declined"][-1] == "а"
    assert live.named_like(queries["declined"]).exists()
    assert live.matching(queries["common"]).count() == live.count()
