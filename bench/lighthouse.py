"""Lighthouse performance, side by side with a bare Material page built in the same run.

    python bench/lighthouse.py [--runs 3] [--json FILE]

Builds, in a temporary folder: the shipped portal, a portal of one synthetic 1,000-item
questionnaire (bench/synthetic.py), a bare Material for MkDocs site (one page of text, the same
Material version, `font: false`) and the same page with the portal's theme settings (its features
and light/dark toggle: what Material costs the portal before any page of ours), each served
compressed as GitHub Pages serves it. In one
Chromium with a few answers stored in each questionnaire (as a respondent sees the pages),
Lighthouse measures the home page, a questionnaire's intro, its first section and its results
page, with its default mobile run (a throttled mid-range phone, simulated) and its desktop
preset, `--runs` times each. It prints the medians of the performance score, LCP, TBT, CLS and
the bytes transferred, and each page's gap to the bare page measured in the same run.

This is a benchmark, not a test: timing depends on the machine and on what else runs on it, so
the pass/fail suite checks only Lighthouse's accessibility, best practices and SEO
(tests/test_audit.py), and performance is read here, against the anchor.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PRESETS = ("mobile", "desktop")
METRICS = {  # the name printed, Lighthouse's audit, the unit
    "LCP": ("largest-contentful-paint", "ms"),
    "TBT": ("total-blocking-time", "ms"),
    "CLS": ("cumulative-layout-shift", ""),
    "KB": ("total-byte-weight", "KB"),
}
BARE_PAGE = """# A page of text

This site has one page and nothing else: the Material theme as it comes, with the same version
as the portal, so that what the portal adds to a page can be told apart from what the theme costs.

## Some more text

Lorem ipsum is not used here; this is plain text of about the length of a questionnaire's intro,
with a heading, a list and a table, the elements every portal page has.

- one item
- another item

| column | another |
|---|---|
| a | b |
"""


class GitHubPagesLike(http.server.SimpleHTTPRequestHandler):
    """Serves a site compressed, as GitHub Pages does; never from the browser's cache, so every
    Lighthouse run loads the whole page."""

    COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(self.COMPRESSED)):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(site: Path, port: int = 0, handler: type = GitHubPagesLike) -> Iterator[str]:
    """The folder served on 127.0.0.1 (compressed, unless another handler is given) while the
    block runs; port 0 takes a free one. Yields the address."""
    handler = partial(handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def portal_theme() -> str:
    """The portal's `theme:` block of mkdocs.yml (its features and the light/dark toggle), as
    written: the second anchor, a page of text with what the portal asks of Material."""
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = lines.index("theme:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace())
    return "\n".join(lines[start:end]).strip() + "\n"


def build_sites(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "bench"))
    import synthetic
    from conftest import make_project
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from selfassess.engines import build as site
    from selfassess.questionnaire.portal import Portal

    anchors = {
        "bare": "theme:\n  name: material\n  font: false\n",
        "themed": portal_theme(),
    }
    for name, theme in anchors.items():
        (folder / name / "docs").mkdir(parents=True)
        (folder / name / "docs" / "index.md").write_text(BARE_PAGE, encoding="utf-8")
        config = f"site_name: Bare Material\nsite_url: http://127.0.0.1:8000/\n{theme}"
        (folder / name / "mkdocs.yml").write_text(config, encoding="utf-8")
        with contextlib.chdir(folder / name):
            build(load_config("mkdocs.yml", site_dir=str(folder / name / "site")))
    return {
        **{name: folder / name / "site" for name in anchors},
        "shipped": site.build(make_project(folder / "shipped")),
        "1000 items": site.build(Portal.load(synthetic.write_portal(folder / "large", 1, 1000))),
    }


def pages(site: Path) -> dict[str, str]:
    """Home, and the intro, first section and results of the site's first questionnaire."""
    data = sorted(site.glob("*/questionnaire.json"))
    if not data:
        return {"home": ""}
    model = json.loads(data[0].read_text(encoding="utf-8"))
    qid = data[0].parent.name
    first = model["sections"][0]["id"]
    return {
        "home": "",
        "intro": f"{qid}/",
        "section": f"{qid}/{first}/",
        "results": f"{qid}/results/",
    }


def answer_some(page: Any, url: str, paths: dict[str, str]) -> None:
    """Three answers in the first section, so the results page shows verdicts, gaps and charts."""
    if "section" not in paths:
        return
    page.goto(f"{url}/{paths['section']}")
    items = page.locator(".sa-item")
    for index in range(min(3, items.count())):
        options = items.nth(index).locator("label.sa-option")
        options.nth(index % options.count()).click()


def lighthouse(url: str, port: int, preset: str, report: Path) -> dict[str, float]:
    command = [str(LIGHTHOUSE), url, f"--port={port}", "--only-categories=performance"]
    command += [] if preset == "mobile" else ["--preset=desktop"]
    command += ["--disable-storage-reset", "--quiet", "--output=json", f"--output-path={report}"]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, timeout=300)
    result = json.loads(report.read_text(encoding="utf-8"))
    found = {"score": result["categories"]["performance"]["score"] * 100}
    for name, (audit, unit) in METRICS.items():
        value = result["audits"][audit]["numericValue"]
        found[name] = value / 1024 if unit == "KB" else value
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(
    sites: dict[str, Path],
    runs: int,
    reports: Path,
    presets: tuple[str, ...] = PRESETS,
    kinds: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import chromium_executable

    rows = []
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(serving(path)) for name, path in sites.items()}
        playwright = stack.enter_context(sync_playwright())
        port = free_port()
        profile = stack.enter_context(tempfile.TemporaryDirectory())
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium_executable(),
            args=["--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}"],
        )
        stack.callback(context.close)
        page = context.new_page()
        for name, site in sites.items():
            answer_some(page, urls[name], pages(site))
        page.goto("about:blank")
        for preset in presets:
            for name, site in sites.items():
                for kind, path in pages(site).items():
                    if kinds and kind not in kinds and name not in ("bare", "themed"):
                        continue
                    samples = []
                    for run in range(runs):
                        report = reports / f"{preset}-{name}-{kind}-{run}.json".replace(" ", "-")
                        samples.append(lighthouse(f"{urls[name]}/{path}", port, preset, report))
                    median = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
                    rows.append({"preset": preset, "site": name, "page": kind, **median})
                    print(_line(rows[-1]), flush=True)
    return rows


def _line(row: dict[str, Any]) -> str:
    return (
        f"{row['preset']:<8} {row['site']:<11} {row['page']:<8} score {row['score']:5.1f}  "
        f"LCP {row['LCP']:6.0f} ms  TBT {row['TBT']:5.0f} ms  CLS {row['CLS']:.3f}  "
        f"{row['KB']:6.0f} KB"
    )


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of the medians, each with its gaps to the two anchors of its preset: the
    bare page, and the same page with the portal's theme settings."""
    lines = [
        "| run | page | score | LCP | TBT | CLS | KB | gap to the bare page | to the themed page |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def gap(row: dict[str, Any], anchor: str) -> str:
        base = next(r for r in rows if r["preset"] == row["preset"] and r["site"] == anchor)
        if row is base:
            return "—"
        score, tbt = row["score"] - base["score"], row["TBT"] - base["TBT"]
        return f"score {score:+.0f}, LCP {row['LCP'] / base['LCP']:.2f}x, TBT {tbt:+.0f} ms"

    for row in rows:
        lines.append(
            f"| {row['preset']} | {row['site']}: {row['page']} | {row['score']:.0f} | "
            f"{row['LCP'] / 1000:.2f} s | {row['TBT']:.0f} ms | {row['CLS']:.3f} | "
            f"{row['KB']:.0f} | {gap(row, 'bare')} | {gap(row, 'themed')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and preset")
    parser.add_argument("--json", type=Path, help="also write the medians here")
    parser.add_argument("--preset", choices=PRESETS, help="only this preset")
    parser.add_argument("--page", action="append", help="only this page type (repeatable)")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's reports in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("node_modules/.bin/lighthouse is missing: run `npm ci` (make test does)")
    with tempfile.TemporaryDirectory() as folder:
        sites = build_sites(Path(folder))
        reports = args.reports or Path(folder) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        presets = (args.preset,) if args.preset else PRESETS
        kinds = tuple(args.page) if args.page else None
        rows = measure(sites, args.runs, reports, presets, kinds)
    print()
    print(f"Medians of {args.runs} Lighthouse runs per page and preset:")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
