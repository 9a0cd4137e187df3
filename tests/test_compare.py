"""Whether sources agree: values that can both be true, and each question's status."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.domain.compare import (
    Agreement,
    Answer,
    ClaimState,
    Overtaking,
    QuestionSummary,
    claims_agree,
    summarise,
    values_agree,
)
from generator.domain.model import (
    Approximation,
    Claim,
    Dossier,
    Entity,
    EntityKind,
    NumberRange,
    Question,
    QuestionKind,
    Relation,
    RelationKind,
    Source,
    SpeakerKind,
    Tie,
    TieKind,
    Value,
)
from generator.domain.times import PointInTime, parse_time
from generator.domain.voices import Voices


def exactly(number: float) -> NumberRange:
    return NumberRange(number, number)


def at_least(number: float) -> NumberRange:
    return NumberRange(number, None)


def more_than(number: float) -> NumberRange:
    return NumberRange(number, None, low_inclusive=False)


def at_most(number: float) -> NumberRange:
    return NumberRange(None, number)


def less_than(number: float) -> NumberRange:
    return NumberRange(None, number, high_inclusive=False)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (exactly(84), exactly(84), True),
        (exactly(84), exactly(84.0), True),
        (exactly(84), exactly(103), False),
        (exactly(84), at_least(80), True),
        (exactly(75), at_least(80), False),
        (exactly(80), at_least(80), True),
        (exactly(280), more_than(280), False),
        (exactly(284), more_than(280), True),
        (exactly(10), at_most(10), True),
        (exactly(10), less_than(10), False),
        (exactly(9.5), less_than(10), True),
        (at_least(84), more_than(80), True),
        (at_least(84), at_most(84), True),
        (at_least(84), less_than(84), False),
        (more_than(84), at_most(84), False),
        (at_most(10), less_than(5), True),
        (NumberRange(91, 92), NumberRange(93, 94), False),
        (NumberRange(91, 92), NumberRange(92, 95), True),
        (NumberRange(90, 100), exactly(95), True),
        (NumberRange(91, 92), exactly(95), False),
        (NumberRange(91, 92), at_least(93), False),
        (NumberRange(91, 92), more_than(91.5), True),
    ],
)
def test_numbers_agree_when_their_ranges_overlap(a: Value, b: Value, agree: bool) -> None:
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        # "around 15:00-15:59" (the hour, and half an hour either side) and 15:04.
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour", approximate=True),
            parse_time("2024-01-03T15:04+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", precision="hour"),
            parse_time("2024-01-03T16:00+03:30"),
            False,
        ),
        # format.md: "around 15:00" agrees with both 14:50 and 15:04, which do not
        # agree with each other.
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T14:50+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:00+03:30", approximate=True),
            parse_time("2024-01-03T15:04+03:30"),
            True,
        ),
        (parse_time("2024-01-03T14:50+03:30"), parse_time("2024-01-03T15:04+03:30"), False),
        (parse_time("2024-01-03T15:04+03:30"), parse_time("2024-01-03T15:04+03:30"), True),
        # The same instant written in two timezones.
        (parse_time("2024-01-03T15:04+03:30"), parse_time("2024-01-03T11:34Z"), True),
        (parse_time("2024-01-03T15:04+03:30"), parse_time("2024-01-03T15:04Z"), False),
        # A day contains its clock times, on the local calendar.
        (parse_time("2024-01-03"), parse_time("2024-01-03T15:04+03:30"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-03T23:00+03:30"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-04T01:00+03:30"), False),
        (parse_time("2024-01-03"), parse_time("2024-01-08"), False),
        (parse_time("2024-01"), parse_time("2024-01-03"), True),
        (parse_time("2024"), parse_time("2025-06"), False),
        # A clock time with no timezone is compared on the local clock.
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T15:04+03:30"),
            True,
        ),
        (
            parse_time("2024-01-03T15:04", timezone_unknown=True),
            parse_time("2024-01-03T20:00+03:30"),
            False,
        ),
    ],
)
def test_times_agree_when_their_intervals_overlap(a: Value, b: Value, agree: bool) -> None:
    assert values_agree(a, b) is agree
    assert values_agree(b, a) is agree


def test_coarsened_time_agrees_with_any_minute_of_its_hour() -> None:
    hour = parse_time("2024-01-03T15:04+03:30", precision="hour")
    assert values_agree(hour, parse_time("2024-01-03T15:00+03:30"))
    assert values_agree(hour, parse_time("2024-01-03T15:02+03:30"))
    assert values_agree(hour, parse_time("2024-01-03T15:59+03:30"))
    assert not values_agree(hour, parse_time("2024-01-03T16:02+03:30"))
    assert not values_agree(hour, parse_time("2024-01-03T14:59+03:30"))


@pytest.mark.parametrize("other", ["2024-01-02", "2024-01-04", "2024-01-05"])
def test_different_days_do_not_agree(other: str) -> None:
    assert not values_agree(parse_time("2024-01-03"), parse_time(other))
    assert not values_agree(parse_time(other), parse_time("2024-01-03"))


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Kerman", "kerman", True),
        ("Kerman", " KERMAN ", True),
        ("remote-detonated-bags", "Remote-Detonated-Bags", True),
        ("Kerman", "Tehran", False),
        ("Kerman, Iran", "Kerman", False),
    ],
)
def test_words_agree_regardless_of_case(a: str, b: str, agree: bool) -> None:
    assert values_agree(a, b) is agree


def test_values_of_different_kinds_never_agree() -> None:
    assert not values_agree(exactly(84), "84")
    assert not values_agree(parse_time("2024"), exactly(2024))
    assert not values_agree("2024-01-03", parse_time("2024-01-03"))


# summarise()

KILLED = Question("killed", "How many people were killed?", QuestionKind.NUMBER, unit="people")
METHOD = Question(
    "method", "How?", QuestionKind.CHOICE, choices=("bags", "bombers", "gas-canisters")
)
PLACE = Question("place", "Where?", QuestionKind.PLACE)
WHO = Question("who", "Who says so?", QuestionKind.TEXT)


def claim(
    claim_id: str, source_id: str, question: Question, value: Value, **extra: object
) -> Claim:
    fields: dict[str, object] = {
        "as_of": None,
        "speaker_id": None,
        "quote": None,
        "span": None,
        "paraphrase": "paraphrased",
    }
    fields.update(extra)
    return Claim(claim_id, source_id, question.id, value, **fields)  # type: ignore[arg-type]


def source(
    source_id: str,
    published: str | None,
    *claims: Claim,
    depends_on: str | None = None,
    url: str | None = None,
) -> Source:
    return Source(
        id=source_id,
        outlet=source_id.upper(),
        title=f"Title of {source_id}",
        url=url or f"https://{source_id}.example/",
        language="en",
        published=parse_time(published) if published else None,
        retrieved=parse_time("2024-02-01"),
        depends_on=depends_on,
        claims=claims,
    )


MINISTRY = Entity("ministry", "Ministry of Health", EntityKind.ORGANISATION)
MINISTER = Entity("minister", "The Minister", EntityKind.PERSON)
KERMAN = Entity("kerman", "Kerman", EntityKind.PLACE)
MOSQUE = Entity("mosque", "Saheb al-Zaman Mosque", EntityKind.PLACE)


def dossier(
    *sources: Source,
    questions: tuple[Question, ...] = (KILLED, METHOD, PLACE, WHO),
    entities: tuple[Entity, ...] = (KERMAN, MINISTER, MINISTRY, MOSQUE),
) -> Dossier:
    return Dossier(
        id="demo",
        title="Demo",
        summary="A test.",
        start=parse_time("2024-01-03"),
        questions=questions,
        entities=entities,
        sources=sources,
    )


def statuses(subject: Dossier) -> dict[str, Agreement]:
    return {summary.question.id: summary.agreement for summary in summarise(subject)}


def summary_of(subject: Dossier, question: Question) -> QuestionSummary:
    return next(s for s in summarise(subject) if s.question.id == question.id)


def origin_of(subject: Dossier, of: Claim) -> str:
    return Voices(subject).origin(of)


def ids(claims: tuple[Claim, ...]) -> list[str]:
    return [c.id for c in claims]


def test_unanswered_question() -> None:
    subject = dossier(source("a", "2024-01-03", claim("a-killed", "a", KILLED, exactly(84))))
    summaries = summarise(subject)
    assert [s.question.id for s in summaries] == ["killed", "method", "place", "who"]
    assert statuses(subject)["method"] is Agreement.UNANSWERED
    assert summaries[1].claims == ()
    assert summaries[1].answers == ()
    assert summaries[1].origins == ()
    assert summaries[1].superseded == frozenset()


def test_single_origin() -> None:
    subject = dossier(
        source(
            "a",
            "2024-01-03",
            claim("a-killed-1", "a", KILLED, at_least(80)),
            claim("a-killed-2", "a", KILLED, exactly(84)),
        ),
        source("b", "2024-01-04", claim("b-place", "b", PLACE, "Kerman")),
    )
    summary = summarise(subject)[0]
    assert summary.agreement is Agreement.SINGLE_ORIGIN
    assert [c.id for c in summary.claims] == ["a-killed-1", "a-killed-2"]
    assert summary.origins == ("source:a",)
    assert [(a.label, ids(a.claims), a.origins) for a in summary.answers] == [
        ("at least 80", ["a-killed-1"], ("source:a",)),
        ("84", ["a-killed-2"], ("source:a",)),
    ]
    assert statuses(subject)["place"] is Agreement.SINGLE_ORIGIN


def test_consistent_when_every_pair_can_be_true() -> None:
    subject = dossier(
        source("a", "2024-01-03", claim("a-killed", "a", KILLED, at_least(80))),
        source("b", "2024-01-04", claim("b-killed", "b", KILLED, exactly(84))),
        source("c", "2024-01-05", claim("c-killed", "c", KILLED, NumberRange(84, 90))),
    )
    summary = summarise(subject)[0]
    assert summary.agreement is Agreement.CONSISTENT
    assert [c.id for c in summary.claims] == ["a-killed", "b-killed", "c-killed"]
    assert summary.origins == ("source:a", "source:b", "source:c")
    assert summary.superseded == frozenset()


def test_contested_as_soon_as_one_pair_cannot_be_true() -> None:
    subject = dossier(
        source("a", "2024-01-03", claim("a-killed", "a", KILLED, at_least(80))),
        source("b", "2024-01-04", claim("b-killed", "b", KILLED, exactly(84))),
        source("c", "2024-01-05", claim("c-killed", "c", KILLED, exactly(103))),
    )
    assert statuses(subject)["killed"] is Agreement.CONTESTED


def test_choices_and_places_compare_as_words() -> None:
    subject = dossier(
        source(
            "a",
            "2024-01-03",
            claim("a-method", "a", METHOD, "bags"),
            claim("a-place", "a", PLACE, "Kerman"),
        ),
        source(
            "b",
            "2024-01-04",
            claim("b-method", "b", METHOD, "bombers"),
            claim("b-place", "b", PLACE, "KERMAN"),
        ),
    )
    assert statuses(subject) == {
        "killed": Agreement.UNANSWERED,
        "method": Agreement.CONTESTED,
        "place": Agreement.CONSISTENT,
        "who": Agreement.UNANSWERED,
    }


def test_claims_are_in_time_order() -> None:
    subject = dossier(
        source("late", "2024-01-05", claim("late-killed", "late", KILLED, exactly(84))),
        source(
            "early",
            "2024-01-03",
            claim("early-killed", "early", KILLED, exactly(103)),
            # as_of overrides the source's publication time.
            claim(
                "early-revised",
                "early",
                KILLED,
                exactly(84),
                as_of=parse_time("2024-01-04T14:00+03:30"),
            ),
        ),
        source("undated", None, claim("undated-killed", "undated", KILLED, exactly(95))),
    )
    summary = summarise(subject)[0]
    assert [c.id for c in summary.claims] == [
        "early-killed",
        "early-revised",
        "late-killed",
        "undated-killed",
    ]
    # The early source revised its own figure; the undated 95 still contradicts 84.
    assert summary.superseded == frozenset({"early-killed"})
    assert summary.agreement is Agreement.CONTESTED


def test_agreement_slugs() -> None:
    assert Agreement.UNANSWERED.slug == "unanswered"
    assert Agreement.SINGLE_ORIGIN.slug == "single-origin"
    assert Agreement.CONSISTENT.slug == "consistent"
    assert Agreement.REVISED.slug == "revised"
    assert Agreement.DISPUTED.slug == "disputed"
    assert Agreement.CONTESTED.slug == "contested"


# Superseded claims: a later claim of the same speaker that does not agree.


def test_a_later_claim_of_the_same_speaker_supersedes_an_earlier_one() -> None:
    subject = dossier(
        source("a", "2024-01-03", claim("a-84", "a", KILLED, exactly(84), speaker_id="minister")),
        source("b", "2024-01-05", claim("b-103", "b", KILLED, exactly(103), speaker_id="minister")),
    )
    summary = summary_of(subject, KILLED)
    assert ids(summary.claims) == ["a-84", "b-103"], "a superseded claim stays listed"
    assert summary.superseded == frozenset({"a-84"})
    assert ids(summary.superseded_claims) == ["a-84"]
    assert ids(summary.current) == ["b-103"]
    assert summary.answers == (Answer("103", (summary.claims[1],), ("entity:minister",)),)
    assert summary.origins == ("entity:minister",)
    assert summary.overtaken["a-84"] == Overtaking(ClaimState.REVISED, "b-103")
    # The revision is the story, told beside its one origin: revised comes first.
    assert summary.agreement is Agreement.REVISED


def test_the_source_is_the_speaker_when_none_is_named() -> None:
    subject = dossier(
        source(
            "a",
            "2024-01-03",
            claim("a-84", "a", KILLED, exactly(84)),
            claim("a-103", "a", KILLED, exactly(103), as_of=parse_time("2024-01-04T14:00+03:30")),
        ),
    )
    summary = summary_of(subject, KILLED)
    assert summary.superseded == frozenset({"a-84"})
    assert summary.agreement is Agreement.REVISED


@pytest.mark.parametrize(
    ("early", "late"),
    [
        (("a", None), ("b", None)),  # two sources, each speaking for itself
        (("a", "minister"), ("a", "ministry")),  # two speakers quoted in one source
        (("a", None), ("a", "minister")),  # a source for itself, then quoting someone
        (("a", "minister"), ("b", "ministry")),
    ],
)
def test_different_speakers_supersede_nothing(
    early: tuple[str, str | None], late: tuple[str, str | None]
) -> None:
    first = claim(
        "first", early[0], KILLED, exactly(84), speaker_id=early[1], as_of=parse_time("2024-01-03")
    )
    second = claim(
        "second", late[0], KILLED, exactly(103), speaker_id=late[1], as_of=parse_time("2024-01-05")
    )
    source_ids = sorted({early[0], late[0]})
    subject = dossier(
        *(
            source(sid, None, *(c for c in (first, second) if c.source_id == sid))
            for sid in source_ids
        )
    )
    summary = summary_of(subject, KILLED)
    assert ids(summary.claims) == ["first", "second"]
    assert summary.superseded == frozenset()
    assert summary.agreement is Agreement.CONTESTED


def test_an_agreeing_later_claim_supersedes_nothing() -> None:
    subject = dossier(
        source(
            "a",
            "2024-01-03",
            claim("a-80", "a", KILLED, at_least(80)),
            claim("a-84", "a", KILLED, exactly(84), as_of=parse_time("2024-01-05")),
        ),
    )
    summary = summary_of(subject, KILLED)
    assert summary.superseded == frozenset()
    assert [answer.label for answer in summary.answers] == ["84", "at least 80"], "latest first"
    assert summary.agreement is Agreement.SINGLE_ORIGIN


def test_figures_known_only_to_the_same_day_supersede_nothing() -> None:
    subject = dossier(
        source(
            "a",
            "2024-01-03",
            claim("a-84", "a", KILLED, exactly(84)),
            claim("a-103", "a", KILLED, exactly(103), as_of=parse_time("2024-01-03T18:00+03:30")),
        ),
    )
    summary = summary_of(subject, KILLED)
    assert ids(summary.claims) == ["a-84", "a-103"]
    assert summary.superseded == frozenset()
    # Two current claims of one origin that cannot both be true: contested, not single origin.
    assert summary.origins == ("source:a",)
    assert summary.agreement is Agreement.CONTESTED


@pytest.mark.parametrize(
    ("earlier", "later", "superseded"),
    [
        # "Later" means beginning at or after the end of the earlier local interval.
        (parse_time("2024-01-03"), parse_time("2024-01-04"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-04T00:00+03:30"), True),
        (parse_time("2024-01-03"), parse_time("2024-01-04T00:00", timezone_unknown=True), True),
        (parse_time("2024-01-03"), parse_time("2024-01-03T23:59+03:30"), False),
        (parse_time("2024-01-03T15:00+03:30"), parse_time("2024-01-03T15:01+03:30"), True),
        (parse_time("2024-01-03T15:00+03:30"), parse_time("2024-01-03T15:00+03:30"), False),
        (parse_time("2024-01"), parse_time("2024-01-31"), False),
        (parse_time("2024-01"), parse_time("2024-02-01"), True),
    ],
)
def test_later_means_after_the_earlier_time_has_ended(
    earlier: PointInTime, later: PointInTime, superseded: bool
) -> None:
    subject = dossier(
        source(
            "a",
            None,
            claim("first", "a", KILLED, exactly(84), as_of=earlier),
            claim("second", "a", KILLED, exactly(103), as_of=later),
        ),
    )
    summary = summary_of(subject, KILLED)
    assert ids(summary.claims) == ["first", "second"]
    assert summary.superseded == (frozenset({"first"}) if superseded else frozenset())


def test_a_claim_without_a_time_supersedes_nothing_and_is_not_superseded() -> None:
    subject = dossier(
        source(
            "undated", None, claim("u-84", "undated", KILLED, exactly(84), speaker_id="minister")
        ),
        source("a", "2024-01-05", claim("a-103", "a", KILLED, exactly(103), speaker_id="minister")),
    )
    summary = summary_of(subject, KILLED)
    assert ids(summary.claims) == ["a-103", "u-84"]
    assert summary.superseded == frozenset()
    assert summary.agreement is Agreement.CONTESTED


def test_only_the_revised_claim_is_superseded_in_a_chain() -> None:
    subject = dossier(
        source(
            "a",
            None,
            claim("d1", "a", KILLED, exactly(84), as_of=parse_time("2024-01-03")),
            claim("d2", "a", KILLED, exactly(95), as_of=parse_time("2024-01-04")),
            claim("d3", "a", KILLED, exactly(103), as_of=parse_time("2024-01-05")),
        ),
    )
    summary = summary_of(subject, KILLED)
    assert summary.superseded == frozenset({"d1", "d2"})
    assert ids(summary.current) == ["d3"]


# The status of a question, in order: contested, disputed, revised, single origin, consistent.


def revised_toll(*more: Source) -> Dossier:
    """The minister revises 84 to 103; source c repeats 103 on its own account."""
    return dossier(
        source("a", "2024-01-03", claim("a-84", "a", KILLED, exactly(84), speaker_id="minister")),
        source("b", "2024-01-05", claim("b-103", "b", KILLED, exactly(103), speaker_id="minister")),
        source("c", "2024-01-05", claim("c-103", "c", KILLED, exactly(103))),
        *more,
    )


def test_superseded_when_the_current_claims_agree_from_several_origins() -> None:
    summary = summary_of(revised_toll(), KILLED)
    assert ids(summary.claims) == ["a-84", "b-103", "c-103"]
    assert summary.superseded == frozenset({"a-84"})
    assert summary.origins == ("entity:minister", "source:c")
    assert [(a.label, ids(a.claims), a.origins) for a in summary.answers] == [
        ("103", ["b-103", "c-103"], ("entity:minister", "source:c")),
    ]
    # a-84 contradicts 103, but a superseded claim no longer counts.
    assert summary.agreement is Agreement.REVISED


def test_contested_comes_before_superseded() -> None:
    other = source("d", "2024-01-06", claim("d-95", "d", KILLED, exactly(95)))
    summary = summary_of(revised_toll(other), KILLED)
    assert summary.superseded == frozenset({"a-84"})
    assert summary.agreement is Agreement.CONTESTED


def test_contested_comes_before_single_origin() -> None:
    # Three outlets repeat one ministry; one of them gets the figure wrong.
    subject = dossier(
        source("a", "2024-01-03", claim("a-84", "a", KILLED, exactly(84)), depends_on="ministry"),
        source("b", "2024-01-03", claim("b-84", "b", KILLED, exactly(84)), depends_on="ministry"),
        source("c", "2024-01-03", claim("c-48", "c", KILLED, exactly(48)), depends_on="ministry"),
    )
    summary = summary_of(subject, KILLED)
    assert summary.origins == ("entity:ministry",)
    assert summary.agreement is Agreement.CONTESTED


# Origins: corroboration counts where claims come from, not copies.


def test_three_outlets_repeating_one_ministry_have_one_origin() -> None:
    outlets = [
        source(sid, day, claim(f"{sid}-84", sid, KILLED, exactly(84)), depends_on="ministry")
        for sid, day in (("a", "2024-01-03"), ("b", "2024-01-04"), ("c", "2024-01-05"))
    ]
    summary = summary_of(dossier(*outlets), KILLED)
    assert summary.origins == ("entity:ministry",)
    assert summary.answers[0].origins == ("entity:ministry",)
    assert summary.agreement is Agreement.SINGLE_ORIGIN

    independent = source("d", "2024-01-05", claim("d-84", "d", KILLED, exactly(84)))
    summary = summary_of(dossier(*outlets, independent), KILLED)
    assert summary.origins == ("entity:ministry", "source:d")
    assert summary.agreement is Agreement.CONSISTENT


def test_the_speaker_is_the_origin_whatever_the_source_depends_on() -> None:
    quoted = claim("a-84", "a", KILLED, exactly(84), speaker_id="minister")
    own = claim("a-own", "a", KILLED, exactly(84))
    subject = dossier(source("a", "2024-01-03", quoted, own, depends_on="ministry"))
    assert origin_of(subject, quoted) == "entity:minister"
    assert origin_of(subject, own) == "entity:ministry"
    assert quoted.speaker_key == "entity:minister"
    assert own.speaker_key == "source:a", "the speaker does not follow depends_on"


def test_depends_on_is_followed_through_sources() -> None:
    a = claim("a-84", "a", KILLED, exactly(84))
    b = claim("b-84", "b", KILLED, exactly(84))
    c = claim("c-84", "c", KILLED, exactly(84))
    chain = [
        source("a", "2024-01-03", a),
        source("b", "2024-01-04", b, depends_on="a"),
        source("c", "2024-01-05", c, depends_on="b"),
    ]
    subject = dossier(*chain)
    assert [origin_of(subject, x) for x in (a, b, c)] == ["source:a"] * 3
    assert summary_of(subject, KILLED).agreement is Agreement.SINGLE_ORIGIN

    chain[0] = source("a", "2024-01-03", a, depends_on="ministry")
    subject = dossier(*chain)
    assert [origin_of(subject, x) for x in (a, b, c)] == ["entity:ministry"] * 3


def test_a_depends_on_cycle_terminates() -> None:
    a = claim("a-84", "a", KILLED, exactly(84))
    b = claim("b-84", "b", KILLED, exactly(84))
    subject = dossier(
        source("a", "2024-01-03", a, depends_on="b"),
        source("b", "2024-01-04", b, depends_on="a"),
    )
    # The chain stops at the last source before it comes back round.
    assert origin_of(subject, a) == "source:b"
    assert origin_of(subject, b) == "source:a"
    itself = dossier(source("a", "2024-01-03", a, depends_on="a"))
    assert origin_of(itself, a) == "source:a"


# Who is really speaking: ties between entities, relays and copies of one article.

MOVEMENT = Entity("front", "Vale Front", EntityKind.ORGANISATION)
TIED_MINISTRY = replace(MINISTRY, tie=Tie(TieKind.PART_OF, "front"))
SPOKESWOMAN = Entity(
    "qasim",
    "Hana Qasim",
    EntityKind.PERSON,
    role="spokeswoman",
    tie=Tie(TieKind.SPEAKS_FOR, "ministry"),
)
OFFICIALS = Entity(
    "officials", "Vale officials", EntityKind.ORGANISATION, tie=Tie(TieKind.STANDS_FOR, "front")
)
BROADCASTER = Entity("channel-9", "Channel 9", EntityKind.ORGANISATION)


def tied(*sources: Source) -> Dossier:
    """A dossier whose entities speak with the movement's voice, and a broadcaster."""
    return replace(
        dossier(*sources),
        entities=(
            KERMAN,
            MINISTER,
            TIED_MINISTRY,
            MOSQUE,
            MOVEMENT,
            SPOKESWOMAN,
            OFFICIALS,
            BROADCASTER,
        ),
    )


def test_tied_speakers_are_one_voice() -> None:
    claims = [
        claim("a-31", "a", KILLED, exactly(31), speaker_id="qasim"),
        claim("b-31", "b", KILLED, exactly(31), speaker_id="ministry"),
        claim("c-31", "c", KILLED, exactly(31), speaker_id="officials"),
    ]
    sources = [source(c.source_id, "2024-01-03", c) for c in claims]
    summary = summary_of(tied(*sources), KILLED)
    assert summary.origins == ("entity:front",)
    assert summary.agreement is Agreement.SINGLE_ORIGIN
    # Untied, the contributor's choice of whom to name made it three origins.
    subject = tied(*sources)
    untied = replace(subject, entities=tuple(replace(e, tie=None) for e in subject.entities))
    assert len(summary_of(untied, KILLED).origins) == 3
    assert summary_of(untied, KILLED).agreement is Agreement.CONSISTENT


def test_the_chain_names_each_tie_and_merged_voices_say_why() -> None:
    a = claim("a-31", "a", KILLED, exactly(31), speaker_id="qasim")
    b = claim("b-31", "b", KILLED, exactly(31), speaker_id="officials")
    c = claim("c-31", "c", KILLED, exactly(31))
    subject = tied(*(source(x.source_id, "2024-01-03", x) for x in (a, b, c)))
    voices = Voices(subject)
    assert voices.speaker(a).label == "Hana Qasim, spokeswoman"
    assert voices.speaker(a).account == (
        "Hana Qasim, spokeswoman, speaking for Ministry of Health, part of Vale Front"
    )
    assert voices.speaker(b).account == "Vale officials, standing for Vale Front"
    (merged,) = voices.merged([a, b, c])
    assert (merged.origin, merged.name) == ("entity:front", "Vale Front")
    assert [s.key for s in merged.speakers] == ["entity:qasim", "entity:officials"]


def test_a_challenge_from_a_tied_voice_is_not_independent() -> None:
    figure = claim("a-31", "a", KILLED, exactly(31), speaker_id="ministry")
    denial = claim(
        "b-denies",
        "b",
        KILLED,
        None,
        speaker_id="qasim",
        relation=Relation(RelationKind.DENIES, "a-31"),
    )
    subject = tied(source("a", "2024-01-03", figure), source("b", "2024-01-04", denial))
    summary = summary_of(subject, KILLED)
    assert summary.challenges == () and summary.agreement is Agreement.SINGLE_ORIGIN
    outsider = replace(denial, speaker_id="channel-9")
    subject = tied(source("a", "2024-01-03", figure), source("b", "2024-01-04", outsider))
    assert summary_of(subject, KILLED).agreement is Agreement.DISPUTED


def test_a_relay_adds_no_voice_and_stands_for_an_unnamed_speaker() -> None:
    named = claim("a-34", "a", KILLED, exactly(34), speaker_id="ministry", relay=("channel-9",))
    unnamed = claim("b-35", "b", KILLED, exactly(34), unnamed_speaker=True, relay=("channel-9",))
    own = claim("c-34", "c", KILLED, exactly(34), relay=("channel-9",))
    direct = claim("d-34", "d", KILLED, exactly(34), speaker_id="channel-9")
    subject = tied(*(source(x.source_id, "2024-01-03", x) for x in (named, unnamed, own, direct)))
    voices = Voices(subject)
    assert voices.origin(named) == "entity:front", "the relay is not the speaker"
    assert voices.speaker(named).relayed == "relayed by Channel 9"
    assert voices.origin(unnamed) == "entity:channel-9", "words that came by Channel 9 are its"
    assert voices.origin(own) == "entity:channel-9"
    assert voices.speaker(own).relayed == "taken from Channel 9"
    summary = summary_of(subject, KILLED)
    assert summary.origins == ("entity:channel-9", "entity:front")
    assert summary.unnamed_origins == 0
    # Without its relay, the unnamed voice counts on its own.
    alone = replace(unnamed, relay=())
    assert Voices(tied(source("b", "2024-01-03", alone))).origin(alone) == "unnamed:b-35"


def test_each_claim_has_one_speaker_value_that_says_who_speaks() -> None:
    named = claim("a-34", "a", KILLED, exactly(34), speaker_id="ministry")
    unnamed = claim("b-35", "b", KILLED, exactly(35), unnamed_speaker=True)
    own = claim("c-36", "c", KILLED, exactly(36))
    voices = Voices(tied(*(source(x.source_id, "2024-01-03", x) for x in (named, unnamed, own))))
    minister, someone, itself = (voices.speaker(x) for x in (named, unnamed, own))
    assert (minister.kind, minister.key, minister.entity_id) == (
        SpeakerKind.ENTITY,
        "entity:ministry",
        "ministry",
    )
    assert (someone.kind, someone.key, someone.entity_id) == (
        SpeakerKind.UNNAMED,
        "unnamed:b",
        None,
    )
    assert (itself.kind, itself.key, itself.entity_id) == (SpeakerKind.SOURCE, "source:c", None)
    assert [s.itself for s in (minister, someone, itself)] == [False, False, True]
    assert [s.unnamed for s in (minister, someone, itself)] == [False, True, False]
    assert [s.filter_label for s in (minister, someone, itself)] == [
        "Ministry of Health",
        "unnamed, relayed by B",
        "C, the source itself",
    ]
    assert voices.speaker(own) is voices.speaker(own), "worked out once per claim"


def test_a_relay_through_a_source_follows_what_it_depends_on() -> None:
    wire = claim("w-34", "w", KILLED, exactly(34))
    copied = claim("p-34", "p", KILLED, exactly(34), unnamed_speaker=True, relay=("w",))
    subject = tied(
        source("w", "2024-01-03", wire, depends_on="ministry"), source("p", "2024-01-04", copied)
    )
    assert Voices(subject).origin(copied) == "entity:front"


def test_copies_of_one_article_are_one_origin() -> None:
    url = "https://wire.example/story"
    direct = claim("a-34", "a", KILLED, exactly(34))
    mirrored = claim("b-34", "b", KILLED, exactly(34))
    copy = replace(
        source("b", "2024-01-04", mirrored, url=url),
        mirror_url="https://zawya.example/story",
        mirror_outlet="Zawya",
    )
    subject = dossier(source("a", "2024-01-03", direct, url=url), copy)
    voices = Voices(subject)
    assert voices.origin(direct) == voices.origin(mirrored) == "source:a"
    assert voices.speaker(mirrored).label == "B, republished by Zawya"
    assert voices.speaker(mirrored).why == "a copy of the same article as A"
    assert summary_of(subject, KILLED).agreement is Agreement.SINGLE_ORIGIN
    elsewhere = dossier(
        source("a", "2024-01-03", direct, url=url), replace(copy, url="https://b.example/")
    )
    assert summary_of(elsewhere, KILLED).agreement is Agreement.CONSISTENT


def test_a_revision_is_its_own_speakers_not_its_voices() -> None:
    """Tied speakers are one voice for independence; only a speaker revises itself."""
    early = claim("a-31", "a", KILLED, exactly(31), speaker_id="qasim")
    later = claim("b-40", "b", KILLED, exactly(40), speaker_id="ministry")
    subject = tied(source("a", "2024-01-03", early), source("b", "2024-01-05", later))
    summary = summary_of(subject, KILLED)
    assert summary.agreement is Agreement.CONTESTED, "KILLED does not evolve"
    assert summary.origins == ("entity:front",)


# Places: two place claims also agree when they name a common place entity.


def place_claims(
    first: tuple[str, ...], second: tuple[str, ...], question: Question = PLACE
) -> Dossier:
    return dossier(
        source("a", "2024-01-03", claim("a-place", "a", question, "Kerman", entities=first)),
        source(
            "b",
            "2024-01-04",
            claim(
                "b-place", "b", question, "near the Saheb al-Zaman Mosque, Kerman", entities=second
            ),
        ),
    )


@pytest.mark.parametrize(
    ("first", "second", "agreement"),
    [
        (("kerman",), ("mosque", "kerman"), Agreement.CONSISTENT),
        (("kerman",), ("mosque",), Agreement.CONTESTED),
        ((), (), Agreement.CONTESTED),
        # A common entity that is not a place does not make two places agree.
        (("minister",), ("minister", "mosque"), Agreement.CONTESTED),
    ],
)
def test_places_agree_when_their_claims_name_a_common_place(
    first: tuple[str, ...], second: tuple[str, ...], agreement: Agreement
) -> None:
    assert statuses(place_claims(first, second))["place"] is agreement


def test_the_place_rule_is_only_for_place_questions() -> None:
    subject = place_claims(("kerman",), ("mosque", "kerman"), question=WHO)
    assert statuses(subject)["who"] is Agreement.CONTESTED


def test_claims_agree_uses_the_place_ids_it_is_given() -> None:
    a = claim("a", "a", PLACE, "Kerman", entities=("kerman",))
    b = claim("b", "b", PLACE, "the mosque", entities=("kerman", "mosque"))
    assert claims_agree(a, b, frozenset({"kerman"}))
    assert not claims_agree(a, b, frozenset({"mosque"}))
    assert not claims_agree(a, b, frozenset())
    # Values that are not words never agree through entities.
    n1 = claim("n1", "a", KILLED, exactly(84), entities=("kerman",))
    n2 = claim("n2", "b", KILLED, exactly(103), entities=("kerman",))
    assert not claims_agree(n1, n2, frozenset({"kerman"}))


def test_a_place_named_more_closely_later_supersedes_nothing() -> None:
    city = claim("a-city", "a", PLACE, "Kerman", entities=("kerman",))
    mosque = claim(
        "a-mosque",
        "a",
        PLACE,
        "the Saheb al-Zaman Mosque, Kerman",
        entities=("mosque", "kerman"),
        as_of=parse_time("2024-01-05"),
    )
    summary = summary_of(dossier(source("a", "2024-01-03", city, mosque)), PLACE)
    assert summary.superseded == frozenset()
    assert summary.agreement is Agreement.SINGLE_ORIGIN

    # A later place that names neither replaces both.
    elsewhere = claim("a-elsewhere", "a", PLACE, "Tehran", as_of=parse_time("2024-01-07"))
    summary = summary_of(dossier(source("a", "2024-01-03", city, mosque, elsewhere)), PLACE)
    assert summary.superseded == frozenset({"a-city", "a-mosque"})
    assert ids(summary.current) == ["a-elsewhere"]


# Contested stories: evolving answers, relations, approximate numbers, unnamed voices

TOLL = Question("killed", "How many?", QuestionKind.NUMBER, unit="people", evolves=True)


def toll_dossier(*sources: Source) -> Dossier:
    """A dossier whose toll question evolves."""
    return dossier(*sources, questions=(TOLL, METHOD), entities=(MINISTER, MINISTRY))


def relation(
    claim_id: str,
    source_id: str,
    question: Question,
    kind: str,
    target: str | None,
    **extra: object,
) -> Claim:
    return claim(
        claim_id, source_id, question, None, relation=Relation(RelationKind(kind), target), **extra
    )  # type: ignore[arg-type]


def test_on_an_evolving_question_a_later_figure_from_any_voice_outdates_earlier_ones() -> None:
    subject = toll_dossier(
        source("a", "2024-01-03", claim("a-20", "a", TOLL, exactly(20), speaker_id="ministry")),
        source("b", "2024-01-03", claim("b-103", "b", TOLL, exactly(103))),
        source("c", "2024-01-04", claim("c-84", "c", TOLL, exactly(84), speaker_id="minister")),
    )
    summary = summary_of(subject, TOLL)
    assert summary.overtaken == {
        "a-20": Overtaking(ClaimState.OUTDATED, "c-84"),
        "b-103": Overtaking(ClaimState.OUTDATED, "c-84"),
    }
    assert [a.label for a in summary.answers] == ["84"]
    assert summary.agreement is Agreement.REVISED
    # The same claims on a question that does not evolve disagree: contested.
    plain = replace(subject, questions=(KILLED, METHOD))
    assert summary_of(plain, KILLED).agreement is Agreement.CONTESTED


def test_a_later_more_precise_figure_outdates_an_earlier_bound() -> None:
    subject = toll_dossier(
        source("a", "2024-01-04", claim("a-84", "a", TOLL, at_least(84))),
        source("b", "2024-01-05", claim("b-89", "b", TOLL, exactly(89))),
        source("c", "2024-01-06", claim("c-85-95", "c", TOLL, NumberRange(85, 95))),
    )
    summary = summary_of(subject, TOLL)
    assert summary.overtaken == {"a-84": Overtaking(ClaimState.OUTDATED, "b-89")}
    assert ids(summary.current) == ["b-89", "c-85-95"], "a wider later range refines nothing"


def test_a_year_is_later_than_nothing_within_it_and_after_makes_it_later() -> None:
    def toll(as_of: PointInTime) -> Dossier:
        return toll_dossier(
            source(
                "a",
                None,
                claim(
                    "a-93",
                    "a",
                    TOLL,
                    exactly(93),
                    speaker_id="ministry",
                    as_of=parse_time("2024-01-10"),
                ),
            ),
            source(
                "b", None, claim("b-95", "b", TOLL, exactly(95), speaker_id="ministry", as_of=as_of)
            ),
        )

    assert summary_of(toll(parse_time("2024")), TOLL).superseded == frozenset()
    later = replace(parse_time("2024"), after=parse_time("2024-01-11"))
    assert summary_of(toll(later), TOLL).overtaken == {
        "a-93": Overtaking(ClaimState.REVISED, "b-95")
    }


def test_a_challenged_figure_outdates_nothing_and_a_challenge_of_a_current_claim_disputes() -> None:
    count = claim("a-19", "a", TOLL, exactly(19), speaker_id="ministry")
    boast = claim("b-471", "b", TOLL, exactly(471))
    sources = [source("a", "2024-01-04", count), source("b", "2024-01-05", boast)]
    assert summary_of(toll_dossier(*sources), TOLL).overtaken == {
        "a-19": Overtaking(ClaimState.OUTDATED, "b-471")
    }
    dispute = relation("c-no", "c", TOLL, "disputes", "b-471", speaker_id="minister")
    summary = summary_of(toll_dossier(*sources, source("c", "2024-01-06", dispute)), TOLL)
    assert summary.superseded == frozenset()
    assert summary.agreement is Agreement.CONTESTED, "19 and 471 both stand, and disagree"
    assert ids(summary.relations) == ["c-no"] and ids(summary.claims) == ["a-19", "b-471"]

    # One current answer, challenged by an independent voice without one of its own.
    lone = summary_of(toll_dossier(sources[1], source("c", "2024-01-06", dispute)), TOLL)
    assert lone.agreement is Agreement.DISPUTED
    assert ids(lone.challenges) == ["c-no"]
    assert ids(lone.answers[0].challenged_by) == ["c-no"]


def test_a_challenge_from_the_same_origin_or_of_an_old_claim_does_not_count() -> None:
    figure = claim("a-50", "a", TOLL, exactly(50), speaker_id="ministry")
    own = relation("a-doubt", "a", TOLL, "doubts", "a-50", speaker_id="ministry")
    summary = summary_of(toll_dossier(source("a", "2024-01-04", figure, own)), TOLL)
    assert summary.challenges == () and summary.agreement is Agreement.SINGLE_ORIGIN


def test_support_adds_its_origin() -> None:
    figure = claim("a-bags", "a", METHOD, "bags", speaker_id="ministry")
    support = relation("b-yes", "b", METHOD, "supports", "a-bags", speaker_id="minister")
    subject = toll_dossier(source("a", "2024-01-04", figure), source("b", "2024-01-05", support))
    summary = summary_of(subject, METHOD)
    assert summary.origins == ("entity:minister", "entity:ministry")
    assert summary.agreement is Agreement.CONSISTENT
    assert ids(summary.answers[0].supported_by) == ["b-yes"]


def test_about_widens_a_number_by_a_tenth_and_nearly_only_below() -> None:
    about = NumberRange(20, 20, approximation=Approximation.ABOUT)
    nearly = NumberRange(500, 500, approximation=Approximation.NEARLY)
    assert about.label() == "about 20" and nearly.label() == "nearly 500"
    assert values_agree(about, exactly(22)) and values_agree(about, exactly(18))
    assert not values_agree(about, exactly(23))
    assert values_agree(nearly, exactly(450)) and not values_agree(nearly, exactly(501))
    assert values_agree(NumberRange(7, 7, approximation=Approximation.ABOUT), exactly(8))


def test_unnamed_voices_are_origins_of_their_own_and_never_revise_each_other() -> None:
    first = claim(
        "w-10", "w", KILLED, exactly(10), unnamed_speaker=True, as_of=parse_time("2024-01-03")
    )
    second = claim(
        "w-20", "w", KILLED, exactly(20), unnamed_speaker=True, as_of=parse_time("2024-01-04")
    )
    summary = summary_of(dossier(source("w", None, first, second)), KILLED)
    assert summary.superseded == frozenset()
    assert summary.agreement is Agreement.CONTESTED
    assert summary.named_origins == () and summary.unnamed_origins == 2
