"""A Content Security Policy for every built page, allowing only the theme's own scripts.

Material writes a few small inline scripts into every page, from its
``partials/javascripts/`` templates; some depend on the page (the path to the
site's root), so the policy lists the sha256 hashes of the bodies they came
out with. The hashes are not taken from the finished page: its article, its
title and its table of contents hold text from the dossiers, and a script that
ever slipped in there must not be allowed because it is on the page. Instead
``theme/partials/javascripts/`` takes the place of those templates and calls
:class:`ShippedScripts`, which renders Material's own and records what they
wrote. A script of any other origin has no hash in the policy and does not run;
so a site's ``custom_dir`` that replaces one of these templates must turn the
policy off.

Everything else must come from the site itself. Styles may be inline (Material
and the charts use style attributes). Pagefind's WebAssembly search needs
``'wasm-unsafe-eval'`` and a worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

SCRIPT_PARTIALS = tuple(
    f"partials/javascripts/{name}.html"
    for name in ("announce", "base", "consent", "content", "outdated", "palette")
)
"""Material's templates that write inline scripts, which ``theme/`` takes the place of."""

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
"""An inline script as Material's script templates write it (they are read, not the page)."""

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


class ShippedScripts:
    """The ``dossier_script_partial(name)`` that ``theme/partials/javascripts/`` calls:
    renders Material's template and keeps the inline scripts it wrote until
    :meth:`take` (MkDocs renders one page at a time)."""

    def __init__(self, environment: Environment, material: Path) -> None:
        # Compiled from Material's files, since the name now leads to ``theme/``.
        self.templates: dict[str, Template] = {
            name: environment.from_string((material / name).read_text("utf-8"))
            for name in SCRIPT_PARTIALS
        }
        self.bodies: list[str] = []

    @pass_context
    def __call__(self, context: Context, name: str) -> Markup:
        html = self.templates[name].render(context.get_all())
        self.bodies.extend(_INLINE_SCRIPT.findall(html))
        return Markup(html)

    def take(self) -> list[str]:
        """The scripts written since the last call: those of the page just rendered."""
        bodies, self.bodies = self.bodies, []
        return bodies


def script_hashes(bodies: Iterable[str]) -> list[str]:
    """The CSP source expressions of these script bodies, in order, each once."""
    hashes = []
    for body in bodies:
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def with_content_security_policy(html: str, scripts: Iterable[str]) -> str:
    """The page with a ``<meta>`` Content Security Policy as the first element of
    its head, allowing the inline ``scripts`` (bodies) and no other."""
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = POLICY.format(hashes=" ".join(script_hashes(scripts)))
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: head.end()] + meta + html[head.end() :]
