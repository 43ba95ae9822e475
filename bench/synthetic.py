"""Seeded synthetic portals for the benchmarks: N questionnaires of M items, as a project folder.

    python bench/synthetic.py FOLDER --questionnaires 10 --items 200 [--seed 6]

The same arguments always write the same files. Each questionnaire looks like a real one: sections
of at most 200 items (a 1,000-item questionnaire has five of 200), groups of up to 25 items, an
explanation of three short Markdown paragraphs under every item, a mix of built-in and custom
scales (some items on a 0-100 rating), a context question that about one item in ten depends on,
a few extended items, weights, levels and a verdict. The project is the repository's: its
mkdocs.yml (without a list of published questionnaires) and its hand-written docs.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECTION_MAX = 200  # the "200-item section of a 1,000-item questionnaire"
GROUP_MAX = 25
SCHEMA_LINE = (
    "# yaml-language-server: $schema=../generator/selfassess/schema/questionnaire.schema.json\n"
)
# Same pattern as tests/conftest.py: a synthetic portal publishes every questionnaire it holds.
_PUBLISHED_LIST = re.compile(r"^    questionnaires:.*\n(?:      - .*\n)*", re.MULTILINE)

_WORDS = """model data pipeline feature training release review owner team metric drift monitoring
deployment registry version experiment baseline latency audit policy incident dashboard schema
contract retraining rollback budget risk fairness lineage test alert service batch stakeholder
catalogue label sample threshold schedule documentation approval platform"""
_VERBS = """documents tracks checks records reviews measures approves automates compares versions
publishes validates retrains monitors explains"""
WORDS, VERBS = _WORDS.split(), _VERBS.split()
SCALES: list[str] = ["yes-no", "yes-partly-no", "practice-4"]
PRACTICE_4 = [
    {"id": "no", "label": "No", "value": 0},
    {"id": "started", "label": "Started", "value": 0.25, "description": "Begun in some teams."},
    {"id": "mostly", "label": "Mostly", "value": 0.75},
    {"id": "fully", "label": "Fully", "value": 1, "description": "Done everywhere, and checked."},
]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    chosen.insert(1, rng.choice(VERBS))
    return " ".join(chosen).capitalize() + "."


def _explanation(rng: random.Random) -> str:
    """Three short paragraphs as authors write them: bold lead-ins, code, an occasional link."""
    why = " ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(2))
    good = " ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(2))
    step = _sentence(rng, rng.randint(10, 16))
    if rng.random() < 0.3:
        good += f" See the `{rng.choice(WORDS)}` guide at [example.org](https://example.org/)."
    return (
        f"**Why it matters.** {why}\n\n**What good looks like.** {good}\n\n**First step.** {step}\n"
    )


def _counts(total: int, most: int) -> list[int]:
    """`total` split into as few near-equal parts as `most` allows."""
    parts = math.ceil(total / most)
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


TAGS = ["people", "process", "tooling"]
STEPS = ["Initial", "Repeatable", "Automated"]


def questionnaire(index: int, items: int, seed: int = 6, models: bool = False) -> dict[str, Any]:
    """models: the scoring models a results page lays out on top (issue 12): staircase levels over
    three steps, three tags, targets on the overall score and every section."""
    rng = random.Random(f"{seed}:{index}:{items}")
    qid = f"bench-{index:02d}"
    scale = SCALES[index % len(SCALES)]
    # Five sections from 50 items on (of at most 200 items each), sections of five below.
    sections_count = max(math.ceil(items / SECTION_MAX), min(5, math.ceil(items / 5)))
    sections = []
    number = 0
    for s, in_section in enumerate(_counts(items, math.ceil(items / sections_count))):
        groups = []
        first = number + 1  # the section's first item
        for g, in_group in enumerate(_counts(in_section, GROUP_MAX)):
            group_items = []
            for _ in range(in_group):
                number += 1
                item: dict[str, Any] = {
                    "id": f"i{number}",
                    "text": _sentence(rng, rng.randint(6, 12)),
                    "explanation": _explanation(rng),
                }
                if rng.random() < 0.05:
                    item["scale"] = "rating-100"
                if rng.random() < 0.1:
                    item["when"] = {
                        "use-case": rng.choice(["online", "batch", ["online", "batch"]])
                    }
                if rng.random() < 0.05:
                    item["weight"] = 2
                if rng.random() < 0.15:
                    item["tier"] = "extended"
                if models:  # steps 1, 2, 3 in turn: every step in every section
                    item["maturity"] = 1 + (number - first) % 3
                    item["tags"] = sorted(set(rng.sample(TAGS, rng.randint(1, 2))))
                group_items.append(item)
            groups.append(
                {
                    "id": f"s{s + 1}-g{g + 1}",
                    "title": " ".join(rng.choices(WORDS, k=2)).capitalize(),
                    "items": group_items,
                }
            )
        section: dict[str, Any] = {
            "id": f"s{s + 1}",
            "title": f"{' '.join(rng.choices(WORDS, k=2)).capitalize()} {s + 1}",
            "description": _sentence(rng, 12),
        }
        section |= {"groups": groups} if len(groups) > 1 else {"items": groups[0]["items"]}
        if models:
            section["target"] = rng.choice([60, 70, 80])
        sections.append(section)
    document: dict[str, Any] = {
        "id": qid,
        "version": "1.0",
        "title": f"Benchmark questionnaire {index + 1}",
        "summary": _sentence(rng, 12),
        "description": f"{_sentence(rng, 20)} {_sentence(rng, 15)}\n\n{_sentence(rng, 18)}\n",
        "scale": scale,
        "allow_na": True,
        "context": [
            {
                "id": "use-case",
                "text": "Which use cases does the project serve?",
                "multiple": True,
                "options": [
                    {"id": "online", "label": "Online predictions"},
                    {"id": "batch", "label": "Batch predictions"},
                ],
            }
        ],
        "sections": sections,
        "levels": [
            {"min": 0, "label": "Starting", "description": _sentence(rng, 8)},
            {"min": 50, "label": "Established"},
            {"min": 85, "label": "Leading", "description": _sentence(rng, 8)},
        ],
        "verdicts": [
            {
                "id": "basics-in-place",
                "title": "Basics in place",
                "description": _sentence(rng, 10),
                "sections": [s["id"] for s in sections[:2]],
            }
        ],
    }
    if scale == "practice-4":
        document["scales"] = {"practice-4": PRACTICE_4}
    if models:
        document["maturity"] = {"overall": True, "levels": [{"label": step} for step in STEPS]}
        document["tags"] = [{"id": tag, "label": tag.capitalize()} for tag in TAGS]
        document["target"] = 75
    return document


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None  # explanations as block text, like a person writes them
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _text)


def write_yaml(document: dict[str, Any]) -> str:
    return SCHEMA_LINE + yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def write_portal(
    folder: Path, questionnaires: int, items: int, seed: int = 6, models: bool = False
) -> Path:
    """A project folder like the repository's, with the synthetic questionnaires only."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(_PUBLISHED_LIST.sub("", config), encoding="utf-8")
    docs = folder / "docs"
    docs.mkdir(exist_ok=True)
    for page in (ROOT / "docs").glob("*.md"):
        if page.name != "SUMMARY.md":
            shutil.copy(page, docs / page.name)
    if (ROOT / "docs" / "images").is_dir():
        shutil.copytree(ROOT / "docs" / "images", docs / "images", dirs_exist_ok=True)
    target = folder / "questionnaires"
    target.mkdir(exist_ok=True)
    for index in range(questionnaires):
        document = questionnaire(index, items, seed, models)
        path = target / f"{document['id']}.yaml"
        path.write_text(write_yaml(document), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--questionnaires", type=int, default=1)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    write_portal(args.folder, args.questionnaires, args.items, args.seed)
    print(f"wrote {args.questionnaires} x {args.items} items into {args.folder}")


if __name__ == "__main__":
    main()
