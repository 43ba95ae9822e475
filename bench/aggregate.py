"""Time the team view on the command line: `selfassess aggregate` over 500 results files of a
100-item questionnaire (target: under 2 s), and the same work in-process.

    python bench/aggregate.py [--files 500] [--items 100] [--runs 5]

The portal, its questionnaire and the results files are synthetic and seeded, so every run
measures the same input; `write_fixture` is also what other benchmarks import to get them.
A figure to read and compare, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.results import aggregate
from selfassess.results.read import Questionnaires, rater_names, read_all

QUESTIONNAIRE_ID = "bench-team"
SCALES = ["yes-no", "yes-partly-no", "maturity-5", "rating-100"]
NOTES = [
    "Only for the new services so far.",
    "We disagree on this one; see the retro notes.",
    'Depends on the team: "platform" yes, "data" no.',
    "=Planned for Q3",
    "Half done.\nThe rest waits for the migration.",
]
NAMES = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "", ""]
TEAMS = ["Platform", "Data", "Search", ""]


def questionnaire_yaml(items: int, sections: int = 10) -> str:
    """A valid questionnaire of `items` items in up to ten sections, with every kind of scale."""
    lines = [
        f"id: {QUESTIONNAIRE_ID}",
        'version: "1.0"',
        "title: Benchmark team questionnaire",
        "summary: Synthetic, for timing the team view.",
        "allow_na: true",
        "scales:",
        "  maturity-5:",
        *(f"    - {{id: m{v}, label: Step {v}, value: {v / 4}}}" for v in range(5)),
        "context:",
        "  - id: use-case",
        "    text: Which use cases?",
        "    multiple: true",
        "    options: [{id: online, label: Online}, {id: batch, label: Batch}]",
        "sections:",
    ]
    per_section = max(1, -(-items // sections))
    number = 0
    for s in range(sections):
        if number >= items:
            break
        lines += [f"  - id: section-{s + 1}", f"    title: Section {s + 1}", "    items:"]
        for _ in range(per_section):
            if number >= items:
                break
            lines += [
                f"      - id: item-{number + 1}",
                f"        text: Statement number {number + 1} holds for this team.",
                "        explanation: Why it matters, and a first step.",
                f"        scale: {SCALES[number % len(SCALES)]}",
            ]
            if number % 7 == 3:
                lines.append("        when: {use-case: online}")
            if number % 11 == 5:
                lines.append("        tier: extended")
            number += 1
    lines += ["levels:", "  - {min: 0, label: Starting}", "  - {min: 50, label: Established}"]
    return "\n".join(lines) + "\n"


def write_fixture(folder: Path, files: int = 500, items: int = 100, seed: int = 1) -> list[Path]:
    """A portal in `folder` (mkdocs.yml, questionnaires/) and `files` results files of its
    questionnaire in folder/results/; returns the results files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text("site_name: Benchmark\n", encoding="utf-8")
    (folder / "questionnaires").mkdir(exist_ok=True)
    (folder / "questionnaires" / f"{QUESTIONNAIRE_ID}.yaml").write_text(
        questionnaire_yaml(items), encoding="utf-8"
    )
    checked = check(Portal.load(folder).questionnaire_paths())
    if checked.problems:
        raise SystemExit("\n".join(map(str, checked.problems)))
    q = checked.questionnaires[0]
    results = folder / "results"
    results.mkdir(exist_ok=True)
    paths = []
    for n in range(files):
        bias = rng.random()  # each rater leans to better or worse answers
        answers: dict[str, dict[str, str]] = {}
        for item in q.items:
            roll = rng.random()
            if roll < 0.05:
                continue  # unanswered
            answer = {"value": "na"} if roll < 0.08 else {}
            if not answer:
                options = item.scale.options
                index = min(len(options) - 1, int(len(options) * (bias + rng.random()) / 2))
                answer["value"] = options[index].id
            if rng.random() < 0.1:
                answer["note"] = rng.choice(NOTES)
            answers[item.id] = answer
        data = {
            "format": "selfassess-results",
            "format_version": 1,
            "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
            "created": "2026-11-01T09:00:00.000Z",
            "updated": f"2026-11-{1 + n % 28:02d}T10:00:00.000Z",
            "respondent": {"name": rng.choice(NAMES), "team": rng.choice(TEAMS)},
            "context": {"use-case": rng.choice([["online"], ["batch"], ["online", "batch"]])},
            "answers": answers,
        }
        path = results / f"rater-{n + 1:03d}.json"
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def in_process(folder: Path, paths: list[Path]) -> str:
    """What the command does, without starting Python: read, check, score, aggregate."""
    questionnaires = Questionnaires(Portal.load(folder))
    files, _, _ = read_all(paths, questionnaires)
    return aggregate.team_view(files, rater_names(files))


def timed(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def fixture_arguments(description: str | None) -> argparse.Namespace:
    """The options of the benchmarks that read the files of `write_fixture`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def main() -> None:
    args = fixture_arguments(__doc__)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "portal"
        paths = write_fixture(folder, args.files, args.items)
        size = sum(p.stat().st_size for p in paths)
        command = [sys.executable, "-m", "selfassess", "--project", str(folder), "aggregate"]

        def whole_command() -> None:
            subprocess.run([*command, *map(str, paths)], check=True, capture_output=True)

        def with_csv() -> None:
            target = folder / "team.csv"
            subprocess.run(
                [*command, *map(str, paths), "--csv", str(target)], check=True, capture_output=True
            )

        rows = [
            ("`selfassess aggregate` (a new Python process)", timed(whole_command, args.runs)),
            ("the same with `--csv` (every rater's answers)", timed(with_csv, args.runs)),
            (
                "in-process: read, check, score, aggregate",
                timed(lambda: in_process(folder, paths), args.runs),
            ),
            (
                "`python -c pass` (start-up of Python alone)",
                timed(
                    lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.runs
                ),
            ),
        ]
    print(
        f"{args.files} results files ({size / 1e6:.1f} MB) of a {args.items}-item questionnaire, "
        f"median of {args.runs} runs:\n"
    )
    print("| Step | Median | Range |\n|---|--:|--:|")
    for name, times in rows:
        print(
            f"| {name} | {statistics.median(times) * 1000:.0f} ms "
            f"| {min(times) * 1000:.0f} to {max(times) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
