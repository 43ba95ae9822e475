"""Site builds with MkDocs and with Zensical: stable URLs, search, no outside requests, and a failed
build that leaves the previous site as it was."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from selfassess.engines import build as site
from selfassess.engines import csp
from selfassess.questionnaire.portal import PortalError

from .conftest import about_shipped, make_project, minimal_yaml

PAGES = [
    "index.html",
    "about/index.html",
    "scoring/index.html",
    "architecture/index.html",
    "mlops-maturity/index.html",
    "mlops-maturity/documentation/index.html",
    "mlops-maturity/ab-testing/index.html",
    "mlops-maturity/results/index.html",
    "mlops-maturity/team/index.html",
    "mlops-scorecard/index.html",
    "mlops-scorecard/continuous-improvement/index.html",
    "mlops-scorecard/results/index.html",
    "mlops-scorecard/about/index.html",
    "mlops-maturity/questionnaire.json",
    "schema/questionnaire.schema.json",
    "schema/results.schema.json",
    "assets/selfassess/selfassess.js",
    "assets/selfassess/selfassess.css",
]


class _Resources(HTMLParser):
    """URLs a page makes the browser fetch (links to read elsewhere are not requests)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # A canonical or alternate link names the page's address; the browser does not fetch it.
        loaded = tag == "link" and values.get("rel") not in ("canonical", "alternate")
        fetched = ["src", "poster", "data"] + (["href"] if loaded else [])
        self.urls += [values[a] or "" for a in fetched if a in values]
        self.urls += [part.split()[0] for part in (values.get("srcset") or "").split(",") if part]
        self.urls += re.findall(r"url\(['\"]?([^'\")]+)", values.get("style") or "")


def outside_requests(site_dir: Path) -> list[str]:
    found = []
    for path in site_dir.rglob("*"):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            urls = re.findall(r"url\(['\"]?([^'\")]+)", text) + re.findall(
                r"@import\s+['\"]([^'\"]+)", text
            )
        else:
            continue
        found += [
            f"{path.relative_to(site_dir)}: {u}"
            for u in urls
            if re.match(r"^(https?:)?//", u.strip())
        ]
    return found


def check_site(site_dir: Path) -> None:
    for page in PAGES:
        assert (site_dir / page).is_file(), page
    assert outside_requests(site_dir) == []
    assert not (site_dir / "SUMMARY").exists() and not (site_dir / ".selfassess").exists()
    section = (site_dir / "mlops-maturity/traceability/index.html").read_text()
    assert section.count('class="sa-item"') == 16
    assert (
        '<legend><span class="sa-number">2.1</span> Infrastructure is defined as code, '
        "later referenced as IaC.</legend>" in section
    )
    home = (site_dir / "index.html").read_text()
    assert 'href="mlops-maturity/"' in home and "56 items · 7 sections" in home
    assert 'data-md-color-scheme="slate"' in home  # the dark palette is offered by the toggle
    check_policy(site_dir)


_POLICY_TAG = b'<meta http-equiv="Content-Security-Policy"'


def check_policy(site_dir: Path) -> None:
    """One Content-Security-Policy for the whole site, first in the head of every page (before any
    script or stylesheet), allowing each inline script the page runs by its hash and no other."""
    policies = set()
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        assert len(found) == 1, page
        policies.add(found[0])
        head = text[text.index("<head") : text.index("</head>")]
        assert re.findall(r"<(script|link|style)\b", head[: head.index(found[0])]) == [], page
        for script in csp.inline_scripts(text):
            assert csp.script_hash(script) in found[0], page
    (policy,) = policies
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert "unsafe" not in directives["script-src"]
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    docs = site_dir.parent / "docs"  # the policy is built into site/, never written into docs/
    assert not [p for p in docs.rglob("*") if p.is_file() and _POLICY_TAG in p.read_bytes()]


def search_text(site_dir: Path) -> str:
    for name in ("search/search_index.json", "search.json"):  # MkDocs, Zensical
        if (site_dir / name).is_file():
            return json.dumps(json.loads((site_dir / name).read_text()), ensure_ascii=False)
    raise AssertionError("no search index")


@about_shipped()
def test_mkdocs_build(built_site: Path):
    check_site(built_site)
    text = search_text(built_site)
    assert "Pull request process is used to create changes in IaC." in text
    assert "Why it matters." in text  # explanations are searchable too
    # The words every statement's controls repeat are not: they would match every statement.
    entries = json.loads((built_site / "search/search_index.json").read_text())["docs"]
    sections = " ".join(e["text"] for e in entries if e["location"].startswith("mlops-"))
    assert "how to get there" not in sections
    entry = next(e for e in entries if "Business goals and KPIs" in e["text"])
    assert not re.search(r"\b(Yes|No|Not applicable)\b", entry["text"].split("Why it matters.")[0])


@about_shipped()
def test_zensical_build(tmp_path: Path):
    pytest.importorskip("zensical")
    portal = make_project(tmp_path / "portal")
    site_dir = site.build(portal, "zensical")
    check_site(site_dir)
    assert "Pull request process is used to create changes in IaC." in search_text(site_dir)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@about_shipped()
def test_an_offline_build_opens_from_disk_and_requests_nothing_outside(tmp_path: Path, engine: str):
    if engine == "zensical":
        pytest.importorskip("zensical")
    site_dir = site.build(make_project(tmp_path / "portal"), engine, offline=True)
    page = (site_dir / "mlops-maturity/documentation.html").read_text()
    assert 'data-sa-link="results" href="results.html"' in page  # links work without a server
    assert outside_requests(site_dir) == []  # the search shim is our copy, not unpkg.com's
    assert 'src="../assets/selfassess/iframe-worker-shim.js"' in page
    assert (site_dir / "search/search_index.js").is_file() or (site_dir / "search.js").is_file()
    check_policy(site_dir)  # it allows the search shim's frame too (see test_audit.py)


def test_an_invalid_questionnaire_stops_the_build_and_keeps_the_old_site(tmp_path: Path):
    portal = make_project(tmp_path / "portal")
    old = portal.root / "site"
    old.mkdir()
    (old / "index.html").write_text("previous build")
    broken = portal.questionnaires_dir / "mlops-maturity.yaml"
    broken.write_text(broken.read_text().replace('version: "1.0"', "version: 1.0", 1))
    with pytest.raises(PortalError):
        site.build(portal)
    result = subprocess.run(
        [sys.executable, "-m", "selfassess", "--project", str(portal.root), "build"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert re.search(r"mlops-maturity\.yaml:3:10: 'version' is a number \(1\.0\)", result.stderr)
    assert [p.name for p in portal.root.iterdir() if p.name.startswith(("site", ".site"))] == [
        "site"
    ]
    assert (old / "index.html").read_text() == "previous build"


def test_a_failing_engine_keeps_the_old_site(tmp_path: Path):
    portal = make_project(tmp_path / "portal")
    (portal.root / "site").mkdir()
    (portal.root / "site" / "index.html").write_text("previous build")
    (portal.root / "docs" / "about.md").write_text("# About\n\n[broken](missing-page.md)\n")
    with pytest.raises(site.BuildError):
        site.build(portal)  # strict mode: a broken link is an error
    assert (portal.root / "site" / "index.html").read_text() == "previous build"
    assert not list(portal.root.glob(".site-*"))


def test_a_site_dir_on_another_path_is_replaced_whole(tmp_path: Path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    target = tmp_path / "elsewhere" / "public"
    target.mkdir(parents=True)
    (target / "stale.html").write_text("old")
    site.build(portal, "mkdocs", target)
    assert (target / "minimal" / "basics" / "index.html").is_file()
    assert not (target / "stale.html").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["public"]
