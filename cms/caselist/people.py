"""A person's records as one case-list row sees them, in their latest version
(the draft if there is one, else the live record): the defender, the latest
detention and the release that ended it, the charges and the latest sentence.

`Person.cells()` is what an export writes and what an import compares a row
with, so exporting the case list and importing it back changes nothing.
"""

import datetime
from collections import defaultdict

from events.models import Charge, Event, EventDefender, Sentence
from records.fuzzydate import as_typed, fuzzy_parts


def latest(record):
    """The record's latest version. A draft that was never published is
    kept in its row as well as its revision (as Wagtail's edit view does),
    so only a live record with unpublished changes needs its revision."""
    if record.live and record.has_unpublished_changes:
        return record.get_latest_revision_as_object()
    return record


def typed(value):
    return as_typed(*value) if value else ""


class Person:
    def __init__(
        self, defender, detention=None, release=None, sentence=None, charges=()
    ):
        self.defender = defender
        self.detention = detention
        self.release = release
        self.sentence = sentence
        self.charges = list(charges)
        self.memberships = list(defender.memberships.all())
        self.sources = list(defender.sources.all())

    @property
    def articles(self):
        return {charge.article_id: charge.article for charge in self.charges}

    def membership(self, organization):
        for membership in self.memberships:
            if membership.organization_id == organization.pk:
                return membership
        return None

    @staticmethod
    def shared(event):
        """Whether the event names other people too (a group detention)."""
        return event is not None and len(event.participants.all()) > 1

    def detention_city(self):
        places = list(self.detention.places.all()) if self.detention else []
        return places[0] if places else None

    def cells(self):
        """{column key: the cell's text}, as an export writes it."""
        defender, sentence = self.defender, self.sentence
        first = self.memberships[0] if self.memberships else None
        city = self.detention_city()
        place = self.detention.detention_place if self.detention else None
        regime = ""
        if sentence is not None:
            regime = (
                sentence.regime_note
                if sentence.regime == Sentence.Regime.UNKNOWN
                else sentence.get_regime_display()
            )
        return {
            "name": defender.name,
            "name_be": defender.name_be,
            "name_ru": defender.name_ru,
            "other_names": "; ".join(defender.other_names.splitlines()),
            "slug": defender.slug,
            "birth_year": str(defender.birth_year or ""),
            "organization": first.organization.slug if first else "",
            "role": first.role if first else defender.role,
            "status": defender.status,
            "status_as_of": typed(fuzzy_parts(defender, "status_as_of")),
            "detained_on": typed(
                self.detention and fuzzy_parts(self.detention, "date")
            ),
            "detention_city": city.name if city else "",
            "articles": "; ".join(sorted(a.slug for a in self.articles.values())),
            "verdict_on": typed(sentence and fuzzy_parts(sentence, "verdict_date")),
            "court": sentence.court if sentence else "",
            "sentence": str(sentence.term_months) if sentence else "",
            "regime": regime,
            "detention_place": place.name if place else "",
            "letter_address": defender.letter_address,
            "released_on": typed(self.release and fuzzy_parts(self.release, "date")),
            "sources": "; ".join(s.url for s in self.sources if s.url),
            "private_notes": defender.private_notes,
        }


def load_people(defenders):
    """{defender pk: Person} for these Defender rows, in a few queries."""
    defenders = [latest(d) for d in defenders]
    pks = [d.pk for d in defenders]
    events = defaultdict(list)
    involvements = EventDefender.objects.filter(
        defender_id__in=pks,
        event__type__in=[Event.Type.DETENTION, Event.Type.RELEASE],
    ).select_related("event__detention_place")
    involvements = involvements.prefetch_related("event__places", "event__participants")
    for involvement in involvements:
        events[involvement.defender_id].append(latest(involvement.event))
    sentences = defaultdict(list)
    for sentence in Sentence.objects.filter(defender_id__in=pks):
        sentence = latest(sentence)
        sentences[sentence.defender_id].append(sentence)
    charges = defaultdict(list)
    for charge in Charge.objects.filter(defender_id__in=pks).select_related("article"):
        charges[charge.defender_id].append(latest(charge))
    people = {}
    for defender in defenders:
        mine = events[defender.pk]
        detention = last([e for e in mine if e.type == Event.Type.DETENTION], "date")
        releases = [e for e in mine if e.type == Event.Type.RELEASE and e.date]
        if detention is not None and detention.date:
            releases = [e for e in releases if e.date >= detention.date]
        people[defender.pk] = Person(
            defender,
            detention=detention,
            release=last(releases, "date"),
            sentence=last(sentences[defender.pk], "verdict_date"),
            charges=charges[defender.pk],
        )
    return people


def last(records, name):
    """The record with the latest date (undated ones first), or None."""
    if not records:
        return None
    return max(
        records,
        key=lambda r: (getattr(r, name) or datetime.date.min, r.pk),
    )


def people_of(queryset):
    """Every defender of the queryset as a Person, with what a row needs."""
    defenders = queryset.prefetch_related("sources", "memberships__organization")
    return load_people(list(defenders))
