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
from typing import NamedTuple

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from defenders.models import HELD, Defender
from events.models import DetentionPlace, Event, EventDefender
from records.fuzzydate import display, display_from, latest_day, when
from records.public import grouped

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
    precision: str = "day"
    approximate: bool = False

    @property
    def display(self):
        """'16 February 2021', 'February 2021', 'c. 2021'."""
        return display(self.day, self.precision, self.approximate)

    @property
    def display_from(self):
        """After "since" or "from": з лютага 2021 (records.fuzzydate)."""
        return display_from(self.day, self.precision, self.approximate)

    @property
    def when(self):
        """'on 16 February 2021', 'in February 2021', 'around 2021'."""
        return when(self.day, self.precision, self.approximate)


def entries_of(defender):
    """The defender's live timeline entries, from what the caller loaded:
    `timeline_entries` (set by `load_timelines`) or prefetched involvements."""
    entries = getattr(defender, "timeline_entries", None)
    if entries is not None:
        return entries
    if defender.pk is None:
        return []
    return [
        Entry(
            i.event.type,
            i.event.date,
            i.event.detention_place_id,
            i.event.date_precision,
            i.event.date_approximate,
        )
        for i in defender.involvements.all()
        if i.event.live and i.event.type in TYPES and i.event.date
    ]


def load_timelines(defenders):
    """Set each defender's `timeline` (`Timeline.of`) from one query, with no
    Event instances: a long list names hundreds of events."""
    by_defender = {defender.pk: [] for defender in defenders}
    rows = EventDefender.objects.filter(
        defender__in=by_defender,
        event__live=True,
        event__type__in=TYPES,
        event__date__isnull=False,
    ).values_list(
        "defender_id",
        "event__type",
        "event__date",
        "event__detention_place",
        "event__date_precision",
        "event__date_approximate",
    )
    for defender_id, *entry in rows:
        by_defender[defender_id].append(Entry(*entry))
    for defender in defenders:
        defender.timeline_entries = by_defender[defender.pk]
        defender.timeline = Timeline(defender)
    return defenders


class HeldDays(NamedTuple):
    """Days held in the current detention, and the day they are counted to.

    `days` is None when the defender is not held. The count runs to today
    only while the status is current; a status known as of an earlier day
    counts to that day (its latest possible one) and `at_least` says the
    person may have been held longer."""

    days: int | None
    counted_to: datetime.date
    at_least: bool


class Timeline:
    """Detention periods and days held for one defender, as of a day."""

    def __init__(self, defender, entries=None):
        self.defender = defender
        self.held = defender.status in HELD
        entries = entries_of(defender) if entries is None else entries
        # On one day a detention comes before the release that ends it.
        self.entries = sorted(entries, key=lambda e: (e.day, e.type not in STARTS))

    @classmethod
    def of(cls, defender):
        """The timeline `load_timelines` built for this defender, else a new
        one: a serializer's fields all read the same one."""
        timeline = getattr(defender, "timeline", None)
        return timeline if isinstance(timeline, cls) else cls(defender)

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

    def entry_on(self, day, types):
        """The first entry of one of `types` on `day` (what a period's start
        or end came from, with its precision)."""
        return next(e for e in self.entries if e.day == day and e.type in types)

    def counted_to(self, today=None):
        """The day a count of days held runs to: today while the status is
        current, else the last day the status (or a later detention,
        transfer or release on record) confirms."""
        today = today or timezone.localdate()
        defender = self.defender
        if defender.status_as_of is None:
            confirmed = None
        else:
            confirmed = latest_day(
                defender.status_as_of, defender.status_as_of_precision or "day"
            )
        entries = [entry.day for entry in self.entries if entry.day <= today]
        if entries and (confirmed is None or entries[-1] > confirmed):
            confirmed = entries[-1]
        if confirmed is None or confirmed >= today:
            return today
        return confirmed

    def held_days(self, today=None):
        """`HeldDays` of the current detention: what every count of days held
        outside the admin says (cards, petition, share texts, the API)."""
        today = today or timezone.localdate()
        counted_to = self.counted_to(today)
        current, _total = self.days(counted_to)
        return HeldDays(current, counted_to, current is not None and counted_to < today)

    def total_days(self, today=None):
        """Days across every period, counted to the same day as `held_days`."""
        return self.days(self.counted_to(today))[1]

    def where_held(self, places):
        """(detention place, address for letters) while held, else (None, "").

        `places` maps detention place ids to the places the caller loaded
        (`load_detention_places`, or a profile's prefetched events). The
        address is the defender's own, else the place's postal address: the
        profile and the API both show this."""
        if not self.held:
            return None, ""
        place = places.get(self.current_place_id())
        if place is not None and not place.live:
            place = None
        address = self.defender.letter_address or (
            place.postal_address if place is not None else ""
        )
        return place, address

    def expected_release(self, sentence):
        """The day a sentence should end, while it is being served: the start
        of the detention it counts from plus its term.

        None when the defender is not held (released, in exile, deceased…),
        for a sentence in absentia, when no detention is recorded for it to
        count from, or when a release after the verdict has ended it. The
        detention it counts from is the one open on the verdict's day, else
        the first one after the verdict."""
        if not self.held or sentence.in_absentia or not sentence.verdict_date:
            return None
        verdict = sentence.verdict_date
        for start, end in self.periods():
            if start > verdict or end is None or end >= verdict:
                if end is not None:
                    return None  # released after the verdict: the term ended
                return add_months(start, sentence.term_months)
        return None

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


def load_detention_places(defenders):
    """{id: DetentionPlace} of the live places where `defenders` are held
    now, in one query: what `Timeline.where_held` reads."""
    ids = {Timeline.of(defender).current_place_id() for defender in defenders}
    ids.discard(None)
    if not ids:
        return {}
    return DetentionPlace.objects.live().select_related("place").in_bulk(ids)


def held_statement(defender, today=None, timeline=None):
    """How long a defender has been held, saying what it is counted to:
    "at least 1,495 days, to 15 December 2025, the last confirmed status",
    or "1,495 days, to today" while the status is current. "" when not held.

    Every count of days held that leaves the profile is this text."""
    timeline = timeline or Timeline.of(defender)
    days, counted_to, at_least = timeline.held_days(today)
    if days is None:
        return ""
    shown = grouped(days)
    if not at_least:
        return ngettext("%(days)s day, to today", "%(days)s days, to today", days) % {
            "days": shown
        }
    confirmed = defender.status_as_of and latest_day(
        defender.status_as_of, defender.status_as_of_precision or "day"
    )
    if confirmed == counted_to:
        # As the status has it: "December 2025" for a month.
        day = defender.status_as_of_display
    else:
        day = display(counted_to, "day")
    return ngettext(
        "at least %(days)s day, to %(day)s, the last confirmed status",
        "at least %(days)s days, to %(day)s, the last confirmed status",
        days,
    ) % {"days": shown, "day": day}


def total_statement(defender, today=None, timeline=None):
    """Days in detention across every period, counted like `held_statement`:
    "1,613 days in detention in total", or "at least 1,613 days in detention
    in total" while held on a status older than today. "" when none."""
    timeline = timeline or Timeline.of(defender)
    total = timeline.total_days(today)
    if not total:
        return ""
    if timeline.held_days(today).at_least:
        text = ngettext(
            "at least %(days)s day in detention in total",
            "at least %(days)s days in detention in total",
            total,
        )
    else:
        text = ngettext(
            "%(days)s day in detention in total",
            "%(days)s days in detention in total",
            total,
        )
    return text % {"days": grouped(total)}


def summary_statement(defender, today=None, timeline=None):
    """The profile's first line, one a reader can quote, from the same
    counts as everything else:

    "Held since 14 July 2021: 1,966 days, to today."
    "Held from 14 July 2021 to 13 December 2025: 1,613 days. In exile, as of
    15 December 2025."
    """
    timeline = timeline or Timeline.of(defender)
    today = today or timezone.localdate()
    periods = timeline.periods(timeline.counted_to(today))
    status = _("%(status)s, as of %(day)s.") % {
        "status": capfirst(defender.get_status_display()),
        "day": defender.status_as_of_display,
    }
    if not periods:
        return status
    start, end = periods[-1]
    since = timeline.entry_on(start, STARTS)
    held = held_statement(defender, today, timeline)
    if held:
        return _("Held since %(day)s: %(held)s.") % {
            "day": since.display_from,
            "held": held,
        }
    if end is None:
        text = _("Detained %(when)s; no release is recorded.") % {"when": since.when}
    else:
        text = ngettext(
            "Held from %(start)s to %(end)s: %(days)s day.",
            "Held from %(start)s to %(end)s: %(days)s days.",
            (end - start).days,
        ) % {
            "start": since.display_from,
            "end": timeline.entry_on(end, ENDS).display,
            "days": grouped((end - start).days),
        }
    if len(periods) > 1:
        text += " " + capfirst(total_statement(defender, today, timeline)) + "."
    return f"{text} {status}"


def add_months(day, months):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
