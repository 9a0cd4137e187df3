"""The SVG chart of how numeric claims evolved over time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import load_project
from generator.render.chart import _DODGE, ChartPoint, ChartSeries, evolution_svg
from generator.render.pages import DossierPages
from generator.validate.annotations import NUMBER_DIGITS, _out_of_range

import factory

SVG = "{http://www.w3.org/2000/svg}"


def day(year: int, month: int, date: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, date)
    return start, start + timedelta(days=1)


def minute(month: int, date: int, hour: int, at: int) -> tuple[datetime, datetime]:
    start = datetime(2024, month, date, hour, at)
    return start, start + timedelta(minutes=1)


def point(
    claim_id: str,
    span: tuple[datetime, datetime],
    low: float | None,
    high: float | None,
    value_label: str | None = None,
    time_label: str = "some time",
    href: str | None = None,
) -> ChartPoint:
    label = value_label if value_label is not None else f"{low}–{high}"
    return ChartPoint(claim_id, span[0], span[1], low, high, label, time_label, href)


SAMPLE = (
    ChartSeries("IRNA", (point("irna-103", minute(1, 3, 14, 10), 103, 103, "103"),)),
    ChartSeries(
        "Iranian officials",
        (
            point("officials-89", day(2024, 1, 5), 89, 89, "89", "5 January 2024"),
            point("officials-91", day(2024, 1, 6), 91, 92, "91–92", "6 January 2024"),
            point("officials-93", day(2024, 1, 10), 93, 94, "93–94", "10 January 2024"),
            point(
                "officials-96", (datetime(2024, 7, 1), datetime(2024, 8, 1)), 96, 96, "96", "July"
            ),
        ),
    ),
    ChartSeries("Ahmad Vahidi", (point("vahidi-84", day(2024, 1, 4), 84, 84, "84"),)),
    ChartSeries("ISWNews", (point("iswnews-84", minute(1, 4, 10, 30), 84, None, "at least 84"),)),
    ChartSeries("Iranian state media", (point("state-20", day(2024, 1, 3), 20, 20, "20"),)),
)
SAMPLE_POINTS = [p for s in SAMPLE for p in s.points]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def point_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "dossier-chart-point"]


def by_class(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if e.get("class") == name]


def marker_xy(element: ET.Element) -> tuple[float, float]:
    """Where a point's (or legend entry's) marker is drawn."""
    (marker,) = by_class(element, "dossier-chart-marker")
    found = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", marker.get("transform", ""))
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def path_ys(element: ET.Element) -> list[float]:
    """The y coordinates a path's ``d`` visits (after M/L commands and V)."""
    d = element.get("d", "")
    pairs = [float(y) for y in re.findall(r"[ML][-\d.]+,([-\d.]+)", d)]
    return pairs + [float(y) for y in re.findall(r"V([-\d.]+)", d)]


def test_no_points_gives_an_empty_string() -> None:
    assert evolution_svg("Toll", "deaths", []) == ""
    assert evolution_svg("Toll", "deaths", [ChartSeries("IRNA", ())]) == ""


def test_output_is_an_accessible_svg() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("class") == "dossier-chart"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 720 \d+", root.get("viewBox", ""))
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == "Death toll"
    assert desc is not None and desc.get("id") == desc_id
    assert "Ahmad Vahidi: 84" in (desc.text or "")


def test_one_group_per_point_carrying_its_claim() -> None:
    groups = point_groups(parse(evolution_svg("Death toll", "deaths", SAMPLE)))
    assert len(groups) == len(SAMPLE_POINTS)
    drawn = {g.get("data-claim"): g for g in groups}
    for series in SAMPLE:
        for p in series.points:
            group = drawn[p.claim_id]
            assert group.get("data-value") == p.value_label
            assert group.get("data-time") == p.time_label
            assert group.get("data-series") == series.name
            title = group.find(f"{SVG}title")
            assert title is not None
            assert title.text == f"{series.name}: {p.value_label} ({p.time_label})"


def test_larger_values_are_drawn_higher() -> None:
    groups = point_groups(parse(evolution_svg("Death toll", "deaths", SAMPLE)))
    centres = {p.claim_id: p.centre for p in SAMPLE_POINTS}
    drawn = sorted(groups, key=lambda g: centres[g.get("data-claim", "")])
    drawn_at = [(centres[g.get("data-claim", "")], marker_xy(g)[1]) for g in drawn]
    assert len({value for value, _ in drawn_at}) >= 6
    for (value_a, y_a), (value_b, y_b) in pairwise(drawn_at):
        if value_b > value_a:
            assert y_b < y_a, (value_a, value_b)
        else:
            assert y_b == y_a


def test_later_points_are_drawn_further_right() -> None:
    groups = point_groups(parse(evolution_svg("Death toll", "deaths", SAMPLE)))
    midpoints = {p.claim_id: p.midpoint for p in SAMPLE_POINTS}
    drawn = sorted(groups, key=lambda g: midpoints[g.get("data-claim", "")])
    xs = [marker_xy(g)[0] for g in drawn]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)  # no two sample points share a time


def test_points_of_a_series_are_sorted_and_joined_in_time_order() -> None:
    shuffled = ChartSeries("Officials", tuple(reversed(SAMPLE[1].points)))
    root = parse(evolution_svg("Toll", "deaths", [shuffled]))
    groups = point_groups(root)
    assert [g.get("data-claim") for g in groups] == [p.claim_id for p in SAMPLE[1].points]
    (line,) = by_class(root, "dossier-chart-line")
    vertices = [tuple(float(n) for n in v.split(",")) for v in line.get("points", "").split()]
    assert vertices == [marker_xy(g) for g in groups]


def test_only_series_with_two_points_get_a_line() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE))
    lines = by_class(root, "dossier-chart-line")
    assert len(lines) == 1  # only "Iranian officials" has more than one point
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "dossier-chart-series"]
    assert [s.get("data-series") for s in series] == [s.name for s in SAMPLE]
    assert lines[0] in list(series[1])


def test_hostile_text_is_escaped() -> None:
    hostile = "<script>alert(1)</script>"
    label = 'said "84" & <b>more</b>'
    href = 'x" onmouseover="alert(1)'
    series = [
        ChartSeries(hostile, (point("a", day(2024, 1, 3), 84, 84, label, "<i>3 Jan</i>", href),))
    ]
    svg = evolution_svg('Toll "<x>" & co', "deaths</text><script>", series)
    root = parse(svg)
    tags = {e.tag for e in root.iter()}
    assert not {t for t in tags if t.endswith(("script", "b", "i", "x"))}
    (group,) = point_groups(root)
    assert group.get("data-series") == hostile
    assert group.get("data-value") == label
    assert set(group.keys()) == {"class", "data-claim", "data-value", "data-time", "data-series"}
    title = group.find(f"{SVG}title")
    assert title is not None and title.text == f"{hostile}: {label} (<i>3 Jan</i>)"
    (link,) = root.iter(f"{SVG}a")
    assert link.get("href") == href
    assert list(link.keys()) == ["href"]
    root_title = root.find(f"{SVG}title")
    assert root_title is not None and root_title.text == 'Toll "<x>" & co'
    assert "<script>" not in svg


def test_relative_links_wrap_the_marker_and_script_urls_are_dropped() -> None:
    series = [
        ChartSeries(
            "A",
            (
                point("a", day(2024, 1, 3), 1, 1, href="../claims/#a"),
                point("b", day(2024, 1, 4), 2, 2, href=" JavaScript:alert(1)"),
                point("c", day(2024, 1, 5), 3, 3),
            ),
        )
    ]
    groups = point_groups(parse(evolution_svg("T", "u", series)))
    links = [list(g.iter(f"{SVG}a")) for g in groups]
    assert [len(found) for found in links] == [1, 0, 0]
    assert links[0][0].get("href") == "../claims/#a"
    assert by_class(links[0][0], "dossier-chart-marker")


def test_characters_xml_forbids_are_dropped() -> None:
    series = [ChartSeries("A\x00B\x1b", (point("a", day(2024, 1, 3), 1, 1, "1\x0c"),))]
    (group,) = point_groups(parse(evolution_svg("T\x01", "u", series)))
    assert group.get("data-series") == "AB"
    assert group.get("data-value") == "1"


def test_output_is_deterministic_and_ids_depend_on_content() -> None:
    first = evolution_svg("Death toll", "deaths", SAMPLE)
    assert evolution_svg("Death toll", "deaths", SAMPLE) == first
    other = evolution_svg("Death toll", "deaths", SAMPLE[:2])
    ids = parse(first).get("aria-labelledby", "").split()
    other_ids = parse(other).get("aria-labelledby", "").split()
    assert ids[0].startswith("chart-death-toll-")
    assert not set(ids) & set(other_ids)


def test_a_single_point_is_drawn_inside_the_plot() -> None:
    series = [ChartSeries("IRNA", (point("irna", minute(1, 3, 14, 10), 103, 103, "103"),))]
    root = parse(evolution_svg("Toll", "deaths", series))
    (group,) = point_groups(root)
    x, y = marker_xy(group)
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert 0 < x < width and 0 < y < height
    axis = by_class(root, "dossier-chart-x-axis")[0]
    labels = [t.text for t in axis.iter(f"{SVG}text")]
    assert "3 Jan" in labels or "4 Jan" in labels
    assert not by_class(root, "dossier-chart-line")


def test_a_range_is_drawn_as_a_bar_between_its_bounds() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE))
    groups = {g.get("data-claim"): g for g in point_groups(root)}
    (bar,) = by_class(groups["officials-91"], "dossier-chart-range")
    ys = path_ys(bar)
    _, marker = marker_xy(groups["officials-91"])
    assert min(ys) < marker < max(ys)
    # 93-94 spans the same height as 91-92: one unit on the same scale.
    (other,) = by_class(groups["officials-93"], "dossier-chart-range")
    assert max(ys) - min(ys) == pytest.approx(max(path_ys(other)) - min(path_ys(other)), abs=0.2)
    for exact in ("irna-103", "officials-89", "vahidi-84", "state-20"):
        assert not by_class(groups[exact], "dossier-chart-range")
        assert not by_class(groups[exact], "dossier-chart-open")


def test_open_ranges_draw_arrows_the_right_way() -> None:
    series = [
        ChartSeries(
            "A",
            (
                point("at-least", day(2024, 1, 3), 84, None, "at least 84"),
                point("at-most", day(2024, 1, 4), None, 50, "at most 50"),
            ),
        )
    ]
    groups = {g.get("data-claim"): g for g in point_groups(parse(evolution_svg("T", "u", series)))}
    (up,) = by_class(groups["at-least"], "dossier-chart-open")
    (down,) = by_class(groups["at-most"], "dossier-chart-open")
    assert up.get("data-direction") == "up" and down.get("data-direction") == "down"
    assert max(path_ys(up)) < marker_xy(groups["at-least"])[1]
    assert min(path_ys(down)) > marker_xy(groups["at-most"])[1]
    assert marker_xy(groups["at-least"])[1] < marker_xy(groups["at-most"])[1]
    assert not by_class(groups["at-least"], "dossier-chart-range")


def test_a_range_has_a_hollow_marker_and_an_exact_number_a_filled_one() -> None:
    groups = {g.get("data-claim"): g for g in point_groups(parse(evolution_svg("T", "u", SAMPLE)))}
    (hollow,) = by_class(groups["officials-91"], "dossier-chart-marker")
    (filled,) = by_class(groups["officials-89"], "dossier-chart-marker")
    assert hollow.get("fill") == "none", "nobody claimed the middle of 91-92"
    assert filled.get("fill") != "none"


def test_a_bound_is_labelled_with_its_sign() -> None:
    series = [
        ChartSeries(
            "A",
            (
                point("at-least", day(2024, 1, 3), 84, None, "at least 84"),
                ChartPoint("more", *day(2024, 1, 4), 80, None, "more than 80", "t", None, False),
                ChartPoint(
                    "less", *day(2024, 1, 5), None, 471, "less than 471", "t", None, True, False
                ),
            ),
        )
    ]
    groups = {g.get("data-claim"): g for g in point_groups(parse(evolution_svg("T", "u", series)))}
    signs = {
        claim: [t.text for t in by_class(g, "dossier-chart-bound")] for claim, g in groups.items()
    }
    assert signs == {"at-least": ["≥"], "more": [">"], "less": ["<"]}


def test_approximate_superseded_and_vague_points_say_so() -> None:
    series = [
        ChartSeries(
            "A",
            (
                ChartPoint("about", *day(2024, 1, 3), 170, 170, "about 170", "t", approximate=True),
                ChartPoint("old", *day(2024, 1, 4), 84, 84, "84", "t", state="revised"),
                point("year", (datetime(2024, 1, 12), datetime(2024, 7, 1)), 95, 95, "95"),
            ),
        )
    ]
    root = parse(evolution_svg("T", "u", series))
    groups = {g.get("data-claim"): g for g in point_groups(root)}
    assert [t.text for t in by_class(groups["about"], "dossier-chart-approximate")] == ["≈"]
    assert not by_class(groups["old"], "dossier-chart-approximate")
    assert groups["old"].get("data-state") == "revised"
    assert float(groups["old"].get("opacity", "1")) < 1
    title = groups["old"].find(f"{SVG}title")
    assert title is not None and (title.text or "").endswith(", revised")
    assert groups["about"].get("opacity") is None
    (span,) = by_class(groups["year"], "dossier-chart-span")
    assert not by_class(groups["about"], "dossier-chart-span"), "a day is drawn as a moment"
    xs = [float(x) for x in re.findall(r"M([-\d.]+),", span.get("d", ""))]
    assert max(xs) - min(xs) > 100, "five months drawn across the axis"
    key = by_class(root, "dossier-chart-key")
    assert key and "Faded: revised or outdated" in (key[0].text or "")


def test_coinciding_points_are_set_side_by_side() -> None:
    series = [
        ChartSeries(name, (point(f"{name.lower()}-84", day(2024, 1, 4), 84, 84, "84"),))
        for name in ("A", "B", "C")
    ]
    groups = point_groups(parse(evolution_svg("T", "u", series)))
    positions = sorted(marker_xy(g) for g in groups)
    assert len({y for _, y in positions}) == 1, "the value stays where it is"
    xs = [x for x, _ in positions]
    assert all(b - a >= 9 for a, b in pairwise(xs)), xs


def test_unconnected_series_get_no_line() -> None:
    points = (point("a", day(2024, 1, 3), 10, 10), point("b", day(2024, 1, 4), 20, 20))
    root = parse(evolution_svg("T", "u", [ChartSeries("unnamed", points, connected=False)]))
    assert not by_class(root, "dossier-chart-line")


def test_legend_has_one_entry_per_series_with_distinct_shape_and_colour() -> None:
    many = [
        ChartSeries(f"Source {i}", (point(f"c-{i}", day(2024, 1, 3 + i), i, i),)) for i in range(12)
    ]
    root = parse(evolution_svg("T", "u", many))
    entries = by_class(root, "dossier-chart-legend-item")
    assert [e.findtext(f"{SVG}text") for e in entries] == [s.name for s in many]
    styles = [(m.get("d"), m.get("fill")) for e in entries for m in e.iter(f"{SVG}path")]
    assert len(styles) == len(many) and len(set(styles)) == len(many)
    # A point is drawn with its series' legend marker.
    for entry, group in zip(entries, point_groups(root), strict=True):
        (legend_marker,) = by_class(entry, "dossier-chart-marker")
        (point_marker,) = by_class(group, "dossier-chart-marker")
        assert (legend_marker.get("d"), legend_marker.get("fill")) == (
            point_marker.get("d"),
            point_marker.get("fill"),
        )


def test_a_long_legend_wraps_into_rows_without_overlap() -> None:
    many = [
        ChartSeries(
            f"A rather long name for source number {i}", (point(f"c-{i}", day(2024, 1, 3), i, i),)
        )
        for i in range(10)
    ]
    root = parse(evolution_svg("T", "u", many))
    positions = [marker_xy(e) for e in by_class(root, "dossier-chart-legend-item")]
    rows = sorted({y for _, y in positions})
    assert len(rows) >= 4
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert all(0 < x < width and 0 < y < height for x, y in positions)
    for row in rows:
        xs = sorted(x for x, y in positions if y == row)
        assert all(b - a > 200 for a, b in pairwise(xs))


def test_value_axis_has_round_ticks_from_zero() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE))
    axis = by_class(root, "dossier-chart-y-axis")[0]
    labels = [t.text for t in axis.iter(f"{SVG}text") if t.get("class") != "dossier-chart-unit"]
    assert labels == ["0", "20", "40", "60", "80", "100", "120"]
    unit = by_class(axis, "dossier-chart-unit")
    assert [u.text for u in unit] == ["deaths"]


JANUARY = [ChartSeries(s.name, tuple(p for p in s.points if p.start.month == 1)) for s in SAMPLE]
"""The sample without its July claim: a week, drawn on a linear axis."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def x_ticks(root: ET.Element) -> list[tuple[float, str]]:
    """The time axis labels and where they stand, left to right as drawn."""
    axis = by_class(root, "dossier-chart-x-axis")[0]
    texts = [t for t in axis.iter(f"{SVG}text") if t.get("class") != "dossier-chart-x-caption"]
    return [(float(t.get("x", "nan")), t.text or "") for t in texts]


def x_range(root: ET.Element) -> tuple[float, float]:
    """Where the time axis line starts and ends."""
    axis = by_class(root, "dossier-chart-x-axis")[0]
    line = axis.find(f"{SVG}line")
    assert line is not None
    return float(line.get("x1", "nan")), float(line.get("x2", "nan"))


def captions(root: ET.Element) -> list[str | None]:
    return [t.text for t in by_class(root, "dossier-chart-x-caption")]


def description(root: ET.Element) -> str:
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    return desc.text or ""


def xs_by_claim(root: ET.Element) -> dict[str | None, float]:
    return {g.get("data-claim"): marker_xy(g)[0] for g in point_groups(root)}


def test_time_axis_labels_days_on_a_linear_axis() -> None:
    root = parse(evolution_svg("T", "u", JANUARY))
    # The axis starts on the first day, so the first day has its tick.
    assert [label for _, label in x_ticks(root)] == ["3 Jan", "5 Jan", "7 Jan", "9 Jan"]


def test_a_short_span_stays_linear_and_its_caption_names_only_the_clock() -> None:
    root = parse(evolution_svg("T", "u", JANUARY))
    assert captions(root) == ["time (UTC)"]
    assert "logarithmic" not in description(root)
    # Linear: equal steps in time are equal steps across, here a day is ~75 px.
    xs = xs_by_claim(root)
    assert xs["officials-89"] - xs["state-20"] == pytest.approx(
        2 * (xs["officials-91"] - xs["officials-89"]), abs=0.2
    )
    assert xs["officials-91"] - xs["officials-89"] > 60


def test_the_axis_turns_logarithmic_only_beyond_fourteen_days() -> None:
    def chart(last: datetime) -> ET.Element:
        first = datetime(2024, 1, 1)
        points = (
            point("a", (first, first + timedelta(minutes=2)), 1, 1),
            point("b", (last, last + timedelta(minutes=2)), 2, 2),
        )
        return parse(evolution_svg("T", "u", [ChartSeries("A", points)]))

    # Fourteen days from the start of the first day to the last point.
    assert captions(chart(datetime(2024, 1, 14, 23, 58))) == ["time (UTC)"]
    assert captions(chart(datetime(2024, 1, 15, 0, 2))) == ["time (UTC, logarithmic scale)"]


def test_a_long_span_gets_a_logarithmic_axis_said_in_a_caption_and_the_description() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE, clock="Tehran time"))
    assert captions(root) == ["time (Tehran time, logarithmic scale)"]
    assert "Times in Tehran time." in description(root)
    assert "logarithmic scale" in description(root)
    (caption,) = by_class(root, "dossier-chart-x-caption")
    left, right = x_range(root)
    axis_y = float(by_class(root, "dossier-chart-x-axis")[0][0].get("y1", "nan"))
    tick_label_y = max(
        float(t.get("y", "nan")) for t in root.iter(f"{SVG}text") if t.text == "4 Jan"
    )
    legend_y = min(marker_xy(e)[1] for e in by_class(root, "dossier-chart-legend-item"))
    # Under the axis and its labels, above the legend, within the plot's width.
    assert tick_label_y < float(caption.get("y", "nan")) < legend_y - 8
    assert axis_y < tick_label_y
    assert left < float(caption.get("x", "nan")) < right


def test_the_first_days_of_a_long_span_get_a_substantial_share_of_the_width() -> None:
    series = [
        ChartSeries(
            "A",
            (
                point("jan-3", day(2024, 1, 3), 20, 20),
                point("jan-4", day(2024, 1, 4), 84, 84),
                point("jul", (datetime(2024, 7, 1), datetime(2024, 8, 1)), 96, 96),
            ),
        )
    ]
    root = parse(evolution_svg("T", "u", series))
    xs = xs_by_claim(root)
    left, right = x_range(root)
    assert xs["jan-4"] - xs["jan-3"] >= 40  # a linear axis would give them 3 px
    assert xs["jan-3"] > left + 5  # the first point is not on the axis
    assert right - 40 < xs["jul"] < right


def test_on_the_logarithmic_axis_x_still_follows_time() -> None:
    start = datetime(2024, 1, 3, 11)
    offsets = [0, 1, 5, 30, 90, 600, 1440, 1441, 3000, 10_000, 40_000, 300_000]
    points = tuple(
        point(f"p-{i}", (start + timedelta(minutes=m), start + timedelta(minutes=m + 1)), i, i)
        for i, m in enumerate(offsets)
    )
    root = parse(evolution_svg("T", "u", [ChartSeries("A", tuple(reversed(points)))]))
    assert captions(root)
    xs = xs_by_claim(root)
    drawn = [xs[p.claim_id] for p in points]
    assert all(a < b for a, b in pairwise(drawn)), drawn
    left, right = x_range(root)
    assert left < drawn[0] and drawn[-1] < right


def test_sample_ticks_on_the_logarithmic_axis_fall_between_the_right_points() -> None:
    root = parse(evolution_svg("Death toll", "deaths", SAMPLE))
    ticks = {label: x for x, label in x_ticks(root)}
    assert list(ticks) == [
        "3 Jan 2024",
        "4 Jan",
        "6 Jan",
        "10 Jan",
        "Feb 2024",
        "Apr 2024",
        "Aug 2024",
    ]
    xs = xs_by_claim(root)
    assert ticks["3 Jan 2024"] < xs["state-20"] < xs["irna-103"] < ticks["4 Jan"]
    assert ticks["4 Jan"] < xs["iswnews-84"] < xs["vahidi-84"] < xs["officials-89"]
    assert xs["officials-89"] < ticks["6 Jan"] < xs["officials-91"] < ticks["10 Jan"]
    assert ticks["10 Jan"] < xs["officials-93"] < ticks["Feb 2024"]
    # July is a span: its marker stands mid-month, the axis runs to its end.
    assert ticks["Apr 2024"] < xs["officials-96"] < ticks["Aug 2024"]


LONG_SPANS = {
    "sample": list(SAMPLE),
    "three weeks": [
        ChartSeries("A", (point("a", day(2024, 1, 3), 1, 1), point("b", day(2024, 1, 25), 2, 2)))
    ],
    "over new year": [
        ChartSeries(
            "A",
            (
                point("a", minute(12, 28, 9, 0), 1, 1),
                point("b", day(2024, 12, 30), 5, 5),
                point("c", day(2025, 3, 2), 9, 9),
            ),
        )
    ],
    "thirty years": [
        ChartSeries(
            "A", (point("a", minute(5, 1, 23, 50), 1, 1), point("b", day(2054, 5, 1), 2, 2))
        )
    ],
}


@pytest.mark.parametrize("name", list(LONG_SPANS))
def test_logarithmic_tick_labels_do_not_overlap(name: str) -> None:
    root = parse(evolution_svg("T", "u", LONG_SPANS[name]))
    assert captions(root)
    ticks = x_ticks(root)
    assert len(ticks) >= 3
    left, right = x_range(root)
    assert all(left < x <= right for x, _ in ticks)
    for (x_a, label_a), (x_b, label_b) in pairwise(ticks):
        # At least 50 px between centres, and more than half of both labels at 6 px a glyph.
        assert x_b - x_a >= max(50.0, 3.0 * (len(label_a) + len(label_b))), (label_a, label_b)


@pytest.mark.parametrize("name", list(LONG_SPANS))
def test_logarithmic_tick_labels_name_the_year_where_it_changes(name: str) -> None:
    labels = [label for _, label in x_ticks(parse(evolution_svg("T", "u", LONG_SPANS[name])))]
    dates: list[datetime] = []
    year = None
    for label in labels:
        found = re.fullmatch(r"(?:(\d{1,2}) )?([A-Z][a-z]{2})(?: (\d{4}))?", label)
        assert found is not None, label
        date, month, named_year = found.groups()
        assert date is not None or named_year is not None, label  # "Jul 2024", not "Jul"
        if named_year is not None:
            year = int(named_year)
        assert year is not None, f"the first label {label!r} names no year"
        dates.append(datetime(year, MONTHS.index(month) + 1, int(date or 1)))
    # A label without a year lies in the year of the one before: read so, dates increase.
    assert all(a < b for a, b in pairwise(dates)), labels


@pytest.mark.parametrize(
    ("claim_id", "span", "low", "high"),
    [
        ("Not-An-Id", day(2024, 1, 3), 1.0, 1.0),
        ("a", (datetime(2024, 1, 3), datetime(2024, 1, 3)), 1.0, 1.0),
        ("a", (datetime(2024, 1, 3, tzinfo=UTC), datetime(2024, 1, 4)), 1.0, 1.0),
        ("a", day(2024, 1, 3), 2.0, 1.0),
        ("a", day(2024, 1, 3), None, None),
        ("a", day(2024, 1, 3), float("nan"), 1.0),
    ],
)
def test_impossible_points_are_rejected(
    claim_id: str, span: tuple[datetime, datetime], low: float | None, high: float | None
) -> None:
    with pytest.raises(ValueError, match="claim"):
        ChartPoint(claim_id, span[0], span[1], low, high, "v", "t")


# Any value validation accepts (see NUMBER_DIGITS) is drawn, never raises.


def _accepted(number: float) -> bool:
    return _out_of_range(number) is None


_whole = st.integers(-(10**NUMBER_DIGITS), 10**NUMBER_DIGITS)
_decimal = st.builds(
    lambda digits, exponent: float(Decimal(digits).scaleb(exponent)),
    st.integers(-(10**NUMBER_DIGITS) + 1, 10**NUMBER_DIGITS - 1),
    st.integers(-2 * NUMBER_DIGITS, NUMBER_DIGITS),
).filter(_accepted)
_extremes = st.sampled_from(
    [10**NUMBER_DIGITS, -(10**NUMBER_DIGITS), 10.0**-NUMBER_DIGITS, -(10.0**-NUMBER_DIGITS), 0]
)
accepted_numbers = _whole | _decimal | _extremes


@st.composite
def accepted_points(draw: st.DrawFn, index: int) -> ChartPoint:
    low, high = sorted([draw(accepted_numbers), draw(accepted_numbers)])
    form = draw(st.sampled_from(["exact", "range", "at least", "at most"]))
    if form == "exact":
        high = low
    elif form == "at least":
        high = None
    elif form == "at most":
        low = None
    start = datetime(2024, 1, 3) + timedelta(hours=draw(st.integers(0, 24 * 400)))
    return point(f"claim-{index}", (start, start + timedelta(hours=1)), low, high)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), count=st.integers(1, 5))
@example(data=None, count=0)
def test_every_accepted_value_is_drawn(data: st.DataObject | None, count: int) -> None:
    if data is None:  # the extremes together, as a range and next to 0
        points = (
            point("a", day(2024, 1, 3), -(10**NUMBER_DIGITS), 10**NUMBER_DIGITS),
            point("b", day(2024, 1, 4), 0, 10.0**-NUMBER_DIGITS),
        )
    else:
        points = tuple(data.draw(accepted_points(index)) for index in range(count))
    svg = evolution_svg("Killed", "people", [ChartSeries("S", points)])
    parse(svg)
    assert not re.search(r"nan|inf", svg, re.IGNORECASE), svg


# --- the chart of a dossier's question, drawn from its claims --------------------------------


def _toll_claims(claims: dict[str, tuple[int, str]]) -> dict[str, tuple[str, str | None]]:
    """One citation-only source per claim of the toll: its value and "as of" time."""
    return {
        f"wire-{claim_id}": (
            f"outlet: Wire {claim_id}\ntitle: Toll\nurl: https://wire.example/{claim_id}\n"
            f'language: en\npublished: "2024-01-20"\nretrieved: "2024-02-01"\nclaims:\n'
            f"  - id: {claim_id}\n    question: killed\n    value: {value}\n"
            f"    as_of: {as_of}\n    paraphrase: The toll was {value}.\n",
            None,
        )
        for claim_id, (value, as_of) in claims.items()
    }


SAME_INSTANT = {
    "tehran": (103, '"2024-01-03T18:00+03:30"'),
    "zulu": (84, '"2024-01-03T14:30Z"'),
    "later": (84, '"2024-01-04T14:30Z"'),
    "between": (90, '{at: "2024-01-05", until: "2024-01-07"}'),
    "around": (96, '{at: "2024-01-06T12:00Z", precision: hour, approximate: true}'),
}


def _question_chart(tmp_path: Path, timezone: str | None = None) -> ET.Element:
    dossier_yml = factory.DOSSIER_YML + (f"timezone: {timezone}\n" if timezone else "")
    seeds = factory.write_dossier(tmp_path, dossier_yml, _toll_claims(SAME_INSTANT))
    (dossier,) = load_project(seeds).dossiers
    (page,) = (p for p in DossierPages(dossier).pages() if p.path.endswith("/questions/killed.md"))
    found = re.search(r"<svg .*?</svg>", page.content, re.DOTALL)
    assert found is not None, "the question page has a chart"
    return parse(found.group(0))


@pytest.mark.parametrize("timezone", [None, "Asia/Tehran"])
def test_one_instant_in_two_offsets_is_drawn_at_one_place(
    tmp_path: Path, timezone: str | None
) -> None:
    root = _question_chart(tmp_path, timezone)
    xs = xs_by_claim(root)
    # 18:00 at +03:30 is 14:30 UTC: one instant, one x, whatever the offset written.
    assert xs["tehran"] == xs["zulu"]
    assert xs["later"] > xs["zulu"] + 3 * _DODGE
    clock = "Tehran time" if timezone else "UTC"
    assert captions(root) == [f"time ({clock})"]
    assert f"Times in {clock}." in description(root)


def test_dates_without_an_offset_are_drawn_as_the_days_they_name(tmp_path: Path) -> None:
    root = _question_chart(tmp_path)
    groups = {g.get("data-claim"): g for g in point_groups(root)}
    xs = xs_by_claim(root)
    day = xs["later"] - xs["zulu"]
    # "Between 5 and 7 January" spans from midnight on the 5th to the end of the 7th,
    # counted from 14:30 UTC on the 3rd.
    (span,) = by_class(groups["between"], "dossier-chart-span")
    ends = [float(x) for x in re.findall(r"M([-\d.]+),", span.get("d", ""))]
    assert min(ends) - xs["zulu"] == pytest.approx(day * (1 + 9.5 / 24), abs=0.3)
    assert max(ends) - xs["zulu"] == pytest.approx(day * (4 + 9.5 / 24), abs=0.3)
    # An approximate hour is a moment at the middle of its hour, and says it is approximate.
    assert by_class(groups["around"], "dossier-chart-span") == []
    assert groups["around"].get("data-time", "").startswith("around 6 January 2024, 12:00")
    assert xs["around"] - xs["zulu"] == pytest.approx(day * (2 + 22 / 24), abs=0.3)
