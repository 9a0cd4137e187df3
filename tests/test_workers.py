"""Generation in two processes gives what one process gives, errors included."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from generator.diagnostics import DossierError
from generator.load import dossier_folders
from generator.workers import Repository, generate_site


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six generated dossiers of four sources each."""
    folder = tmp_path_factory.mktemp("corpus") / "seeds"
    write_corpus(folder, 24, seed=5, sources_per_dossier=4)
    return folder


@pytest.mark.parametrize(
    "options",
    [{}, {"repository": Repository("https://example.org/desk/dossiers", "seeds")}],
    ids=["plain", "repository"],
)
def test_two_processes_generate_what_one_does(seeds: Path, options: dict[str, object]) -> None:
    one = generate_site(seeds, jobs=1, **options)  # type: ignore[arg-type]
    two = generate_site(seeds, jobs=2, parallel_from=0, **options)  # type: ignore[arg-type]
    assert [file.path for file in two.files] == [file.path for file in one.files]
    assert two == one
    assert [dossier.id for dossier in two.outline] == dossier_folders(seeds)
    dossiers = {path.split("/")[1] for path in (f.path for f in two.files) if "/" in path}
    assert set(dossier_folders(seeds)) <= dossiers  # both shares are in


def test_only_the_named_dossiers_are_generated(seeds: Path) -> None:
    names = dossier_folders(seeds)
    chosen = frozenset(names[1:4])
    site = generate_site(seeds, chosen, jobs=2, parallel_from=0)
    assert [dossier.id for dossier in site.outline] == sorted(chosen)
    assert site == generate_site(seeds, chosen, jobs=1)


def test_errors_in_either_share_come_back_whole(seeds: Path, tmp_path: Path) -> None:
    """The first process reads every dossier, so its error lists the second share's too."""
    broken = tmp_path / "seeds"
    write_corpus(broken, 24, seed=5, sources_per_dossier=4)
    names = dossier_folders(broken)
    for name in (names[0], names[-1]):
        (broken / name / "dossier.yml").write_text("title: [unclosed\n", "utf-8")
    with pytest.raises(DossierError) as serial:
        generate_site(broken, jobs=1)
    with pytest.raises(DossierError) as parallel:
        generate_site(broken, jobs=2, parallel_from=0)
    assert parallel.value.diagnostics == serial.value.diagnostics
    assert str(parallel.value) == str(serial.value)
    assert {d.location.path.split("/")[-2] for d in parallel.value.diagnostics} == {
        names[0],
        names[-1],
    }
    assert all(d.location.line >= 1 and d.location.column >= 1 for d in parallel.value.diagnostics)
