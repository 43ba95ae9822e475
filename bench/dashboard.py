"""Time the dashboard: committed results files of the shipped Maturity Assessment (56 items), one
per team and quarter, for 200 teams by 8 quarters (1,600 files), and 400 and 3,200 files.

    python bench/dashboard.py [--teams 200] [--quarters 8] [--sizes 400 1600 3200] [--runs 3]

For each size it writes a seeded portal (the repository's, with results/mlops-maturity/<team>/
<date>-<name>.json as `selfassess collect` lays them out) and measures, each in a fresh Python
process, `selfassess generate` with and without the results folder, and without the build cache
(.cache/selfassess/), so the difference is what reading the files and making the dashboard adds:
CPU seconds (user + system), the median of --runs; and the same for the whole `selfassess build`
(MkDocs builds the dashboard and the quarters' pages too). It prints the CPU time per file, to read
whether the cost grows linearly, the built dashboard page's size, raw and gzipped (the quarters'
pages hold the links to every file), and, with Playwright, how long Chromium takes from navigation
start to the page laid out.
A figure to read and compare, not a test: no target fails a run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from selfassess.questionnaire.check import check

ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRE = "mlops-maturity"
_PUBLISHED_LIST = re.compile(r"^    questionnaires:.*\n(?:      - .*\n)*", re.MULTILINE)
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai"]
NOTES = ["Only for the new services so far.", "Half done; the rest waits for the migration."]


def portal(folder: Path) -> Path:
    """The repository's portal (its config, docs and questionnaires) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_PUBLISHED_LIST.sub("", config), encoding="utf-8")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("images"))
    shutil.copytree(ROOT / "questionnaires", folder / "questionnaires")
    return folder


def write_results(folder: Path, teams: int, quarters: int, seed: int = 16) -> list[Path]:
    """One results file per team and quarter under folder/results/mlops-maturity/, as the browser
    downloads them: each team starts at its own level and mostly improves, section by section."""
    checked = check(sorted((folder / "questionnaires").glob("*.yaml")))
    q = next(q for q in checked.questionnaires if q.id == QUESTIONNAIRE)
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    paths = []
    for t in range(teams):
        team = f"Team {t + 1:03d}"
        slug = f"team-{t + 1:03d}"
        name = FIRST_NAMES[t % len(FIRST_NAMES)]
        level = rng.uniform(0.1, 0.7)
        section_bias = {s.id: rng.uniform(-0.2, 0.2) for s in q.sections}
        use_case = rng.choice([["real-time"], ["batch"], ["real-time", "batch"]])
        for k in range(quarters):
            day = start + timedelta(days=91 * k + rng.randint(5, 80))
            level = min(1.0, max(0.0, level + rng.uniform(-0.03, 0.08)))
            answers: dict[str, dict[str, str]] = {}
            for section in q.sections:
                for item in section.items:
                    if rng.random() < 0.03:
                        continue
                    yes = rng.random() < level + section_bias[section.id]
                    answer = {"value": "yes" if yes else "no"}
                    if rng.random() < 0.05:
                        answer["note"] = rng.choice(NOTES)
                    answers[item.id] = answer
            stamp = f"{day.isoformat()}T10:00:00.000Z"
            data = {
                "format": "selfassess-results",
                "format_version": 1,
                "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
                "created": stamp,
                "updated": stamp,
                "respondent": {"name": name, "team": team},
                "context": {"use-case": use_case},
                "answers": answers,
            }
            path = folder / "results" / q.id / slug / f"{day.isoformat()}-{name.lower()}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, indent=2), encoding="utf-8")
            paths.append(path)
    return paths


_TIMED = """
import os, sys
from pathlib import Path
from selfassess.engines import build as site
from selfassess.generate.pipeline import generate
from selfassess.questionnaire.portal import Portal
from selfassess.results import dashboard
portal = Portal.load(Path(sys.argv[1]))
start = os.times()
if sys.argv[2] == "build":
    site.build(portal)
else:
    generate(portal, results=dashboard.pages)
end = os.times()
print(end.user - start.user + end.system - start.system)
"""


def cpu_seconds(folder: Path, step: str) -> float:
    """`generate` (with the dashboards) or the whole `selfassess build`, in a fresh process,
    without the build cache and with none of the generated pages left in docs/."""
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    for generated in (folder / "docs").iterdir():
        if generated.is_dir() and (generated / ".gitignore").is_file():
            shutil.rmtree(generated)
    done = subprocess.run(
        [sys.executable, "-c", _TIMED, str(folder), step],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return float(done.stdout.split()[-1])


def median(folder: Path, step: str, runs: int) -> float:
    return statistics.median(cpu_seconds(folder, step) for _ in range(runs))


# DOMContentLoaded (the page parsed, styles in) plus a forced style and layout of the whole page.
_LAID_OUT = """() => {
  const start = performance.now();
  document.body.offsetHeight;
  const [navigation] = performance.getEntriesByType("navigation");
  return navigation.domContentLoadedEventEnd + (performance.now() - start);
}"""


def layout_ms(site: Path, path: str) -> float | None:
    """Chromium: from navigation start to the page laid out (DOMContentLoaded, then a forced
    layout), the median of 5 loads over HTTP; None without Playwright. Without JavaScript: the
    dashboard needs none, and so the time is the page's own, not the theme's scripts'."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
    times = []
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path="/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None,
                args=["--no-sandbox"],
            )
            page = chromium.new_page(
                viewport={"width": 1280, "height": 900}, java_script_enabled=False
            )
            for _ in range(5):
                page.goto(url, wait_until="domcontentloaded")
                times.append(page.evaluate(_LAID_OUT))
            chromium.close()
    finally:
        server.shutdown()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 1600, 3200])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = portal(Path(temporary) / "portal")
        base = {step: median(folder, step, args.runs) for step in ("generate", "build")}
        print(
            f"without results: generate {base['generate']:.2f} s, build {base['build']:.2f} s "
            f"(CPU, median of {args.runs})"
        )
        print(
            "| Results files | Teams x quarters | generate, added | per file | build, added "
            "| per file | page | gzipped | laid out |"
        )
        print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for size in args.sizes:
            quarters = max(1, size // args.teams)
            shutil.rmtree(folder / "results", ignore_errors=True)
            files = len(write_results(folder, args.teams, quarters))
            generated = median(folder, "generate", args.runs) - base["generate"]
            built = median(folder, "build", args.runs) - base["build"]
            html = (folder / "site" / QUESTIONNAIRE / "dashboard" / "index.html").read_bytes()
            shown = layout_ms(folder / "site", f"{QUESTIONNAIRE}/dashboard/")
            if size == args.sizes[0]:
                intro = layout_ms(folder / "site", f"{QUESTIONNAIRE}/")
                if intro is not None:
                    print(
                        f"the questionnaire's intro page, for comparison: laid out {intro:.0f} ms"
                    )
            print(
                f"| {files:,} | {args.teams} x {quarters} | {generated:.2f} s "
                f"| {1000 * generated / files:.2f} ms | {built:.2f} s "
                f"| {1000 * built / files:.2f} ms | {len(html) / 1024:.0f} KB "
                f"| {len(gzip.compress(html, 9)) / 1024:.1f} KB "
                f"| {'-' if shown is None else f'{shown:.0f} ms'} |"
            )


if __name__ == "__main__":
    main()
