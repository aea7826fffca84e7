"""Headline figures, computed from published records only.

One place for the numbers on the home page and in the API's `stats/`.
"""

from django.db.models import Sum

from defenders.models import HELD, Defender, Organization
from events.models import Event, Sentence


def headline_figures():
    held_now = Defender.objects.live().filter(status__in=HELD).count()
    sentence_months = (
        Sentence.objects.live()
        .filter(defender__live=True)
        .aggregate(total=Sum("term_months"))["total"]
        or 0
    )
    closures = Event.objects.live().of_type(Event.Type.ORGANIZATION_CLOSURE)
    organizations_closed = (
        Organization.objects.live().closed_between(closures=closures).count()
    )
    return {
        "defenders": Defender.objects.live().count(),
        "held_now": held_now,
        "sentence_months_total": sentence_months,
        "sentence_years_total": round(sentence_months / 12, 1),
        "organizations_closed": organizations_closed,
    }
