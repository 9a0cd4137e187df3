"""Processes that work beside a build run at a lower priority than the build itself.

MkDocs converts and writes pages in one thread, and a build takes as long as
that thread does. The processes beside it, rendering pages, indexing them
with Pagefind or removing scratch files, have the machine's other processors
and finish long before it; at a lower priority they never take its own.
"""

from __future__ import annotations

import os

BACKGROUND_NICENESS = 10
"""How much a process beside the build lowers its priority (see ``os.nice``)."""


def lower_priority(pid: int = 0) -> None:
    """Lower the priority of process ``pid`` (0: this process), where the system can."""
    if hasattr(os, "setpriority"):
        try:
            current = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(os.PRIO_PROCESS, pid, min(current + BACKGROUND_NICENESS, 19))
        except OSError:  # it ended already, or is not ours to change
            pass


__all__ = ["BACKGROUND_NICENESS", "lower_priority"]
