"""What bench/run.py asks Docket for, chosen from the bench database.

`sample()` runs inside Django (`manage.py shell`, once per dataset) and
returns one JSON-ready dict: a profile, an event, the petition, profiles
for the cold row, and the name queries (bench/name_queries.py).
"""

from bench.name_queries import choose

# Distinct profiles for the cold-profile row: each is asked for once per
# round, right after a publish.
COLD_PROFILES = 100


def sample():
    from django.urls import reverse

    from defenders.models import Defender
    from events.models import Event
    from petition.models import PetitionPage

    defenders = Defender.objects.live().order_by("pk")
    slugs = list(defenders.values_list("slug", flat=True)[500 : 501 + COLD_PROFILES])
    petition = PetitionPage.objects.live().first()
    queries = choose()
    return {
        "slug": slugs[0],
        "cold_profiles": slugs[1:],
        "event": Event.objects.live()
        .order_by("pk")
        .values_list("slug", flat=True)[500],
        "live": defenders.count(),
        # Rows that need the petition are left out of a dataset without one.
        "petition": petition.url if petition else None,
        "sign": reverse("petition_sign", args=[petition.pk]) if petition else None,
        "name_queries": queries,
        "common": queries["common"],
        "rare": queries["exact"],  # one defender's exact name
    }
