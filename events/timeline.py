"""A defender's detention timeline: the one place that says what it means.

Which events start a detention and which end it, where the person is held
now, how many days they have been held, when a sentence should end, and where
the recorded status contradicts the record. The model's validation, the
admin, the public pages and the API all read a `Timeline`; none of them reads
event types on its own.
"""

import calendar
import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from defenders.models import HELD, Defender
from events.models import Event, EventDefender

STARTS = (Event.Type.DETENTION,)
ENDS = (Event.Type.RELEASE,)
# Events that say where a person is held from their day on.
MOVES = (Event.Type.DETENTION, Event.Type.TRANSFER)
TYPES = (*STARTS, *ENDS, Event.Type.TRANSFER)


@dataclasses.dataclass(frozen=True)
class Entry:
    type: str
    day: datetime.date
    detention_place_id: int | None = None


def entries_of(defender):
    """The defender's live timeline entries, from what the caller loaded:
    `timeline_entries` (set by `load_timelines`) or prefetched involvements."""
    entries = getattr(defender, "timeline_entries", None)
    if entries is not None:
        return entries
    if defender.pk is None:
        return []
    return [
        Entry(i.event.type, i.event.date, i.event.detention_place_id)
        for i in defender.involvements.all()
        if i.event.live and i.event.type in TYPES and i.event.date
    ]


def load_timelines(defenders):
    """Set `timeline_entries` on each defender in one query, with no Event
    instances: a long list names hundreds of events."""
    by_defender = {defender.pk: [] for defender in defenders}
    rows = EventDefender.objects.filter(
        defender__in=by_defender,
        event__live=True,
        event__type__in=TYPES,
        event__date__isnull=False,
    ).values_list("defender_id", "event__type", "event__date", "event__detention_place")
    for defender_id, kind, day, place_id in rows:
        by_defender[defender_id].append(Entry(kind, day, place_id))
    for defender in defenders:
        defender.timeline_entries = by_defender[defender.pk]
    return defenders


class Timeline:
    """Detention periods and days held for one defender, as of a day."""

    def __init__(self, defender, entries=None):
        self.defender = defender
        self.held = defender.status in HELD
        entries = entries_of(defender) if entries is None else entries
        # On one day a detention comes before the release that ends it.
        self.entries = sorted(entries, key=lambda e: (e.day, e.type not in STARTS))

    def periods(self, as_of=None):
        """[(start, end or None)] in order. A period ends at the first release
        after it; a second detention inside an open period is the same one."""
        as_of = as_of or timezone.localdate()
        periods = []
        for entry in self.entries:
            if entry.day > as_of:
                break
            if entry.type in STARTS:
                if not (periods and periods[-1][1] is None):
                    periods.append((entry.day, None))
            elif entry.type in ENDS and periods and periods[-1][1] is None:
                periods[-1] = (periods[-1][0], entry.day)
        return periods

    def days(self, as_of=None):
        """(current period, total of all periods) in days.

        The current period is None when not held. A period with no release
        counts only while the defender is held; otherwise its end is unknown
        and it is left out of the total (see `unknown_end`)."""
        as_of = as_of or timezone.localdate()
        current, total = None, 0
        periods = self.periods(as_of)
        for position, (start, end) in enumerate(periods):
            if end is None:
                if not (self.held and position == len(periods) - 1):
                    continue
                current = (as_of - start).days
                total += current
            else:
                total += (end - start).days
        return current, total

    @property
    def days_now(self):
        return self.days()

    def unknown_end(self, as_of=None):
        """Starts of detention periods whose end no release records."""
        periods = self.periods(as_of)
        open_ = [start for start, end in periods if end is None]
        if self.held and open_ and periods[-1][1] is None:
            open_ = open_[:-1]
        return open_

    def current_place_id(self):
        """The detention place of the latest detention or transfer while held;
        None when not held, or when that event names no place."""
        if not self.held:
            return None
        for entry in reversed(self.entries):
            if entry.type in MOVES:
                return entry.detention_place_id
        return None

    def expected_release(self, sentence):
        """Start of the detention a sentence counts from, plus its term.

        None for a sentence in absentia or when no detention precedes it."""
        if sentence.in_absentia or not sentence.verdict_date:
            return None
        starts = [start for start, _end in self.periods(sentence.verdict_date)]
        if not starts:
            return None
        return add_months(starts[-1], sentence.term_months)

    def warnings(self, as_of=None):
        """Where the status contradicts the timeline, for researchers."""
        status = self.defender.get_status_display()
        periods = self.periods(as_of)
        warnings = []
        if self.held and periods and periods[-1][1] is not None:
            warnings.append(
                _("Status is “%(status)s” but a release follows the last detention.")
                % {"status": status}
            )
        if self.held and not periods:
            warnings.append(
                _("Status is “%(status)s” but no detention is recorded.")
                % {"status": status}
            )
        if (
            self.defender.status == Defender.Status.RELEASED
            and periods
            and periods[-1][1] is None
        ):
            warnings.append(_("Status is “released” but no release is recorded."))
        return warnings


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
