"""The benchmark suite of issue 6: build times, memory, asset weight and browser timings, at scale.

    python bench/run.py [--quick] [--sizes 1x20 1x200 ...] [--runs N] [--no-browser] [--no-serve]

For each size (questionnaires x items per questionnaire) it writes a seeded synthetic portal
(bench/synthetic.py) and measures, each step in a fresh Python process:

- generate: `selfassess generate` into an empty docs tree (every file written), without the build
  cache (.cache/selfassess/) of an earlier run: the first build of a fresh checkout;
- regenerate: the same with the build cache the runs before left: a rebuild after an edit of
  mkdocs.yml or a hand-written page (an edit of one questionnaire costs that one's generation);
- build: the whole `selfassess build` with MkDocs (generation included, without the build cache),
  and its peak memory (the maximum resident set size of that process, from os.wait4);
- mkdocs / zensical: the engine alone on the already-generated docs, with the same throw-away
  config `selfassess build` uses, so generation's share of a build is a ratio.

Times are medians over several runs (--runs; the biggest sizes get fewer, as printed). Each step
reports wall time and CPU time; the ratios and linearity checks use CPU time (user + system of the
process, and of its children for Zensical), which stays meaningful on a busy machine where wall
time does not.

Then, on the 1 x 1000-item portal built with MkDocs and served over HTTP, in Chromium:

- assets: the gzipped size of the JS and CSS files of assets/selfassess/ that a section page and a
  results page load (read from the built pages' own <script src> and <link href> tags), and the
  size of the questionnaire data each page carries in its data-sa-model attribute;
- click: 200 clicks, one on each item of the 200-item first section. Each timer spans
  `radio.click()` (the click, input and change events dispatched synchronously, the app's
  handler: record updated, rescored, saved to localStorage, status and items re-rendered) and a
  forced style and layout (reading document.body.offsetHeight); painting is not included. After
  each timer the score, the progress bars and the localStorage record are checked to show the
  answer (a failed check stops the benchmark);
- results: the results page of that questionnaire with all 1,000 items answered, loaded afresh
  5 times: "mount" is from the app's JSON.parse of the page's data (the first thing its mount does)
  to the action plan rendered and laid out; "navigation" is from navigation start to the same
  point (download and parsing of the page included).

The click and results figures are taken twice: on that questionnaire, and on the same one with the
scoring models a results page lays out on top (staircase levels over three steps, three tags,
targets on the overall score and every section; synthetic.questionnaire(models=True)).

And on the 50 x 200 portal under `selfassess serve`: the time from saving an edit of one
questionnaire's YAML to the open page showing it (livereload), the median of 5 edits 5 s apart,
and how many files an edit rewrote.

It prints a table and the targets of issue 6 as PASS or MISS, and writes bench/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "generator"))

import synthetic  # noqa: E402
from lighthouse import serving  # noqa: E402

FULL_SIZES = ["1x20", "1x200", "1x1000", "10x20", "10x200", "50x200"]
QUICK_SIZES = ["1x20", "1x200", "1x1000"]
BIG = 5000  # items from which a size gets fewer runs
CLICKS = 200
RESULTS_LOADS = 5
SERVE_EDITS = 5  # edits of one YAML under serve; the median reload counts
MODEL_ATTRIBUTE = re.compile(r"""data-sa-model=(["'])(.*?)\1""", re.DOTALL)
TARGETS = {
    "generation share": "generation <= 10 % of the MkDocs build (CPU time), at every size",
    "regeneration share": "the same, generation with the build cache of an earlier run",
    "build linear": "10x items -> <= 11x build time (CPU time, selfassess build)",
    "memory linear": "10x items -> <= 11x peak memory of the build",
    "click p95": "click-to-update p95 <= 16 ms",
    "results": "results page of 1,000 items rendered <= 100 ms (mount to plan)",
    "click p95 (models)": "the same click, with staircase levels, tags and targets",
    "results (models)": "the same results page, with staircase levels, tags and targets",
    "assets": "assessment JS + CSS <= 15 KB gzipped on a section page",
    "reload": "serve: edit of one YAML on the 50 x 200 portal shown within 2 s",
}


# --- steps, each run in a fresh process ----------------------------------------------------------


def _forget_generated(portal: Any) -> None:
    """Remove every generated file, so that the next generation writes them all."""
    from selfassess.generate.output import MANIFEST

    manifest = portal.docs_dir / MANIFEST
    if manifest.is_file():
        for name in json.loads(manifest.read_text()):
            (portal.docs_dir / name).unlink(missing_ok=True)
        manifest.unlink()


def _step(name: str, project: Path) -> dict[str, float]:
    """One measured step in this process; prints its figures as JSON for the parent."""
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    from selfassess.engines import build as site
    from selfassess.generate import cache as build_cache
    from selfassess.generate.pipeline import generate
    from selfassess.questionnaire.portal import Portal

    portal = Portal.load(project)
    action: Callable[[], object]
    if name in ("generate", "regenerate", "build"):
        _forget_generated(portal)
        if name != "regenerate":  # the others start without the build cache of earlier runs
            shutil.rmtree(project / build_cache.FOLDER, ignore_errors=True)
        action = (lambda: site.build(portal)) if name == "build" else lambda: generate(portal)
    else:
        import mkdocs.commands.build  # noqa: F401  (imports are not the engine's work)

        staging = Path(tempfile.mkdtemp(prefix=".site-", dir=portal.root))
        engine = site._build_mkdocs if name == "mkdocs" else site._build_zensical
        action = functools.partial(engine, portal, staging, False)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    if name in ("mkdocs", "zensical"):
        shutil.rmtree(staging, ignore_errors=True)
    return {"wall": wall, "cpu": cpu, "children_rss_mb": after.ru_maxrss / 1024}


def run_step(name: str, project: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--step", name, str(project)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 first, so the rusage is this process's; then read what it printed.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    if process.returncode != 0:
        raise RuntimeError(f"step {name} on {project} failed:\n{err[-3000:]}")
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rss_mb"] = max(usage.ru_maxrss / 1024, figures.pop("children_rss_mb"))
    return figures


# --- build benchmarks ----------------------------------------------------------------------------


def parse_size(text: str) -> tuple[int, int]:
    count, items = text.lower().split("x")
    return int(count), int(items)


def runs_for(size: str, runs: int) -> int:
    count, items = parse_size(size)
    return max(1, runs - 1) if count * items >= BIG else runs


def median_of(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def bench_builds(size: str, folder: Path, runs: int, zensical: bool) -> dict[str, Any]:
    count, items = parse_size(size)
    project = synthetic.write_portal(folder / size, count, items)
    row: dict[str, Any] = {"size": size, "questionnaires": count, "items": count * items}
    row["runs"] = runs = runs_for(size, runs)
    steps = ["generate", "regenerate", "build", "mkdocs"] + (["zensical"] if zensical else [])
    for step in steps:
        samples = [run_step(step, project) for _ in range(runs)]
        row[step] = median_of(samples)
        print(
            f"  {size:>7} {step:9} {row[step]['cpu']:7.2f} s CPU {row[step]['wall']:7.2f} s wall"
            f" {row[step]['rss_mb']:6.0f} MB",
            file=sys.stderr,
        )
    row["generation_share"] = row["generate"]["cpu"] / row["mkdocs"]["cpu"]
    row["regeneration_share"] = row["regenerate"]["cpu"] / row["mkdocs"]["cpu"]
    if zensical:
        row["generation_share_zensical"] = row["generate"]["cpu"] / row["zensical"]["cpu"]
    pages = list((project / "docs").glob("*/s1.md"))
    if pages:
        text = pages[0].read_text(encoding="utf-8")
        model = MODEL_ATTRIBUTE.search(text)
        row["section_page_kb"] = len(text.encode()) / 1024
        row["model_attribute_kb"] = len(model.group(2).encode()) / 1024 if model else 0
    return row


def linearity(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], float]) -> list[dict]:
    """For each pair of sizes where the items grow 5x or more: does the figure grow at most 1.1x
    as fast (10x items -> at most 11x)? Pairs differ in one dimension only, to separate
    "more items per questionnaire" from "more questionnaires"."""
    checks = []
    by_size = {r["size"]: r for r in rows}
    for small in rows:
        for big in rows:
            (qs, items_s), (qb, items_b) = parse_size(small["size"]), parse_size(big["size"])
            grow = big["items"] / small["items"]
            if grow < 5 or (qs != qb and items_s != items_b):
                continue
            # the next step up only: 1x20 -> 1x200, not 1x20 -> 1x1000 when 1x200 was measured
            between = [
                r
                for r in by_size.values()
                if small["items"] < r["items"] < big["items"]
                and (parse_size(r["size"])[0] == qs == qb or parse_size(r["size"])[1] == items_s)
            ]
            if between:
                continue
            ratio = key(big) / key(small)
            checks.append(
                {
                    "from": small["size"],
                    "to": big["size"],
                    "items_ratio": grow,
                    "ratio": ratio,
                    "ok": ratio <= 1.1 * grow,
                }
            )
    return checks


# --- the built site in Chromium ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def http_server(folder: Path, port: int) -> contextlib.AbstractContextManager[str]:
    """The folder served uncompressed on 127.0.0.1:port while the block runs."""
    return serving(folder, port, _Quiet)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.conftest import chromium_executable

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_executable(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


def chromium_version(browser: Any) -> str:
    return str(browser.version)


def asset_sizes(site: Path, page: str) -> dict[str, Any]:
    """The assessment's own files that a built page loads, as its tags name them, gzipped; and on
    the pages that show results, the reports bundle app.js loads from beside its own script."""
    html = (site / page).read_text(encoding="utf-8")
    names = re.findall(
        r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]*assets/selfassess/[^"]*)"', html
    )
    from selfassess.generate.assets import REPORTS_SCRIPT, SCRIPT

    core, reports = Path(SCRIPT).name, Path(REPORTS_SCRIPT).name
    if re.search(r'data-sa-page="(results|team)"', html):
        script = next(n.split("?")[0] for n in names if n.split("?")[0].endswith("/" + core))
        names.append(script.removesuffix(core) + reports)
    files = {}
    for name in names:
        path = (site / page).parent / name.split("?")[0]
        data = path.resolve().read_bytes()
        files[path.resolve().relative_to(site.resolve()).as_posix()] = {
            "kb": len(data) / 1024,
            "gzip_kb": len(gzip.compress(data, 9)) / 1024,
        }
    js_css = [v for k, v in files.items() if k.endswith((".js", ".css"))]
    model = MODEL_ATTRIBUTE.search(html)
    attribute = model.group(2).encode() if model else b""
    return {
        "files": files,
        "gzip_kb": sum(v["gzip_kb"] for v in js_css),
        "page_kb": len(html.encode()) / 1024,
        "page_gzip_kb": len(gzip.compress(html.encode(), 9)) / 1024,
        "model_kb": len(attribute) / 1024,
        "model_gzip_kb": len(gzip.compress(attribute, 9)) / 1024,
    }


CLICK_SCRIPT = """
async (count) => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const key = () => Object.keys(localStorage).find((k) => k.endsWith(":bench-00"));
  const stored = () => localStorage.getItem(key());
  const items = [...document.querySelectorAll(".sa-item[data-sa-item]")];
  const times = [];
  for (let i = 0; i < count; i++) {
    const item = items[i % items.length];
    const radios = item.querySelectorAll('input[type="radio"]');
    const radio = radios[i % (radios.length - 1)];
    await frame();
    const start = performance.now();
    radio.click();
    void document.body.offsetHeight;
    times.push(performance.now() - start);
    const record = JSON.parse(stored());
    const saved = record.answers[item.dataset.saItem];
    const done = Math.min(i + 1, items.length);
    const bars = [...document.querySelectorAll(".sa-status progress")].map((p) => p.value);
    if (!saved || saved.value !== radio.value || bars[0] !== done || bars[1] !== done
        || !document.querySelector(".sa-status .sa-score").textContent.trim()) {
      throw new Error(`click ${i} not shown: ${JSON.stringify({ saved, bars, done })}`);
    }
  }
  return times;
}
"""

ANSWER_ALL = """
() => {
  const items = [...document.querySelectorAll(".sa-item[data-sa-item]")];
  items.forEach((item, i) => {
    const radios = item.querySelectorAll('input[type="radio"]');
    radios[(i * 7) % radios.length].click();
  });
  return items.length;
}
"""

# Runs before the page's scripts: notes when the app parses the page's data (the start of its
# mount), then when the action plan has been filled and laid out.
RESULTS_PROBE = """
(() => {
  const parse = JSON.parse;
  window.__bench = {};
  JSON.parse = function (text, ...rest) {
    if (window.__bench.mount === undefined && typeof text === "string" && text.length > 50000) {
      window.__bench.mount = performance.now();
      const plan = document.querySelector('[data-sa-part="plan"]');
      if (plan) {
        new MutationObserver((records, observer) => {
          void document.body.offsetHeight;
          window.__bench.plan = performance.now();
          window.__bench.planItems = plan.querySelectorAll("li, details").length;
          observer.disconnect();
        }).observe(plan, { childList: true, subtree: true });
      }
    }
    return parse.call(this, text, ...rest);
  };
})();
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_profile(page: Any, action: Callable[[], object], top: int = 12) -> list[dict]:
    """Chromium's sampling profiler over `action`: self time per function, highest first."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
    cdp.send("Profiler.start")
    action()
    profile = cdp.send("Profiler.stop")["profile"]
    interval = (profile["endTime"] - profile["startTime"]) / max(1, len(profile["samples"])) / 1000
    totals: dict[str, float] = {}
    for node in profile["nodes"]:
        frame = node["callFrame"]
        where = frame["functionName"] or "(anonymous)"
        if frame["url"]:
            where += f" {Path(frame['url']).name}:{frame['lineNumber'] + 1}"
        totals[where] = totals.get(where, 0) + node.get("hitCount", 0) * interval
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    return [{"function": name, "ms": round(ms, 1)} for name, ms in ranked[:top] if ms > 0]


def bench_browser(folder: Path, models: bool = False) -> dict[str, Any]:
    """The 1 x 1000 portal built with MkDocs for a known address, in Chromium; models: its
    questionnaire with staircase levels, tags and targets (synthetic.questionnaire)."""
    from selfassess.engines import build as site
    from selfassess.questionnaire.portal import Portal

    name = "browser-1x1000-models" if models else "browser-1x1000"
    project = synthetic.write_portal(folder / name, 1, 1000, models=models)
    port = free_port()
    os.environ["SITE_URL"] = f"http://127.0.0.1:{port}/"
    built = site.build(Portal.load(project))
    del os.environ["SITE_URL"]
    return measure_browser(built, port)


def measure_browser(built: Path, port: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "assets_section": asset_sizes(built, "bench-00/s1/index.html"),
        "assets_results": asset_sizes(built, "bench-00/results/index.html"),
    }
    with http_server(built, port) as url, chromium() as browser:
        result["chromium"] = chromium_version(browser)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/bench-00/s1/")
        page.wait_for_selector(".sa-status .sa-score")
        times = page.evaluate(CLICK_SCRIPT, CLICKS)
        result["click"] = {
            "clicks": len(times),
            "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95),
            "max_ms": max(times),
        }
        if result["click"]["p95_ms"] > 16:  # where the time goes, for whoever fixes it
            page.evaluate("localStorage.clear()")
            page.reload()
            page.wait_for_selector(".sa-status .sa-score")
            result["click"]["profile"] = cpu_profile(page, lambda: page.evaluate(CLICK_SCRIPT, 50))
        for section in range(2, 6):
            page.goto(f"{url}/bench-00/s{section}/")
            page.wait_for_selector(".sa-status .sa-score")
            page.evaluate(ANSWER_ALL)
        page.add_init_script(RESULTS_PROBE)
        loads = []
        for _ in range(RESULTS_LOADS):
            page.goto(f"{url}/bench-00/results/")
            page.wait_for_function("window.__bench && window.__bench.plan !== undefined")
            loads.append(page.evaluate("window.__bench"))
        result["results"] = {
            "loads": len(loads),
            "mount_ms": statistics.median(x["plan"] - x["mount"] for x in loads),
            "navigation_ms": statistics.median(x["plan"] for x in loads),
            "plan_entries": loads[-1]["planItems"],
            # The scoring models' tables (staircase, tags, levels, targets) the page laid out.
            "model_tables": page.locator(".sa-nodes table").count(),
        }
        if result["results"]["mount_ms"] > 100:
            result["results"]["profile"] = cpu_profile(
                page,
                lambda: (
                    page.goto(f"{url}/bench-00/results/"),
                    page.wait_for_function("window.__bench && window.__bench.plan !== undefined"),
                ),
            )
        context.close()
    return result


# --- live preview --------------------------------------------------------------------------------


def bench_serve(folder: Path) -> dict[str, Any]:
    """Edit one questionnaire of the 50 x 200 portal under `selfassess serve`; time the reload."""
    project = synthetic.write_portal(folder / "serve-50x200", 50, 200)
    port = free_port()
    log = folder / "serve.log"
    url = f"http://127.0.0.1:{port}/bench-07/s1/"
    with log.open("w") as output:
        command = ["-m", "selfassess", "--project", str(project), "serve"]
        server = subprocess.Popen(
            [sys.executable, *command, "--dev-addr", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "generator")},
        )
    try:
        started = time.perf_counter()
        while "Serving on" not in log.read_text() and server.poll() is None:
            if time.perf_counter() - started > 900:
                raise RuntimeError("selfassess serve did not start:\n" + log.read_text()[-2000:])
            time.sleep(0.5)
        startup = time.perf_counter() - started
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url, timeout=120_000)
            page.wait_for_selector("#i1")
            source = project / "questionnaires" / "bench-07.yaml"
            reloads, cpus, written = [], [], []
            for edit in range(SERVE_EDITS):
                time.sleep(5)  # the page that reloaded has settled (search index included)
                text = source.read_text(encoding="utf-8")
                first = re.search(r"^ +- id: i1\n +text: (.*)$", text, re.MULTILINE)
                assert first, "item i1 not found in the synthetic YAML"
                marker = f"Edited for the reload benchmark, edit {edit + 1}"
                before = log.read_text().count("selfassess: regenerated")
                cpu = _cpu_seconds(server.pid)
                saved = time.perf_counter()
                source.write_text(text.replace(first.group(1), marker, 1), encoding="utf-8")
                page.wait_for_function(
                    f"document.getElementById('i1') && document.getElementById('i1')"
                    f".textContent.includes({json.dumps(marker)})",
                    timeout=600_000,
                    polling=50,
                )
                reloads.append(time.perf_counter() - saved)
                cpus.append(_cpu_seconds(server.pid) - cpu)
                messages = log.read_text().split("selfassess: regenerated")[before + 1 :]
                count = re.match(r" \((\d+) written", messages[0]) if messages else None
                written.append(int(count.group(1)) if count else None)
        return {
            "startup_s": startup,
            "edits": SERVE_EDITS,
            "reloads_s": reloads,
            "reload_s": statistics.median(reloads),
            "reload_cpu_s": statistics.median(cpus),
            "files_written": max(written, key=lambda n: n or 0),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _cpu_seconds(pid: int) -> float:
    """User and system time of a running process so far (Linux), its waited children included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


# --- report --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import mkdocs

    facts: dict[str, Any] = {
        "cores": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "mkdocs": mkdocs.__version__,
    }
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        facts["zensical"] = version("zensical")
        facts["mkdocs-material"] = version("mkdocs-material")
    with contextlib.suppress(OSError):
        facts["load_average"] = os.getloadavg()
    return facts


def report(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    rows = results["builds"]
    print()
    m = results["machine"]
    print(
        f"Machine: {m['cores']} cores, {m['cpu']}, Python {m['python']}, MkDocs {m['mkdocs']}, "
        f"Zensical {m.get('zensical', '-')}, "
        f"Chromium {results.get('browser', {}).get('chromium', '-')}"
    )
    checks: list[tuple[str, bool, str]] = build_table(rows, results) if rows else []
    checks += browser_and_serve(results)
    print()
    for name, ok, text in checks:
        print(f"{'PASS' if ok else 'MISS'}  {TARGETS[name]}: {text}")
    return checks


def build_table(rows: list[dict[str, Any]], results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    print("CPU seconds (wall seconds), medians; memory: peak RSS of `selfassess build`")
    header = (
        f"{'size':>7} {'items':>6} {'runs':>4} {'generate':>14} {'regenerate':>14} {'build':>15} "
        f"{'mkdocs':>15} {'zensical':>15} {'gen/mkdocs':>10} {'regen/mkdocs':>12} {'memory':>8}"
    )
    print(header)

    def cell(row: dict, step: str) -> str:
        if step not in row:
            return "-"
        return f"{row[step]['cpu']:.2f} ({row[step]['wall']:.2f})"

    for r in rows:
        print(
            f"{r['size']:>7} {r['items']:>6} {r['runs']:>4} {cell(r, 'generate'):>14} "
            f"{cell(r, 'regenerate'):>14} {cell(r, 'build'):>15} {cell(r, 'mkdocs'):>15} "
            f"{cell(r, 'zensical'):>15} {r['generation_share'] * 100:9.1f}% "
            f"{r['regeneration_share'] * 100:11.1f}% {r['build']['rss_mb']:6.0f} MB"
        )
    checks: list[tuple[str, bool, str]] = []
    for name, share in (
        ("generation share", "generation_share"),
        ("regeneration share", "regeneration_share"),
    ):
        worst = max(rows, key=lambda r: r[share])
        checks.append(
            (
                name,
                all(r[share] <= 0.10 for r in rows),
                f"at most {worst[share] * 100:.1f} % ({worst['size']})",
            )
        )
    for name, figure in (
        ("build linear", lambda r: r["build"]["cpu"]),
        ("memory linear", lambda r: r["build"]["rss_mb"]),
    ):
        pairs = linearity(rows, figure)
        results.setdefault("linearity", {})[name] = pairs
        text = ", ".join(
            f"{p['from']}->{p['to']}: {p['items_ratio']:.0f}x items, {p['ratio']:.2f}x"
            for p in pairs
        )
        checks.append((name, all(p["ok"] for p in pairs), text or "no pair of sizes measured"))
    return checks


def click_and_results(
    browser: dict[str, Any], label: str, suffix: str
) -> list[tuple[str, bool, str]]:
    """The click and results figures of one portal of bench_browser, printed; their checks."""
    checks = []
    click = browser["click"]
    print(
        f"click to update{label} ({click['clicks']} clicks, 200-item section of 1,000 items): "
        f"p50 {click['p50_ms']:.1f} ms, p95 {click['p95_ms']:.1f} ms, "
        f"max {click['max_ms']:.1f} ms"
    )
    checks.append((f"click p95{suffix}", click["p95_ms"] <= 16, f"{click['p95_ms']:.1f} ms"))
    shown = browser["results"]
    print(
        f"results page of 1,000 answered items{label} ({shown['loads']} loads): mount to plan "
        f"{shown['mount_ms']:.0f} ms, navigation start to plan {shown['navigation_ms']:.0f} ms; "
        f"{shown.get('model_tables', 0)} tables of the scoring models"
    )
    checks.append((f"results{suffix}", shown["mount_ms"] <= 100, f"{shown['mount_ms']:.0f} ms"))
    for part in ("click", "results"):
        if "profile" in browser[part]:
            print(f"  where the {part} time goes (Chromium profiler, self time):")
            for entry in browser[part]["profile"]:
                print(f"    {entry['ms']:8.1f} ms  {entry['function']}")
    return checks


def browser_and_serve(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    checks: list[tuple[str, bool, str]] = []
    browser = results.get("browser")
    if browser:
        for page in ("section", "results"):
            sizes = browser[f"assets_{page}"]
            print(
                f"{page} page: assessment JS+CSS {sizes['gzip_kb']:.1f} KB gzipped; page "
                f"{sizes['page_kb']:.0f} KB ({sizes['page_gzip_kb']:.0f} KB gzipped), of which "
                f"data-sa-model {sizes['model_kb']:.0f} KB "
                f"({sizes['model_gzip_kb']:.0f} KB gzipped)"
            )
        # The target is for what answering adds to a page; results pages also load the reports.
        section = browser["assets_section"]["gzip_kb"]
        checks.append(("assets", section <= 15, f"{section:.1f} KB"))
        for key, label, suffix in (
            ("browser", "", ""),
            ("browser_models", " with staircase levels, tags and targets", " (models)"),
        ):
            if key in results:
                checks += click_and_results(results[key], label, suffix)
    serve = results.get("serve")
    if serve:
        print(
            f"serve, 50 x 200: started in {serve['startup_s']:.0f} s; an edit of one YAML "
            f"rewrote {serve['files_written']} files and showed in the browser after "
            f"{serve['reload_s']:.2f} s, the median of {serve.get('edits', 1)} edits "
            f"({serve.get('reload_cpu_s', float('nan')):.2f} s of CPU time of the serve process)"
        )
        checks.append(("reload", serve["reload_s"] <= 2, f"{serve['reload_s']:.2f} s"))
    return checks


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}, one run")
    parser.add_argument(
        "--sizes", nargs="*", help=f"NxM sizes (default {FULL_SIZES}); none: no build timings"
    )
    parser.add_argument("--runs", type=int, help=f"runs per step (default 3; 2 from {BIG} items)")
    parser.add_argument("--no-zensical", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--step", nargs=2, metavar=("STEP", "PROJECT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step[0], Path(args.step[1]))))
        return
    default = QUICK_SIZES if args.quick else FULL_SIZES
    sizes = args.sizes if args.sizes is not None else default
    runs = args.runs or (1 if args.quick else 3)
    zensical = not args.no_zensical and _has_zensical()
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "sizes": sizes, "runs": runs}
    with tempfile.TemporaryDirectory(prefix="selfassess-bench-") as temporary:
        folder = Path(temporary)
        results["builds"] = []
        for size in sizes:  # saved as it goes: a long run stopped half-way keeps its figures
            results["builds"].append(bench_builds(size, folder, runs, zensical))
            args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        if not args.no_browser:
            print("  browser: 1x1000 built, clicks and results page", file=sys.stderr)
            results["browser"] = bench_browser(folder)
            print("  browser: the same with staircase levels, tags and targets", file=sys.stderr)
            results["browser_models"] = bench_browser(folder, models=True)
        if not args.no_serve and not args.quick:
            print("  serve: 50x200, one YAML edit", file=sys.stderr)
            results["serve"] = bench_serve(folder)
    results["seconds"] = time.perf_counter() - started
    checks = report(results)
    results["targets"] = {name: {"ok": ok, "measured": text} for name, ok, text in checks}
    results["machine"]["load_average_after"] = os.getloadavg()
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\n{results['seconds'] / 60:.1f} minutes; figures in {args.output}")


def _has_zensical() -> bool:
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


if __name__ == "__main__":
    main()
