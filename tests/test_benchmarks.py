"""The benchmarks (issue 7): a deterministic synthetic corpus that passes validation, and
the benchmark and preview scripts run end to end on a tiny corpus."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_dossier

if str(REPO) not in sys.path:  # `pytest` alone puts tests/, not the repository, on the path
    sys.path.insert(0, str(REPO))

from benchmarks import paired, worst_case
from benchmarks.corpus import write_corpus
from benchmarks.sites import ONLY_OPTION, with_only_option
from generator.domain.compare import Agreement, summarise
from generator.pipeline import load_project
from generator.read.seeds import MAX_TEXT_BYTES
from generator.read.yaml import MAX_YAML_BYTES
from generator.validate.annotations import MAX_CLAIMS_PER_SOURCE, MAX_LINE_CHARACTERS


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _run(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=timeout,
        check=False,
    )


def test_the_corpus_is_the_same_bytes_for_the_same_seed(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 25, seed=3)
    write_corpus(tmp_path / "b", 25, seed=3)
    write_corpus(tmp_path / "c", 25, seed=4)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert len(first) > 25
    assert first == second
    assert first != _files(tmp_path / "c")
    dossiers = sorted(path.name for path in (tmp_path / "a").iterdir())
    assert len(dossiers) == 3


def test_a_dossier_does_not_depend_on_the_corpus_size(tmp_path: Path) -> None:
    write_corpus(tmp_path / "small", 10)
    write_corpus(tmp_path / "large", 30)
    (small,) = (tmp_path / "small").iterdir()
    assert _files(small) == _files(tmp_path / "large" / small.name)


def test_the_corpus_passes_validation_with_every_feature(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write_corpus(seeds, 95, sources_per_dossier=10)
    project = load_project(seeds)
    assert len(project.dossiers) == 10
    assert [len(d.sources) for d in project.dossiers].count(5) == 1
    sources = [s for d in project.dossiers for s in d.sources]
    assert len(sources) == 95
    assert all(5 <= len(s.claims) <= 15 for s in sources)
    claims = [c for s in sources for c in s.claims]
    citation_only = [s for s in sources if s.text is None]
    assert citation_only and all(c.paraphrase for s in citation_only for c in s.claims)
    texts = [s for s in sources if s.text is not None]
    assert all(c.span is not None for s in texts for c in s.claims)
    average = sum(len(s.text.encode("utf-8")) for s in texts if s.text) / len(texts)
    assert 7_000 < average < 10_000
    assert any(s.language == "fa" for s in sources)
    assert any(c.quote is not None and c.quote.prefix for c in claims)
    assert any(c.speaker_id for c in claims)
    assert any(s.folded for s in sources)
    assert any(s.depends_on for s in sources)
    summaries = [summary for d in project.dossiers for summary in summarise(d)]
    agreements = {summary.agreement for summary in summaries}
    assert {Agreement.CONTESTED, Agreement.UNANSWERED} <= agreements
    assert len(agreements) >= 4
    assert any(summary.superseded for summary in summaries)
    kinds = {q.kind.value for d in project.dossiers for q in d.questions}
    assert {"number", "time", "choice"} <= kinds


def test_the_corpus_passes_dossier_check(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds", 30)
    result = run_dossier("check", "--seeds", str(tmp_path / "seeds"))
    assert result.returncode == 0, result.stderr
    assert "3 dossiers, 30 sources" in result.stderr


def test_the_corpus_never_overwrites_a_dossier(tmp_path: Path) -> None:
    write_corpus(tmp_path, 5)
    with pytest.raises(FileExistsError):
        write_corpus(tmp_path, 5)


def test_the_only_option_is_added_once() -> None:
    config = "plugins:\n  - search\n  - dossier:\n      seeds_dir: seeds\nnav:\n  - index.md\n"
    added = with_only_option(config)
    assert f"  - dossier:\n      {ONLY_OPTION}\n      seeds_dir: seeds\n" in added
    assert with_only_option(added) == added
    bare = with_only_option("plugins:\n  - dossier\n")
    assert bare == f"plugins:\n  - dossier:\n      {ONLY_OPTION}\n"
    with pytest.raises(ValueError, match="no `- dossier` plugin"):
        with_only_option("plugins:\n  - search\n")


def _worst_cases(size: str) -> dict[str, worst_case.Inputs]:
    """The accepted worst cases; the claims on a shorter text, since checking each
    claim against the largest text takes a minute, and the text is not the limit
    that case is at."""
    cases = {case.name: case.inputs(size) for case in worst_case.CASES if case.valid}
    cases["claims"] = worst_case.claims_case(size, text_bytes=300_000)
    cases["long-line"] = worst_case.dossier_inputs(
        worst_case.source_text(
            MAX_LINE_CHARACTERS + int(size == "beyond"), MAX_LINE_CHARACTERS + 1
        ),
        ["[1]"],
    )
    return cases


def test_the_worst_cases_are_the_largest_inputs_accepted(tmp_path: Path) -> None:
    """The worst-case benchmark feeds what `dossier check` accepts at its limits; one
    byte, character or claim more is refused: the cases follow the limits."""
    maximal = _worst_cases("maximal")
    assert len(maximal["text"].text.encode("utf-8")) == MAX_TEXT_BYTES
    assert max(map(len, maximal["text"].text.split("\n"))) == MAX_LINE_CHARACTERS
    quote = maximal["quote"].source_yml.encode("utf-8")
    assert MAX_YAML_BYTES - 16 < len(quote) <= MAX_YAML_BYTES
    assert maximal["claims"].source_yml.count("  - {id: ") == MAX_CLAIMS_PER_SOURCE
    title = maximal["title"]
    for document in (title.dossier_yml, title.source_yml):
        assert len(document.encode("utf-8")) == MAX_YAML_BYTES
    seeds = tmp_path / "maximal"
    for name, inputs in maximal.items():
        inputs.write(seeds, name)
    result = run_dossier("check", "--seeds", str(seeds))
    assert result.returncode == 0, result.stderr[-2000:]
    for name, inputs in _worst_cases("beyond").items():
        seeds = tmp_path / "beyond" / name
        inputs.write(seeds, name)
        result = run_dossier("check", "--seeds", str(seeds))
        assert result.returncode == 1, name
        assert "over the limit" in result.stderr, (name, result.stderr[-2000:])


@pytest.mark.slow
def test_the_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = _run(
        "benchmarks",
        *("--sizes", "5", "--pairs", "1", "--rebuilds", "--out", str(out)),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "build / baseline" in result.stdout
    report = json.loads(out.read_text("utf-8"))
    assert {"machine", "runs", "scaling", "targets"} <= report.keys()
    (run,) = report["runs"]
    assert (run["sources"], run["dossiers"], report["pairs"]) == (5, 1, 1)
    assert run["pages"] > 20
    for step in ("validate", "generate", "build", "baseline"):
        assert run[step]["seconds"] > 0
        assert run[step]["wall_seconds"] >= run[step]["seconds"]
        assert run[step]["process_cpu_seconds"] > run[step]["cpu_seconds"] > 0
        assert run[step]["peak_rss_bytes"] > 10 * 1024**2
    build = run["build"]
    assert 0 < build["dossier_plugin_seconds"] < build["seconds"]
    assert 0 <= build["pagefind_wait_seconds"] < build["seconds"]
    assert build["tree_rss_bytes"] >= build["python_rss_bytes"] / 2
    ours, baseline = build["site"], run["baseline"]["site"]
    assert ours["html_pages"] >= run["pages"]
    assert ours["pagefind_bytes"] > 0 and ours["pagefind_files"] > 0
    assert baseline["pagefind_bytes"] is None and baseline["search_index_bytes"] is None
    assert baseline["bytes"] > 0 and baseline["average_html_bytes"] > 0
    ratios = run["ratios"]
    assert ratios["build_vs_baseline"] > 0
    assert 0 < ratios["generator_share_of_build"] < 1
    assert 0 < ratios["dossier_plugin_share_of_build"] < 1
    assert ratios["site_bytes_vs_baseline"] == round(ours["bytes"] / baseline["bytes"], 3)
    rounds = run["paired"]
    # The build's figures are those of the measured pair, not of the warm-up.
    measured = rounds["samples"]["clean"][1]
    assert [sample["warm_up"] for sample in rounds["samples"]["clean"]] == [True, False]
    assert build["wall_seconds"] == measured["wall_seconds"]
    baseline_wall = rounds["samples"]["baseline"][1]["wall_seconds"]
    one_pair = measured["wall_seconds"] / baseline_wall
    assert ratios["build_vs_baseline"] == pytest.approx(one_pair, abs=0.005)
    assert set(rounds["builds"]) == {"clean", "baseline", "no_change", "edit"}
    # The rebuilds start from the cache the clean build left; the clean build has none.
    cached = {name: figures["cached"] for name, figures in rounds["builds"].items()}
    assert cached == {"clean": False, "baseline": False, "no_change": True, "edit": True}
    assert set(report["targets"]) == {
        "validation_and_generation_share_of_build",
        "build_vs_baseline_at_1000",
        "build_5000_vs_1000",
        "peak_rss_at_5000_bytes",
        "no_change_vs_clean",
        "edit_vs_clean",
    }
    assert report["targets"]["build_vs_baseline_at_1000"]["met"] is None
    table = result.stdout[result.stdout.index("Paired builds") :]
    # Both rebuilds took pages from the cache: neither is marked as a full build.
    assert re.search(r"\| rebuild, one claim edited +\|", table)
    assert "¹" not in table and paired.NO_CACHE not in table


def test_the_preview_shows_edits_with_and_without_dossier_only(tmp_path: Path) -> None:
    out = tmp_path / "preview.json"
    result = _run(
        "benchmarks.preview",
        *("--sources", "20", "--edits", "2", "--out", str(out)),
        *("--startup-timeout", "120", "--edit-timeout", "60"),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(out.read_text("utf-8"))
    modes = report["modes"]
    assert modes["only"]["dossier_only"] == report["dossier"]
    assert modes["all"]["dossier_only"] == ""
    for mode in modes.values():
        assert "error" not in mode and mode["timed_out"] is None
        assert mode["startup_seconds"] > 0
        assert len(mode["latencies"]) == 2
        assert all(0 < latency < 60 for latency in mode["latencies"])
        assert mode["median_seconds"] > 0
