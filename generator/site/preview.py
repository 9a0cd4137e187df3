"""Serve a built site on the loopback interface, as a reader's browser needs it.

A site opened from disk (``file://``) is not a website: folder links such as
``dossiers/kerman-2024/`` open a folder listing instead of its ``index.html``,
and browsers refuse the requests Pagefind's search makes for its index. Served
over HTTP, even on this machine alone, both work. Only ``127.0.0.1`` is ever
listened on: the preview is for the person at the keyboard.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

LOOPBACK = "127.0.0.1"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_site(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` on ``port`` of the loopback interface (0: any free one) in a
    thread; yields the site's address."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((LOOPBACK, port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


__all__ = ["LOOPBACK", "serve_site"]
