"""Time the build of the shipped portal: generation alone, and whole builds with each engine;
and weigh the browser app's script and CSS.

    python bench/build.py [--runs 5]

Prints the median and the spread of several runs. A figure to read and compare, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selfassess import assets, site
from selfassess.output import MANIFEST
from selfassess.portal import Portal, check, generate

ROOT = Path(__file__).resolve().parent.parent


def fresh_copy(folder: Path) -> Portal:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("docs", "questionnaires"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("SUMMARY.md"))
    return Portal.load(folder)


def forget_generated(portal: Portal) -> None:
    """Remove every generated file, so that the next run writes them all."""
    manifest = portal.docs_dir / MANIFEST
    for name in json.loads(manifest.read_text()):
        (portal.docs_dir / name).unlink(missing_ok=True)
    manifest.unlink()


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        portal = fresh_copy(Path(temporary))
        rows = [
            (
                "generate (first run, writes every file)",
                timed(
                    lambda: (forget_generated(portal), generate(portal)),
                    runs,
                ),
            )
        ]
        rows.append(("generate (nothing changed)", timed(lambda: generate(portal), runs)))
        rows.append(
            ("selfassess build (MkDocs)", timed(lambda: site.build(portal, "mkdocs"), runs))
        )
        try:
            import zensical  # noqa: F401

            rows.append(
                (
                    "selfassess build --engine zensical",
                    timed(lambda: site.build(portal, "zensical"), runs),
                )
            )
        except ImportError:
            print("zensical is not installed: skipped", file=sys.stderr)
        items = sum(len(q.items) for q in check(portal.questionnaire_paths()).questionnaires)
    print(f"Shipped portal: 2 questionnaires, {items} items; {runs} runs each")
    print(f"{'step':42} {'median':>9} {'min':>9} {'max':>9}")
    for name, times in rows:
        print(
            f"{name:42} {statistics.median(times) * 1000:7.0f} ms {min(times) * 1000:6.0f} ms "
            f"{max(times) * 1000:6.0f} ms"
        )
    print("What the assessment adds to every page (as served, and gzipped):")
    for path, text in assets.files().items():
        if path.endswith((".js", ".css")):
            raw, packed = len(text.encode()), len(gzip.compress(text.encode()))
            print(f"  {path:42} {raw / 1024:5.1f} KB {packed / 1024:5.1f} KB")


if __name__ == "__main__":
    main()
