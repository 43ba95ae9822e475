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

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from aggregate import (
    QUESTIONNAIRE_ID,
    fixture_arguments,
    write_fixture,
)  # bench/, the script's own folder
from run import ROOT, chromium, free_port, http_server

from selfassess.engines import build as site

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
    sys.path.insert(0, str(ROOT))
    from tests.conftest import make_project

    name = f"{QUESTIONNAIRE_ID}.yaml"
    text = (fixture / "questionnaires" / name).read_text(encoding="utf-8")
    return site.build(make_project(folder, {name: text}), "mkdocs")


def main() -> None:
    args = fixture_arguments(__doc__)
    with tempfile.TemporaryDirectory() as temporary:
        fixture = Path(temporary) / "fixture"
        paths = write_fixture(fixture, args.files, args.items)
        size = sum(p.stat().st_size for p in paths)
        built = build_portal(Path(temporary) / "portal", fixture)
        files = [{"name": p.name, "text": p.read_text(encoding="utf-8")} for p in paths]
        times = []
        cpu = []
        with http_server(built, free_port()) as base, chromium() as browser:
            url = f"{base}/{QUESTIONNAIRE_ID}/team/"
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


if __name__ == "__main__":
    main()
