"""The site search's cost on a full page load: the index's size and the browser's time to build it.

    python bench/search_index.py [--runs 3] [--portals shipped 50x200] [--prune]

For each portal (the shipped one; synthetic ones of N questionnaires x M items, bench/synthetic.py)
it builds the site twice in this process: as it is, and as it was before the choices' words, the
explanation fold's title and other controls were kept out of search (`data-search-exclude`
ignored, as the pages had none). For each index it prints its size (raw and gzipped), its entries,
and, in Chromium, the median of `--runs` times of what every full page load makes the browser do
with it: fetch and parse the JSON on the page's main thread, then hand it to Material's search
worker and wait until the worker says it is ready (lunr builds the index there: CPU time the
phone spends on every full load, off the main thread but not free).

--prune: also build the last portal with Material's `navigation.prune` in place of
`navigation.sections` (beside it, prune changes nothing: sections keeps every group open) and
print what a section page weighs and its links, with and without, and the main thread's time to
load it (CDP TaskDuration, median).

Measured on 7 December 2026 (3 runs, Chromium 156, unthrottled): shipped portal 263 KB before,
253 KB now (78 KB gzipped; 178 entries), parse 42-48 ms, worker build 259-276 ms; 50 x 200: 8.0 MB
before, 7.1 MB now (1.3 MB gzipped; 1,554 entries), parse 0.7-0.9 s, worker build 1.25-1.35 s.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

# In the page: fetch and parse the index (main thread), then time Material's worker from its
# setup message to its ready message (SearchMessageType: SETUP 0, READY 1).
MEASURE = """async (worker) => {
  const start = performance.now();
  const index = await (await fetch("/search/search_index.json")).json();
  const parsed = performance.now();
  const search = new Worker(worker);
  const ready = new Promise((resolve) => {
    search.onmessage = (event) => event.data.type === 1 && resolve(performance.now());
  });
  search.postMessage({ type: 0, data: { ...index, options: { suggest: false } } });
  const built = await ready;
  search.terminate();
  return { parse: parsed - start, build: built - parsed, docs: index.docs.length };
}"""


@contextlib.contextmanager
def excluded_words_indexed() -> Iterator[None]:
    """Material's search plugin as if the pages marked nothing `data-search-exclude`, but for
    the keyboard shortcuts' fold, which the app drew (and search never saw) before it was in the
    page."""
    from material.plugins.search.plugin import Parser

    original = Parser.handle_starttag

    def keep(self: Any, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if ("class", "sa-keys") not in attrs:
            attrs = [(k, v) for k, v in attrs if k != "data-search-exclude"]
        original(self, tag, attrs)

    Parser.handle_starttag = keep  # type: ignore[method-assign]
    try:
        yield
    finally:
        Parser.handle_starttag = original  # type: ignore[method-assign]


def project(folder: Path, portal: str) -> Path:
    """The project folder of a portal: "shipped", or "NxM" (N synthetic questionnaires of M)."""
    import synthetic
    from conftest import make_project

    if portal == "shipped":
        make_project(folder)
        return folder
    questionnaires, items = (int(n) for n in portal.split("x"))
    return synthetic.write_portal(folder, questionnaires, items)


def build(folder: Path, prune: bool = False) -> Path:
    from selfassess.engines import build as site
    from selfassess.questionnaire.portal import Portal

    if prune:
        config = folder / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        swapped = text.replace("    - navigation.sections\n", "    - navigation.prune\n")
        config.write_text(swapped, encoding="utf-8")
    return Path(site.build(Portal.load(folder)))


@contextlib.contextmanager
def served_in_chromium(site: Path) -> Iterator[tuple[str, Any]]:
    """The site served compressed (as GitHub Pages does) and a headless Chromium: (address,
    browser)."""
    from conftest import chromium_executable
    from lighthouse import serving
    from playwright.sync_api import sync_playwright

    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield url, browser
        finally:
            browser.close()


def browser_times(site: Path, runs: int) -> dict[str, float]:
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    samples = []
    with served_in_chromium(site) as (url, browser):
        for _ in range(runs):
            page = browser.new_page()
            page.goto(f"{url}/about/")
            samples.append(page.evaluate(MEASURE, f"{url}/{worker.relative_to(site)}"))
            page.close()
    return {key: statistics.median(s[key] for s in samples) for key in ("parse", "build", "docs")}


def section_page(site: Path) -> Path:
    first = sorted(site.glob("*/questionnaire.json"))[0].parent
    model = json.loads((first / "questionnaire.json").read_text(encoding="utf-8"))
    return first / model["sections"][0]["id"] / "index.html"


def main_thread(site: Path, page: Path, runs: int) -> float:
    """Median main-thread time (CDP TaskDuration) of a full load of the page, 3 s after load."""
    path = page.parent.relative_to(site).as_posix()
    times = []
    with served_in_chromium(site) as (url, browser):
        for _ in range(runs):
            context = browser.new_context()
            tab = context.new_page()
            cdp = context.new_cdp_session(tab)
            cdp.send("Performance.enable")
            tab.goto(f"{url}/{path}/", wait_until="load")
            tab.wait_for_timeout(3000)
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            times.append(metrics["TaskDuration"] * 1000)
            context.close()
    return statistics.median(times)


def kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--portals", nargs="+", default=["shipped", "50x200"])
    parser.add_argument("--prune", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for portal in args.portals:
            for variant in ("before", "now"):
                where = Path(folder) / f"{portal}-{variant}"
                with excluded_words_indexed() if variant == "before" else contextlib.nullcontext():
                    site = build(project(where, portal))
                index = (site / "search" / "search_index.json").read_bytes()
                times = browser_times(site, args.runs)
                rows.append((portal, variant, len(index), len(gzip.compress(index)), times))
                print(
                    f"{portal:<8} {variant:<6} index {kb(len(index)):>8} "
                    f"({kb(rows[-1][3])} gzipped), {times['docs']:.0f} entries; "
                    f"fetch + parse {times['parse']:.0f} ms, worker build {times['build']:.0f} ms",
                    flush=True,
                )
            if args.prune and portal == args.portals[-1]:
                for prune in (False, True):
                    where = Path(folder) / f"{portal}-prune-{prune}"
                    site = build(project(where, portal), prune=prune)
                    page = section_page(site)
                    took = main_thread(site, page, args.runs)
                    links = page.read_text(encoding="utf-8").count('class="md-nav__link')
                    print(
                        f"{portal:<8} {'prune, no sections' if prune else 'as shipped'}: a "
                        f"section page {kb(page.stat().st_size)}, {links} navigation links, "
                        f"main thread {took:.0f} ms",
                        flush=True,
                    )
    print()
    print("| portal | index | entries | gzipped | fetch + parse | worker builds the index |")
    print("|---|--:|--:|--:|--:|--:|")
    for portal, variant, size, packed, times in rows:
        print(
            f"| {portal}, {variant} | {kb(size)} | {times['docs']:.0f} | {kb(packed)} | "
            f"{times['parse']:.0f} ms | {times['build']:.0f} ms |"
        )


if __name__ == "__main__":
    main()
