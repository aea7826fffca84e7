"""The home page's charts, drawn on the server as SVG (no script, no library).

- `prisoners_over_time()`: the published counts of political prisoners in
  Belarus (Figures), oldest first;
- `held_by_month()`: how many of this case file's people were held in each
  month, from their detention timelines (events.timeline);
- `by_month()`: the same months with how many were detained, released and
  sentenced in each (the API's stats/monthly/);
- `line_chart()`: what templates/includes/chart.html needs to draw either.
"""

import datetime
import math
from collections import Counter
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.stats import national_figures
from defenders.models import Defender
from events.models import ClaimedFigure, Figure, Sentence
from events.timeline import ENDS, STARTS, load_timelines
from records.fuzzydate import Precision, display, to_edtf
from records.public import grouped, public_sources


class Point(NamedTuple):
    """One value of a series, and one row of its table."""

    day: datetime.date  # the earliest day it can mean
    value: int
    qualifier: str  # "more than", "about"; "" when exact
    as_of: str  # "15 December 2025", "December 2025"
    datetime: str  # for <time datetime>: "2025-12-15", "2025-12"
    pk: int | None = None  # the Figure's
    sources: list | None = None  # public form (records.public.public_sources)


def prisoners_over_time(figures=None):
    """The published political-prisoner Figures as Points, oldest first.

    `figures` is `national_figures()` when the caller has it. Figures of one
    day (a month's and a day's) are all kept: they are sourced
    disagreements, and the table shows each with its source."""
    figures = national_figures() if figures is None else figures
    return [
        Point(
            day=figure.as_of,
            value=figure.value,
            qualifier=""
            if figure.qualifier == ClaimedFigure.Qualifier.EXACTLY
            else figure.get_qualifier_display(),
            as_of=figure.as_of_display,
            datetime=to_edtf(figure.as_of, figure.as_of_precision),
            pk=figure.pk,
            sources=public_sources(figure.sources.all()),
        )
        for figure in figures
        if figure.metric == Figure.Metric.POLITICAL_PRISONERS
    ]


def month_number(day):
    return day.year * 12 + day.month - 1


def month_day(number):
    return datetime.date(number // 12, number % 12 + 1, 1)


def held_by_month(today=None):
    """[(first day of the month, live defenders held at any time in it)],
    from the first month anyone was held to this month. Two queries.

    "At any time" so that a detention of a few days shows. A period with no
    recorded release runs to today while it is the person's latest and they
    are held (as `Timeline.days` counts it); otherwise its end is unknown
    (`Timeline.unknown_end`) and it counts in the month it began only."""
    today = today or timezone.localdate()
    held = timeline_months(today).held
    if not held:
        return []
    return [(month_day(n), held[n]) for n in range(min(held), month_number(today) + 1)]


class TimelineMonths(NamedTuple):
    """Counters by month number (`month_number`) of live defenders: held at
    any time in the month, whose detention began in it, who were released
    in it; and `by_year`, the detentions and releases dated only to a year,
    which no month can claim."""

    held: Counter
    detained: Counter
    released: Counter
    by_year: Counter


def timeline_months(today):
    """`TimelineMonths` from the live defenders' timelines, to `today`. Two
    queries. A detention or release is a period's start or end as the
    timeline counts periods (`Timeline.periods`); each person counts once a
    month."""
    defenders = load_timelines(list(Defender.objects.live().only("pk", "status")))
    counts = TimelineMonths(Counter(), Counter(), Counter(), Counter())
    for defender in defenders:
        timeline = defender.timeline
        unknown = set(timeline.unknown_end(today))
        held, detained, released = set(), set(), set()
        for start, end in timeline.periods(today):
            dated_month(timeline.entry_on(start, STARTS), detained, counts, "detained")
            if end is not None:
                dated_month(timeline.entry_on(end, ENDS), released, counts, "released")
            else:
                end = start if start in unknown else today
            held.update(range(month_number(start), month_number(end) + 1))
        counts.held.update(held)
        counts.detained.update(detained)
        counts.released.update(released)
    return counts


def dated_month(entry, months, counts, name):
    """Add the entry's month to `months`; one dated only to a year counts
    in `counts.by_year` instead."""
    if entry.precision == Precision.YEAR:
        counts.by_year[name] += 1
    else:
        months.add(month_number(entry.day))


class Month(NamedTuple):
    """One month of this case file's time series."""

    month: datetime.date  # its first day
    held: int
    detained: int
    released: int
    sentenced: int


def by_month(today=None):
    """([Month], {"detained", "released", "sentenced": how many are dated
    only to a year}) from the first month with any count to this month.
    Three queries: the timelines (`timeline_months`, what the held chart
    reads) and the published sentences of live defenders. `sentenced`:
    people with a verdict in the month."""
    today = today or timezone.localdate()
    counts = timeline_months(today)
    sentenced = Counter()
    by_year = Counter({"detained": 0, "released": 0, "sentenced": 0})
    by_year.update(counts.by_year)
    verdicts = (
        Sentence.objects.live()
        .filter(defender__live=True, verdict_date__lte=today)
        .values_list("defender_id", "verdict_date", "verdict_date_precision")
    )
    people = set()
    for defender_id, day, precision in verdicts:
        if precision == Precision.YEAR:
            by_year["sentenced"] += 1
        else:
            people.add((defender_id, month_number(day)))
    sentenced.update(month for _defender, month in people)
    used = [
        n
        for counter in (counts.held, counts.detained, counts.released, sentenced)
        for n in counter
    ]
    if not used:
        return [], dict(by_year)
    months = [
        Month(
            month_day(n),
            counts.held[n],
            counts.detained[n],
            counts.released[n],
            sentenced[n],
        )
        for n in range(min(used), month_number(today) + 1)
    ]
    return months, dict(by_year)


def held_points(months):
    return [
        Point(month, count, "", display(month, Precision.MONTH), month.isoformat()[:7])
        for month, count in months
    ]


WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 4, 476, 28, 212  # the plot area inside the viewBox
MAX_TICKS = 8
MAX_DOTS = 40
LABEL = 44  # the width of a year's label


def nice_ceiling(value):
    """The round number a y axis ends at: 7 -> 7, 1446 -> 1500, 5601 -> 6000."""
    if value <= 10:
        return max(value, 1)
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return int(step * power)


def shown(point):
    value = grouped(point.value)
    return f"{point.qualifier} {value}" if point.qualifier else value


class Chart(NamedTuple):
    title_id: str
    label: str
    description: str
    caption: str
    line: str  # the polyline's points
    area: str  # the polygon under a step line, "" for a line
    dots: list  # [(x, y)]
    ticks: list  # [(x, year or "" when there is no room for it)]
    y_max: int
    rows: list  # the Points, for the table
    when_heading: str
    value_heading: str
    sourced: bool  # the rows have sources: a column for them
    width: int = WIDTH
    height: int = HEIGHT
    top: int = TOP
    bottom: int = BOTTOM
    left: int = LEFT
    right: int = RIGHT


def line_chart(points, *, title_id, label, caption="", when="", value="", step=False):
    """A Chart of `points` (Points, oldest first), or None when there are
    none. `when` and `value` head the table's columns. `step`: the points
    are months, each drawn across its month."""
    if not points:
        return None
    first = points[0].day
    last = month_day(month_number(points[-1].day) + 1) if step else points[-1].day
    span = (last - first).days
    y_max = nice_ceiling(max(point.value for point in points))

    def x(day):
        if not span:
            return (LEFT + RIGHT) / 2
        return round(LEFT + (day - first).days / span * (RIGHT - LEFT), 1)

    def y(value):
        return round(BOTTOM - value / y_max * (BOTTOM - TOP), 1)

    corners = []
    for n, point in enumerate(points):
        corners.append((x(point.day), y(point.value)))
        if step:
            end = points[n + 1].day if n + 1 < len(points) else last
            corners.append((x(end), y(point.value)))
    line = " ".join(f"{a},{b}" for a, b in corners)
    area = f"{line} {RIGHT},{BOTTOM} {LEFT},{BOTTOM}" if step else ""
    dots = [] if step or len(points) > MAX_DOTS else corners
    # A tick at each new year in the range, labelled to its right where
    # there is room; none inside it (or no room): the first year, at the start.
    years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1)
    years = [year for year in years if datetime.date(year, 1, 1) <= last]
    ticks = []
    for year in years[:: math.ceil(len(years) / MAX_TICKS) or 1]:
        at = x(datetime.date(year, 1, 1))
        ticks.append((at, year if at <= RIGHT - LABEL else ""))
    if not any(label for _at, label in ticks):
        ticks.insert(0, (x(first), first.year))
    return Chart(
        title_id=title_id,
        label=label,
        description=describe(points),
        caption=caption,
        line=line,
        area=area,
        dots=dots,
        ticks=ticks,
        y_max=y_max,
        rows=points,
        when_heading=when or _("As of"),
        value_heading=value or _("Count"),
        sourced=any(point.sources is not None for point in points),
    )


def describe(points):
    """The chart in words, for its <desc>: where it starts, ends, peaks."""
    first, last = points[0], points[-1]
    if len(points) == 1:
        return f"{shown(first)} ({first.as_of})."
    high = max(points, key=lambda point: point.value)
    return _(
        "From %(first)s (%(first_when)s) to %(last)s (%(last_when)s); "
        "the highest is %(high)s (%(high_when)s)."
    ) % {
        "first": shown(first),
        "first_when": first.as_of,
        "last": shown(last),
        "last_when": last.as_of,
        "high": shown(high),
        "high_when": high.as_of,
    }


def home_charts(today=None, figures=None, held=None):
    """{"prisoners": Chart or None, "held": Chart or None} for the home
    page. `figures` is `national_figures()` and `held` is
    `held_by_month(today)` when the caller has them."""
    prisoners = line_chart(
        prisoners_over_time(figures),
        title_id="chart-prisoners",
        label=_("Political prisoners in Belarus"),
        caption=_(
            "Counts of political prisoners in Belarus as their sources give "
            "them, by the day they are counted as of. Where sources disagree, "
            "each count is shown."
        ),
    )
    held = line_chart(
        held_points(held_by_month(today) if held is None else held),
        title_id="chart-held",
        label=_("Defenders in this case file held, by month"),
        caption=_(
            "How many of the defenders in this case file were held at any time "
            "in each month, from their published detentions and releases. A "
            "detention with no recorded release counts only in the month it "
            "began, unless the person is held now."
        ),
        when=_("Month"),
        value=_("Defenders held"),
        step=True,
    )
    return {"prisoners": prisoners, "held": held}
