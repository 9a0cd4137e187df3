"""Points in time as sources state them: forms, precision, timezone and the interval meant."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from generator.domain.times import (
    UTC_CLOCK,
    Clock,
    DayPart,
    PointInTime,
    Precision,
    is_later,
    parse_time,
    times_agree,
)

IRST = timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", PointInTime(2024, precision=Precision.YEAR)),
        ("2024-07", PointInTime(2024, 7, precision=Precision.MONTH)),
        ("2024-01-03", PointInTime(2024, 1, 3, precision=Precision.DAY)),
        (
            "2024-01-03T15:04+03:30",
            PointInTime(2024, 1, 3, 15, 4, precision=Precision.MINUTE, utc_offset=IRST),
        ),
        (
            "2024-01-03T15:04Z",
            PointInTime(2024, 1, 3, 15, 4, precision=Precision.MINUTE, utc_offset=timedelta(0)),
        ),
        (
            "2024-01-03T07:15-05:00",
            PointInTime(
                2024, 1, 3, 7, 15, precision=Precision.MINUTE, utc_offset=timedelta(hours=-5)
            ),
        ),
        ("2024-02-29", PointInTime(2024, 2, 29, precision=Precision.DAY)),
    ],
)
def test_forms_and_their_precision(text: str, expected: PointInTime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "03/01/2024",
        "3 January 2024",
        "2024-1-3",
        "24-01-03",
        "2024-01-03T15:04:05+03:30",
        "2024-01-03 15:04+03:30",
        "2024-01-03t15:04+03:30",
        "2024-01-03T15",
        "2024-01-03T15:04+0330",
        "",
    ],
)
def test_other_forms_are_not_times(text: str) -> None:
    with pytest.raises(ValueError, match="is not a time; write YYYY, YYYY-MM, YYYY-MM-DD"):
        parse_time(text)


def test_clock_time_needs_a_utc_offset() -> None:
    with pytest.raises(ValueError) as caught:
        parse_time("2024-01-03T15:04")
    message = str(caught.value)
    assert message.startswith("'2024-01-03T15:04' gives a clock time without a UTC offset")
    assert "timezone: unknown" in message


def test_clock_time_with_timezone_unknown() -> None:
    time = parse_time("2024-01-03T15:53", timezone_unknown=True)
    assert time == PointInTime(2024, 1, 3, 15, 53, precision=Precision.MINUTE, utc_offset=None)
    assert time.label() == "3 January 2024, 15:53 (timezone unknown)"
    assert time.to_json()["timezone_known"] is False


def test_timezone_unknown_refused_with_an_offset() -> None:
    with pytest.raises(ValueError, match="has a UTC offset, so its timezone is not unknown"):
        parse_time("2024-01-03T15:53+03:30", timezone_unknown=True)


def test_timezone_unknown_refused_without_a_clock_time() -> None:
    with pytest.raises(ValueError, match="timezone: unknown only goes with a clock time"):
        parse_time("2024-01-03", timezone_unknown=True)


def test_utc_offset_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"the UTC offset \+15:00 is out of range"):
        parse_time("2024-01-03T15:04+15:00")


@pytest.mark.parametrize(
    "text",
    ["2024-02-30", "2023-02-29", "2024-13", "2024-00-10", "2024-04-31", "2024-01-03T24:00Z"],
)
def test_dates_that_do_not_exist(text: str) -> None:
    with pytest.raises(ValueError, match=f"^'{text}' is not a real date or time: "):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    [
        ("2024-01-03T15:00+03:30", "hour", Precision.HOUR),
        ("2024-01-03T15:00+03:30", "day", Precision.DAY),
        ("2024-01-03", "month", Precision.MONTH),
        ("2024-01-03", "year", Precision.YEAR),
        ("2024-01", "month", Precision.MONTH),
    ],
)
def test_precision_can_be_coarsened(text: str, precision: str, expected: Precision) -> None:
    assert parse_time(text, precision=precision).precision is expected


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2024-01-03", "hour"), ("2024-01-03", "minute"), ("2024", "month"), ("2024-01", "day")],
)
def test_precision_finer_than_written_is_refused(text: str, precision: str) -> None:
    with pytest.raises(ValueError, match=f"^'{text}' is not written to {precision} precision$"):
        parse_time(text, precision=precision)


def test_unknown_precision_name() -> None:
    with pytest.raises(ValueError, match="precision must be one of year, month, day, hour, minute"):
        parse_time("2024-01-03", precision="second")


def test_precision_order() -> None:
    assert [p.rank for p in Precision] == [0, 1, 2, 3, 4]
    assert Precision.YEAR.rank < Precision.DAY.rank < Precision.MINUTE.rank


@pytest.mark.parametrize(
    ("time", "label"),
    [
        (parse_time("2024"), "2024"),
        (parse_time("2024-07"), "July 2024"),
        (parse_time("2024-01-03"), "3 January 2024"),
        (parse_time("2024-01-03T15:04+03:30"), "3 January 2024, 15:04 (UTC+03:30)"),
        (parse_time("2024-01-03T09:05Z"), "3 January 2024, 09:05 (UTC+00:00)"),
        (parse_time("2024-01-03T09:05-04:30"), "3 January 2024, 09:05 (UTC-04:30)"),
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour", approximate=True),
            "around 3 January 2024, 15:00–15:59 (UTC+03:30)",
        ),
        (parse_time("2024-01-03T15:00+03:30", precision="day"), "3 January 2024"),
        (parse_time("2024-12-31", approximate=True), "around 31 December 2024"),
    ],
)
def test_labels(time: PointInTime, label: str) -> None:
    assert time.label() == label


@pytest.mark.parametrize(
    ("time", "iso"),
    [
        (parse_time("2024"), "2024"),
        (parse_time("2024-07"), "2024-07"),
        (parse_time("2024-01-03"), "2024-01-03"),
        (parse_time("2024-01-03T15:04+03:30"), "2024-01-03T15:04+03:30"),
        (parse_time("2024-01-03T15:04", timezone_unknown=True), "2024-01-03T15:04"),
        (parse_time("2024-01-03T15:04+03:30", precision="day"), "2024-01-03"),
        (parse_time("2024-01-03", precision="year"), "2024"),
    ],
)
def test_iso_is_cut_to_the_precision(time: PointInTime, iso: str) -> None:
    assert time.iso() == iso


def test_to_json() -> None:
    time = parse_time("2024-01-03T15:00+03:30", precision="hour", approximate=True)
    assert time.to_json() == {
        "time": "2024-01-03T15:00+03:30",
        "precision": "hour",
        "timezone_known": True,
        "approximate": True,
    }
    assert parse_time("2024-01-03").to_json()["timezone_known"] is True


def local(*parts: int) -> datetime:
    """A naive datetime: a time on the local calendar and clock it was written in."""
    return datetime(*parts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("time", "start", "end"),
    [
        # A clock time: exactly its minute (or hour) on the clock it was written in;
        # the UTC offset is not applied.
        (
            parse_time("2024-01-03T15:04+03:30"),
            local(2024, 1, 3, 15, 4),
            local(2024, 1, 3, 15, 5),
        ),
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour"),
            local(2024, 1, 3, 15),
            local(2024, 1, 3, 16),
        ),
        (
            parse_time("2024-01-03T23:30-05:00"),
            local(2024, 1, 3, 23, 30),
            local(2024, 1, 3, 23, 31),
        ),
        (
            parse_time("2024-01-03T15:53", timezone_unknown=True),
            local(2024, 1, 3, 15, 53),
            local(2024, 1, 3, 15, 54),
        ),
        # A date is its whole day, month or year on the local calendar: no widening.
        (parse_time("2024-01-03"), local(2024, 1, 3), local(2024, 1, 4)),
        (parse_time("2024-02"), local(2024, 2, 1), local(2024, 3, 1)),
        (parse_time("2023-02"), local(2023, 2, 1), local(2023, 3, 1)),
        (parse_time("2024-12"), local(2024, 12, 1), local(2025, 1, 1)),
        (parse_time("2024"), local(2024, 1, 1), local(2025, 1, 1)),
        # bounds() is the time as written: "around" does not widen it.
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            local(2024, 1, 3, 15),
            local(2024, 1, 3, 15, 1),
        ),
    ],
)
def test_bounds(time: PointInTime, start: datetime, end: datetime) -> None:
    assert time.bounds() == (start, end)


@pytest.mark.parametrize(
    ("time", "start", "end"),
    [
        # format.md: "`hour` covers 15:00 to 15:59"
        (
            parse_time("2024-01-03T15:04+03:30", precision="hour"),
            local(2024, 1, 3, 15),
            local(2024, 1, 3, 16),
        ),
        (
            parse_time("2024-01-03T15:04+03:30", precision="day"),
            local(2024, 1, 3),
            local(2024, 1, 4),
        ),
        (parse_time("2024-01-31", precision="month"), local(2024, 1, 1), local(2024, 2, 1)),
        (parse_time("2024-07-31", precision="year"), local(2024, 1, 1), local(2025, 1, 1)),
    ],
)
def test_bounds_of_a_coarsened_time_cover_the_whole_unit(
    time: PointInTime, start: datetime, end: datetime
) -> None:
    assert time.bounds() == (start, end)


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    [
        (
            "2024-01-03T15:04+03:30",
            "hour",
            PointInTime(2024, 1, 3, 15, 0, precision=Precision.HOUR, utc_offset=IRST),
        ),
        (
            "2024-01-03T15:04+03:30",
            "day",
            PointInTime(2024, 1, 3, precision=Precision.DAY, utc_offset=IRST),
        ),
        ("2024-01-31", "month", PointInTime(2024, 1, precision=Precision.MONTH)),
        ("2024-07-31", "year", PointInTime(2024, precision=Precision.YEAR)),
        ("2024-01-31", "day", PointInTime(2024, 1, 31, precision=Precision.DAY)),
    ],
)
def test_coarsening_drops_the_finer_fields(
    text: str, precision: str, expected: PointInTime
) -> None:
    time = parse_time(text, precision=precision)
    assert time == expected
    assert time.iso() == expected.iso()


def test_a_coarsened_hour_is_written_from_its_start() -> None:
    hour = parse_time("2024-01-03T15:04+03:30", precision="hour")
    assert hour.iso() == "2024-01-03T15:00+03:30"
    assert hour.label() == "3 January 2024, 15:00–15:59 (UTC+03:30)"


def test_the_written_date_is_checked_before_coarsening() -> None:
    with pytest.raises(ValueError, match=r"^'2024-02-30' is not a real date or time: "):
        parse_time("2024-02-30", precision="month")


@pytest.mark.parametrize(
    ("time", "start", "end"),
    [
        # Exact times are compared as they are.
        (parse_time("2024-01-03T15:04+03:30"), local(2024, 1, 3, 15, 4), local(2024, 1, 3, 15, 5)),
        (parse_time("2024-01-03"), local(2024, 1, 3), local(2024, 1, 4)),
        # "around 15:00": half a minute is less than 15 minutes, so 15 minutes each side.
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            local(2024, 1, 3, 14, 45),
            local(2024, 1, 3, 15, 16),
        ),
        # "around 15:00-15:59": half an hour each side.
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour", approximate=True),
            local(2024, 1, 3, 14, 30),
            local(2024, 1, 3, 16, 30),
        ),
        # "around 31 December": half a day each side.
        (
            parse_time("2024-12-31", approximate=True),
            local(2024, 12, 30, 12),
            local(2025, 1, 1, 12),
        ),
        # "around 2024" (a leap year of 366 days): 183 days each side.
        (
            parse_time("2024", approximate=True),
            local(2024, 1, 1) - timedelta(days=183),
            local(2025, 1, 1) + timedelta(days=183),
        ),
    ],
)
def test_comparison_bounds_widen_only_approximate_times(
    time: PointInTime, start: datetime, end: datetime
) -> None:
    assert time.comparison_bounds() == (start, end)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        # A date is taken on the local calendar of the clock time it is compared with.
        (parse_time("2024-01-03"), parse_time("2024-01-03T00:00+03:30"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-03T23:00+03:30"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-03T23:59-12:00"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-04T00:00+14:00"), False),
        (parse_time("2024-01-03"), parse_time("2024-01-04T01:00+03:30"), False),
        (parse_time("2024-01-03"), parse_time("2024-01-02T23:59Z"), False),
        # Two dates agree only when they overlap: no widening for unknown timezones.
        (parse_time("2024-01-03"), parse_time("2024-01-03"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-04"), False),
        (parse_time("2024-01-03"), parse_time("2024-01-05"), False),
        (parse_time("2024-01"), parse_time("2024-01-31"), True),
        (parse_time("2024-01"), parse_time("2024-02-01"), False),
        (parse_time("2024"), parse_time("2024-12-31T23:59+03:30"), True),
        (parse_time("2024"), parse_time("2025-01-01T00:00+03:30"), False),
        # Both offsets known: compared in UTC.
        (parse_time("2024-01-03T15:04+03:30"), parse_time("2024-01-03T11:34Z"), True),
        (parse_time("2024-01-03T15:04+03:30"), parse_time("2024-01-03T15:04Z"), False),
        (parse_time("2024-01-03T23:30-05:00"), parse_time("2024-01-04T04:30Z"), True),
        # A clock time whose timezone is unknown is compared on the local clock.
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T15:04+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T11:34Z"),
            False,
        ),
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T20:00+03:30"),
            False,
        ),
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            True,
        ),
        (
            parse_time("2024-01-03T15:53", timezone_unknown=True),
            parse_time("2024-01-03"),
            True,
        ),
        # "around 15:00" covers 14:45 to 15:15, its last minute.
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T14:45+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T15:15+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T14:44+03:30"),
            False,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T15:16+03:30"),
            False,
        ),
        # ... and the widened interval is moved to UTC like any other.
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T11:40Z"),
            True,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T11:50Z"),
            False,
        ),
        # "around 3 January" reaches half a day into its neighbours.
        (parse_time("2024-01-03", approximate=True), parse_time("2024-01-04"), True),
        (parse_time("2024-01-03", approximate=True), parse_time("2024-01-05"), False),
        # A day coarsened from a clock time keeps its offset: compared in UTC with
        # another time whose offset is known (the IRST day is 20:30Z to 20:30Z).
        (
            parse_time("2024-01-03T15:04+03:30", precision="day"),
            parse_time("2024-01-02T21:00Z"),
            True,
        ),
        (
            parse_time("2024-01-03T15:04+03:30", precision="day"),
            parse_time("2024-01-03T21:00Z"),
            False,
        ),
    ],
)
def test_times_agree(a: PointInTime, b: PointInTime, agree: bool) -> None:
    assert times_agree(a, b) is agree
    assert times_agree(b, a) is agree


def test_sort_key_orders_by_the_middle_of_the_interval() -> None:
    day = parse_time("2024-01-03")
    evening = parse_time("2024-01-03T17:00+03:30")
    morning = parse_time("2024-01-03T05:00+03:30")
    year = parse_time("2024")
    september = parse_time("2024-09-01")
    assert sorted([evening, day, morning], key=PointInTime.sort_key) == [morning, day, evening]
    assert sorted([september, year, day], key=PointInTime.sort_key) == [day, year, september]


def test_sort_key_is_on_the_local_clock() -> None:
    # The middle of the local minute, then its start; the offset is not applied.
    assert parse_time("2024-01-03T23:30-05:00").sort_key() == (
        local(2024, 1, 3, 23, 30, 30),
        local(2024, 1, 3, 23, 30),
    )
    assert parse_time("2024-01-03").sort_key() == (local(2024, 1, 3, 12), local(2024, 1, 3))


def test_has_clock_time() -> None:
    assert parse_time("2024-01-03T15:04+03:30").has_clock_time
    assert parse_time("2024-01-03T15:04+03:30", precision="hour").has_clock_time
    assert not parse_time("2024-01-03T15:04+03:30", precision="day").has_clock_time
    assert not parse_time("2024-01-03").has_clock_time


def test_approximate_is_kept() -> None:
    assert parse_time("2024-01-03", approximate=True).approximate
    assert not parse_time("2024-01-03").approximate


# Vague times and the dossier's own clock


def test_vague_labels_say_the_interval_in_words() -> None:
    year = parse_time("2024")
    assert replace(year, after=parse_time("2024-01-10")).label() == "2024, after 10 January 2024"
    night = replace(parse_time("2024-01-09"), part=DayPart.NIGHT)
    assert night.label() == "9 January 2024, night (20:00–06:00)"
    between = replace(parse_time("2024-01-05"), until=parse_time("2024-01-06"))
    assert between.label() == "between 5 January 2024 and 6 January 2024"
    assert not year.vague and night.vague
    assert between.to_json()["interval"] == {"start": "2024-01-05T00:00", "end": "2024-01-07T00:00"}
    assert "interval" not in year.to_json(), "a plain time's JSON is as it always was"


def test_a_year_only_time_is_later_than_nothing_within_it() -> None:
    year, day = parse_time("2024"), parse_time("2024-01-10")
    assert not is_later(year, day) and not is_later(day, year)
    assert is_later(replace(year, after=parse_time("2024-01-10")), day)
    assert is_later(parse_time("2024-07"), replace(year, before=parse_time("2024-07")))


def test_the_clock_shows_a_time_in_its_zone_beside_the_time_as_reported() -> None:
    gaza = Clock("Asia/Gaza")
    gmt = parse_time("2024-10-01T17:00Z")
    assert gaza.label(gmt) == (
        "1 October 2024, 20:00 Gaza time (UTC+03:00); 1 October 2024, 17:00 (UTC+00:00) as reported"
    )
    # Winter time: the same clock is two hours ahead.
    assert gaza.label(parse_time("2024-01-01T17:00Z")).startswith("1 January 2024, 19:00 Gaza")
    # A time already on the clock's offset is shown once; a date cannot move.
    assert Clock("Asia/Tehran").label(parse_time("2024-01-03T15:04+03:30")) == (
        "3 January 2024, 15:04 Tehran time (UTC+03:30)"
    )
    assert gaza.label(parse_time("2024-01-03")) == "3 January 2024"
    unknown = parse_time("2024-01-03T15:53", timezone_unknown=True)
    assert gaza.label(unknown) == unknown.label()
    # Half-hour offsets move hours off the hour.
    hour = parse_time("2024-01-03T15:00Z", precision="hour")
    assert Clock("Asia/Tehran").label(hour).startswith("3 January 2024, 18:30–19:29 Tehran time")
    assert Clock("America/New_York").place == "New York"
    assert Clock("America/New_York").time_name == "New York time"
    assert UTC_CLOCK.time_name == Clock("Etc/UTC").time_name == "UTC"
    assert UTC_CLOCK.moved(parse_time("2024-01-03T18:00+03:30")).bounds()[0] == datetime(
        2024, 1, 3, 14, 30
    )


def test_the_clock_puts_times_in_two_offsets_in_their_true_order() -> None:
    clock = Clock("Europe/Istanbul")
    wire, gazette = parse_time("2025-03-14T17:00Z"), parse_time("2025-03-14T18:59+03:00")
    assert clock.moved(wire).bounds()[0] == datetime(2025, 3, 14, 20, 0)
    assert clock.moved(gazette).bounds()[0] == datetime(2025, 3, 14, 18, 59)
    assert is_later(wire, gazette)
