"""Audits of the built site, pass or fail: links and anchors, requests outside the site, the
Content-Security-Policy in a real browser, the Nu Html Checker and Lighthouse. They run on the one
site the browser tests use (`built_site`); the npm tools come from `npm ci` (`make test` runs it).
"""

from __future__ import annotations

import functools
import json
import os
import re
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from bench.lighthouse import serving

from .conftest import ROOT, GuardedBrowser, chromium_executable, make_project

# Slow, and most need Chromium: `make check` leaves them to `make test`.
pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REPORTS = ROOT / "test-results"

# What Material's own templates get wrong, by the Nu Html Checker's exact message and the start of
# the element it points at. Anything else is an error in markup we generate, and fails.
KNOWN_MATERIAL_ERRORS = {
    (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
        "“tel”, “text”, “time”, “url”, or “week”.",
        '<input class="md-toggle" data-md-toggle=',  # the drawer and search toggles
    ),
    (
        "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a "
        "valid integer.",
        '<label class="md-nav__link" for="__nav_',  # section labels of navigation.sections
    ),
}

# Lighthouse's desktop preset. Its mobile preset simulates a slow phone on slow 4G, where Material's
# own scripts and styles alone cost the first paint more than the 98 asked.
# Performance is not here: it depends on the machine's load (bench/lighthouse.py measures it).
THRESHOLDS = {"accessibility": 1.0, "best-practices": 1.0, "seo": 0.95}


def npm_tool(path: Path) -> Path:
    """The tools come from package.json; CI must have them, a bare `pytest` may not."""
    if not path.is_file():
        message = f"{path.relative_to(ROOT)} is missing: run `npm ci` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the site's pages and its links ---------------------------------------------------------------


def pages(site_dir: Path) -> dict[str, Path]:
    """Every generated page: its path under the site's address, and its file."""
    return {
        path.relative_to(site_dir).as_posix().removesuffix("index.html"): path
        for path in sorted(site_dir.rglob("*.html"))
    }


def questionnaire_pages(site_dir: Path) -> list[tuple[str, str]]:
    """(first section page, results page) of each questionnaire of the site."""
    found = []
    for data in sorted(site_dir.glob("*/questionnaire.json")):
        model = json.loads(data.read_text(encoding="utf-8"))
        qid = data.parent.name
        found.append((f"{qid}/{model['sections'][0]['id']}/", f"{qid}/results/"))
    return found


class _Page(HTMLParser):
    """A page's link targets (href, src) and the anchors it offers (id, and name on <a>)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in ("href", "src"):
            if name in values:
                self.links.append(values[name])
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])


@functools.cache
def _parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken(site_dir: Path, base: str, page_url: str, links: list[str], ids: set[str]) -> list[str]:
    """The links of the page at page_url that lead to no file of the site, or to no anchor in
    it. Links outside base (the site's address) are not followed: nothing leaves the site."""
    problems = []
    for link in links:
        url, fragment = urldefrag(urljoin(page_url, link))
        if not url.startswith(base + "/"):
            continue
        target = site_dir / unquote(urlsplit(url).path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            problems.append(f"{page_url}: {link} (no such file)")
        elif fragment and target.suffix == ".html":
            anchors = ids if url == urldefrag(page_url)[0] else set()
            if fragment not in anchors | _parse(target).anchors:
                problems.append(f"{page_url}: {link} (no such anchor)")
    return problems


def test_every_link_and_anchor_of_every_page_leads_somewhere(built_site: Path):
    """Over the HTML as built: hrefs and srcs, the navigation, the table of contents."""
    base = "http://site.test"
    problems = []
    for path, file in pages(built_site).items():
        page = _parse(file)
        problems += broken(built_site, base, f"{base}/{path}", page.links, page.anchors)
    assert problems == []


def answer_some(page: Any, site_url: str, site_dir: Path) -> None:
    """A few answers in each questionnaire, so results pages show verdicts, gaps and charts."""
    for section, _results in questionnaire_pages(site_dir):
        page.goto(f"{site_url}/{section}")
        items = page.locator(".sa-item")
        for index in range(min(3, items.count())):
            options = items.nth(index).locator("label.sa-option")
            options.nth(index % options.count()).click()


def test_no_page_requests_anything_outside_the_site_and_no_link_is_broken(
    browser, site_url: str, built_site: Path
):
    """Every page as a person sees it, after the browser app has drawn it (action plans, links
    to items); the browser fixture also fails on any Content-Security-Policy violation."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((site_url, "data:")) else outside.append(r.url),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    answer_some(page, site_url, built_site)
    problems = []
    for path in pages(built_site):
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
        links = page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.href)")
        ids = set(page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)"))
        problems += broken(built_site, site_url, page.url, links, ids)
    context.close()
    assert outside == []
    assert problems == []
    assert errors == []


# --- the Content-Security-Policy in a browser ----------------------------------------------------


def test_the_policy_blocks_a_script_it_does_not_know(chromium, site_url: str):
    """The policy is in force, and the browser tests see what it blocks: an injected inline script
    does not run, and is reported."""
    guarded = GuardedBrowser(chromium)
    page = guarded.new_page()
    page.goto(f"{site_url}/")
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected") is None
    page.evaluate("new Promise((done) => setTimeout(done, 50))")
    page.close()
    assert any("script-src" in v for v in guarded.violations), guarded.violations


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_search_and_answers_work_from_disk_under_the_policy(browser, tmp_path: Path, engine: str):
    """Opened from disk, search runs in the iframe-worker shim's frame, whose inline script the
    policy allows by its hash; the browser fixture fails on any violation."""
    if engine == "zensical":
        pytest.importorskip("zensical")
    from selfassess.engines import build as site

    site_dir = site.build(make_project(tmp_path / "portal"), engine, offline=True)
    section, _results = questionnaire_pages(site_dir)[0]
    page = browser.new_page()
    page.goto((site_dir / (section.rstrip("/") + ".html")).as_uri())
    page.locator(".sa-item label.sa-option").first.click()
    assert page.evaluate("window.selfassess.current().record.answers") != {}
    title = page.locator(".sa-item legend").first.inner_text().split(" ", 1)[1]
    page.keyboard.press("/")  # the search shortcut of Material and Zensical
    page.keyboard.type(" ".join(title.split()[:4]))
    if engine == "mkdocs":
        found = page.locator(".md-search-result__item").get_by_text(title.split()[0]).first
    else:  # Zensical's search dialog lives in a shadow root of its own
        found = page.get_by_text(re.compile(r"^[1-9]\d* results?$"))
    found.wait_for(timeout=10_000)
    page.close()


# --- the Nu Html Checker -----------------------------------------------------------------------


def test_the_nu_html_checker_finds_no_error_in_our_markup(built_site: Path, tmp_path: Path):
    vnu = npm_tool(VNU)
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--format", "json", "--skip-non-html", str(built_site)],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = []
    for message in messages:
        if message["type"] not in ("error", "non-document-error"):
            continue  # "info": warnings, such as its CSP check of pages it reads as files
        start = message.get("hiliteStart", 0)
        element = message.get("extract", "")[start : start + message.get("hiliteLength", 0)]
        known = (message["message"], element)
        if not any(known[0] == m and known[1].startswith(e) for m, e in KNOWN_MATERIAL_ERRORS):
            page = message.get("url", "").removeprefix(built_site.as_uri())
            errors.append(f"{page}:{message.get('lastLine')}: {message['message']} {element}")
    assert errors == []


# --- Lighthouse ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compressed_site(built_site: Path) -> Iterator[str]:
    with serving(built_site) as url:  # compressed, as GitHub Pages serves it
        yield url


@pytest.fixture(scope="module")
def lighthouse_chromium(chromium, compressed_site: str, built_site: Path) -> Iterator[int]:
    """A Chromium that Lighthouse drives through its debugging port, with answers stored in it,
    so the results page is measured as a respondent sees it."""
    npm_tool(LIGHTHOUSE)
    port = free_port()
    with tempfile.TemporaryDirectory() as profile:
        context = chromium.browser_type.launch_persistent_context(
            profile,
            executable_path=chromium_executable(),
            args=["--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}"],
        )
        page = context.new_page()
        answer_some(page, compressed_site, built_site)
        page.goto("about:blank")
        yield port
        context.close()


def lighthouse(url: str, port: int, report: Path) -> dict[str, Any]:
    command = [str(LIGHTHOUSE), url, f"--port={port}", "--preset=desktop"]
    command += ["--only-categories=" + ",".join(THRESHOLDS)]
    command += ["--disable-storage-reset", "--quiet", "--output=json", f"--output-path={report}"]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, timeout=240)
    return json.loads(report.read_text(encoding="utf-8"))


def shortfalls(result: dict[str, Any]) -> list[str]:
    """The scored audits that did not pass, to say why a category missed."""
    found = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{category['id']}: {ref['id']} {audit.get('displayValue', '')}")
    return found


@pytest.mark.parametrize("kind", ["home", "section", "results"])
def test_lighthouse_accessibility_best_practices_and_seo(
    lighthouse_chromium: int, compressed_site: str, built_site: Path, kind: str
):
    """The reports stay in test-results/ for a look at what a score is made of."""
    section, results = questionnaire_pages(built_site)[0]
    path = {"home": "", "section": section, "results": results}[kind]
    url = f"{compressed_site}/{path}"
    REPORTS.mkdir(exist_ok=True)
    result = lighthouse(url, lighthouse_chromium, REPORTS / f"lighthouse-{kind}.json")
    scores = {c: result["categories"][c]["score"] for c in THRESHOLDS}
    print(f"Lighthouse {kind} ({url}): {scores}")
    missed = {c: s for c, s in scores.items() if s < THRESHOLDS[c]}
    assert missed == {}, shortfalls(result)
