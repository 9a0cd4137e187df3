"""Scratch folders of one build, in the system's temporary folder.

A build removes its own scratch folders when it ends, failed or not, or as
soon as it is done with them, in the background (``Removal``). A build killed
outright cannot: each folder's name carries the id of the process that
made it, and making a new one removes those of processes no longer running.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.parallel.priority import lower_priority

_PREFIX = "dossier-"


def scratch_folder(kind: str) -> Path:
    """A new, empty folder ``dossier-<kind>-<process id>-<random>`` for this process."""
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{_PREFIX}{kind}-*-*"):
        owner = stale.name[len(_PREFIX) + len(kind) + 1 :].split("-")[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}-{os.getpid()}-", dir=base))


class Removal:
    """Removes files and folders in a process of its own while the build goes on.

    Deleting thousands of small files takes a build process about 0.1 ms a file.
    A thread would not do: Python code deleting files keeps taking the lock the
    build's own thread needs, and slows it more than deleting would take. A
    process runs on another processor, and only starting it (about 20 ms)
    costs the build.
    """

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, paths: list[Path]) -> None:
        if paths:
            command = [sys.executable, "-I", "-S", "-c", _REMOVE, *map(str, paths)]
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
            lower_priority(process.pid)
            self.processes.append(process)

    def wait(self) -> None:
        """Return once everything started is removed."""
        for process in self.processes:
            process.wait()
        self.processes.clear()


_REMOVE = """
import os, shutil, sys
for path in sys.argv[1:]:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        os.unlink(path)
"""


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs; on Windows, where no signal only asks, always True."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


__all__ = ["Removal", "scratch_folder"]
