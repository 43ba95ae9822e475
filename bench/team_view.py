"""Time the team view in the browser: 500 results files of a 100-item questionnaire, set on the
page's file input, until the raters, the section table, the radar and the disputed statements are
drawn (target: under 1 s).

    python bench/team_view.py [--files 500] [--items 100] [--runs 5]

The questionnaire and the files come from bench/aggregate.py's `write_fixture` (seeded: every run
measures the same input). The portal is built once with MkDocs and served over HTTP; Chromium
(Debian's /usr/bin/chromium where Playwright has none of its own) times inside the page, from
putting the files on the input to the moment every part is drawn and laid out, so the figure holds
reading, checking, scoring, statistics and drawing, and not Playwright's transfer of the files.
Beside the wall-clock time it gives the CPU time of the page's main thread, which a busy machine
does not inflate. A figure to read and compare, not a test.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

from aggregate import QUESTIONNAIRE_ID, write_fixture  # bench/, the script's own folder
from playwright.sync_api import sync_playwright

from selfassess import site
from selfassess.portal import Portal

ROOT = Path(__file__).resolve().parent.parent
_PUBLISHED_LIST = re.compile(r"^    questionnaires:.*\n(?:      - .*\n)*", re.MULTILINE)

# Puts the files on the page's input, as a pick in the file dialog does, and resolves when the
# section table counts every rater and the disputed statements are drawn (style and layout done),
# with the milliseconds since the input changed. The File objects are made beforehand (PREPARE),
# so the time holds the page's own work only: reading, checking, scoring, statistics, drawing.
PREPARE = """(files) => {
  window.benchFiles = files.map((f) => new File([f.text], f.name, { type: "application/json" }));
}"""
RUN = """(expected) => new Promise((resolve) => {
  const input = document.querySelector("[data-sa-part=files] input[type=file]");
  const parts = [...document.querySelectorAll("[data-sa-part=sections], [data-sa-part=disputed]")];
  let start = 0;
  const observer = new MutationObserver(() => {
    const n = parts[0].querySelector("tfoot td:last-child");
    const drawn = n && n.textContent === String(expected);
    if (!drawn || !parts[1].querySelector(".sa-disputed__item")) return;
    observer.disconnect();
    document.body.offsetHeight;
    resolve(performance.now() - start);
  });
  for (const part of parts) observer.observe(part, { childList: true, subtree: true });
  const transfer = new DataTransfer();
  for (const file of window.benchFiles) transfer.items.add(file);
  input.files = transfer.files;
  start = performance.now();
  input.dispatchEvent(new Event("change", { bubbles: true }));
})"""


def build_portal(folder: Path, fixture: Path) -> Path:
    """The repository's config and hand-written pages with the benchmark's questionnaire."""
    folder.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_PUBLISHED_LIST.sub("", config), encoding="utf-8")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=_generated)
    (folder / "questionnaires").mkdir()
    name = f"{QUESTIONNAIRE_ID}.yaml"
    shutil.copy(fixture / "questionnaires" / name, folder / "questionnaires" / name)
    return site.build(Portal.load(folder), "mkdocs")


def _generated(folder: str, names: list[str]) -> list[str]:
    """Only the hand-written pages: no generated questionnaire folders or assets."""
    path = Path(folder)
    return [
        n
        for n in names
        if (path / n / ".gitignore").is_file() or n in (".selfassess", "SUMMARY.md", "assets")
    ]


def chromium() -> str | None:
    for candidate in (os.environ.get("SELFASSESS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        fixture = Path(temporary) / "fixture"
        paths = write_fixture(fixture, args.files, args.items)
        size = sum(p.stat().st_size for p in paths)
        built = build_portal(Path(temporary) / "portal", fixture)
        handler = functools.partial(_Quiet, directory=str(built))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{QUESTIONNAIRE_ID}/team/"
        files = [{"name": p.name, "text": p.read_text(encoding="utf-8")} for p in paths]
        times = []
        cpu = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                errors: list[str] = []
                page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
                page.goto(url)
                page.locator(".sa-dropzone").wait_for()
                page.evaluate(PREPARE, files)
                session = page.context.new_cdp_session(page)
                session.send("Performance.enable")
                before = thread_time(session)
                times.append(page.evaluate(RUN, args.files) / 1000)
                cpu.append(thread_time(session) - before)
                if errors:
                    raise SystemExit(f"page error: {errors}")
                raters = page.locator(".sa-team__list li").count()
                page.close()
            browser.close()
        server.shutdown()
        server.server_close()
    print(
        f"{args.files} results files ({size / 1e6:.1f} MB) of a {args.items}-item questionnaire "
        f"in Chromium, {os.cpu_count()} cores; median of {args.runs} runs:\n"
    )
    print("| Step | Median | Range |\n|---|--:|--:|")
    print(
        f"| team view: files set on the input to every part drawn ({raters} raters) "
        f"| {statistics.median(times) * 1000:.0f} ms "
        f"| {min(times) * 1000:.0f} to {max(times) * 1000:.0f} ms |"
    )
    print(
        f"| the same, CPU time of the page's main thread "
        f"| {statistics.median(cpu) * 1000:.0f} ms "
        f"| {min(cpu) * 1000:.0f} to {max(cpu) * 1000:.0f} ms |"
    )
    load = os.getloadavg()[0]
    print(f"\nLoad average during the run: {load:.1f}.")
    print(json.dumps({"median_s": statistics.median(times), "runs_s": times, "cpu_s": cpu}))


def thread_time(session) -> float:
    """CPU seconds the page's main thread has used: on a busy machine the wall-clock time says
    as much about the neighbours as about the page."""
    metrics = session.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ThreadTime"))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    main()
