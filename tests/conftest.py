"""Shared fixtures: throw-away portal projects in tmp_path, built sites, and a real Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from selfassess.engines import build as site
from selfassess.questionnaire.portal import Portal

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "questionnaires"
# Whatever a fork has made of them: the tests must pass on a fork as on this repository.
HAND_WRITTEN_DOCS = sorted(p.name for p in (ROOT / "docs").glob("*.md") if p.name != "SUMMARY.md")
# A fork may list its own questionnaires to publish; test portals hold other ones.
_PUBLISHED_LIST = re.compile(r"^    questionnaires:.*\n(?:      - .*\n)*", re.MULTILINE)


SHIPPED = ("mlops-maturity", "mlops-scorecard")


def about_shipped(*ids: str) -> pytest.MarkDecorator:
    """For tests of the shipped questionnaires' content: a fork that deletes one (the documented
    way to remove it) skips them instead of failing its checks and its publishing."""
    missing = [i for i in ids or SHIPPED if not (ROOT / "questionnaires" / f"{i}.yaml").is_file()]
    return pytest.mark.skipif(bool(missing), reason=f"removed from questionnaires/: {missing}")


BROWSER = ROOT / "generator" / "selfassess" / "browser"


def run_in_node(script: str, data: Any, *argv: str) -> Any:
    """Run an ES module `script` in Node, with `data` as JSON on its stdin and `argv` (the browser
    folder's URL, say) as process.argv[1:]: the browser's code, as the browser runs it, on the
    cases Python computes too. Returns the JSON it writes to stdout."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    done = subprocess.run(
        [node, "--input-type=module", "-e", script, *argv],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def make_project(folder: Path, questionnaires: dict[str, str] | None = None) -> Portal:
    """A portal like the repository's: its config and hand-written docs, with the
    shipped questionnaires or the given {file name: YAML text}."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_PUBLISHED_LIST.sub("", config), encoding="utf-8")
    (folder / "docs").mkdir()
    for name in HAND_WRITTEN_DOCS:
        shutil.copy(ROOT / "docs" / name, folder / "docs" / name)
    target = folder / "questionnaires"
    target.mkdir()
    if questionnaires is None:
        for path in (ROOT / "questionnaires").glob("*.yaml"):
            shutil.copy(path, target / path.name)
    else:
        for name, text in questionnaires.items():
            (target / name).write_text(text, encoding="utf-8")
    return Portal.load(folder)


def minimal_yaml() -> str:
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Portal:
    return make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free port for the test server, known before the build: Material's instant navigation
    only takes over links whose address (port included) matches the site URL of the build."""
    return free_port()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The shipped portal built once with MkDocs, for the build and browser tests."""
    portal = make_project(tmp_path_factory.mktemp("shipped") / "portal")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", f"http://127.0.0.1:{site_port}/")
        return site.build(portal, "mkdocs")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped portal built to be opened from disk (file://)."""
    portal = make_project(tmp_path_factory.mktemp("offline") / "portal")
    return site.build(portal, "mkdocs", offline=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path, port: int) -> Iterator[str]:
    """A built site over HTTP on 127.0.0.1:port while the block runs; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def built_and_served(portal: Portal) -> Iterator[str]:
    """The portal built with MkDocs for a free port (its site URL, for instant navigation) and
    served there; yields its address."""
    port = free_port()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", f"http://127.0.0.1:{port}/")
        built = site.build(portal, "mkdocs")
    with serving(built, port) as url:
        yield url


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    with serving(built_site, site_port) as url:
        yield url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need Chromium, so `make check` can run everything else quickly."""
    for item in items:
        if {"browser", "chromium"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def chromium_executable() -> str | None:
    """Debian's Chromium where Playwright cannot download its own browser; else Playwright's."""
    for candidate in (os.environ.get("SELFASSESS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Every page of every browser test reports what the site's Content-Security-Policy blocked: the
# event in the page, and Chromium's console line (which also covers frames that replace their
# document, as the file:// search shim's frame does).
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  if (window.__saCspViolation) window.__saCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${location.href}`
    + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
}, true);
"""


class GuardedBrowser:
    """The session's Chromium, handing out contexts and pages that record every violation of the
    Content-Security-Policy; the test fails at teardown if any was seen."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.violations: list[str] = []
        self._contexts: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def _guard(self, context: Any) -> None:
        context.expose_binding(
            "__saCspViolation", lambda _source, text: self.violations.append(text)
        )
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("console", self._console)
        self._contexts.append(context)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"console {message.type}: {message.text}")

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        self._guard(context)
        return context

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)  # its own context, closed with the page
        self._guard(page.context)
        return page

    def check(self) -> None:
        for context in self._contexts:  # let reports still on their way arrive
            for page in context.pages:
                with contextlib.suppress(Exception):
                    page.evaluate("new Promise((done) => setTimeout(done, 50))")
        assert self.violations == [], "Content-Security-Policy violations"


@pytest.fixture
def browser(chromium):
    guarded = GuardedBrowser(chromium)
    yield guarded
    guarded.check()
