"""A Content Security Policy for every built page, allowing only the page's own scripts.

Material writes a few small inline scripts into every page, so the policy
lists their sha256 hashes, computed after the page is rendered. Everything
else must come from the site itself: no foreign or injected inline script can
run. Styles may be inline (Material and the charts use style attributes).
Pagefind's WebAssembly search needs ``'wasm-unsafe-eval'`` and a worker.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE
)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)

POLICY = (
    "default-src 'self'; "
    "script-src 'self' {hashes} 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


def script_hashes(html: str) -> list[str]:
    """The CSP source expressions of the page's inline scripts, in page order."""
    hashes = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def with_content_security_policy(html: str) -> str:
    """The page with a ``<meta>`` Content Security Policy as the first element of its head."""
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = POLICY.format(hashes=" ".join(script_hashes(html)))
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: head.end()] + meta + html[head.end() :]
