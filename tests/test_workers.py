"""Generation in several processes writes what one process writes, errors included,
and says when each file is written."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.corpus import write_corpus
from generator.diagnostics import DossierError
from generator.parallel import workers
from generator.parallel.workers import Generation, start_generation
from generator.pipeline import Repository, generate_site_files, load_project
from generator.read.seeds import dossier_folders

from conftest import FIXTURE_SEEDS, commit_all, file_tree, make_project


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six generated dossiers of four sources each."""
    folder = tmp_path_factory.mktemp("corpus") / "seeds"
    write_corpus(folder, 24, seed=5, sources_per_dossier=4)
    return folder


def generate_site(
    seeds: Path, out: Path, only: frozenset[str] | None = None, **options: Any
) -> Generation:
    """Start generating and wait until every file is written."""
    generation = start_generation(seeds, out, only, **options)
    generation.finish()
    return generation


def _written(out: Path, site: Generation) -> dict[str, str]:
    """Every file under ``out``, by path; exactly the files ``site`` lists."""
    written = file_tree(out)
    assert sorted(written) == site.paths
    return {name: content.decode("utf-8") for name, content in written.items()}


REPOSITORY = Repository("https://example.org/desk/dossiers", "seeds")


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture dossiers committed to a git repository, and the commit."""
    root = tmp_path_factory.mktemp("committed")
    shutil.copytree(FIXTURE_SEEDS, root / "seeds")
    return root / "seeds", commit_all(root)


def test_every_concurrency_writes_the_same_files(
    committed: tuple[Path, str], tmp_path: Path
) -> None:
    """The five fixture dossiers at concurrency 1, then shared among two and three
    processes: the same tree, byte for byte, with the links to the repository."""
    seeds, commit = committed
    options: dict[str, Any] = {"repository": REPOSITORY, "site_url": "https://example.org/d/"}
    trees = {}
    for concurrency in (1, 2, 3):
        out = tmp_path / str(concurrency)
        site = generate_site(seeds, out, concurrency=concurrency, parallel_from=0, **options)
        trees[concurrency] = file_tree(out)
        assert sorted(trees[concurrency]) == site.paths
    assert trees[2] == trees[1]
    assert trees[3] == trees[1]
    matrix = trees[1]["dossiers/kerman-2024/matrix.md"].decode("utf-8")
    assert f"https://example.org/desk/dossiers/tree/{commit}/seeds/kerman-2024" in matrix


def test_the_shares_are_runs_in_file_order_of_about_equal_size(tmp_path: Path) -> None:
    for name, sources in (("a", 9), ("b", 1), ("c", 1), ("d", 1), ("e", 6), ("f", 0)):
        folder = tmp_path / name / "sources"
        folder.mkdir(parents=True)
        for number in range(sources):
            (folder / f"s{number}.yml").touch()
    names = sorted(path.name for path in tmp_path.iterdir())
    # Sizes 10, 2, 2, 2, 7, 1 (24): a share starts once those before hold their part.
    assert workers._shares(tmp_path, names, 2) == [["a", "b"], ["c", "d", "e", "f"]]
    assert workers._shares(tmp_path, names, 3) == [["a"], ["b", "c", "d"], ["e", "f"]]
    assert workers._shares(tmp_path, names, 9) == [[name] for name in names]
    assert workers._shares(tmp_path, names, 1) == [names]


def test_the_serial_path_writes_what_generate_site_files_gives(seeds: Path, tmp_path: Path) -> None:
    site = generate_site(seeds, tmp_path / "one", concurrency=1)
    expected = generate_site_files(load_project(seeds))
    assert _written(tmp_path / "one", site) == {f.path: f.content for f in expected}


def test_only_the_named_dossiers_are_written(seeds: Path, tmp_path: Path) -> None:
    chosen = frozenset(dossier_folders(seeds)[1:4])
    site = generate_site(seeds, tmp_path / "two", chosen, concurrency=2, parallel_from=0)
    assert [dossier.id for dossier in site.outline] == sorted(chosen)
    one = generate_site(seeds, tmp_path / "one", chosen, concurrency=1)
    assert (site.outline, site.paths) == (one.outline, one.paths)
    folders = {path.split("/")[1] for path in site.paths if path.startswith("dossiers/")}
    assert folders == chosen


def test_errors_in_either_share_come_back_whole(tmp_path: Path) -> None:
    """Each process reads half the dossiers; their errors are merged in file order."""
    broken = tmp_path / "seeds"
    write_corpus(broken, 24, seed=5, sources_per_dossier=4)
    names = dossier_folders(broken)
    for name in (names[0], names[-1]):
        (broken / name / "dossier.yml").write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(DossierError) as serial:
        generate_site(broken, tmp_path / "one", concurrency=1)
    with pytest.raises(DossierError) as parallel:
        generate_site(broken, tmp_path / "two", concurrency=2, parallel_from=0)
    assert parallel.value.diagnostics == serial.value.diagnostics
    assert str(parallel.value) == str(serial.value)
    assert {d.location.path.split("/")[-2] for d in parallel.value.diagnostics} == {
        names[0],
        names[-1],
    }
    assert all(d.location.line >= 1 and d.location.column >= 1 for d in parallel.value.diagnostics)


def test_an_invalid_share_keeps_the_valid_ones_from_writing(tmp_path: Path) -> None:
    broken = tmp_path / "seeds"
    write_corpus(broken, 24, seed=5, sources_per_dossier=4)
    (broken / dossier_folders(broken)[-1] / "dossier.yml").write_text("title: [\n", "utf-8")
    with pytest.raises(DossierError):
        generate_site(broken, tmp_path / "out", concurrency=3, parallel_from=0)
    assert not (tmp_path / "out").exists()


def test_the_pages_are_listed_before_they_are_written(seeds: Path, tmp_path: Path) -> None:
    """Every path is known once the dossiers are read; each file is there once waited for."""
    out = tmp_path / "two"
    generation = start_generation(seeds, out, concurrency=2, parallel_from=0)
    try:
        assert {"index.md", "tags.md"} <= {p.name for p in out.iterdir()}
        last = generation.outline[-1]
        assert last.paths
        for path in reversed(last.paths):
            generation.wait_for(path)
            assert (out / path).is_file()
        generation.finish()
    finally:
        generation.stop()
    assert _written(out, generation)


def test_a_process_that_fails_is_an_error_not_a_hang(seeds: Path, tmp_path: Path) -> None:
    """A file where the dossiers' folder should be: the processes fail to write."""
    out = tmp_path / "two"
    out.mkdir()
    (out / "dossiers").write_text("in the way", "utf-8")
    generation = start_generation(seeds, out, concurrency=2, parallel_from=0)
    try:
        with pytest.raises(RuntimeError, match="ended with status 1"):
            generation.wait_for(generation.outline[-1].paths[-1])
        with pytest.raises(RuntimeError, match="ended with status 1"):
            generation.finish()
    finally:
        generation.stop()


def test_the_site_built_beside_two_processes_is_the_one_built_after_one(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real ``mkdocs build --strict``: MkDocs reads each page while the others are
    still being written, and the search reads each dossier's export when it is there."""
    project = make_project(tmp_path / "project", seeds)
    shutil.copytree(FIXTURE_SEEDS, project / "seeds", dirs_exist_ok=True)  # the guide links them
    monkeypatch.chdir(project)
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text("utf-8").replace(
            "seeds_dir: seeds", "seeds_dir: seeds\n      concurrency: 2"
        )
    )
    sites = {}
    for name, parallel_from in (("one", 1000), ("two", 0)):
        monkeypatch.setattr(workers, "PARALLEL_FROM", parallel_from)
        sites[name] = tmp_path / name
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(sites[name]), strict=True)
        build(config)
    one, two = (
        {p.relative_to(s): p.read_bytes() for p in s.rglob("*") if p.is_file()}
        for s in sites.values()
    )
    assert two == one
    sources = [path for path in one if path.parts[-3:-2] == ("sources",) and path.suffix == ".html"]
    assert sources
    assert all(b'data-pagefind-filter="source[data-value]"' in one[path] for path in sources)
