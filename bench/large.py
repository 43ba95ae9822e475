"""One large questionnaire: does its build time grow with its items, or faster (issue 17, 7)?

    python bench/large.py [--items 2000 4000 8000] [--runs 3] [--step build|generate]
                          [--profile N] [--markdown]

For each size it writes a seeded synthetic portal of one questionnaire (bench/synthetic.py;
sections of 200 items) and runs `selfassess build` (or `generate`) in a fresh Python process,
without the build cache, --runs times: it prints the median wall and CPU time, the time per
1,000 items, and the ratio to the size before (2.0 for a doubling is linear).

Sizes over the questionnaire limits (2,000 items: validate.MAX_ITEMS) are measured with the
limits lifted in that process, since they are what the limits keep out.

--profile N: one more run of each size under cProfile, printing the N functions with the most
time of their own, and how much of the build the generator, MkDocs' Markdown, Material's search
plugin and the HTML parser take.

The pages' bytes are printed too: every section page carries the whole questionnaire's scoring
model (for scores and progress anywhere), so the generated Markdown grows with sections x items,
the square of the items (11 MB for 2,000 items, 90 MB for 8,000); MkDocs, Material's search and
the CSP step read all of it. The item limits bound it.

Measured on 2 December 2026 (2 shared cores, busy: wall time is noisy, CPU time less so), build,
median of 3, CPU seconds for 2,000 / 4,000 / 8,000 items:
- before the limits (aa67b74): 6.4 / 10.8 / 27.9 (one run each, earlier that day: 10.4 / 21.2 /
  44.0 s wall); after (limits lifted for 4,000 and 8,000): 6.2 / 11.7 / 34.5. The issue's 6.4 /
  14.5 / 48.3 s: about 2x per doubling up to 4,000 items, 2.4-2.9x from 4,000 to 8,000.
- cProfile of 8,000 items: MkDocs' Markdown and the HTML parser of MkDocs and of Material's search
  plugin take most of it, over the 90 MB of pages; the generator's own share is Python-Markdown
  on the explanations (linear), nothing quadratic in the model, the renderer, the writer or the
  validator.
- Python-Markdown on one text of raw <span>s: 20,000 characters 0.11 s, 80,000 0.45 s, 320,000
  5.3 s (superlinear from about 100,000 on): MAX_TEXT (20,000) keeps one text at about 0.1 s.

--markdown: the time Python-Markdown takes for one text of raw HTML (<span>s) of growing size,
the cost a text limit (validate.MAX_TEXT) bounds.
"""

from __future__ import annotations

import argparse
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

_RUN = """\
import sys
from selfassess.questionnaire import source
from selfassess.questionnaire import validate
from selfassess import cli
source.MAX_FILE_BYTES = source.MAX_CHARACTERS = validate.MAX_ITEMS = 10**9
sys.exit(cli.main(["--project", sys.argv[1], sys.argv[2]]))
"""


def _run(folder: Path, step: str, profile: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one step in a fresh process, without the build cache."""
    for cache in (folder / ".cache").glob("*"):
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    script = folder / "run.py"
    script.write_text(_RUN, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*command, str(script), str(folder), step], check=True, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _profile_summary(path: Path, top: int) -> None:
    stats = pstats.Stats(str(path))
    raw: dict = stats.stats  # type: ignore[attr-defined]
    total = max(cumulative for _, _, _, cumulative, _ in raw.values())
    shares = [  # (what, file, function)
        ("selfassess generation", "selfassess/generate/pipeline.py", "generate"),
        ("MkDocs' Markdown of the pages", "mkdocs/structure/pages.py", "render"),
        ("Material's search plugin", "material/plugins/search/plugin.py", "on_page_content"),
        ("HTML parsing (html.parser)", "html/parser.py", "goahead"),
    ]
    for label, where, function in shares:
        seconds = max(
            (v[3] for (f, _, name), v in raw.items() if f.endswith(where) and name == function),
            default=0.0,
        )
        print(f"    {label}: {seconds:.1f} s of {total:.1f} s")
    stats.sort_stats("tottime").print_stats(top)


def _markdown_raw_html() -> None:
    from selfassess.questionnaire.markdown import author_html

    print("Python-Markdown on one text of raw HTML (<span>x</span> repeated):")
    for characters in (20_000, 80_000, 320_000):
        text = "<span>x</span> " * (characters // 15)
        start = time.perf_counter()
        author_html(text)
        print(f"  {characters:>9,} characters: {time.perf_counter() - start:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", choices=["build", "generate"], default="build")
    parser.add_argument("--profile", type=int, metavar="N", default=0)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if args.markdown:
        _markdown_raw_html()
    with tempfile.TemporaryDirectory(prefix="selfassess-large-") as temporary:
        previous = None
        print(f"{args.step}, one questionnaire, median of {args.runs} runs:")
        for items in args.items:
            folder = synthetic.write_portal(Path(temporary) / f"p{items}", 1, items)
            size = sum(f.stat().st_size for f in (folder / "questionnaires").glob("*.yaml"))
            runs = [_run(folder, args.step) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            ratio = f"  x{cpu / previous:.2f} CPU" if previous else ""
            pages = sum(
                f.stat().st_size for f in (folder / "docs").rglob("bench-*/*") if f.is_file()
            )
            print(
                f"  {items:>6,} items ({size / 1e6:.1f} MB): {wall:6.1f} s wall, {cpu:6.1f} s CPU,"
                f" {cpu / items * 1000:5.2f} s CPU per 1,000 items{ratio};"
                f" {pages / 1e6:.0f} MB of generated pages",
                flush=True,
            )
            previous = cpu
            if args.profile:
                profile = folder / "profile.out"
                _run(folder, args.step, profile)
                _profile_summary(profile, args.profile)


if __name__ == "__main__":
    main()
