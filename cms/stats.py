"""Headline figures, computed from published records only.

One place for the numbers on the home page and in the API's `stats/`:

- the case file's own counts: defenders, those held now, years of sentences,
  organization records closed;
- how many organizations the largest published closure ordered shut: the
  closure event's affected count, beside the lowest and highest figure its
  sources give (53 on 22 July 2021; sources give 40 to 53);
- the latest published count of political prisoners in Belarus (a Figure),
  with its qualifier and date.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, Sum

from defenders.models import HELD, Defender, Organization
from events.models import ClaimedFigure, Event, Figure, Sentence
from records.models import Source
from records.public import public_sources

UNSET = object()


# Of two figures of one day, the one dated to the day is the later: "15
# December 2025" is newer than "December 2025".
PRECISE = {"year": 0, "month": 1, "day": 2}


def national_figures():
    """Every published Figure with its published sources: by what it counts
    (political prisoners first, as `Figure.Metric` lists them), then oldest
    first (a series reads forward in time)."""
    metrics = {metric: n for n, metric in enumerate(Figure.Metric.values)}
    figures = Figure.objects.live().prefetch_related(
        Prefetch("sources", queryset=Source.objects.live())
    )
    return sorted(
        figures,
        key=lambda f: (metrics[f.metric], f.as_of, PRECISE[f.as_of_precision], f.pk),
    )


def latest(figures, metric):
    """The newest of `figures` counting `metric`, or None."""
    counting = [f for f in figures if f.metric == metric]
    counting.sort(key=lambda f: (f.as_of, PRECISE[f.as_of_precision], f.pk))
    return counting[-1] if counting else None


class Closure:
    """A published closure event and how many organizations it shut: its
    affected count (else its sources' highest figure), and the range of the
    figures its published sources give."""

    def __init__(self, event):
        self.event = event
        values = [figure.value for figure in event.figures.all()]
        if event.affected_count is not None:
            values.append(event.affected_count)
        self.count = (
            event.affected_count if event.affected_count is not None else max(values)
        )
        self.low, self.high = min(values), max(values)
        self.sources = len(event.figures.all())


def largest_closure():
    """The published closure event that shut the most organizations, by its
    count (the latest of equal ones), or None."""
    # Only closures with a count: most have none, and reading them all
    # would grow with the case file.
    counted = Q(affected_count__isnull=False) | Exists(
        ClaimedFigure.objects.filter(event=OuterRef("pk"), source__live=True)
    )
    events = (
        Event.objects.live()
        .of_type(Event.Type.ORGANIZATION_CLOSURE)
        .filter(counted)
        .prefetch_related(
            Prefetch(
                "figures", queryset=ClaimedFigure.objects.filter(source__live=True)
            )
        )
    )
    closures = [
        Closure(event)
        for event in events
        if event.affected_count is not None or event.figures.all()
    ]
    closures.sort(key=lambda c: (c.count, c.event.date, c.event.pk))
    return closures[-1] if closures else None


def headline_figures(*, closure=UNSET, national=UNSET):
    """The figures as plain values (what the API's `stats/` answers).

    `closure` (a `largest_closure()`) and `national` (`national_figures()`)
    may be passed when the caller has them already."""
    closure = largest_closure() if closure is UNSET else closure
    national = national_figures() if national is UNSET else national
    prisoners = latest(national, Figure.Metric.POLITICAL_PRISONERS)
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
        "organizations_ordered_closed": closure.count if closure else None,
        "organizations_ordered_closed_on": closure.event.date_edtf if closure else None,
        "organizations_ordered_closed_low": closure.low if closure else None,
        "organizations_ordered_closed_high": closure.high if closure else None,
        "organizations_ordered_closed_event": closure.event.slug if closure else None,
        "political_prisoners": prisoners.value if prisoners else None,
        "political_prisoners_qualifier": prisoners.qualifier if prisoners else None,
        "political_prisoners_as_of": prisoners.as_of_edtf if prisoners else None,
        "political_prisoners_figure": prisoners.pk if prisoners else None,
    }


def home_figures():
    """What the home page shows: the headline figures, the closure and the
    political-prisoner count they come from, and every national figure,
    each with its sources in public form."""
    closure, national = largest_closure(), national_figures()
    rows = [
        {"figure": figure, "sources": public_sources(figure.sources.all())}
        for figure in national
    ]
    prisoners = latest(national, Figure.Metric.POLITICAL_PRISONERS)
    return {
        **headline_figures(closure=closure, national=national),
        "closure": closure,
        "political_prisoners_latest": next(
            (row for row in rows if row["figure"] is prisoners), None
        ),
        "national": rows,
    }
