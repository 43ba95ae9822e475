"""Time `selfassess collect` on one share link (target of issue 16: at most 0.5 s), and measure the
share links of the shipped MLOps Maturity Assessment, fully answered, with and without notes.

    python bench/collect.py [--runs 5]

The link is made by results/share.py from a seeded record (every statement answered, a note of
about 80 characters on each, context, a name and a team) of the repository's own questionnaire;
each run collects it into an empty folder. "in-process" is the command's own work after Python
and selfassess are imported (the portal's questionnaires loaded and checked, the link read and
checked, the file scored and written), as `cli.main` does it; the whole command adds the start
of a new Python process and the imports. A figure to read and compare, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selfassess import cli
from selfassess.questionnaire.portal import Portal
from selfassess.results import share
from selfassess.results.read import Questionnaires

ROOT = Path(__file__).resolve().parent.parent
QID = "mlops-maturity"
BASE = "https://acme.github.io/mlops-self-assessment/"
# Notes of about 80 characters, each one different: words drawn from this text.
TEXT = """We have it for the main service only and the rest is planned for next quarter. The
data team does this by hand and nobody has written the steps down yet. Done for batch scoring
since May while the real time path still lacks the same checks. We discussed it in the retro
and agreed to try it on one project first, with the platform team owning the tooling."""


def full_record(seed: int = 1) -> dict:
    rng = random.Random(seed)
    model = Questionnaires(Portal.load(ROOT)).model(QID)
    answers = {}
    for ident, item in model.items.items():
        words = TEXT.split()
        note = " ".join(rng.choice(words) for _ in range(20))[:79].capitalize() + "."
        answers[ident] = {"value": rng.choice(item["options"]), "note": note}
    return {
        "updated": "2026-03-02T09:30:00.000Z",
        "respondent": {"name": "Ann Example", "team": "Platform"},
        "context": {question: [q["options"][0]] for question, q in model.context.items()},
        "answers": answers,
    }


def link(record: dict, notes: bool) -> str:
    model = Questionnaires(Portal.load(ROOT)).model(QID)
    return share.results_page(BASE, model) + share.fragment(model, record, notes)


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
    args = parser.parse_args()
    record = full_record()
    plain, with_notes = link(record, False), link(record, True)
    with tempfile.TemporaryDirectory() as temporary:
        runs = iter(range(10 * args.runs))

        def target() -> str:
            return str(Path(temporary) / f"run-{next(runs)}")

        def in_process() -> None:
            status = cli.main(["--project", str(ROOT), "collect", plain, "-o", target()])
            assert status == 0

        def whole_command() -> None:
            command = [sys.executable, "-m", "selfassess", "--project", str(ROOT), "collect"]
            subprocess.run([*command, plain, "-o", target()], check=True, capture_output=True)

        def start_up() -> None:
            subprocess.run([sys.executable, "-c", "import selfassess.cli"], check=True)

        with open("/dev/null", "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                rows = [('in-process: `cli.main(["collect", LINK])`', timed(in_process, args.runs))]
            finally:
                sys.stdout = stdout
        rows += [
            ("`selfassess collect LINK` (a new Python process)", timed(whole_command, args.runs)),
            ("`python -c 'import selfassess.cli'` (start-up alone)", timed(start_up, args.runs)),
        ]
    print(f"One share link of the 56-statement {QID}, median of {args.runs} runs:\n")
    print("| Step | Median | Range |\n|---|--:|--:|")
    for name, times in rows:
        print(
            f"| {name} | {statistics.median(times) * 1000:.0f} ms "
            f"| {min(times) * 1000:.0f} to {max(times) * 1000:.0f} ms |"
        )
    print(
        f"\nLinks of the fully answered questionnaire at {BASE}: {len(plain):,} characters "
        f"without notes, {len(with_notes):,} with a different 80-character note on each statement."
    )


if __name__ == "__main__":
    main()
