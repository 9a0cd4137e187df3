"""The paired benchmark (issue 20 item 8, issue 21 item 6): builds alternated with the
baseline after a warm-up, medians of per-pair ratios with their range. Fake timings
throughout, no build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # `pytest` alone puts tests/, not the repository, on the path
    sys.path.insert(0, str(REPO))

from benchmarks import paired
from benchmarks.__main__ import _parser
from benchmarks.corpus import write_corpus
from benchmarks.sites import Step
from generator.pipeline import load_project


def _step(wall: float, cpu: float, *, rss: int = 1, cache_line: str | None = None) -> Step:
    report: dict[str, object] = {
        "rss_self": rss,
        "rss_children": 0,
        "rss_tree": 0,
        "cache_line": cache_line,
    }
    return Step(wall, report, cpu)


def _fake_rounds(
    walls: dict[str, list[float]], cache_line: str | None = None
) -> tuple[dict[str, list[Step]], list[tuple[str, int]]]:
    """Run the rounds with ``walls[name][round]`` as each build's wall time, a
    processor time of half of it, and the order in which the builds were asked for."""
    order: list[tuple[str, int]] = []

    def build(name: str, number: int) -> Step:
        order.append((name, number))
        wall = walls[name][number]
        line = cache_line if name in paired.REBUILDS else None
        return _step(wall, wall / 2, rss=int(wall * 10), cache_line=line)

    pairs = len(next(iter(walls.values()))) - 1
    samples = paired.run_rounds(pairs, tuple(walls), build, lambda _: None)
    return samples, order


def test_builds_alternate_with_the_baseline_after_a_warm_up_pair() -> None:
    _, order = _fake_rounds({"clean": [9.0, 2.0, 2.0, 2.0], "baseline": [9.0, 1.0, 1.0, 1.0]})
    assert order == [
        (name, number) for number in range(4) for name in ("clean", "baseline")
    ]  # A B A B …, round 0 the warm-up
    assert paired.builds(rebuilds=False) == ("clean", "baseline")
    assert paired.builds(rebuilds=True) == ("clean", "baseline", "no_change", "edit")
    with pytest.raises(ValueError, match="at least one measured pair"):
        paired.run_rounds(0, ("clean", "baseline"), lambda *_: _step(1, 1), lambda _: None)


def test_the_ratio_is_the_median_of_the_pairs_without_the_warm_up() -> None:
    # The machine slows down in round 2 for both builds: that pair's ratio stays 1.2,
    # while the ratio of the median times is 1.6; the slow warm-up is left out.
    samples, _ = _fake_rounds(
        {"clean": [50.0, 12.0, 24.0, 16.0], "baseline": [9.0, 10.0, 20.0, 8.0]}
    )
    figures = paired.summary(samples)
    ratio = figures["ratios"]["clean_vs_baseline"]  # type: ignore[index]
    assert ratio["wall"] == {"median": 1.2, "min": 1.2, "max": 2.0}
    assert ratio["cpu"] == ratio["wall"]  # processor time is half the wall time on both sides
    clean = figures["builds"]["clean"]  # type: ignore[index]
    assert clean["wall_seconds"] == {"median": 16.0, "min": 12.0, "max": 24.0}
    assert clean["cpu_seconds"]["median"] == 8.0
    assert clean["peak_rss_bytes"] == 240  # the largest of the measured rounds, not the warm-up's
    assert figures["pairs"] == 3
    warm_up = [sample["warm_up"] for sample in figures["samples"]["baseline"]]  # type: ignore[index]
    assert warm_up == [True, False, False, False]
    assert figures["samples"]["clean"][0]["wall_seconds"] == 50.0  # type: ignore[index]


def test_an_even_number_of_pairs_takes_the_middle_two() -> None:
    assert paired.summarise([1.0, 4.0, 2.0, 3.0]) == {"median": 2.5, "min": 1.0, "max": 4.0}
    assert paired.summarise([]) == {"median": None, "min": None, "max": None}


def test_pairs_need_as_many_of_each_and_a_zero_is_left_out() -> None:
    assert paired.pair_ratios([2.0, 3.0, 4.0], [1.0, 0.0, 2.0]) == [2.0, 2.0]
    with pytest.raises(ValueError, match="2 samples against 1"):
        paired.pair_ratios([1.0, 2.0], [1.0])


def test_a_rebuild_is_compared_with_the_baseline_and_with_the_clean_build() -> None:
    samples, order = _fake_rounds(
        {
            "clean": [5.0, 10.0, 10.0],
            "baseline": [5.0, 8.0, 8.0],
            "no_change": [5.0, 10.0, 11.0],
            "edit": [5.0, 9.0, 9.0],
        }
    )
    assert [name for name, number in order if number == 1] == [
        "clean",
        "baseline",
        "no_change",
        "edit",
    ]
    ratios = paired.summary(samples)["ratios"]
    assert set(ratios) == {  # type: ignore[arg-type]
        "clean_vs_baseline",
        "no_change_vs_baseline",
        "edit_vs_baseline",
        "no_change_vs_clean",
        "edit_vs_clean",
    }
    assert ratios["no_change_vs_clean"]["wall"] == {"median": 1.05, "min": 1.0, "max": 1.1}  # type: ignore[index]
    assert ratios["edit_vs_baseline"]["wall"]["median"] == 1.125  # type: ignore[index]


def _run(samples: dict[str, list[Step]], sources: int = paired.TARGET_SIZE) -> dict[str, object]:
    return {"sources": sources, "paired": paired.summary(samples)}


REBUILDING = {
    "clean": [9.0, 10.0, 10.0],
    "baseline": [9.0, 9.0, 9.0],
    "no_change": [1.0, 0.5, 0.5],
    "edit": [1.0, 1.5, 3.5],
}


def test_a_rebuild_without_a_cache_is_labelled_and_meets_no_target() -> None:
    samples, _ = _fake_rounds(REBUILDING)  # fast, yet no cache line: not a cached rebuild
    run = _run(samples)
    targets = paired.targets([run])
    assert targets["no_change_vs_clean"] == {
        "value": 0.05,
        "limit": 0.1,
        "met": False,
        "note": paired.NO_CACHE,
    }
    shown = paired.table([run])
    assert "rebuild, nothing changed ¹" in shown
    assert f"¹ {paired.NO_CACHE}" in shown


def test_a_rebuild_from_the_cache_is_held_to_its_target() -> None:
    line = "dossier: 4100 of 4102 pages from the cache (.cache, 80.0 MB)"
    samples, _ = _fake_rounds(REBUILDING, cache_line=line)
    run = _run(samples)
    assert paired.cache_pages(samples["edit"][1]) == {"hits": 4100, "pages": 4102}
    targets = paired.targets([run])
    assert targets["no_change_vs_clean"] == {"value": 0.05, "limit": 0.1, "met": True}
    assert targets["edit_vs_clean"] == {"value": 0.25, "limit": 0.2, "met": False}
    assert "¹" not in paired.table([run])
    assert paired.targets([_run(samples, sources=100)])["edit_vs_clean"] == {
        "value": None,
        "limit": 0.2,
        "met": None,
    }


def test_the_table_has_a_row_per_size_and_build() -> None:
    samples, _ = _fake_rounds({"clean": [9.0, 12.0, 11.0], "baseline": [9.0, 10.0, 10.0]})
    lines = paired.table([_run(samples, 100), _run(samples, 1000)]).splitlines()
    rows = [line for line in lines if line.startswith("| ")]
    assert [cell.strip() for cell in rows[0].split("|")[1:4]] == [
        "sources",
        "build",
        "wall / baseline",
    ]
    assert len(rows) == 6  # header, rule, two builds at each of two sizes
    clean = rows[2].split("|")
    assert [cell.strip() for cell in clean[1:9]] == [
        "100",
        "our build, clean",
        "1.150x",
        "1.100x–1.200x",
        "1.150x",
        "1.100x–1.200x",
        "11.50",
        "5.75",
    ]
    assert rows[5].split("|")[1].strip() == "1,000"
    assert "measured pairs after a warm-up pair: 2." in lines[0]


def test_an_edit_keeps_the_dossier_valid_and_the_note_from_growing(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write_corpus(seeds, 10)
    edited = paired.edit_one_claim(seeds, 0)
    first = edited.read_text("utf-8")
    assert 'note: "Edited in round 0. ' in first
    assert paired.edit_one_claim(seeds, 1) == edited
    second = edited.read_text("utf-8")
    assert 'note: "Edited in round 1. The figure' in second
    assert len(second) == len(first)
    assert "round 0" not in second
    load_project(seeds)  # raises on an invalid dossier
    with pytest.raises(FileNotFoundError, match="no annotation file"):
        paired.edit_one_claim(tmp_path / "empty", 0)


def test_the_pairs_are_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["--sizes", "100", "--pairs", "5", "--rebuilds"])
    assert (args.sizes, args.pairs, args.rebuilds) == ([100], 5, True)
    assert _parser().parse_args([]).pairs == 3
    for wrong in ("0", "-1", "two"):
        with pytest.raises(SystemExit):
            _parser().parse_args(["--pairs", wrong])
    assert "the pairs are a number, at least 1" in capsys.readouterr().err
