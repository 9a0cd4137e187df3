"""Generation in two processes writes what one process writes, errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from generator.build import generate_site_files, load_project
from generator.diagnostics import DossierError
from generator.load import dossier_folders
from generator.workers import GeneratedSite, Repository, generate_site


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six generated dossiers of four sources each."""
    folder = tmp_path_factory.mktemp("corpus") / "seeds"
    write_corpus(folder, 24, seed=5, sources_per_dossier=4)
    return folder


def _written(out: Path, site: GeneratedSite) -> dict[str, str]:
    """Every file under ``out``, by path; exactly the files ``site`` lists."""
    written = {path.relative_to(out).as_posix(): path for path in out.rglob("*") if path.is_file()}
    assert sorted(written) == site.paths
    return {name: path.read_text("utf-8") for name, path in written.items()}


@pytest.mark.parametrize(
    "repository",
    [None, Repository("https://example.org/desk/dossiers", "seeds")],
    ids=["plain", "repository"],
)
def test_two_processes_write_what_one_does(
    seeds: Path, tmp_path: Path, repository: Repository | None
) -> None:
    one = generate_site(seeds, tmp_path / "one", repository=repository, jobs=1)
    two = generate_site(seeds, tmp_path / "two", repository=repository, jobs=2, parallel_from=0)
    assert two == one
    assert _written(tmp_path / "two", two) == _written(tmp_path / "one", one)
    assert [dossier.id for dossier in two.outline] == dossier_folders(seeds)
    if repository is None:
        expected = generate_site_files(load_project(seeds))
        assert _written(tmp_path / "two", two) == {f.path: f.content for f in expected}


def test_only_the_named_dossiers_are_written(seeds: Path, tmp_path: Path) -> None:
    chosen = frozenset(dossier_folders(seeds)[1:4])
    site = generate_site(seeds, tmp_path / "two", chosen, jobs=2, parallel_from=0)
    assert [dossier.id for dossier in site.outline] == sorted(chosen)
    assert site == generate_site(seeds, tmp_path / "one", chosen, jobs=1)
    folders = {path.split("/")[1] for path in site.paths if path.startswith("dossiers/")}
    assert folders == chosen


def test_errors_in_either_share_come_back_whole(tmp_path: Path) -> None:
    """The first process reads every dossier, so its error lists the second share's too."""
    broken = tmp_path / "seeds"
    write_corpus(broken, 24, seed=5, sources_per_dossier=4)
    names = dossier_folders(broken)
    for name in (names[0], names[-1]):
        (broken / name / "dossier.yml").write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(DossierError) as serial:
        generate_site(broken, tmp_path / "one", jobs=1)
    with pytest.raises(DossierError) as parallel:
        generate_site(broken, tmp_path / "two", jobs=2, parallel_from=0)
    assert parallel.value.diagnostics == serial.value.diagnostics
    assert str(parallel.value) == str(serial.value)
    assert {d.location.path.split("/")[-2] for d in parallel.value.diagnostics} == {
        names[0],
        names[-1],
    }
    assert all(d.location.line >= 1 and d.location.column >= 1 for d in parallel.value.diagnostics)
