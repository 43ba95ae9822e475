"""A Content-Security-Policy for a built site, added to every page as a `<meta>` tag.

GitHub Pages sends no headers of our choosing, so the policy travels in the pages themselves.
Scripts may come from the site only, plus the inline scripts the engine's theme writes into its
pages, allowed one by one by their SHA-256. A script inside a page's content (the article that
Markdown fills) is never allowed: a questionnaire author's HTML is sanitized already, and what
slips through, or what a hand-written page holds, the browser refuses to run.

The hashes are the union over the whole site: Material's instant navigation swaps pages under the
policy of the first page opened, so every page must allow what any page runs. This runs on the
built site (never on docs/), after the engine and before the site replaces the previous one.

Right after the policy, each page gets one script of ours (`ONE_SLASH`): an address with doubled
slashes inside it (/quiz//section/, as a mangled link makes) serves the same page, whose relative
links to its styles and scripts then miss, so the page goes to the address with single slashes
before anything loads.

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
from pathlib import Path

from ..generate.assets import WORKER_SHIM

# Script types a browser runs (a JSON `<script>` is data: CSP does not apply to it).
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_SHIM_TEMPLATE = re.compile(r"<script>(.*?)<\\/script>")
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)
# The content of a page, as Material (and Zensical, its successor) wraps it: from its opening
# tag to the last </article> of the page, so that an </article> written inside cannot end it early.
_CONTENT_START = re.compile(r'<article\s+class="md-content__inner\b', re.IGNORECASE)
_CONTENT_END = "</article>"
ONE_SLASH = (
    "if(/\\/\\//.test(location.pathname))location.replace("
    'location.pathname.replace(/\\/{2,}/g,"/")+location.search+location.hash)'
)


# A script element and its content. Script content is raw text up to the first </script, so a
# pattern finds it as the HTML parser does; a tag whose attribute values hold ">" would be misread,
# which the engines' pages never have (and the browser tests would see as a blocked script). A
# script in an HTML comment is hashed too: allowing a script that never runs costs nothing.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run in this page, as the browser hashes it
    (line breaks normalised to LF). A pattern, not an HTML parser: ten times faster on the pages
    of a large portal, where parsing took as long as MkDocs' whole build."""
    scripts = []
    for script in _SCRIPT.finditer(html.replace("\r\n", "\n").replace("\r", "\n")):
        attributes = {
            a.group(1).lower(): next((v for v in a.groups()[1:] if v is not None), "")
            for a in _ATTRIBUTE.finditer(script.group(1))
        }
        if "src" not in attributes and attributes.get("type", "").strip().lower() in _RUN_TYPES:
            scripts.append(script.group(2))
    return scripts


def theme_scripts(html: str) -> list[str]:
    """The inline scripts of a page outside its content: the ones the theme wrote."""
    start = _CONTENT_START.search(html)
    if start is not None:
        end = html.rfind(_CONTENT_END)
        html = html[: start.start()] + (html[end:] if end > start.start() else "")
    return inline_scripts(html)


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
        raise ValueError("the worker shim writes no inline script: update selfassess.engines.csp")
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
    """Add the site's policy, and ONE_SLASH, at the top of the <head> of every page of site_dir;
    return the policy."""
    pages = sorted(site_dir.rglob("*.html"))
    scripts: set[str] = set()
    urls: set[str] = set()
    for page in pages:  # read twice rather than hold a large site in memory
        text = page.read_bytes().decode("utf-8")
        scripts.update(theme_scripts(text))
        urls.update(_worker_urls(text))
    shim = site_dir / WORKER_SHIM
    if shim.is_file():
        scripts.update(shim_scripts(shim.read_text(encoding="utf-8"), urls))
    hashes = {script_hash(s) for s in [*scripts, ONE_SLASH]}
    content = policy(hashes)
    tag = (
        f'\n<meta http-equiv="Content-Security-Policy" content="{content}">'
        f"\n<script>{ONE_SLASH}</script>"
    )
    for page in pages:
        text = page.read_bytes().decode("utf-8")
        head = _HEAD.search(text)
        if head is None:  # not a page (a fragment an author placed in docs/): nothing runs
            continue
        page.write_bytes((text[: head.end()] + tag + text[head.end() :]).encode("utf-8"))
    return content
