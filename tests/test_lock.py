"""requirements.lock is in step with pyproject.toml: every package named there, in the
core and in every extra, is pinned with hashes, and the lock says how it was made."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

LOCK = (REPO / "requirements.lock").read_text("utf-8")
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]


def _name(requirement: str) -> str:
    """The normalised name of a requirement such as ``Jinja2>=3.1`` or ``pagefind[bin]``."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def test_every_declared_package_is_pinned_with_hashes() -> None:
    pinned = {_name(line): line for line in LOCK.splitlines() if "==" in line}
    declared = list(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        declared += extra
    for requirement in declared:
        name = _name(requirement)
        if name == PROJECT["name"]:  # an extra that includes other extras
            continue
        assert name in pinned, f"{requirement} is not in requirements.lock: run make lock"
        assert pinned[name].endswith("\\"), f"{name} has no hashes: run make lock"


def test_the_lock_says_the_command_that_made_it() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    command = re.search(r"LOCK_COMMAND := (.*?)\n\S", makefile, re.S)
    assert command
    expected = " ".join(command.group(1).replace("\\\n", " ").split()).replace(" --quiet", "")
    assert f"#    {expected}\n" in LOCK
