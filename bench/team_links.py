"""Time the team view reading pasted share links: the results files of bench/aggregate.py's
`write_fixture` (500 of a 100-item questionnaire by default) made into the links the results
page's Copy link makes (share.js, run in Node), pasted into the team view's box, from the click on
"Add the links" to every part drawn (target: under 1 s).

    python bench/team_links.py [--files 500] [--items 100] [--runs 5]

As bench/team_view.py, which times the same raters as files: Chromium times inside the page, and
the CPU time of its main thread is given beside the wall-clock time. A figure, not a test.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from aggregate import QUESTIONNAIRE_ID, fixture_arguments, write_fixture  # bench/
from run import ROOT, chromium, free_port, http_server
from team_view import build_portal, thread_time

RUN = """(expected) => new Promise((resolve) => {
  const parts = [...document.querySelectorAll("[data-sa-part=sections], [data-sa-part=disputed]")];
  let start = 0;
  const observer = new MutationObserver(() => {
    const n = parts[0].querySelector("tfoot td:last-child");
    if (!n || n.textContent !== String(expected) || !parts[1].querySelector(".sa-disputed__item"))
      return;
    observer.disconnect();
    document.body.offsetHeight;
    resolve(performance.now() - start);
  });
  for (const part of parts) observer.observe(part, { childList: true, subtree: true });
  document.querySelector(".sa-team__paste textarea").value = window.benchLinks;
  start = performance.now();
  document.querySelector(".sa-team__paste button").click();
})"""


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.test_team import share_links

    args = fixture_arguments(__doc__)
    with tempfile.TemporaryDirectory() as temporary:
        fixture = Path(temporary) / "fixture"
        paths = write_fixture(fixture, args.files, args.items)
        built = build_portal(Path(temporary) / "portal", fixture)
        model = json.loads((built / QUESTIONNAIRE_ID / "questionnaire.json").read_text("utf-8"))
        records = [json.loads(p.read_text("utf-8")) for p in paths]
        with http_server(built, free_port()) as base, chromium() as browser:
            links = share_links(model, records, f"{base}/{QUESTIONNAIRE_ID}/results/")
            text = "\n".join(links)
            times, cpu = [], []
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/{QUESTIONNAIRE_ID}/team/")
                page.locator(".sa-team__paste textarea").wait_for()
                page.evaluate("(text) => { window.benchLinks = text; }", text)
                session = page.context.new_cdp_session(page)
                session.send("Performance.enable")
                before = thread_time(session)
                times.append(page.evaluate(RUN, args.files) / 1000)
                cpu.append(thread_time(session) - before)
                raters = page.locator(".sa-team__list li").count()
                page.close()
    print(
        f"{args.files} share links ({len(text) / 1e6:.2f} MB, {len(text) // len(links)} characters "
        f"each on average) of a {args.items}-item questionnaire in Chromium, {os.cpu_count()} "
        f"cores; median of {args.runs} runs:\n"
    )
    print("| Step | Median | Range |\n|---|--:|--:|")
    print(
        f"| team view: links pasted to every part drawn ({raters} raters) "
        f"| {statistics.median(times) * 1000:.0f} ms "
        f"| {min(times) * 1000:.0f} to {max(times) * 1000:.0f} ms |"
    )
    print(
        f"| the same, CPU time of the page's main thread | {statistics.median(cpu) * 1000:.0f} ms "
        f"| {min(cpu) * 1000:.0f} to {max(cpu) * 1000:.0f} ms |"
    )
    print(f"\nLoad average during the run: {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
