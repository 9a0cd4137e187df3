"""Replay every saved fuzz input through its fuzz target, without atheris.

The targets are the functions the fuzzers run (fuzz/fuzz_<target>.py); the
inputs are the seed corpus fuzz/corpus/<target>/ and the inputs that once
broke a target, tests/fuzz_regressions/<target>/ (``fuzz/run.py`` saves each
crash there). Inputs of defects not fixed yet are listed in ``KNOWN_BUGS``
and expected to fail, strictly: once fixed, take them off the list, and list
in ``FIXED`` the diagnostics the input now gets instead.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from generator import load_project
from generator.diagnostics import DiagnosticSink, DossierError

from conftest import REPO
from factory import DOSSIER_YML, NEWS_TEXT, WIRE_YML, write_dossier

FUZZ = REPO / "fuzz"
REGRESSIONS = Path(__file__).resolve().parent / "fuzz_regressions"
TARGETS = {"loader": "check_yaml", "anchor": "check_anchor"}


def load_fuzz_module(target: str) -> ModuleType:
    """Import fuzz/fuzz_<target>.py by path (fuzz/ is not a package)."""
    path = FUZZ / f"fuzz_{target}.py"
    spec = importlib.util.spec_from_file_location(f"fuzz_{target}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MODULES = {target: load_fuzz_module(target) for target in TARGETS}


def target_function(target: str) -> Callable[[bytes], None]:
    function: Callable[[bytes], None] = getattr(MODULES[target], TARGETS[target])
    return function


@dataclass(frozen=True)
class KnownBug:
    raises: tuple[type[BaseException], ...]
    reason: str


KNOWN_BUGS: dict[str, KnownBug] = {}


@dataclass(frozen=True)
class Fixed:
    """A reproducer of a fixed defect: read as ``role`` (a source's annotation, or a
    dossier.yml), it gets exactly ``diagnostics`` (``line:col: error: message``)."""

    role: str
    diagnostics: tuple[str, ...]


YEARS_ACCEPTED = "years from 1000 to 8999 are accepted"
TOO_LARGE = "is too large: write a number between -1e15 and 1e15"
FIXED = {
    # PointInTime.bounds() overflowed datetime for a time in year 9999 (its end is year
    # 10000): validate_dossier sorted events by sort_key() and raised ValueError.
    "loader/bug-event-in-year-9999.yml": Fixed(
        "dossier", (f"22:11: error: '9999': {YEARS_ACCEPTED}",)
    ),
    # The same overflow: compare.summarise sorted claims by claim_order(), OverflowError.
    "loader/bug-published-9999-12-31.yml": Fixed(
        "annotation", (f"5:12: error: '9999-12-31': {YEARS_ACCEPTED}",)
    ),
    # The reader turned 1.0e999 into float('inf') and the validator took it as a number:
    # the chart raised, and dossier.json would have held Infinity, which is not JSON.
    "loader/bug-number-overflows-to-infinity.yml": Fixed(
        "annotation", (f"11:12: error: the number {TOO_LARGE}",)
    ),
    # The same, as the bound of a range.
    "loader/bug-bound-overflows-to-infinity.yml": Fixed(
        "annotation", (f"11:23: error: 'at_least' {TOO_LARGE}",)
    ),
    # An integer too large for a float: checking it was finite raised OverflowError.
    "loader/bug-number-with-310-digits.yml": Fixed(
        "annotation", (f"11:12: error: the number {TOO_LARGE}",)
    ),
    # 5e-324 next to 0: the chart's axis step vanished to 0 and it divided by it.
    "loader/bug-number-vanishing-next-to-0.yml": Fixed(
        "annotation",
        ("11:26: error: 'max' is too close to 0: write 0, or a number of at least 1e-15",),
    ),
}


def saved_inputs() -> Iterator[object]:
    for target in TARGETS:
        for folder in (FUZZ / "corpus" / target, REGRESSIONS / target):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if not path.is_file() or path.name.startswith("."):
                    continue
                key = f"{target}/{path.name}"
                bug = KNOWN_BUGS.get(key) if folder.parent == REGRESSIONS else None
                marks = (
                    [pytest.mark.xfail(strict=True, raises=bug.raises, reason=bug.reason)]
                    if bug
                    else []
                )
                yield pytest.param(target, path, id=f"{folder.parent.name}/{key}", marks=marks)


@pytest.mark.parametrize(("target", "path"), list(saved_inputs()))
def test_saved_input_passes_its_target(target: str, path: Path) -> None:
    target_function(target)(path.read_bytes())


def test_there_are_inputs_for_every_target() -> None:
    for target in TARGETS:
        seeds = [p for p in (FUZZ / "corpus" / target).iterdir() if p.is_file()]
        assert len(seeds) >= 3, target


def test_saved_inputs_belong_to_a_target_and_known_bugs_exist() -> None:
    folders = sorted(p.name for p in REGRESSIONS.iterdir() if p.is_dir())
    assert folders == sorted(TARGETS)
    for key in KNOWN_BUGS:
        assert (REGRESSIONS / key).is_file(), f"{key} is listed in KNOWN_BUGS but missing"
    for key in FIXED:
        assert (REGRESSIONS / key).is_file(), f"{key} is listed in FIXED but missing"
    assert not set(KNOWN_BUGS) & set(FIXED)
    # A hand-written reproducer is either a known bug or a fixed one, with its diagnostics.
    written = {
        f"{folder.name}/{path.name}"
        for folder in REGRESSIONS.iterdir()
        if folder.is_dir()
        for path in folder.glob("bug-*")
    }
    assert written == set(KNOWN_BUGS) | set(FIXED)


# Fixed defects: the reproducer now gets a diagnostic at its place, and nothing else.


def diagnostics_in_the_target(key: str) -> list[str]:
    """What the loader target's validation reports for a reproducer in its role."""
    module = MODULES["loader"]
    value, problems = module.load_yaml((REGRESSIONS / key).read_bytes(), module.FUZZED_PATH)
    assert problems == []
    fixed_dossier = module._fixed(module.DOSSIER_YML, module.DOSSIER_PATH)
    fixed_source = module._raw_source(module._fixed(module.SOURCE_YML, module.ANNOTATION_PATH))
    if FIXED[key].role == "annotation":
        raw = module.RawDossier(
            module.DOSSIER_ID, module.DOSSIER_PATH, fixed_dossier, True, [module._raw_source(value)]
        )
    else:
        raw = module.RawDossier(module.DOSSIER_ID, module.DOSSIER_PATH, value, True, [fixed_source])
    sink = DiagnosticSink()
    module.validate_dossier(raw, sink)
    return [str(problem) for problem in sink.diagnostics]


@pytest.mark.parametrize("key", sorted(FIXED))
def test_a_fixed_reproducer_gets_its_diagnostic_in_the_target(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [f"{MODULES['loader'].FUZZED_PATH}:{line}" for line in FIXED[key].diagnostics]
    assert diagnostics_in_the_target(key) == expected
    generated: list[object] = []
    monkeypatch.setattr(MODULES["loader"], "_generate", generated.append)
    target_function("loader")((REGRESSIONS / key).read_bytes())
    assert generated == []  # with a diagnostic, nothing is generated


@pytest.mark.parametrize("key", sorted(FIXED))
def test_a_fixed_reproducer_gets_its_diagnostic_from_load_project(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    written = (REGRESSIONS / key).read_text("utf-8")
    if FIXED[key].role == "annotation":
        # The reproducers quote the fuzz target's source text, which is the factory's.
        assert NEWS_TEXT.encode("utf-8") == MODULES["loader"].SOURCE_TEXT
        seeds = write_dossier(
            tmp_path, DOSSIER_YML, {"news-1": (written, NEWS_TEXT), "wire-2": (WIRE_YML, None)}
        )
        path = "seeds/demo/sources/news-1.yml"
    else:
        seeds = write_dossier(tmp_path, written)
        path = "seeds/demo/dossier.yml"
    with pytest.raises(DossierError) as caught:
        load_project(seeds)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{path}:{line}" for line in FIXED[key].diagnostics
    ]


def test_targets_import_without_atheris(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "atheris", None)  # import atheris now fails
    for target in TARGETS:
        module = load_fuzz_module(target)
        assert callable(getattr(module, TARGETS[target]))


# The targets catch what they are meant to catch.


def test_the_anchor_target_catches_a_wrong_span(monkeypatch: pytest.MonkeyPatch) -> None:
    module = MODULES["anchor"]
    check = target_function("anchor")
    check(b"one two one\0two")
    monkeypatch.setattr(module, "anchor_quote", lambda text, quote: module.Span(0, 3))
    with pytest.raises(module.FuzzFailure, match="holds 'one', not 'two'"):
        check(b"one two one\0two")


def test_the_anchor_target_lets_only_anchor_errors_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = MODULES["anchor"]

    def broken(text: str, quote: object) -> object:
        raise IndexError("out of range")

    monkeypatch.setattr(module, "anchor_quote", broken)
    with pytest.raises(IndexError):
        target_function("anchor")(b"text\0words")


def test_the_loader_target_catches_a_diagnostic_without_a_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = MODULES["loader"]
    real = module.load_yaml

    def unplaced(data: bytes, path: str) -> object:
        value, problems = real(data, path)
        return value, [
            type(p)(type(p.location)(p.location.path, 0, 1), p.message) for p in problems
        ]

    check = target_function("loader")
    check(b"a: &x 1")
    monkeypatch.setattr(module, "load_yaml", unplaced)
    with pytest.raises(module.FuzzFailure, match="without a proper location"):
        check(b"a: &x 1")


def test_the_loader_target_runs_the_whole_generation_for_a_valid_annotation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = MODULES["loader"]
    generated: list[object] = []
    monkeypatch.setattr(module, "_generate", generated.append)
    module.check_yaml(module.SOURCE_YML)
    module.check_yaml(module.DOSSIER_YML)
    assert len(generated) == 2


def test_the_loader_target_refuses_json_with_infinity() -> None:
    with pytest.raises(ValueError, match="Infinity is not JSON"):
        json.loads('{"a": Infinity}', parse_constant=MODULES["loader"]._not_json)
