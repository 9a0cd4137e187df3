"""Points in time as sources state them: with a precision and an explicit timezone.

"3 January 2024" is a whole day, "around 15:00 local time" an approximate minute
in UTC+03:30, and a dateline that gives a clock time but no timezone says so.
Reporting is vaguer still: "between 5 and 6 January", "later in 2024, after
10 January", "Tuesday night". A point in time therefore knows the interval it
stands for, on the calendar and clock it was written in, which is what
comparison, "later" and sorting use; a :class:`Clock` shows it on the
dossier's own clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class Precision(StrEnum):
    """How exactly a time is known, coarsest first."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    HOUR = "hour"
    MINUTE = "minute"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {precision: rank for rank, precision in enumerate(Precision)}


_ISO = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?P<offset>Z|[+-][0-9]{2}:[0-5][0-9])?)?)?)?$"
)
"""ISO 8601 with ASCII digits only: other scripts' digits are refused, not reinterpreted."""

YEARS = range(1000, 9000)
"""Years outside this range are refused: the arithmetic on intervals must not overflow."""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_APPROXIMATE_MINIMUM_SLACK = timedelta(minutes=15)
"""How far "around 15:00" reaches at least: it agrees with 14:50 and 15:04."""


class DayPart(StrEnum):
    """A part of a day as reporting names it ("late on Tuesday", "Tuesday night")."""

    EARLY = "early"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    LATE = "late"
    NIGHT = "night"

    @property
    def hours(self) -> tuple[int, int]:
        """The local hours it covers, ``[start, end)``; an end past 24 runs into the next day."""
        return _DAY_PARTS[self]


_DAY_PARTS = {
    DayPart.EARLY: (0, 10),
    DayPart.MORNING: (6, 12),
    DayPart.AFTERNOON: (12, 18),
    DayPart.EVENING: (18, 24),
    DayPart.LATE: (16, 24),
    DayPart.NIGHT: (20, 30),
}
"""Generous on purpose: a wider interval can only make two reports agree, never
make them contradict each other when they need not."""


@dataclass(frozen=True)
class PointInTime:
    """A time with its precision; ``utc_offset`` is ``None`` when no timezone is known."""

    year: int
    month: int = 1
    day: int = 1
    hour: int = 0
    minute: int = 0
    precision: Precision = Precision.DAY
    utc_offset: timedelta | None = None
    approximate: bool = False
    until: PointInTime | None = None
    """The end of "between ``self`` and ``until``", both included."""
    after: PointInTime | None = None
    """The time starts only once this one has ended ("later in 2024, after 10 January")."""
    before: PointInTime | None = None
    """The time ends before this one begins."""
    part: DayPart | None = None
    """The part of the day (a date's only) the time falls in."""

    @property
    def has_clock_time(self) -> bool:
        return self.precision.rank >= Precision.HOUR.rank

    @property
    def vague(self) -> bool:
        """True when the time is an interval other than its precision's."""
        return any(bound is not None for bound in (self.until, self.after, self.before, self.part))

    def iso(self) -> str:
        """The time written in ISO 8601, cut to its precision."""
        text = f"{self.year:04d}"
        if self.precision.rank >= Precision.MONTH.rank:
            text += f"-{self.month:02d}"
        if self.precision.rank >= Precision.DAY.rank:
            text += f"-{self.day:02d}"
        if self.has_clock_time:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.utc_offset is not None:
                text += _offset_text(self.utc_offset)
        return text

    def label(self, clock_name: str | None = None) -> str:
        """The time as a reader would say it, e.g. ``around 3 January 2024, 15:00 (UTC+03:30)``;
        ``clock_name`` names the clock of the offset: ``15:00 Tehran time (UTC+03:30)``."""
        text = _calendar_label(self)
        if self.part is not None:
            start, end = self.part.hours
            text += f", {self.part.value} ({start:02d}:00–{end % 24:02d}:00)"
        if self.until is not None:
            text = f"between {text} and {_calendar_label(self.until)}"
        if self.has_clock_time:
            zone = "timezone unknown" if self.utc_offset is None else _offset_text(self.utc_offset)
            if clock_name is not None and self.utc_offset is not None:
                text += f" {clock_name} time"
            text += f" ({'UTC' + zone if self.utc_offset is not None else zone})"
        if self.after is not None:
            text += f", after {self.after.label()}"
        if self.before is not None:
            text += f", before {self.before.label()}"
        return f"around {text}" if self.approximate else text

    def bounds(self) -> tuple[datetime, datetime]:
        """The interval ``[start, end)`` this time stands for, on the local calendar and
        clock it was written in (the UTC offset is not applied): its precision's,
        narrowed to a part of the day, widened to ``until``, cut by ``after`` and ``before``."""
        start, end = self._written_bounds()
        if self.part is not None:
            first, last = self.part.hours
            start, end = start + timedelta(hours=first), start + timedelta(hours=last)
        if self.until is not None:
            end = max(end, self.until.bounds()[1])
        if self.after is not None:
            start = max(start, self.after.bounds()[1])
        if self.before is not None:
            end = min(end, self.before.bounds()[0])
        return start, end

    def _written_bounds(self) -> tuple[datetime, datetime]:
        start = datetime(self.year, self.month, self.day, self.hour, self.minute)
        if self.precision is Precision.YEAR:
            end = start.replace(year=self.year + 1)
        elif self.precision is Precision.MONTH:
            end = (start + timedelta(days=32)).replace(day=1)
        elif self.precision is Precision.DAY:
            end = start + timedelta(days=1)
        elif self.precision is Precision.HOUR:
            end = start + timedelta(hours=1)
        else:
            end = start + timedelta(minutes=1)
        return start, end

    def comparison_bounds(self) -> tuple[datetime, datetime]:
        """The local interval used to compare times: an approximate time ("around
        15:00") is widened on each side by half its precision, and at least 15 minutes."""
        start, end = self.bounds()
        if not self.approximate:
            return start, end
        slack = max((end - start) / 2, _APPROXIMATE_MINIMUM_SLACK)
        return start - slack, end + slack

    def sort_key(self) -> tuple[datetime, datetime]:
        """Order by the middle of the local interval, so that "3 January" sorts before
        "3 January, 17:00" and "2024" around mid-year; the start breaks ties."""
        start, end = self.bounds()
        return start + (end - start) / 2, start

    def to_json(self) -> dict[str, object]:
        document: dict[str, object] = {
            "time": self.iso(),
            "precision": str(self.precision),
            "timezone_known": self.utc_offset is not None or not self.has_clock_time,
            "approximate": self.approximate,
        }
        # Vague times only: the keys of a plain time stay as they always were.
        for key, bound in (("until", self.until), ("after", self.after), ("before", self.before)):
            if bound is not None:
                document[key] = bound.to_json()
        if self.part is not None:
            document["part_of_day"] = str(self.part)
        if self.vague:
            start, end = self.bounds()
            document["interval"] = {"start": _local_iso(start), "end": _local_iso(end)}
        return document


def _calendar_label(time: PointInTime) -> str:
    """The date and clock time as written, without timezone or qualifiers."""
    if time.precision is Precision.YEAR:
        text = str(time.year)
    elif time.precision is Precision.MONTH:
        text = f"{_MONTHS[time.month - 1]} {time.year}"
    else:
        text = f"{time.day} {_MONTHS[time.month - 1]} {time.year}"
    if time.precision is Precision.HOUR:
        # Written hours start on the hour; an hour moved to a clock 30 minutes off does not.
        last = datetime(2000, 1, 1, time.hour, time.minute) + timedelta(minutes=59)
        text += f", {time.hour:02d}:{time.minute:02d}–{last:%H:%M}"
    elif time.precision is Precision.MINUTE:
        text += f", {time.hour:02d}:{time.minute:02d}"
    return text


def _local_iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Clock:
    """The dossier's own clock: an IANA timezone (``Asia/Tehran``) that every time
    with a known UTC offset is shown in, next to the time as the source reported it,
    so that "around 17:00 GMT" and "18:59 (UTC+03:00)" read in their true order."""

    name: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    @property
    def place(self) -> str:
        """What a reader calls the clock: ``Tehran`` for ``Asia/Tehran``."""
        return self.name.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def time_name(self) -> str:
        """What a reader calls the clock's time: ``Tehran time``, or ``UTC``."""
        return "UTC" if self.place == "UTC" else f"{self.place} time"

    def converted(self, time: PointInTime) -> PointInTime | None:
        """The same moment written on this clock; ``None`` for a time that has no clock
        time or no known offset, which cannot be moved and is shown as written."""
        if not time.has_clock_time or time.utc_offset is None:
            return None
        written = datetime(time.year, time.month, time.day, time.hour, time.minute)
        moment = (written - time.utc_offset).replace(tzinfo=UTC).astimezone(self.zone)
        offset = moment.utcoffset() or timedelta(0)
        here = moment.replace(tzinfo=None)
        return replace(
            time,
            year=here.year,
            month=here.month,
            day=here.day,
            hour=here.hour,
            minute=here.minute,
            utc_offset=offset,
            until=self.converted(time.until) or time.until if time.until else None,
            after=self.converted(time.after) or time.after if time.after else None,
            before=self.converted(time.before) or time.before if time.before else None,
        )

    def label(self, time: PointInTime) -> str:
        """``3 January 2024, 20:00 Gaza time (UTC+02:00); 3 January 2024, 18:00 (UTC+00:00)
        as reported``, or the time as written when it has no known offset."""
        here = self.converted(time)
        if here is None:
            return time.label()
        text = here.label(self.place)
        if here.utc_offset == time.utc_offset:
            return text
        return f"{text}; {time.label()} as reported"

    def moved(self, time: PointInTime) -> PointInTime:
        """The time on this clock, or as written when it cannot move; its ``bounds``
        are then the interval it stands for on this clock."""
        return self.converted(time) or time


UTC_CLOCK = Clock("UTC")
"""The clock of a dossier that names none of its own, where one clock is needed."""


def _comparable(
    a: PointInTime, b: PointInTime, *, widened: bool
) -> tuple[tuple[datetime, datetime], tuple[datetime, datetime]]:
    """Both intervals on one clock: UTC when both offsets are known, else local.
    ``widened`` takes approximate times as wide as ``comparison_bounds`` makes them."""
    a_start, a_end = a.comparison_bounds() if widened else a.bounds()
    b_start, b_end = b.comparison_bounds() if widened else b.bounds()
    if a.utc_offset is not None and b.utc_offset is not None:
        return (a_start - a.utc_offset, a_end - a.utc_offset), (
            b_start - b.utc_offset,
            b_end - b.utc_offset,
        )
    return (a_start, a_end), (b_start, b_end)


def is_later(later: PointInTime, earlier: PointInTime) -> bool:
    """True when ``later`` begins at or after the end of ``earlier``, on one clock."""
    (later_start, _), (_, earlier_end) = _comparable(later, earlier, widened=False)
    return later_start >= earlier_end


def times_agree(a: PointInTime, b: PointInTime) -> bool:
    """True when two times can name the same moment.

    Two times with known UTC offsets are compared in UTC. A date, or a clock
    time whose timezone is unknown, is taken on the local calendar and clock
    of the time it is compared with: "3 January" agrees with "3 January,
    23:00+03:30" and not with "4 January, 01:00+03:30".
    """
    (a_start, a_end), (b_start, b_end) = _comparable(a, b, widened=True)
    return a_start < b_end and b_start < a_end


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def parse_time(
    text: str,
    *,
    precision: str | None = None,
    approximate: bool = False,
    timezone_unknown: bool = False,
) -> PointInTime:
    """Parse an ISO 8601 time of the forms the annotation format allows.

    Raises ``ValueError`` with a message that says what to write instead.
    """
    match = _ISO.fullmatch(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a time; write YYYY, YYYY-MM, YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM+HH:MM (a clock time needs its UTC offset)"
        )
    parts = match.groupdict()
    written = (
        Precision.MINUTE
        if parts["hour"]
        else Precision.DAY
        if parts["day"]
        else Precision.MONTH
        if parts["month"]
        else Precision.YEAR
    )
    chosen = written
    if precision is not None:
        try:
            chosen = Precision(precision)
        except ValueError:
            names = ", ".join(p.value for p in Precision)
            raise ValueError(f"precision must be one of {names}, not {precision!r}") from None
        if chosen.rank > written.rank:
            raise ValueError(f"{text!r} is not written to {chosen} precision")
    offset: timedelta | None = None
    if parts["offset"] == "Z":
        offset = timedelta(0)
    elif parts["offset"]:
        sign = -1 if parts["offset"][0] == "-" else 1
        hours, minutes = parts["offset"][1:].split(":")
        offset = sign * timedelta(hours=int(hours), minutes=int(minutes))
        if abs(offset) > timedelta(hours=14):
            raise ValueError(f"the UTC offset {parts['offset']} is out of range")
    if written is Precision.MINUTE:
        if offset is None and not timezone_unknown:
            raise ValueError(
                f"{text!r} gives a clock time without a UTC offset; add one such as +03:30, "
                "or write the time as {at: ..., timezone: unknown} if the source gives none"
            )
        if offset is not None and timezone_unknown:
            raise ValueError(f"{text!r} has a UTC offset, so its timezone is not unknown")
    elif parts["offset"] is None and timezone_unknown:
        raise ValueError("timezone: unknown only goes with a clock time")
    if int(parts["year"]) not in YEARS:
        raise ValueError(f"{text!r}: years from {YEARS.start} to {YEARS.stop - 1} are accepted")
    components = ("year", "month", "day", "hour", "minute")
    written_fields = {name: int(parts[name]) for name in components if parts[name]}
    try:
        datetime(
            written_fields["year"],
            written_fields.get("month", 1),
            written_fields.get("day", 1),
            written_fields.get("hour", 0),
            written_fields.get("minute", 0),
            tzinfo=timezone(offset) if offset is not None else None,
        )
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date or time: {exc}") from None
    # A coarser precision drops the finer fields: "15:04" at hour precision is 15:00-15:59.
    kept = components[: chosen.rank + 1]
    fields = {name: value for name, value in written_fields.items() if name in kept}
    return PointInTime(
        fields["year"],
        fields.get("month", 1),
        fields.get("day", 1),
        fields.get("hour", 0),
        fields.get("minute", 0),
        precision=chosen,
        utc_offset=offset,
        approximate=approximate,
    )


def time_label(time: PointInTime | None, clock: Clock | None = None) -> str:
    """A time in words as the pages and exports say it, on the dossier's clock when
    it has one; "date unknown" when it was not recorded."""
    if time is None:
        return "date unknown"
    return clock.label(time) if clock is not None else time.label()


def point_as_data(point: PointInTime | None) -> dict[str, Any] | None:
    """``point`` as JSON data, which ``point_from_data`` makes it again from."""
    if point is None:
        return None
    return {
        "year": point.year,
        "month": point.month,
        "day": point.day,
        "hour": point.hour,
        "minute": point.minute,
        "precision": point.precision.value,
        "utc_offset": None if point.utc_offset is None else point.utc_offset.total_seconds(),
        "approximate": point.approximate,
        "until": point_as_data(point.until),
        "after": point_as_data(point.after),
        "before": point_as_data(point.before),
        "part": None if point.part is None else point.part.value,
    }


def point_from_data(data: dict[str, Any] | None) -> PointInTime | None:
    """The time ``point_as_data`` gave ``data`` for."""
    if data is None:
        return None
    offset = data["utc_offset"]
    return PointInTime(
        data["year"],
        data["month"],
        data["day"],
        data["hour"],
        data["minute"],
        Precision(data["precision"]),
        None if offset is None else timedelta(seconds=offset),
        data["approximate"],
        point_from_data(data["until"]),
        point_from_data(data["after"]),
        point_from_data(data["before"]),
        None if data["part"] is None else DayPart(data["part"]),
    )
