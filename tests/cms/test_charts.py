"""The home page's charts: the political-prisoner series, this case file's
people held by month, and the SVG and table they are drawn as."""

import datetime

import pytest

from django.template.loader import render_to_string
from django.utils import translation

from cms.charts import (
    held_by_month,
    held_points,
    home_charts,
    line_chart,
    nice_ceiling,
    prisoners_over_time,
)
from defenders.factories import DefenderFactory
from events.factories import EventFactory, FigureFactory
from records.factories import SourceFactory
from tests.public_site import assert_nothing_private, build_case_file

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 5, 20)


def months(*pairs):
    return [(datetime.date(year, month, 1), count) for year, month, count in pairs]


def test_prisoner_points_are_published_figures_oldest_first():
    source = SourceFactory(title="Viasna report")
    newest = FigureFactory(
        value=1100,
        qualifier="more_than",
        as_of=datetime.date(2025, 12, 15),
        sources=[source, SourceFactory(title="Draft source", live=False)],
    )
    month = FigureFactory(
        value=1110,
        qualifier="about",
        as_of=datetime.date(2025, 12, 1),
        as_of_precision="month",
    )
    oldest = FigureFactory(
        value=1446, as_of=datetime.date(2022, 12, 1), as_of_precision="month"
    )
    FigureFactory(value=99999, as_of=datetime.date(2024, 1, 1), live=False)
    FigureFactory(metric="organizations_dissolved", value=1601)

    points = prisoners_over_time()
    assert [p.pk for p in points] == [oldest.pk, month.pk, newest.pk]
    assert [(p.qualifier, p.value) for p in points] == [
        ("", 1446),
        ("about", 1110),
        ("more than", 1100),
    ]
    assert [p.as_of for p in points] == [
        "December 2022",
        "December 2025",
        "15 December 2025",
    ]
    assert points[1].datetime == "2025-12" and points[2].datetime == "2025-12-15"
    # Only the published source, in public form.
    assert [s["title"] for s in points[2].sources] == ["Viasna report"]


def held(defender, day, kind="detention"):
    EventFactory(type=kind, date=day, defenders=[defender])


def test_held_across_a_month_boundary_counts_in_both_months():
    defender = DefenderFactory(status="imprisoned")
    held(defender, datetime.date(2021, 1, 30))
    assert held_by_month(TODAY) == months(
        (2021, 1, 1), (2021, 2, 1), (2021, 3, 1), (2021, 4, 1), (2021, 5, 1)
    )


def test_a_released_person_stops_counting_after_the_release_month():
    released = DefenderFactory(status="released")
    held(released, datetime.date(2021, 1, 30))
    held(released, datetime.date(2021, 3, 2), kind="release")
    still = DefenderFactory(status="imprisoned")
    held(still, datetime.date(2021, 2, 16))
    assert held_by_month(TODAY) == months(
        (2021, 1, 1), (2021, 2, 2), (2021, 3, 2), (2021, 4, 1), (2021, 5, 1)
    )


def test_a_detention_with_no_recorded_end_counts_as_the_timeline_does():
    # Held now: the open detention runs to today.
    held(DefenderFactory(status="imprisoned"), datetime.date(2021, 3, 10))
    # Not held, no release recorded: the end is unknown (Timeline.unknown_end),
    # so only the month the detention began counts.
    held(DefenderFactory(status="in_exile"), datetime.date(2021, 2, 5))
    # A draft detention and a draft defender do not count.
    EventFactory(
        type="detention",
        date=datetime.date(2020, 1, 1),
        live=False,
        defenders=[DefenderFactory(status="imprisoned")],
    )
    held(DefenderFactory(status="imprisoned", live=False), datetime.date(2020, 1, 1))
    assert held_by_month(TODAY) == months(
        (2021, 2, 1), (2021, 3, 1), (2021, 4, 1), (2021, 5, 1)
    )


def test_nobody_held_is_no_chart():
    DefenderFactory(status="released")
    assert held_by_month(TODAY) == []
    assert home_charts(TODAY) == {"prisoners": None, "held": None}


@pytest.mark.parametrize("defenders", [3, 30])
def test_held_by_month_queries_do_not_grow(django_assert_max_num_queries, defenders):
    for _n in range(defenders):
        defender = DefenderFactory(status="imprisoned")
        held(defender, datetime.date(2020, 8, 9))
        held(defender, datetime.date(2020, 9, 1), kind="release")
        held(defender, datetime.date(2021, 2, 16))
    FigureFactory(sources=[SourceFactory()])
    with django_assert_max_num_queries(2):
        counts = held_by_month(TODAY)
    assert counts[0] == (datetime.date(2020, 8, 1), defenders)
    assert counts[-1] == (datetime.date(2021, 5, 1), defenders)
    # Both charts: the figures and their sources, the defenders and their
    # timelines.
    with django_assert_max_num_queries(4):
        charts = home_charts(TODAY)
    assert charts["prisoners"] and charts["held"]


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0, 3, 10, 11, 1100, 1446, 5601)] == [
        1,
        3,
        10,
        12,
        1200,
        1500,
        6000,
    ]


def test_step_chart_draws_each_month_across_its_width():
    chart = line_chart(
        held_points(months((2020, 12, 2), (2021, 1, 4))),
        title_id="t",
        label="Held",
        step=True,
    )
    assert chart.y_max == 4
    # December 2020 at the left, then January 2021, to the end of January.
    assert chart.line.split(" ")[0] == f"{float(chart.left)},{float(chart.top + 92)}"
    assert chart.line.split(" ")[-1] == f"{chart.right}.0,{float(chart.top)}"
    assert [year for _x, year in chart.ticks] == [2021]


def test_year_ticks_are_labelled_where_there_is_room():
    december, january, february = months((2020, 12, 2), (2021, 1, 4), (2021, 2, 3))
    # November and December 2020: the new year is at the right edge, with no
    # room for its label, so the first year is labelled at the start.
    chart = line_chart(
        held_points([(datetime.date(2020, 11, 1), 1), december]),
        title_id="t",
        label="Held",
        step=True,
    )
    assert chart.ticks == [(float(chart.left), 2020), (float(chart.right), "")]
    chart = line_chart(
        held_points([december, january, february]),
        title_id="t",
        label="Held",
        step=True,
    )
    assert [year for _x, year in chart.ticks] == [2021]


def test_include_renders_an_accessible_svg_and_a_table_of_every_value():
    build_case_file(defenders=3, photos=False)
    public = SourceFactory(title="Human Rights Centre Viasna", url="https://x.org/")
    FigureFactory(value=1446, as_of=datetime.date(2022, 12, 1), sources=[public])
    FigureFactory(
        value=1100,
        qualifier="more_than",
        as_of=datetime.date(2025, 12, 15),
        sources=[public, SourceFactory(title="Hidden", confidential=True)],
    )
    charts = home_charts(datetime.date(2021, 9, 1))
    html = render_to_string("includes/chart.html", {"chart": charts["prisoners"]})
    assert '<svg class="chart-svg" viewBox="0 0 480 240" role="img"' in html
    assert 'aria-labelledby="chart-prisoners chart-prisoners-desc"' in html
    assert '<title id="chart-prisoners">Political prisoners in Belarus</title>' in html
    assert "From 1,446 (1 December 2022) to more than 1,100 (15 December 2025)" in html
    assert "<polyline" in html and "<table>" in html and "style=" not in html
    assert '<th scope="row"><time datetime="2022-12-01">1 December 2022</time>' in html
    assert "<td>1,446</td>" in html and "<td>more than 1,100</td>" in html
    assert (
        '<a href="https://x.org/" rel="noopener">Human Rights Centre Viasna</a>' in html
    )
    assert "source withheld for safety" in html and "Hidden" not in html
    assert "1,500" in html  # the y axis ends at a round number

    html = render_to_string("includes/chart.html", {"chart": charts["held"]})
    assert '<title id="chart-held">' in html
    # build_case_file: three people held from 14 July 2021.
    assert "<td>3</td>" in html and html.count("<td>3</td>") == 3
    assert '<time datetime="2021-07">July 2021</time>' in html
    assert '<th scope="col">Source</th>' not in html
    assert_nothing_private(html, "held chart")
    assert render_to_string("includes/chart.html", {"chart": None}).strip() == ""


def test_coordinates_are_written_the_same_in_every_language():
    FigureFactory(value=1446, as_of=datetime.date(2022, 12, 1))
    FigureFactory(value=1100, as_of=datetime.date(2025, 7, 15))
    chart = home_charts(TODAY)["prisoners"]
    assert any("." in str(x) for x, _y in chart.dots)
    with translation.override("ru"):
        html = render_to_string("includes/chart.html", {"chart": chart})
    x, y = chart.dots[1]
    assert f'cx="{x}" cy="{y}"' in html
    assert "<td>1\xa0446</td>" in html  # the figures are the reader's
