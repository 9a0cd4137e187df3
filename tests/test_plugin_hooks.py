"""The plugins' hooks, run in this process against a real ``MkDocsConfig``.

As mkdocstrings' tests do: ``load_config`` reads the project's ``mkdocs.yml`` (which
validates every plugin option), then the hooks run in MkDocs' order, ``on_config``,
``on_files``, ``on_nav``, without rendering or writing a page. The tests look only at
what the hooks hand MkDocs (the navigation, the files, ``extra_css``, the errors
raised), so they stay true however the plugin makes its pages. A real build is in
``test_build.py``; these take a fraction of a second each.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation, get_navigation

from conftest import commit_all, configured_project, file_tree, run_dossier

DOSSIER = "dossiers/kerman-2024"


def _project(tmp_path: Path, options: str = "", *dossiers: str) -> Path:
    return configured_project(tmp_path, options, dossiers)


class Hooks:
    """The effects of ``on_config``, ``on_files`` and ``on_nav`` on one project."""

    def __init__(self, project: Path) -> None:
        self.config: MkDocsConfig = load_config(str(project / "mkdocs.yml"))
        self.config.plugins.on_startup(command="build", dirty=False)

    def run(self) -> tuple[Files, Navigation]:
        self.config = self.config.plugins.on_config(self.config)
        files = self.config.plugins.on_files(get_files(self.config), config=self.config)
        nav = get_navigation(files, self.config)
        nav = self.config.plugins.on_nav(nav, config=self.config, files=files)
        return files, nav

    def close(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def hooks() -> Iterator[type[Hooks]]:
    """Makes :class:`Hooks`, and shuts each down at the end of the test."""
    made: list[Hooks] = []

    def make(project: Path) -> Hooks:
        made.append(Hooks(project))
        return made[-1]

    yield make  # type: ignore[misc]
    for instance in made:
        instance.close()


def _nav_paths(entries: object) -> set[str]:
    """Every page path a ``nav`` configuration lists."""
    if isinstance(entries, str):
        return {entries}
    if isinstance(entries, dict):
        return set().union(*(_nav_paths(value) for value in entries.values()))
    if isinstance(entries, list):
        return set().union(*(_nav_paths(entry) for entry in entries))
    return set()


def test_the_dossiers_are_listed_under_nav_title(tmp_path: Path, hooks: type[Hooks]) -> None:
    run = hooks(_project(tmp_path, "nav_title: Research"))
    run.run()
    assert run.config.nav is not None
    titles = [next(iter(entry)) for entry in run.config.nav if isinstance(entry, dict)]
    assert "Research" in titles and "Dossiers" not in titles


def test_a_small_dossier_is_listed_in_full(tmp_path: Path, hooks: type[Hooks]) -> None:
    run = hooks(_project(tmp_path, "", "example-river-flood", "kerman-2024"))
    run.run()
    listed = _nav_paths(run.config.nav)
    assert {f"{DOSSIER}/sources/iswnews-32659.md", f"{DOSSIER}/questions/killed.md"} <= listed


def test_long_lists_are_pruned_from_the_navigation_not_the_site(
    tmp_path: Path, hooks: type[Hooks]
) -> None:
    # 8 sources are within the limit of 10, 12 questions exceed it.
    run = hooks(_project(tmp_path, "nav_max_pages: 10", "example-river-flood", "kerman-2024"))
    files, _ = run.run()
    listed = _nav_paths(run.config.nav)
    assert f"{DOSSIER}/sources/iswnews-32659.md" in listed, "8 sources are within the limit"
    assert f"{DOSSIER}/questions/killed.md" not in listed, "12 questions exceed it"
    assert f"{DOSSIER}/questions/index.md" in listed, "the questions index stays listed"
    killed = files.get_file_from_path(f"{DOSSIER}/questions/killed.md")
    assert killed is not None
    assert killed.inclusion == InclusionLevel.NOT_IN_NAV, "the page is built, only not listed"


def test_many_dossiers_are_listed_by_their_overviews(tmp_path: Path, hooks: type[Hooks]) -> None:
    run = hooks(_project(tmp_path, "nav_max_pages: 5"))
    files, _ = run.run()
    listed = {path for path in _nav_paths(run.config.nav) if path.startswith("dossiers/")}
    assert f"{DOSSIER}/index.md" in listed
    for page in ("matrix", "timeline", "sources/index", "questions/index"):
        assert f"{DOSSIER}/{page}.md" not in listed, f"{page} is reached from the overview"
    assert files.get_file_from_path(f"{DOSSIER}/sources/iswnews-32659.md") is not None


def test_a_dossier_title_in_the_navigation_is_escaped(tmp_path: Path, hooks: type[Hooks]) -> None:
    # With a limit of 2, the fixtures are too many for sections: each dossier is one
    # entry titled as written in dossier.yml, which MkDocs would put in the page as HTML.
    project = _project(tmp_path, "nav_max_pages: 2")
    dossier = project / "seeds" / "kerman-2024" / "dossier.yml"
    title = 'title: "Kerman bombings, 3 January 2024"'
    dossier.write_text(
        dossier.read_text("utf-8").replace(title, 'title: "Kerman <b>bombings</b> & more"')
    )
    _, nav = hooks(project).run()
    titles = [item.title for item in nav.pages]
    assert "Kerman &lt;b&gt;bombings&lt;/b&gt; &amp; more" in titles
    assert not any("<b>" in str(title) for title in titles)


def test_the_assets_are_added_to_extra_css_and_extra_javascript(
    tmp_path: Path, hooks: type[Hooks]
) -> None:
    run = hooks(_project(tmp_path, "", "kerman-2024"))
    files, _ = run.run()
    css = [path for path in run.config.extra_css if files.get_file_from_path(path)]
    scripts = [str(script) for script in run.config.extra_javascript]
    assert css, "the dossier stylesheets are in extra_css and in the site"
    assert scripts and all(files.get_file_from_path(path) for path in scripts)
    assert all(script.defer for script in run.config.extra_javascript if str(script) in scripts)


def test_only_builds_the_dossiers_named(
    tmp_path: Path, hooks: type[Hooks], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_ONLY", "kerman-2024")
    files, _ = hooks(_project(tmp_path)).run()
    dossiers = {
        file.src_uri.split("/")[1] for file in files if file.src_uri.startswith("dossiers/")
    }
    assert dossiers == {"kerman-2024"}


def test_a_disabled_plugin_adds_nothing(tmp_path: Path, hooks: type[Hooks]) -> None:
    project = _project(tmp_path, "enabled: false")
    run = hooks(project)
    before = list(run.config.extra_css)
    files, _ = run.run()
    assert run.config.extra_css == before
    assert not any(file.src_uri.startswith("dossiers/") for file in files)
    assert "Dossiers" not in [
        next(iter(entry)) for entry in run.config.nav or [] if isinstance(entry, dict)
    ]


def test_a_hand_written_file_with_a_generated_path_is_refused(
    tmp_path: Path, hooks: type[Hooks]
) -> None:
    project = _project(tmp_path, "", "kerman-2024")
    hand_written = project / "docs" / DOSSIER / "index.md"
    hand_written.parent.mkdir(parents=True)
    hand_written.write_text("# Mine\n", "utf-8")
    with pytest.raises(PluginError, match=f"{DOSSIER}/index.md is generated from the seeds"):
        hooks(project).run()


def test_invalid_seeds_fail_on_config_naming_the_file(tmp_path: Path, hooks: type[Hooks]) -> None:
    project = _project(tmp_path, "", "kerman-2024")
    sources = next((project / "seeds" / "kerman-2024").rglob("*.yml"))
    sources.write_text("id: [unclosed\n", "utf-8")
    with pytest.raises(PluginError, match="the dossiers are not valid") as error:
        hooks(project).run()
    assert sources.name in str(error.value)


@pytest.mark.parametrize(
    "option",
    [
        "nav_max_pages: many",
        "enabled: maybe",
        "seeds_dir: 3",
        "concurrency: 0",
        "concurrency: -2",
        "concurrency: true",
        "concurrency: two",
    ],
)
def test_an_option_of_the_wrong_type_is_refused(tmp_path: Path, option: str) -> None:
    with pytest.raises((Abort, ConfigurationError)):
        load_config(str(_project(tmp_path, option, "kerman-2024") / "mkdocs.yml"))


def test_the_concurrency_is_one_process_per_processor_by_default(tmp_path: Path) -> None:
    config = load_config(str(_project(tmp_path, "", "kerman-2024") / "mkdocs.yml"))
    assert config.plugins["dossier"].config.concurrency == (os.cpu_count() or 1)
    config = load_config(
        str(_project(tmp_path / "3", "concurrency: 3", "kerman-2024") / "mkdocs.yml")
    )
    assert config.plugins["dossier"].config.concurrency == 3


def test_dossier_generate_writes_the_files_the_plugin_generates(
    tmp_path: Path, hooks: type[Hooks]
) -> None:
    """The same options, given to the command line as to MkDocs: the same files, byte
    for byte, with the full addresses and the links to the data's commit."""
    project = _project(tmp_path, "concurrency: 2")
    config = project / "mkdocs.yml"
    site, repository = "https://example.org/desk/", "https://github.com/example/dossiers"
    config.write_text(f"site_url: {site}\nrepo_url: {repository}\n" + config.read_text("utf-8"))
    commit = commit_all(project)
    run = hooks(project)
    run.run()
    plugin = run.config.plugins["dossier"]
    plugin.generation.finish()
    generated = file_tree(plugin.pages_dir)
    options = ("--site-url", site, "--repo-url", repository, "--concurrency", "1")
    result = run_dossier("generate", str(tmp_path / "out"), *options, cwd=project)
    assert result.returncode == 0, result.stderr
    assert file_tree(tmp_path / "out") == generated
    matrix = generated[f"{DOSSIER}/matrix.md"].decode("utf-8")
    assert f"{repository}/tree/{commit}/seeds/kerman-2024" in matrix
    assert f"{site}{DOSSIER}/matrix/" in matrix


def _search_project(tmp_path: Path, entry: str) -> Path:
    project = _project(tmp_path, "", "kerman-2024")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - dossier-search\n", entry))
    return project


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  - dossier-search\n  - search\n", "replaces Material's search plugin"),
        ("  - dossier-search:\n      bundle_dir: ../out\n", "bundle_dir must be a folder inside"),
        ("  - dossier-search:\n      bundle_dir: /\n", "bundle_dir must be a folder inside"),
        ("  - dossier-search:\n      shard_pages: 0\n", "shard_pages must be at least 1"),
    ],
)
def test_the_search_plugin_refuses_a_configuration_it_cannot_serve(
    tmp_path: Path, hooks: type[Hooks], entry: str, message: str
) -> None:
    with pytest.raises(PluginError, match=message):
        hooks(_search_project(tmp_path, entry)).run()
