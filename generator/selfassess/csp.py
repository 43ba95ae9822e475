"""A Content-Security-Policy for a built site, added to every page as a `<meta>` tag.

GitHub Pages sends no headers of our choosing, so the policy travels in the pages themselves.
Scripts may come from the site only, plus the inline scripts the engine's theme writes into its
pages, allowed one by one by their SHA-256. The hashes are the union over the whole site: Material's
instant navigation swaps pages under the policy of the first page opened, so every page must allow
what any page runs. This runs on the built site (never on docs/), after the engine and before the
site replaces the previous one.

Opened from disk (file://), search runs in Material's iframe-worker shim, which writes an inline
script into a blank frame that inherits the page's policy. That script's text is the shim's template
filled with two of its own functions and the search worker's URL as the page names it; it is hashed
too, one per distinct URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from .assets import WORKER_SHIM

# Script types a browser runs (a JSON `<script>` is data: CSP does not apply to it).
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_SHIM_TEMPLATE = re.compile(r"<script>(.*?)<\\/script>")
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        if tag == "script" and "src" not in values and kind in _RUN_TYPES:
            self._open = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append("".join(self._open))
            self._open = None


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run in this page, as the browser hashes it
    (line breaks normalised to LF by the HTML parser)."""
    parser = _InlineScripts()
    parser.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return parser.scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _function_source(script: str, name: str) -> str:
    """`function name(...){...}` as written in the script: what `${name}` makes of it."""
    start = script.index(f"function {name}(")
    depth = 0
    for end in range(script.index("{", start), len(script)):
        depth += {"{": 1, "}": -1}.get(script[end], 0)
        if depth == 0:
            return script[start : end + 1]
    raise ValueError(f"no end of function {name} in the worker shim")


def shim_scripts(shim: str, worker_urls: set[str]) -> list[str]:
    """The inline script the iframe-worker shim writes into its frame, for each worker URL."""
    template = _SHIM_TEMPLATE.search(shim)
    if template is None:
        raise ValueError("the worker shim writes no inline script: update selfassess.csp")
    parts = {name: _function_source(shim, name) for name in ("c", "d")}
    return [
        template.group(1)
        .replace("${c}", parts["c"])
        .replace("${d}", parts["d"])
        .replace("${e}", url)
        for url in sorted(worker_urls)
    ]


def _worker_urls(html: str) -> set[str]:
    config = _CONFIG.search(html)
    search = json.loads(config.group(1)).get("search") if config else None
    return {search} if isinstance(search, str) else set()


def policy(hashes: set[str]) -> str:
    """Everything from the site itself. Styles may be inline (Material and the app set style
    attributes; CSS cannot run code); images may be data: URLs (Material's icons in its CSS)."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *sorted(hashes)]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def secure(site_dir: Path) -> str:
    """Add the site's policy at the top of the <head> of every page of site_dir; return it."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_bytes().decode("utf-8") for page in pages}
    scripts = {s for text in texts.values() for s in inline_scripts(text)}
    shim = site_dir / WORKER_SHIM
    if shim.is_file():
        urls = {url for text in texts.values() for url in _worker_urls(text)}
        scripts.update(shim_scripts(shim.read_text(encoding="utf-8"), urls))
    hashes = {script_hash(s) for s in scripts}
    content = policy(hashes)
    tag = f'\n<meta http-equiv="Content-Security-Policy" content="{content}">'
    for page, text in texts.items():
        head = _HEAD.search(text)
        if head is None:  # not a page (a fragment an author placed in docs/): nothing runs
            continue
        page.write_bytes((text[: head.end()] + tag + text[head.end() :]).encode("utf-8"))
    return content
