"""Scratch folders of one build, in the system's temporary folder.

A build removes its own scratch folders when it ends, failed or not. A build
killed outright cannot: each folder's name carries the id of the process that
made it, and making a new one removes those of processes no longer running.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_PREFIX = "dossier-"


def scratch_folder(kind: str) -> Path:
    """A new, empty folder ``dossier-<kind>-<process id>-<random>`` for this process."""
    base = Path(tempfile.gettempdir())
    for stale in base.glob(f"{_PREFIX}{kind}-*-*"):
        owner = stale.name[len(_PREFIX) + len(kind) + 1 :].split("-")[0]
        if owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}-{os.getpid()}-", dir=base))


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


__all__ = ["scratch_folder"]
