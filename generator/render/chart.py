"""An inline SVG chart of how numeric claims evolved over time, drawn at build time.

A death toll reported as 20, then 53, 73, 103, 95, 84 and finally 96 is easier to
follow as a picture than as a list. The dossier is a static site that must work
without JavaScript and without loading anything from elsewhere, so the chart is
plain SVG text that a page can embed: one series per speaker, told apart by colour
*and* marker shape, with each point carrying its claim id, value and time as data
attributes and as a tooltip. Everything the caller passes in is untrusted text and
is escaped; the output is deterministic, so rebuilding an unchanged dossier yields
byte-identical pages.

Claims cluster in the first days after an event and thin out later: a toll reported
ten times in a week and once more in July would put all of January in a few pixels of
a linear axis. So when the points span more than two weeks the time axis is
logarithmic in the hours since just before the first day, which the chart says in
a caption under the axis and in its description.

Times are drawn on one clock, which the caption under the time axis names (UTC,
or a dossier's own clock): the caller moves every time with a known offset onto it,
so that one instant reported as 14:30+03:30 and as 11:00Z is drawn at one place.

The chart draws only what was claimed: a range is a bar between its bounds (its
marker hollow, since nobody claimed the middle), a bound an arrow labelled "≥ 84",
an approximate number is marked "≈", a time known only to the month or year (or a
vague interval) a span across it; superseded figures are faded and say so, and
points that would hide one another are set side by side.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from generator.patterns import ID_PATTERN
from generator.render.markup import changes_direction

__all__ = ["ChartPoint", "ChartSeries", "StripRow", "evolution_svg", "interval_strip_svg"]

WIDTH = 720
BASE_HEIGHT = 360
_MARGIN_TOP = 32.0
_MARGIN_RIGHT = 36.0
_FONT_SIZE = 12
_CHAR_WIDTH = 6.5
"""A generous estimate of the average glyph width at ``_FONT_SIZE`` in a sans-serif font."""
_LEGEND_ROW = 20.0
_LEGEND_ROWS_IN_BASE = 3
"""Legend rows that fit in ``BASE_HEIGHT``; each further row makes the chart taller."""
_TICK_TARGET = 6
"""The value axis gets the smallest nice step giving at most this many intervals."""
_MAX_X_TICKS = 7
_MIN_SPAN = timedelta(days=2)
_LOG_AFTER = timedelta(days=14)
"""Points spread over more than this get a logarithmic time axis."""
_LOG_UNIT = timedelta(hours=1)
"""x grows with log(1 + time since the axis start / this)."""
_LOG_PAD = timedelta(minutes=30)
"""How long before the first point the logarithmic axis starts, so it is not on the axis."""
_LOG_END_PAD = 0.04
"""The logarithmic axis runs this share of its width past the last point."""
_LOG_DAILY = timedelta(days=10)
_LOG_HALF_MONTHLY = timedelta(days=60)
_LOG_MONTHLY = timedelta(days=730)
"""Log-axis tick candidates: midnights, then the 1st and 15th, then month starts, then years."""
_TICK_GAP = 56.0
"""The least distance between the centres of two time labels on the logarithmic axis."""
_LOG_CAPTION = "logarithmic scale"
_CAPTION_ROW = 14.0
_ARROW = 18.0
_SPAN_AFTER = timedelta(days=2)
"""A time interval longer than this (a month, a year, "after 10 January") is drawn as a span."""
_DODGE = 9.0
"""How far apart, in SVG units, markers that would coincide are set side by side."""
_FADED = "0.35"
_KEY = (
    "Hollow marker with a bar: a range, or a time known only to a span. "
    "Arrow: a bound (≥ at least, > more than). ≈: approximate. Faded: revised or outdated."
)

# Okabe & Ito's colour-blind-safe palette, without black (invisible on a dark theme)
# and with the low-contrast yellow last.
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

# Marker outlines centred on (0, 0). Six shapes and seven colours give 42 distinct pairs.
_SHAPES: tuple[tuple[str, str], ...] = (
    ("circle", "M-5,0A5,5 0 1,0 5,0A5,5 0 1,0 -5,0Z"),
    ("square", "M-4.5,-4.5H4.5V4.5H-4.5Z"),
    ("triangle", "M0,-6L5.5,4H-5.5Z"),
    ("diamond", "M0,-6.5L6,0L0,6.5L-6,0Z"),
    ("triangle-down", "M0,6L5.5,-4H-5.5Z"),
    ("plus", "M-2,-6H2V-2H6V2H2V6H-2V2H-6V-2H-2Z"),
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Characters XML 1.0 forbids even as references; a browser would drop them anyway.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_URL_IGNORED = re.compile("[\x00-\x20\x7f]")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class ChartPoint:
    """One claimed value as of one time; ``low == high`` for an exact number."""

    claim_id: str
    start: datetime
    """Start of the interval the "as of" time stands for, naive, on the chart's clock."""
    end: datetime
    """End of that interval, on the same clock; the point is drawn at the midpoint."""
    low: float | None
    """Lower bound of the value; ``None`` when open below."""
    high: float | None
    """Upper bound of the value; ``None`` when open above."""
    value_label: str
    time_label: str
    href: str | None = None
    """A link for the point, normally a relative URL; other than http(s) schemes are dropped."""
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = False
    state: str = "current"
    """``current``, or why not: ``revised`` or ``outdated``; a point not current is faded."""

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.claim_id):
            raise ValueError(f"claim id {self.claim_id!r} is not an id")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError(f"claim {self.claim_id}: times must be naive, on the chart's clock")
        if not self.start < self.end:
            raise ValueError(f"claim {self.claim_id}: start must be before end")
        if self.low is None and self.high is None:
            raise ValueError(f"claim {self.claim_id}: a value needs at least one bound")
        for bound in (self.low, self.high):
            if bound is not None and not math.isfinite(bound):
                raise ValueError(f"claim {self.claim_id}: bounds must be finite numbers")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"claim {self.claim_id}: low is above high")

    @property
    def midpoint(self) -> datetime:
        return self.start + (self.end - self.start) / 2

    @property
    def is_span(self) -> bool:
        """Whether the time is too vague to draw as a moment."""
        return self.end - self.start > _SPAN_AFTER

    @property
    def reach(self) -> tuple[datetime, datetime]:
        """The times the point is drawn across: its span, or its midpoint."""
        return (self.start, self.end) if self.is_span else (self.midpoint, self.midpoint)

    @property
    def current(self) -> bool:
        return self.state == "current"

    @property
    def centre(self) -> float:
        """The value the marker stands at: the middle of a range, or the known bound."""
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        bound = self.low if self.low is not None else self.high
        assert bound is not None
        return bound


@dataclass(frozen=True)
class ChartSeries:
    """The claims of one speaker."""

    name: str
    points: tuple[ChartPoint, ...]
    connected: bool = True
    """Whether a line joins the points: not for unnamed voices one source relays."""


def evolution_svg(
    title: str, unit: str, series: Sequence[ChartSeries], *, clock: str = "UTC"
) -> str:
    """An accessible SVG chart; empty string when there is no point to draw.

    ``clock`` names the clock every point's times are on ("UTC", "Tehran time"),
    said under the time axis and in the description."""
    ordered = [
        (s, sorted(s.points, key=lambda p: (p.midpoint, p.claim_id))) for s in series if s.points
    ]
    if not ordered:
        return ""
    points = [p for _, ps in ordered for p in ps]
    y_axis = _value_axis(points)
    y_labels = [(value, _number(value, y_axis.decimals)) for value in y_axis.ticks]
    left = max(48.0, 14.0 + _CHAR_WIDTH * max(len(label) for _, label in y_labels))

    legend = _legend_layout([s.name for s, _ in ordered], left)
    rows = 1 + max(row for _, row, _ in legend)
    height = BASE_HEIGHT + max(0, rows - _LEGEND_ROWS_IN_BASE) * _LEGEND_ROW + _CAPTION_ROW
    legend_top = height - rows * _LEGEND_ROW - 4.0 - _CAPTION_ROW
    time = _time_axis(points)
    plot = _Plot(
        left=left,
        right=WIDTH - _MARGIN_RIGHT,
        top=_MARGIN_TOP,
        bottom=legend_top - 30.0 - _CAPTION_ROW,
        time=time,
        y_min=y_axis.low,
        y_max=y_axis.high,
    )

    chart_id = _chart_id(title, unit, ordered)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dossier-chart" role="img"'
        f' aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height:.0f}"'
        f' width="100%" style="max-width: {WIDTH}px; height: auto;"'
        f' font-size="{_FONT_SIZE}" fill="currentColor">',
        f'<title id="{title_id}">{_esc(title)}</title>',
        f'<desc id="{desc_id}">{_esc(_description(unit, clock, ordered, time.logarithmic))}</desc>',
    ]
    out += _y_axis(plot, y_labels, unit)
    if time.logarithmic:
        ticks = _log_ticks(plot, max(p.reach[1] for p in points))
    else:
        ticks = _time_ticks(time.start, time.end)
    out += _x_axis(plot, ticks, clock)
    positions = _dodged(plot, [p for _, ps in ordered for p in ps])
    for index, (s, ps) in enumerate(ordered):
        out += _series(plot, index, s, ps, positions)
    out += _legend(legend, legend_top)
    out.append(
        f'<text class="dossier-chart-key" x="{left:.1f}" y="{height - 4:.1f}"'
        f' font-size="{_FONT_SIZE - 2}">{_esc(_KEY)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the interval strip of a time question -------------------------------------------------


@dataclass(frozen=True)
class StripRow:
    """One time as the interval it stands for, on the dossier's clock: a claimed time,
    an event, or a source's publication."""

    ident: str
    """The id of what the row stands for, in the row's ``data-<kind>`` attribute."""
    name: str
    """Who says it, or what happened, shown at the start of the row."""
    start: datetime
    end: datetime
    reach: tuple[datetime, datetime]
    """How far it reaches when compared: wider than ``start``-``end`` when approximate."""
    time_label: str
    state: str = "current"
    kind: str = "claim"
    """``claim``, ``event`` or ``source``."""

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.ident) or self.kind not in ("claim", "event", "source"):
            raise ValueError(f"{self.kind} {self.ident!r}: not an id of a claim, event or source")


_STRIP_ROW = 22.0
_STRIP_LABEL = 190.0
_STRIP_STEPS = (5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080)
"""Tick steps in minutes, the smallest giving at most ``_MAX_X_TICKS`` ticks is used."""


def interval_strip_svg(title: str, clock: str, rows: Sequence[StripRow]) -> str:
    """Every time of a question, every event or every publication as a bar on one time
    axis, ``clock`` naming the clock it is drawn on; a bar is as wide as its time's
    precision, and an approximate time shows how far it reaches, lighter. Beyond
    ``_LOG_AFTER`` the axis is logarithmic, as the evolution chart's."""
    if not rows:
        return ""
    earliest = min(min(row.start, row.reach[0]) for row in rows)
    latest = max(max(row.end, row.reach[1]) for row in rows)
    if latest - earliest > _LOG_AFTER:
        axis = _log_axis(earliest, latest)
    else:
        pad = max((latest - earliest) * 0.05, timedelta(minutes=5))
        axis = _TimeAxis(earliest - pad, latest + pad, logarithmic=False)
    below = 44.0 + (_CAPTION_ROW if axis.logarithmic else 0.0)
    top, height = _MARGIN_TOP, _MARGIN_TOP + _STRIP_ROW * len(rows) + below
    plot = _Plot(_STRIP_LABEL, WIDTH - _MARGIN_RIGHT, top, height - below, axis, 0.0, 1.0)
    content = repr((title, clock, tuple(rows)))
    digest = hashlib.sha1(content.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    strip_id = f"strip-{_slug(title)}-{digest.hexdigest()[:8]}"
    described = "; ".join(f"{_shown(row.name)}: {_esc(row.time_label)}" for row in rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dossier-chart dossier-strip" role="img"'
        f' aria-labelledby="{strip_id}-title {strip_id}-desc" viewBox="0 0 {WIDTH} {height:.0f}"'
        f' width="100%" style="max-width: {WIDTH}px; height: auto;"'
        f' font-size="{_FONT_SIZE}" fill="currentColor">',
        f'<title id="{strip_id}-title">{_shown(title)}</title>',
        f'<desc id="{strip_id}-desc">{_esc(f"Times in {clock}. ")}{described}.</desc>',
        f'<text class="dossier-chart-unit" x="8.0" y="{top - 12:.1f}">{_esc(clock)}</text>',
    ]
    for index, row in enumerate(rows):
        y = top + _STRIP_ROW * index + _STRIP_ROW / 2
        colour = _PALETTE[index % len(_PALETTE)]
        faded = (
            "" if row.state == "current" else f' data-state="{_esc(row.state)}" opacity="{_FADED}"'
        )
        x0, x1 = plot.x(row.start), max(plot.x(row.end), plot.x(row.start) + 3.0)
        r0, r1 = plot.x(row.reach[0]), max(plot.x(row.reach[1]), x1)
        name = _shown(_shorten(row.name, 28))
        name += "" if row.state == "current" else _esc(f" ({row.state})")
        out += [
            f'<g class="dossier-strip-row" data-{row.kind}="{_esc(row.ident)}"'
            f' data-time="{_esc(row.time_label)}"{faded}>',
            f"<title>{_shown(row.name)}: {_esc(row.time_label)}</title>",
            f'<text x="{_STRIP_LABEL - 8:.1f}" y="{y + 4:.1f}" text-anchor="end">{name}</text>',
            f'<rect class="dossier-strip-reach" x="{r0:.1f}" y="{y - 3:.1f}" width="{r1 - r0:.1f}"'
            f' height="6" fill="{colour}" fill-opacity="0.25"/>',
            f'<rect class="dossier-strip-bar" x="{x0:.1f}" y="{y - 6:.1f}" width="{x1 - x0:.1f}"'
            f' height="12" fill="{colour}"/>',
            "</g>",
        ]
    ticks = _log_ticks(plot, latest) if axis.logarithmic else _strip_ticks(axis)
    out += _x_axis(plot, ticks)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _strip_ticks(axis: _TimeAxis) -> list[tuple[datetime, str]]:
    """Round clock times ("15:00") across a strip, or days when it spans several."""
    span_minutes = (axis.end - axis.start) / timedelta(minutes=1)
    step = next((s for s in _STRIP_STEPS if span_minutes / s <= _MAX_X_TICKS), _STRIP_STEPS[-1])
    midnight = datetime(axis.start.year, axis.start.month, axis.start.day)
    moment = midnight + timedelta(
        minutes=step * math.ceil((axis.start - midnight) / timedelta(minutes=step))
    )
    ticks: list[tuple[datetime, str]] = []
    while moment <= axis.end:
        label = f"{moment:%H:%M}" if step < 1440 else _day_label(moment)
        if step < 1440 and (not ticks or (moment.hour == 0 and moment.minute == 0)):
            label = f"{_day_label(moment)} {label}"
        ticks.append((moment, label))
        moment += timedelta(minutes=step)
    return ticks


# --- scales -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TimeAxis:
    """The time range shown, linear or logarithmic in the hours since ``start``."""

    start: datetime
    end: datetime
    logarithmic: bool

    def share(self, moment: datetime) -> float:
        """How far along the axis ``moment`` lies, from 0 at ``start`` to 1 at ``end``."""
        if self.logarithmic:
            return _log_hours(moment, self.start) / _log_hours(self.end, self.start)
        x_min, x_max = _seconds(self.start), _seconds(self.end)
        return (_seconds(moment) - x_min) / (x_max - x_min)


@dataclass(frozen=True)
class _Plot:
    """The plotting area in SVG units and the data ranges it maps."""

    left: float
    right: float
    top: float
    bottom: float
    time: _TimeAxis
    y_min: float
    y_max: float

    def x(self, moment: datetime) -> float:
        return self.left + self.time.share(moment) * (self.right - self.left)

    def y(self, value: float) -> float:
        share = (value - self.y_min) / (self.y_max - self.y_min)
        return self.bottom - share * (self.bottom - self.top)


@dataclass(frozen=True)
class _ValueAxis:
    low: float
    high: float
    ticks: tuple[float, ...]
    decimals: int


def _nice_step(raw: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``raw``."""
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if factor * magnitude >= raw * (1 - 1e-9):
            return factor * magnitude
    return 10.0 * magnitude  # pragma: no cover - the loop always returns


def _value_axis(points: Sequence[ChartPoint]) -> _ValueAxis:
    bounds = [b for p in points for b in (p.low, p.high) if b is not None]
    low, high = min(0.0, *bounds), max(0.0, *bounds)
    if high == low:
        high = low + 1.0
    step = _nice_step((high - low) / _TICK_TARGET)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    # Leave room for the arrow of a value that is open above and near the top.
    if any(p.high is None and p.centre > (last - 0.5) * step for p in points):
        last += 1
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    ticks = tuple(round(i * step, decimals) for i in range(first, last + 1))
    return _ValueAxis(ticks[0], ticks[-1], ticks, decimals)


def _seconds(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


def _log_hours(moment: datetime, start: datetime) -> float:
    return math.log1p((moment - start) / _LOG_UNIT)


def _time_axis(points: Sequence[ChartPoint]) -> _TimeAxis:
    """The time range shown: from the first day's start to the last point or span,
    padded; logarithmic beyond ``_LOG_AFTER``."""
    first = min(p.start for p in points)
    earliest = min(datetime(first.year, first.month, first.day), *(p.reach[0] for p in points))
    latest = max(p.reach[1] for p in points)
    span = latest - earliest
    if span > _LOG_AFTER:
        return _log_axis(earliest, latest)
    pad = span * 0.06
    if span + 2 * pad < _MIN_SPAN:
        pad = (_MIN_SPAN - span) / 2
    return _TimeAxis(earliest - pad, latest + pad, logarithmic=False)


def _log_axis(earliest: datetime, latest: datetime) -> _TimeAxis:
    """A logarithmic axis from just before ``earliest`` to a little past ``latest``."""
    start = earliest - _LOG_PAD
    end_hours = math.expm1(_log_hours(latest, start) * (1 + _LOG_END_PAD))
    return _TimeAxis(start, start + end_hours * _LOG_UNIT, logarithmic=True)


def _day_label(moment: datetime) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]}"


def _month_label(moment: datetime) -> str:
    return f"{_MONTHS[moment.month - 1]} {moment.year}"


def _time_ticks(x_min: datetime, x_max: datetime) -> list[tuple[datetime, str]]:
    """Midnights labelled "3 Jan" on the linear axis, which spans at most a few weeks."""
    day = datetime(x_min.year, x_min.month, x_min.day)
    if day < x_min:
        day += timedelta(days=1)
    for step in (1, 2, 3, 7, 14):
        ticks: list[tuple[datetime, str]] = []
        moment = day
        while moment <= x_max:
            if moment.toordinal() % step == 0:
                ticks.append((moment, _day_label(moment)))
            moment += timedelta(days=1)
        if len(ticks) <= _MAX_X_TICKS:
            return ticks
    return ticks


def _log_candidates(start: datetime, end: datetime) -> list[tuple[datetime, bool]]:
    """Times worth a tick on the logarithmic axis, each with whether it is a month start.

    Every midnight in the first ``_LOG_DAILY``, then the 1st and 15th of each month, then
    month starts and, after ``_LOG_MONTHLY``, year starts: denser where the axis is wider.
    """
    found: list[tuple[datetime, bool]] = []
    moment = datetime(start.year, start.month, start.day) + timedelta(days=1)
    while moment <= end and moment - start <= _LOG_DAILY:
        found.append((moment, False))
        moment += timedelta(days=1)
    while moment <= end and moment - start <= _LOG_HALF_MONTHLY:
        if moment.day in (1, 15):
            found.append((moment, moment.day == 1))
        moment += timedelta(days=1)
    month = moment.year * 12 + moment.month - (1 if moment.day == 1 else 0)
    while (first := datetime(month // 12, month % 12 + 1, 1)) <= end:
        if first - start <= _LOG_MONTHLY or month % 12 == 0:
            found.append((first, True))
        month += 1
    return found


def _log_ticks(plot: _Plot, latest: datetime) -> list[tuple[datetime, str]]:
    """Ticks from the candidates up to the last point, none crowding the one before.

    Left to right, a candidate whose label would come too close to the last kept one is
    left out; the final candidate is kept instead of those it crowds, so that the latest
    claims have a label nearby. Day labels read "3 Jan", with the year on the first tick
    of each year; month starts read "Jul 2024".
    """
    candidates = _log_candidates(plot.time.start, min(latest, plot.time.end))
    kept: list[tuple[datetime, str, float, float]] = []  # time, label, x, label width
    for index, (moment, month_start) in enumerate(candidates):
        while True:
            label = _month_label(moment) if month_start else _day_label(moment)
            if not month_start and (not kept or kept[-1][0].year != moment.year):
                label += f" {moment.year}"
            x, width = plot.x(moment), _CHAR_WIDTH * len(label)
            if not kept or x - kept[-1][2] >= max(_TICK_GAP, (kept[-1][3] + width) / 2 + 8.0):
                kept.append((moment, label, x, width))
                break
            if index < len(candidates) - 1:
                break
            kept.pop()
    return [(moment, label) for moment, label, _, _ in kept]


# --- drawing ------------------------------------------------------------------------------------


def _y_axis(plot: _Plot, labels: Sequence[tuple[float, str]], unit: str) -> list[str]:
    out = ['<g class="dossier-chart-y-axis">']
    for value, label in labels:
        y = plot.y(value)
        out.append(
            f'<line x1="{plot.left:.1f}" y1="{y:.1f}" x2="{plot.right:.1f}" y2="{y:.1f}"'
            ' stroke="currentColor" stroke-opacity="0.15"/>'
        )
        out.append(
            f'<text x="{plot.left - 8:.1f}" y="{y + 4:.1f}" text-anchor="end">{_esc(label)}</text>'
        )
    out.append(
        f'<line x1="{plot.left:.1f}" y1="{plot.top:.1f}" x2="{plot.left:.1f}"'
        f' y2="{plot.bottom:.1f}" stroke="currentColor"/>'
    )
    out.append(
        f'<text class="dossier-chart-unit" x="8.0" y="{plot.top - 16:.1f}">'
        f"{_esc(_shorten(unit, 80))}</text>"
    )
    out.append("</g>")
    return out


def _x_axis(
    plot: _Plot, ticks: Sequence[tuple[datetime, str]], clock: str | None = None
) -> list[str]:
    """The time axis with its ticks; the caption under it names ``clock`` when given
    (the strip names its clock above instead) and says when the scale is logarithmic."""
    out = [
        '<g class="dossier-chart-x-axis">',
        f'<line x1="{plot.left:.1f}" y1="{plot.bottom:.1f}" x2="{plot.right:.1f}"'
        f' y2="{plot.bottom:.1f}" stroke="currentColor"/>',
    ]
    for moment, label in ticks:
        x = plot.x(moment)
        out.append(
            f'<line x1="{x:.1f}" y1="{plot.bottom:.1f}" x2="{x:.1f}" y2="{plot.bottom + 5:.1f}"'
            ' stroke="currentColor"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{plot.bottom + 19:.1f}" text-anchor="middle">{label}</text>'
        )
    said = [_esc(clock)] if clock is not None else []
    if plot.time.logarithmic:
        said.append(_LOG_CAPTION)
    if said:
        out.append(
            f'<text class="dossier-chart-x-caption" x="{(plot.left + plot.right) / 2:.1f}"'
            f' y="{plot.bottom + 35:.1f}" text-anchor="middle" font-size="{_FONT_SIZE - 1}">'
            f"time ({', '.join(said)})</text>"
        )
    out.append("</g>")
    return out


def _dodged(plot: _Plot, points: Sequence[ChartPoint]) -> dict[str, tuple[float, float]]:
    """Where each marker goes: at its time and value, moved sideways by ``_DODGE`` as
    often as needed so that no two markers hide one another, in a fixed order."""
    placed: dict[str, tuple[float, float]] = {}
    for point in sorted(points, key=lambda p: (p.midpoint, p.centre, p.claim_id)):
        x, y = plot.x(point.midpoint), plot.y(point.centre)
        taken = [(px, py) for px, py in placed.values() if abs(py - y) < _DODGE]
        shift = 0
        while any(abs(px - (x + shift * _DODGE)) < _DODGE for px, _ in taken):
            shift = -shift if shift > 0 else 1 - shift
        placed[point.claim_id] = (x + shift * _DODGE, y)
    return placed


def _series(
    plot: _Plot,
    index: int,
    series: ChartSeries,
    points: Sequence[ChartPoint],
    positions: dict[str, tuple[float, float]],
) -> list[str]:
    colour = _PALETTE[index % len(_PALETTE)]
    shape, outline = _SHAPES[index % len(_SHAPES)]
    name = series.name
    out = [f'<g class="dossier-chart-series" data-series="{_esc(name)}">']
    if len(points) > 1 and series.connected:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (positions[p.claim_id] for p in points))
        out.append(
            f'<polyline class="dossier-chart-line" points="{path}" fill="none"'
            f' stroke="{colour}" stroke-width="1.5" stroke-opacity="0.7"/>'
        )
    for point in points:
        x, y = positions[point.claim_id]
        state = "" if point.current else f' data-state="{_esc(point.state)}" opacity="{_FADED}"'
        out.append(
            f'<g class="dossier-chart-point" data-claim="{_esc(point.claim_id)}"'
            f' data-value="{_esc(point.value_label)}" data-time="{_esc(point.time_label)}"'
            f' data-series="{_esc(name)}"{state}>'
        )
        tip = f": {point.value_label} ({point.time_label})"
        if not point.current:
            tip += f", {point.state}"
        out.append(f"<title>{_shown(name)}{_esc(tip)}</title>")
        out += _span(plot, point, y, colour)
        out += _bounds(plot, point, x, y, colour)
        hollow = point.is_span or (point.low is not None and point.low != point.high)
        fill = "none" if hollow else colour
        marker = (
            f'<path class="dossier-chart-marker" data-shape="{shape}" d="{outline}"'
            f' transform="translate({x:.1f} {y:.1f})" fill="{fill}" fill-opacity="0.85"'
            f' stroke="{colour}" stroke-width="{1.5 if hollow else 1}"/>'
        )
        href = _safe_href(point.href)
        if href is not None:
            marker = f'<a href="{_esc(href)}">{marker}</a>'
        out.append(marker)
        if point.approximate:
            out.append(
                f'<text class="dossier-chart-approximate" x="{x - 8:.1f}" y="{y - 6:.1f}"'
                f' text-anchor="end" font-size="{_FONT_SIZE - 1}">≈</text>'
            )
        out.append("</g>")
    out.append("</g>")
    return out


def _span(plot: _Plot, point: ChartPoint, y: float, colour: str) -> list[str]:
    """A time known only to a month, a year or a vague interval, as a bar across it."""
    if not point.is_span:
        return []
    start, end = plot.x(point.start), min(plot.x(point.end), plot.right)
    return [
        f'<path class="dossier-chart-span" d="M{start:.1f},{y - 4:.1f}V{y + 4:.1f}'
        f'M{start:.1f},{y:.1f}H{end:.1f}M{end:.1f},{y - 4:.1f}V{y + 4:.1f}"'
        f' stroke="{colour}" stroke-width="2" stroke-dasharray="4 2" fill="none"/>'
    ]


def _bounds(plot: _Plot, point: ChartPoint, x: float, y: float, colour: str) -> list[str]:
    """The bar of a range, or the labelled arrow of a value open above or below."""
    stroke = f'stroke="{colour}" stroke-width="2" fill="none"'
    if point.low is not None and point.high is not None:
        if point.low == point.high:
            return []
        top, bottom = plot.y(point.high), plot.y(point.low)
        return [
            f'<path class="dossier-chart-range" d="M{x - 4:.1f},{top:.1f}H{x + 4:.1f}'
            f'M{x:.1f},{top:.1f}V{bottom:.1f}M{x - 4:.1f},{bottom:.1f}H{x + 4:.1f}"'
            f' stroke="{colour}" stroke-width="6" stroke-opacity="0.45" fill="none"/>'
        ]
    if point.high is None:
        tip = max(y - _ARROW, plot.top - 12)
        direction = "up"
        base, barb = y - 7, tip + 5
        sign = "≥" if point.low_inclusive else ">"
    else:
        tip = min(y + _ARROW, plot.bottom)
        direction = "down"
        base, barb = y + 7, tip - 5
        sign = "≤" if point.high_inclusive else "<"
    return [
        f'<path class="dossier-chart-open" data-direction="{direction}"'
        f' d="M{x:.1f},{base:.1f}V{tip:.1f}M{x - 4:.1f},{barb:.1f}L{x:.1f},{tip:.1f}'
        f'L{x + 4:.1f},{barb:.1f}" {stroke}/>',
        f'<text class="dossier-chart-bound" x="{x + 7:.1f}" y="{tip + 4:.1f}"'
        f' font-size="{_FONT_SIZE - 1}">{_esc(sign)}</text>',
    ]


def _legend_layout(names: Sequence[str], left: float) -> list[tuple[float, int, str]]:
    """Where each legend entry goes: x, row and the (shortened) name, flowing into rows."""
    placed: list[tuple[float, int, str]] = []
    x, row = left, 0
    for name in names:
        label = _shorten(name, 48)
        width = 18.0 + _CHAR_WIDTH * len(label) + 18.0
        if x > left and x + width > WIDTH - 8:
            x, row = left, row + 1
        placed.append((x, row, label))
        x += width
    return placed


def _legend(layout: Sequence[tuple[float, int, str]], top: float) -> list[str]:
    out = ['<g class="dossier-chart-legend">']
    for index, (x, row, label) in enumerate(layout):
        colour = _PALETTE[index % len(_PALETTE)]
        shape, outline = _SHAPES[index % len(_SHAPES)]
        y = top + row * _LEGEND_ROW + _LEGEND_ROW / 2
        out.append(
            f'<g class="dossier-chart-legend-item"><path class="dossier-chart-marker"'
            f' data-shape="{shape}" d="{outline}" transform="translate({x + 6:.1f} {y:.1f})"'
            f' fill="{colour}"/><text x="{x + 16:.1f}" y="{y + 4:.1f}">{_shown(label)}</text></g>'
        )
    out.append("</g>")
    return out


# --- text ---------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Text safe in XML and HTML content and in double-quoted attributes."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _shown(text: str) -> str:
    """Data shown in the drawing, escaped. SVG has no <bdi>: text that can change
    direction is isolated between FSI and PDI instead, less the data's own invisible
    direction controls, which could close that isolate or override what follows."""
    if not changes_direction(text):
        return _esc(text)
    return f"\u2068{_esc(_BIDI_CONTROLS.sub('', text))}\u2069"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float, decimals: int) -> str:
    label = f"{value:,.{decimals}f}"
    return label[1:] if label.startswith("-") and float(label.replace(",", "")) == 0 else label


def _safe_href(href: str | None) -> str | None:
    """The link unless it names a scheme other than http(s), such as ``javascript:``."""
    if href is None:
        return None
    scheme = _URL_SCHEME.match(_URL_IGNORED.sub("", href))
    if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
        return None
    return href


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:40].strip("-") or "chart"


def _chart_id(
    title: str, unit: str, ordered: Sequence[tuple[ChartSeries, Sequence[ChartPoint]]]
) -> str:
    """An id unique to the content, so that two charts on one page do not collide."""
    content = repr((title, unit, [(s.name, tuple(ps)) for s, ps in ordered]))
    digest = hashlib.sha1(content.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return f"chart-{_slug(title)}-{digest.hexdigest()[:8]}"


def _description(
    unit: str,
    clock: str,
    ordered: Sequence[tuple[ChartSeries, Sequence[ChartPoint]]],
    logarithmic: bool,
) -> str:
    """The chart's data as sentences, for readers who cannot see it."""
    parts = [f"{unit} over time, as claimed by {len(ordered)} speaker(s). Times in {clock}."]
    if logarithmic:
        parts.append("Time is on a logarithmic scale: the first days take most of the width.")
    for s, ps in ordered:
        values = "; ".join(f"{p.value_label} ({p.time_label})" for p in ps)
        parts.append(f"{s.name}: {values}.")
    return " ".join(parts)
