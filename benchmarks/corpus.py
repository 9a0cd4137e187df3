"""A synthetic corpus of dossiers, as large as asked, the same bytes for the same seed.

``write_corpus(seeds_dir, 1000)`` writes 100 dossiers of 10 sources each. Every
dossier has number, time, choice, place and text questions, events, people,
organisations and places; every source about 8 KB of plausible news text made
from word lists, with 5 to 15 claims whose quotes occur in it exactly once.
Some questions are contested (sources give different numbers or answers), some
figures are revised by the same speaker (superseded), some claims have a
speaker, about one source in ten is citation-only (paraphrased claims, no
text) and about one in ten is in Persian, with Persian digits and Arabic
letter variants. The corpus passes ``dossier check``.

Randomness comes from ``random.Random`` seeded with a string made of the seed
and the dossier's number, so a dossier does not depend on how many others are
written, and the output is byte-identical across runs and machines.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

# -- Word lists ----------------------------------------------------------------

_CITY_HEADS = (
    "Var", "Kel", "Bar", "Dor", "Sel", "Mar", "Tal", "Ost", "Ryn", "Hal", "Ker", "Zan",
    "Bel", "Cor", "Fen", "Gal", "Lor", "Nor", "Pel", "Sar", "Tor", "Vel", "Ash", "Bram",
)  # fmt: skip
_CITY_TAILS = (
    "nel", "ford", "abad", "grad", "haven", "mere", "stad", "ova", "ish", "ton",
    "wick", "dar", "shahr", "burg", "port", "vale",
)  # fmt: skip
_DISTRICTS = (
    "Old Bazaar", "Northern", "Riverside", "Station", "University", "Harbour",
    "Eastgate", "Hillside", "Cathedral", "Mill", "Garden", "Western",
)  # fmt: skip
_LANDMARK_KINDS = ("Mosque", "Bridge", "Square", "Market", "Gate", "Shrine", "Cinema", "Stadium")
_FIRST_NAMES = (
    "Dara", "Lena", "Omid", "Sami", "Nadia", "Tomas", "Iris", "Karim", "Mina", "Pavel",
    "Zoë", "Reza", "Leyla", "Anton", "Farah", "Jonas", "Parisa", "Marek", "Selin", "Hugo",
    "Yasmin", "Bruno", "Shirin", "Emil",
)  # fmt: skip
_LAST_NAMES = (
    "Lorne", "Haddad", "Moradi", "Varga", "Keller", "Rostami", "Okafor", "Lindqvist",
    "Sadeghi", "Novak", "Ferreira", "Tehrani", "Aydin", "Mercer", "Kovač", "Bahrami",
    "Costa", "Nyström", "Karimi", "Dubois",
)  # fmt: skip
_ROLES = (
    ("health-minister", "Health Minister"),
    ("interior-minister", "Interior Minister"),
    ("police-chief", "police chief"),
    ("governor", "provincial governor"),
    ("fire-chief", "fire chief"),
)
_OUTLETS = (
    ("Northern Wire", "independent"),
    ("Daily Courier", "independent"),
    ("Metro Observer", None),
    ("Coastal Herald", "regional"),
    ("Capital Times", None),
    ("Morning Ledger", "independent"),
    ("Evening Post", None),
    ("Republic Broadcasting", "state-run"),
    ("Continental Press", None),
    ("Frontier Radio", "opposition"),
    ("Harbour Gazette", "regional"),
    ("Global Dispatch", None),
    ("Plain Talk Weekly", "opposition"),
    ("The Provincial", "regional"),
)
_PERSIAN_OUTLETS = (("Khabar-e Shahr", "state-run"), ("Ruzname-ye Emruz", "independent"))
_PERSIAN_KINDS = {
    "explosion": "انفجار",
    "fire": "آتش‌سوزی",
    "attack": "حمله",
    "collapse": "ریزش ساختمان",
}
_KINDS = (
    ("explosion", "blast"),
    ("fire", "blaze"),
    ("attack", "attack"),
    ("collapse", "collapse"),
)
_CAUSES = ("gas-leak", "bomb", "arson", "structural-failure")
_RESPONSIBLE = ("separatist-group", "foreign-state", "criminal-network", "no-one")
_TAGS = ("casualties", "investigation", "emergency", "urban", "infrastructure", "security")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OFFSETS = ("+00:00", "+01:00", "+02:00", "+03:00", "+03:30", "+04:00", "+05:30", "-05:00")

_SUBJECTS = (
    "Residents", "Local officials", "Emergency workers", "Hospital staff", "Shopkeepers",
    "Witnesses", "Volunteers", "Journalists", "City engineers", "Relatives of the victims",
    "Teachers from a nearby school", "Members of the city council",
)  # fmt: skip
_VERBS = (
    "inspected", "described", "discussed", "documented", "questioned", "cleared",
    "photographed", "surveyed", "mapped", "reviewed", "criticised", "praised",
)  # fmt: skip
_OBJECTS = (
    "damage to nearby buildings", "the main square", "the road to the market",
    "the state of the hospital wards", "the evacuation plans", "the timeline of the day",
    "the security arrangements", "the lists of the missing", "the condition of the water mains",
    "the collapsed shop fronts", "the response of the emergency services",
    "the warnings given in the weeks before",
)  # fmt: skip
_WHEN = (
    "on the first morning", "late into the night", "throughout the afternoon", "before dawn",
    "over the weekend", "in the following days", "during the first hours",
    "after the area was sealed off", "while the smoke was still rising",
)  # fmt: skip
_STATES = ("closed", "cordoned off", "crowded", "quiet", "under heavy guard", "partly open")
_JOBS = ("teacher", "taxi driver", "pharmacist", "student", "baker", "nurse", "mechanic")
_ADJECTIVES = ("chaotic", "terrifying", "confusing", "heartbreaking", "unreal", "deafening")
_SCENES = ("scene", "first minutes", "noise", "crowd", "smoke", "aftermath")
_FUTURES = ("published", "reviewed", "investigated", "debated in parliament", "reopened")

_FA_SUBJECTS = (
    "مقامات محلی", "شاهدان عینی", "نیروهای امدادی", "ساکنان شهر", "خبرنگاران",
    "پزشکان بیمارستان", "مسئولان استان", "اعضای شورای شهر",
)  # fmt: skip
_FA_OBJECTS = (
    "وضعیت منطقه را", "جزئیات حادثه را", "اقدامات امدادی را", "روند تحقیقات را",
    "خسارت‌ها را", "شرایط خیابان‌ها را", "فهرست مفقودان را",
)  # fmt: skip
_FA_WHEN = ("امروز", "روز گذشته", "صبح", "عصر", "پس از حادثه", "تا پاسی از شب")
_FA_VERBS = ("بررسی کردند", "گزارش دادند", "تشریح کردند", "دنبال کردند", "اعلام کردند")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ARABIC_VARIANTS = str.maketrans({"ک": "ك", "ی": "ي"})

_BOILERPLATE = ("Share this article:", "Comments are closed.")

# -- A tiny YAML writer ----------------------------------------------------------


class _Flow(dict[str, object]):
    """A mapping written on one line: ``{at_least: 84}``."""


_PLAIN = re.compile(r"^[a-z][a-z0-9-]*$")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "unknown"})


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if _PLAIN.match(value) and value not in _RESERVED:
            return value
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, _Flow):
        return "{" + ", ".join(f"{key}: {_scalar(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list) and all(not isinstance(item, dict) for item in value):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    raise TypeError(f"not a scalar: {value!r}")


def _block(value: dict[str, object], indent: int = 0) -> list[str]:
    pad = " " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict) and not isinstance(item, _Flow):
            lines.append(f"{pad}{key}:")
            lines.extend(_block(item, indent + 2))
        elif isinstance(item, list) and any(isinstance(entry, dict) for entry in item):
            lines.append(f"{pad}{key}:")
            for entry in item:
                assert isinstance(entry, dict)
                inner = _block(entry, indent + 4)
                inner[0] = f"{pad}  - {inner[0][indent + 4 :]}"
                lines.extend(inner)
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")
    return lines


def to_yaml(document: dict[str, object], comment: str) -> str:
    """``document`` as block YAML under a comment; every string that needs it is quoted."""
    return f"# {comment}\n" + "\n".join(_block(document)) + "\n"


# -- Helpers ---------------------------------------------------------------------


def slug(text: str) -> str:
    """An id made of ``text``: lowercase ASCII letters, digits and hyphens."""
    folded = text.lower().replace("ë", "e").replace("č", "c").replace("ö", "o")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _minute(moment: datetime, offset: str) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M") + offset


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _long_date(moment: datetime) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"


def occurrences(text: str, words: str) -> int:
    """How many times ``words`` occur in ``text``, overlaps included, as quotes are matched."""
    count, start = 0, text.find(words)
    while start != -1:
        count += 1
        start = text.find(words, start + 1)
    return count


# -- The scenario of one dossier ---------------------------------------------------


@dataclass
class _Person:
    id: str
    name: str
    role: str


@dataclass
class _Scenario:
    """What "really" happened in one dossier, and who is there to say so."""

    index: int
    rng: random.Random
    city: str
    district: str
    other_district: str
    landmark: str
    kind: str
    noun: str
    incident: datetime
    offset: str
    officials: list[_Person]
    group: str
    agency: str
    killed: int
    early_killed: int
    rival_killed: int
    injured: int
    rival_injured: int
    arrested: int
    response: int
    cause: str
    rival_cause: str
    responsible: str
    rival_responsible: str
    mourning: int
    contested: frozenset[str]
    """The questions on which sources give answers that cannot all be true."""

    @property
    def id(self) -> str:
        return f"{slug(self.city)}-{self.kind}-{self.incident.year}-{self.index + 1:04d}"

    @property
    def city_id(self) -> str:
        return slug(self.city)

    @property
    def district_id(self) -> str:
        return f"{slug(self.district)}-district"

    @property
    def other_district_id(self) -> str:
        return f"{slug(self.other_district)}-district"

    @property
    def landmark_id(self) -> str:
        return slug(self.landmark)


def _scenario(rng: random.Random, index: int) -> _Scenario:
    city = rng.choice(_CITY_HEADS) + rng.choice(_CITY_TAILS)
    district, other_district = rng.sample(_DISTRICTS, 2)
    kind, noun = rng.choice(_KINDS)
    incident = datetime(2019, 1, 1, 9) + timedelta(
        days=rng.randrange(0, 5 * 365), minutes=rng.randrange(0, 11 * 60)
    )
    firsts = rng.sample(_FIRST_NAMES, len(_ROLES))
    lasts = rng.sample(_LAST_NAMES, len(_ROLES))
    officials = [
        _Person(slug(f"{first} {last}"), f"{first} {last}", title)
        for (_, title), first, last in zip(_ROLES, firsts, lasts, strict=True)
    ]
    killed = rng.randrange(12, 160)
    injured = killed * rng.randrange(2, 5) + rng.randrange(0, 20)
    questions = ("killed", "injured", "start-time", "cause", "responsibility", "location")
    contested = frozenset(q for q in questions if rng.random() < 0.35)
    cause, rival_cause = rng.sample(_CAUSES, 2)
    responsible, rival_responsible = rng.sample(_RESPONSIBLE, 2)
    return _Scenario(
        index=index,
        rng=rng,
        city=city,
        district=district,
        other_district=other_district,
        landmark=f"{rng.choice(_LAST_NAMES)} {rng.choice(_LANDMARK_KINDS)}",
        kind=kind,
        noun=noun,
        incident=incident,
        offset=rng.choice(_OFFSETS),
        officials=officials,
        group=f"{city} Liberation Front",
        agency=f"{city} News Agency",
        killed=killed,
        early_killed=max(3, killed - rng.randrange(5, 12)),
        rival_killed=killed + rng.randrange(8, 40),
        injured=injured,
        rival_injured=injured + rng.randrange(15, 60),
        arrested=rng.randrange(2, 15),
        response=rng.randrange(6, 40),
        cause=cause,
        rival_cause=rival_cause,
        responsible=responsible,
        rival_responsible=rival_responsible,
        mourning=rng.randrange(1, len(_NUMBER_WORDS)),
        contested=contested,
    )


# -- Claims ----------------------------------------------------------------------


@dataclass
class _Claim:
    question: str
    value: object
    phrase: str
    """The words the claim quotes, which the text contains."""
    speaker: str | None = None
    entities: list[str] = field(default_factory=list)
    as_of: str | None = None
    lead: str = ""
    """The words before the phrase in its sentence."""


_QUESTION_WEIGHTS = (
    ("killed", 4),
    ("injured", 3),
    ("arrested", 1),
    ("response-minutes", 1),
    ("start-time", 2),
    ("cause", 2),
    ("responsibility", 1),
    ("location", 2),
    ("mourning", 1),
)


def _number_claim(
    rng: random.Random, question: str, value: int, persian: bool
) -> tuple[object, str]:
    """A value and the words that state it; ranges and bounds contain ``value``."""
    low = max(1, value - rng.randrange(1, 6))
    high = value + rng.randrange(1, 8)
    if persian:
        shown = {n: str(n).translate(_FA_DIGITS) for n in (value, low)}
        forms: dict[str, list[tuple[object, str]]] = {
            "killed": [
                (_Flow(at_least=low), f"دست‌کم {shown[low]} نفر کشته شدند"),
                (value, f"{shown[value]} نفر کشته شدند"),
                (_Flow(more_than=low), f"بیش از {shown[low]} نفر جان باختند"),
                (value, f"شمار کشته‌شدگان به {shown[value]} نفر رسید"),
            ],
            "injured": [
                (_Flow(at_least=low), f"دست‌کم {shown[low]} نفر زخمی شدند"),
                (value, f"{shown[value]} نفر مجروح شدند"),
                (_Flow(more_than=low), f"بیش از {shown[low]} نفر به بیمارستان منتقل شدند"),
            ],
            "arrested": [
                (value, f"{shown[value]} مظنون بازداشت شدند"),
                (value, f"پلیس {shown[value]} نفر را دستگیر کرد"),
            ],
        }
        return rng.choice(forms[question])
    forms = {
        "killed": [
            (_Flow(at_least=low), f"at least {low} people were killed"),
            (value, f"{value} people were killed"),
            (_Flow(more_than=low), f"more than {low} people died"),
            (_Flow(min=low, max=high), f"between {low} and {high} people were killed"),
            (value, f"the death toll rose to {value}"),
            (value, f"{value} people lost their lives"),
        ],
        "injured": [
            (_Flow(at_least=low), f"at least {low} people were injured"),
            (value, f"{value} people were wounded"),
            (_Flow(more_than=low), f"more than {low} people were taken to hospital"),
            (_Flow(min=low, max=high), f"between {low} and {high} people were injured"),
        ],
        "arrested": [
            (value, f"{value} suspects were arrested"),
            (value, f"police detained {value} people"),
            (_Flow(at_least=low), f"at least {low} people were detained"),
        ],
        "response-minutes": [
            (value, f"the first ambulances arrived {value} minutes after the call"),
            (_Flow(at_most=high), f"rescuers reached the site within {high} minutes"),
        ],
    }
    return rng.choice(forms[question])


_CAUSE_PHRASES = {
    "gas-leak": "a gas leak caused the {noun}",
    "bomb": "a bomb hidden in a parked car caused the {noun}",
    "arson": "the {noun} was started deliberately",
    "structural-failure": "a structural failure caused the {noun}",
}
_RESPONSIBLE_PHRASES = {
    "separatist-group": "the {group} claimed responsibility for the {noun}",
    "foreign-state": "a foreign state was behind the {noun}",
    "criminal-network": "a criminal network organised the {noun}",
    "no-one": "no group has claimed responsibility for the {noun}",
}


def _claim(scenario: _Scenario, question: str, persian: bool) -> _Claim:
    rng = scenario.rng
    value: object
    rival = question in scenario.contested and rng.random() < 0.4
    official = rng.choice(scenario.officials)
    speaker = official.id if rng.random() < 0.45 else None
    if question in ("killed", "injured", "arrested", "response-minutes"):
        truth = {
            "killed": scenario.rival_killed if rival else scenario.killed,
            "injured": scenario.rival_injured if rival else scenario.injured,
            "arrested": scenario.arrested,
            "response-minutes": scenario.response,
        }[question]
        as_of = None
        if question == "killed" and not rival and rng.random() < 0.25:
            # The early, lower toll, which the Health Minister later revises.
            truth = scenario.early_killed
            speaker = scenario.officials[0].id
            as_of = _minute(scenario.incident + timedelta(hours=2), scenario.offset)
        number, words = _number_claim(rng, question, truth, persian)
        return _Claim(question, number, words, speaker, as_of=as_of)
    if question == "start-time":
        moment = scenario.incident + timedelta(minutes=40 if rival else 0)
        if rng.random() < 0.5:
            value = _minute(moment, scenario.offset)
            phrase = f"the first {scenario.noun} was reported at {moment:%H:%M}"
        else:
            hour = moment.replace(minute=0)
            value = _Flow(at=_minute(hour, scenario.offset), precision="hour", approximate=True)
            phrase = f"it happened at around {_clock(hour)} local time"
        return _Claim(question, value, phrase, speaker, [scenario.city_id])
    if question == "cause":
        cause = scenario.rival_cause if rival else scenario.cause
        phrase = _CAUSE_PHRASES[cause].format(noun=scenario.noun)
        return _Claim(question, cause, phrase, speaker)
    if question == "responsibility":
        responsible = scenario.rival_responsible if rival else scenario.responsible
        phrase = _RESPONSIBLE_PHRASES[responsible].format(noun=scenario.noun, group=scenario.group)
        group = f"{slug(scenario.group)}"
        if responsible == "separatist-group":
            return _Claim(question, responsible, phrase, group if rng.random() < 0.5 else None)
        return _Claim(question, responsible, phrase, speaker)
    if question == "location":
        district, district_id = (
            (scenario.other_district, scenario.other_district_id)
            if rival
            else (scenario.district, scenario.district_id)
        )
        near = rng.random() < 0.4 and not rival
        value = f"{district} district, {scenario.city}"
        phrase = f"the {scenario.noun} struck the {district} district of {scenario.city}"
        entities = [district_id] if rival else [district_id, scenario.city_id]
        if near:
            value = f"Near the {scenario.landmark}, {scenario.city}"
            phrase = f"the {scenario.noun} happened near the {scenario.landmark}"
            entities = [scenario.landmark_id, scenario.city_id]
        return _Claim(question, value, phrase, speaker, entities)
    days = _NUMBER_WORDS[scenario.mourning - 1]
    phrase = f"the government declared {days} days of mourning"
    return _Claim("mourning", f"{days} days of mourning", phrase, None)


def _leads(scenario: _Scenario, claim: _Claim, persian: bool) -> list[str]:
    if persian:
        return ["گزارش‌ها حاکی است", "به گفته مقامات،", "خبرگزاری‌ها اعلام کردند", "امروز"]
    if claim.speaker is not None:
        person = next((p for p in scenario.officials if p.id == claim.speaker), None)
        if person is not None:
            return [
                f"{person.role[0].upper()}{person.role[1:]} {person.name} said",
                f"According to {person.name},",
                f"Speaking to reporters, {person.name} said",
            ]
        return [f"In a statement, the {scenario.group} said", "A message posted online said"]
    return [
        "Reports said",
        "By the evening,",
        "Local media reported that",
        "It was confirmed that",
        "Witnesses said",
        "According to hospital sources,",
    ]


# -- Source texts ----------------------------------------------------------------


def _filler(rng: random.Random, scenario: _Scenario, persian: bool) -> str:
    if persian:
        sentence = (
            f"{rng.choice(_FA_SUBJECTS)} {rng.choice(_FA_WHEN)} "
            f"{rng.choice(_FA_OBJECTS)} {rng.choice(_FA_VERBS)}."
        )
        return sentence.translate(_ARABIC_VARIANTS) if rng.random() < 0.1 else sentence
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    templates = (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_WHEN)}.",
        f"The streets near the {scenario.landmark} remained {rng.choice(_STATES)} "
        f"{rng.choice(_WHEN)}.",
        f"{rng.choice(_SUBJECTS)} said {rng.choice(_OBJECTS)} would be {rng.choice(_FUTURES)}.",
        f"{first} {last}, a {rng.choice(_JOBS)} who lives in the {scenario.district} district, "
        f"described the {rng.choice(_SCENES)} as “{rng.choice(_ADJECTIVES)}”.",
        f"In {scenario.city}, {rng.choice(_SUBJECTS).lower()} {rng.choice(_VERBS)} "
        f"{rng.choice(_OBJECTS)}, and the city’s council met {rng.choice(_WHEN)}.",
    )
    return rng.choice(templates)


@dataclass
class _Text:
    text: str
    quotes: list[object]
    """Each claim's quote: its exact words, or a mapping with a prefix when they recur."""


def _text(
    scenario: _Scenario,
    title: str,
    published: datetime,
    claims: list[_Claim],
    persian: bool,
    boilerplate: bool,
) -> _Text:
    rng = scenario.rng
    sentences = []
    for claim in claims:
        claim.lead = rng.choice(_leads(scenario, claim, persian))
        sentences.append(f"{claim.lead} {claim.phrase}.")
    target = rng.randrange(7600, 9200)
    size = sum(len(s) + 1 for s in sentences)
    body: list[str] = []
    while size < target:
        body.append(_filler(rng, scenario, persian))
        size += len(body[-1]) + 1
    for offset, sentence in enumerate(sentences):
        # The first claim leads the article; the others are spread through it.
        place = 0 if offset == 0 else rng.randrange(1, len(body) + 1)
        body.insert(place, sentence)
    paragraphs = []
    while body:
        take = rng.randrange(3, 6)
        paragraphs.append(" ".join(body[:take]))
        body = body[take:]
    if claims and rng.random() < 0.3:
        # A recap that repeats one claim's words, so that its quote needs a prefix.
        again = rng.choice(claims).phrase
        paragraphs.append(("در جمع‌بندی، " if persian else "As reported earlier, ") + again + ".")
    dateline = f"{scenario.city}, {_WEEKDAYS[published.weekday()]} {_long_date(published)}"
    parts = [title, dateline, *paragraphs]
    if boilerplate:
        parts.extend(_BOILERPLATE)
    text = "\n\n".join(parts) + "\n"
    quotes: list[object] = []
    for claim, sentence in zip(claims, sentences, strict=True):
        start = text.index(sentence) + len(claim.lead) + 1
        quotes.append(_selector(text, claim.phrase, start))
    return _Text(text, quotes)


def _selector(text: str, exact: str, start: int) -> object:
    """The quote of the words at ``start``: the words alone when they occur once, else
    with as many whole words before them as make them unique."""
    assert text.startswith(exact, start)
    if occurrences(text, exact) == 1:
        return exact
    cut = start
    while cut > 0:
        cut = text.rfind(" ", 0, cut - 1) + 1  # 0 when no space is left
        prefix = text[cut:start]
        if occurrences(text, prefix + exact) == 1:
            return {"exact": exact, "prefix": prefix}
    raise AssertionError(f"no prefix makes {exact!r} unique")  # pragma: no cover


# -- Writing a dossier ----------------------------------------------------------------


def _dossier_yml(scenario: _Scenario) -> str:
    s = scenario
    day = s.incident

    def question(ident: str, wording: str, kind: str, **more: object) -> dict[str, object]:
        return {"id": ident, "wording": wording, "kind": kind, **more}

    questions = [
        question("killed", "How many people were killed?", "number", unit="people", key=True),
        question("injured", "How many people were injured?", "number", unit="people", key=True),
        question("arrested", "How many suspects were arrested?", "number", unit="people"),
        question(
            "response-minutes",
            "How many minutes did the emergency services take to arrive?",
            "number",
            unit="minutes",
        ),
        question("start-time", f"When did the {s.noun} happen?", "time", key=True),
        question("cause", f"What caused the {s.noun}?", "choice", choices=list(_CAUSES), key=True),
        question("responsibility", "Who was responsible?", "choice", choices=list(_RESPONSIBLE)),
        question("location", f"Where did the {s.noun} happen?", "place"),
        question("mourning", "What did the government announce?", "text"),
        question("compensation", "Were the families compensated?", "text"),
    ]
    people: list[dict[str, object]] = [
        {"id": p.id, "name": p.name, "kind": "person", "description": f"The {p.role}."}
        for p in s.officials
    ]
    places: list[dict[str, object]] = [
        {"id": s.city_id, "name": s.city, "kind": "place", "description": "The city."},
        {"id": s.district_id, "name": f"{s.district} district", "kind": "place"},
        {"id": s.other_district_id, "name": f"{s.other_district} district", "kind": "place"},
        {
            "id": s.landmark_id,
            "name": s.landmark,
            "kind": "place",
            "aliases": [f"{s.landmark} of {s.city}"],
        },
    ]
    organisations: list[dict[str, object]] = [
        {"id": slug(s.group), "name": s.group, "kind": "organisation"},
        {
            "id": slug(s.agency),
            "name": s.agency,
            "kind": "organisation",
            "description": "The state news agency, which several outlets relay.",
        },
        {"id": "fire-service", "name": f"{s.city} Fire Service", "kind": "organisation"},
        {"id": "red-crescent", "name": "Red Crescent", "kind": "organisation"},
    ]
    events: list[dict[str, object]] = [
        {
            "id": "incident",
            "time": _Flow(at=_minute(day, s.offset), precision="hour", approximate=True),
            "title": f"The {s.noun} in the {s.district} district",
            "entities": [s.city_id, s.district_id, s.landmark_id],
        },
        {
            "id": "rescue",
            "time": _minute(day + timedelta(minutes=s.response), s.offset),
            "title": "The first ambulances arrive",
            "entities": ["red-crescent", "fire-service"],
        },
        {
            "id": "toll-announced",
            "time": _day(day + timedelta(days=1)),
            "title": f"The {s.officials[1].role} gives the death toll",
            "description": f"{s.officials[1].name} announces {s.killed} dead.",
            "entities": [s.officials[1].id],
        },
        {
            "id": "claim",
            "time": _day(day + timedelta(days=2)),
            "title": f"The {s.group} claims the {s.noun}",
            "entities": [slug(s.group)],
        },
        {
            "id": "inquiry",
            "time": _day(day + timedelta(days=12)),
            "title": "A public inquiry opens",
        },
    ]
    tags = sorted({s.kind, *s.rng.sample(_TAGS, 2)})
    document: dict[str, object] = {
        "title": f"{s.city} {s.kind}, {_long_date(day)}",
        "summary": (
            f"A {s.noun} struck the {s.district} district of {s.city} on {_long_date(day)}. "
            f"Sources put the death toll between {s.early_killed} and {s.rival_killed}; "
            "they disagree on its cause and on who was responsible."
        ),
        "start": _day(day),
        "end": _day(day + timedelta(days=30)),
        "tags": tags,
    }
    if s.rng.random() < 0.3:
        document["content_warnings"] = ["violence", "mass-casualty"]
    document |= {
        "questions": questions,
        "events": events,
        "entities": places + people + organisations,
    }
    return to_yaml(document, f"Synthetic benchmark dossier {s.index + 1} (benchmarks/corpus.py).")


def _source(scenario: _Scenario, number: int, earlier: list[str]) -> tuple[str, str, str | None]:
    """One source: its id, its annotation and its text (None for a citation-only source)."""
    s, rng = scenario, scenario.rng
    persian = rng.random() < 0.1
    citation_only = not persian and rng.random() < 0.1
    outlet, affiliation = rng.choice(_PERSIAN_OUTLETS if persian else _OUTLETS)
    source_id = f"{slug(outlet)}-{number:05d}"
    published = s.incident + timedelta(minutes=rng.randrange(45, 5 * 24 * 60))
    questions = [q for q, _ in _QUESTION_WEIGHTS]
    weights = [w for _, w in _QUESTION_WEIGHTS]
    if persian:
        questions, weights = ["killed", "injured", "arrested"], [4, 3, 2]
    wanted = rng.randrange(5, 16)
    claims: list[_Claim] = []
    phrases: set[str] = set()
    for _ in range(200):
        if len(claims) == wanted:
            break
        claim = _claim(s, rng.choices(questions, weights)[0], persian)
        # The words of one claim must not contain another's, nor repeat them.
        if any(claim.phrase in p or p in claim.phrase for p in phrases):
            continue
        phrases.add(claim.phrase)
        claims.append(claim)
    if len(claims) < 5:
        raise AssertionError("could not make 5 distinct claims")  # pragma: no cover
    title = (
        f"{s.city} {s.kind}: {s.killed} dead, inquiry opened"
        if not persian
        else f"{_PERSIAN_KINDS[s.kind]} در {s.city}"
    )
    text = None
    if not citation_only:
        text = _text(s, title, published, claims, persian, boilerplate=rng.random() < 0.5)
    annotation: dict[str, object] = {
        "outlet": outlet,
        "title": title,
    }
    if rng.random() < 0.5:
        annotation["author"] = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
    url = f"https://{slug(outlet)}.example/{published:%Y/%m}/{s.city_id}-{s.kind}-{number}"
    annotation["url"] = url
    if rng.random() < 0.2:
        annotation["archive_url"] = f"https://archive.example/{published:%Y%m%d}/{url}"
    annotation["language"] = "fa" if persian else "en"
    form = rng.random()
    if form < 0.02:
        annotation["published"] = "unknown"
    elif form < 0.1:
        annotation["published"] = _Flow(at=published.strftime("%Y-%m-%dT%H:%M"), timezone="unknown")
    elif form < 0.15:
        annotation["published"] = _day(published)
    else:
        annotation["published"] = _minute(published, s.offset)
    if rng.random() < 0.15:
        annotation["updated"] = [_minute(published + timedelta(hours=5), s.offset)]
    annotation["retrieved"] = "2025-06-01"
    if text is not None:
        annotation["sha256"] = hashlib.sha256(text.text.encode("utf-8")).hexdigest()
    if affiliation:
        annotation["affiliation"] = affiliation
    relay = rng.random()
    if relay < 0.2:
        annotation["depends_on"] = slug(s.agency)
    elif relay < 0.3 and earlier:
        annotation["depends_on"] = rng.choice(earlier)
    if rng.random() < 0.4:
        annotation["reliability"] = rng.choice("ABCDEF")
    if text is not None and "Share this article:" in text.text:
        annotation["boilerplate"] = [{"exact": line} for line in _BOILERPLATE]
    records: list[dict[str, object]] = []
    for offset, claim in enumerate(claims):
        record: dict[str, object] = {
            "id": f"{source_id}-{offset + 1:02d}",
            "question": claim.question,
            "value": claim.value,
        }
        if claim.as_of is not None:
            record["as_of"] = claim.as_of
        if claim.speaker is not None:
            record["speaker"] = claim.speaker
        if text is not None:
            quote = text.quotes[offset]
            record["quote"] = _Flow(quote) if isinstance(quote, dict) else quote
        else:
            record["paraphrase"] = f"{outlet} reported that {claim.phrase}."
        if claim.entities:
            record["entities"] = claim.entities
        if rng.random() < 0.1:
            record["note"] = "The figure is given without a source; the outlet later repeated it."
        if rng.random() < 0.2:
            record["credibility"] = rng.randrange(1, 7)
        if rng.random() < 0.03:
            record["review"] = {
                "rating": rng.randrange(1, 6),
                "worst": 1,
                "best": 5,
                "label": rng.choice(("False", "Misleading", "Accurate")),
                "date": _day(published + timedelta(days=3)),
            }
        records.append(record)
    annotation["claims"] = records
    comment = f"Synthetic source {number} (benchmarks/corpus.py)."
    return source_id, to_yaml(annotation, comment), text.text if text is not None else None


def _write(path: Path, content: str) -> None:
    path.write_bytes(content.encode("utf-8"))


def write_corpus(
    seeds_dir: Path, sources: int, *, seed: int = 1, sources_per_dossier: int = 10
) -> None:
    """Write ``sources`` sources into ``seeds_dir``, ``sources_per_dossier`` a dossier
    (the last dossier takes what is left). Refuses to overwrite a dossier folder."""
    if sources < 1 or sources_per_dossier < 1:
        raise ValueError("sources and sources_per_dossier must be at least 1")
    seeds_dir.mkdir(parents=True, exist_ok=True)
    for index in range(math.ceil(sources / sources_per_dossier)):
        rng = random.Random(f"benchmark-corpus:{seed}:{index}")
        scenario = _scenario(rng, index)
        folder = seeds_dir / scenario.id
        (folder / "sources").mkdir(parents=True, exist_ok=False)
        _write(folder / "dossier.yml", _dossier_yml(scenario))
        first = index * sources_per_dossier
        written: list[str] = []
        for number in range(first + 1, min(sources, first + sources_per_dossier) + 1):
            source_id, annotation, text = _source(scenario, number, written)
            _write(folder / "sources" / f"{source_id}.yml", annotation)
            if text is not None:
                _write(folder / "sources" / f"{source_id}.txt", text)
            written.append(source_id)
