"""What the scoring models add to a report below the section scores, whatever its format: the
areas, the staircase levels with what blocks the next one, the tables across tags and maturity
levels, and the targets. The results page's modelParts (browser/nodes.js) in the same order and
words; a questionnaire without these keys gets none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..questionnaire.score import rules
from .read import NONE, ResultsFile, format_score, node_score
from .words import Words

# A table's row: its header, then its cells as (text, heat band 0-4, or None: not shaded).
Row = tuple[str, list[tuple[str, int | None]]]


@dataclass
class Table:
    heading: str
    caption: str
    head: list[str]
    rows: list[Row]
    heat: bool = False  # cells shaded by score (the tags and maturity levels tables)
    ident: str = ""  # the HTML table's id, which a chart names as its description


@dataclass
class Stair:
    title: str  # "2. Testing"
    level: str  # "Level 1 of 3: Foundations"
    # What stands before the next level: (sentence, the statements as "2.2 Text").
    lines: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class Staircase:
    heading: str
    whole: str | None  # "Overall: Level 0 of 3", where the questionnaire declares it
    stairs: list[Stair]


Part = Table | Staircase


def model_parts(results: ResultsFile, w: Words) -> list[Part]:
    found = [
        _areas(results, w),
        _staircase(results, w),
        _cross(results, w, "tags"),
        _cross(results, w, "steps"),
        _targets(results, w),
    ]
    return [part for part in found if part is not None]


def _section_title(section: dict[str, Any]) -> str:
    return f"{section['number']}. {section['title']}"


def _areas(results: ResultsFile, w: Words) -> Table | None:
    areas = results.model.data.get("areas") or []
    if not areas:
        return None
    scoring = results.questionnaire.scoring_data()
    with_levels = any(area.get("levels") for area in areas)
    head = [w.app_text("areaColumn"), w.app_text("scoreColumn")]
    head += [w.app_text("levelColumn")] if with_levels else []
    head += [w.app_text("soFarColumn")]
    rows: list[Row] = []
    for area in areas:
        node = results.scores["areas"][area["id"]]
        cells = [node_score(scoring, node, w.language)]
        cells += [node["level"] or NONE] if with_levels else []
        so_far = {"value": node["so_far_value"], "max": node["so_far_max"]}
        cells += [node_score(scoring, so_far, w.language)]
        rows.append((area.get("title") or area["id"], [(cell, None) for cell in cells]))
    heading = w.app_text("areasHeading")
    return Table(heading, heading, head, rows, ident="areas")


def _level(w: Words, labels: list[str], stair: dict[str, Any]) -> str:
    reached = f": {labels[stair['reached'] - 1]}" if stair["reached"] else ""
    return w.app_text("stairLevel", stair["reached"], stair["of"]) + reached


def _staircase(results: ResultsFile, w: Words) -> Staircase | None:
    maturity = results.model.data.get("maturity")
    if not maturity:
        return None
    labels = maturity["levels"]
    items = results.model.items
    stairs = []
    for section in results.model.data["sections"]:
        stair = results.scores["sections"][section["id"]]["stair"]
        one = Stair(_section_title(section), _level(w, labels, stair))
        if stair["next"] is None:
            one.lines.append((w.app_text("stairTop"), []))
        for key in ("blocking", "missing"):
            if stair[key]:
                sentence = w.app_text(
                    "stairBlocking" if key == "blocking" else "stairMissing",
                    stair["next"],
                    len(stair[key]),
                )
                statements = [f"{items[i]['number']} {items[i]['text']}" for i in stair[key]]
                one.lines.append((sentence, statements))
        stairs.append(one)
    whole = results.scores["whole"].get("stair")
    overall = f"{w.app_text('overall')}: {_level(w, labels, whole)}" if whole else None
    return Staircase(w.app_text("stairHeading"), overall, stairs)


def _cross(results: ResultsFile, w: Words, kind: str) -> Table | None:
    """Sections by tags (or by maturity levels): each cell the score of the section's statements
    there, shaded by score and always written out; a dash where the section has none."""
    data = results.model.data
    if kind == "tags":
        labels = data.get("tag_labels") or {}
        columns: list[tuple[Any, str]] = [
            (tag, labels.get(tag, tag)) for tag in data.get("tags") or []
        ]
    else:
        columns = list(enumerate((data.get("maturity") or {}).get("levels") or []))
    if not columns:
        return None
    decimals = rules(results.questionnaire.scoring_data())["decimals"]
    rows: list[Row] = []
    for section in data["sections"]:
        cells = results.scores["sections"][section["id"]][kind]
        row: list[tuple[str, int | None]] = []
        for key, _ in columns:
            cell = cells[key]
            if not cell["included"] or cell["score"] is None:
                row.append((NONE, None))
            else:
                band = min(4, int(cell["score"] // 25))
                row.append((format_score(cell["score"], w.language, decimals), band))
        rows.append((_section_title(section), row))
    prefix = "tags" if kind == "tags" else "steps"
    head = [w.app_text("sectionColumn"), *(label for _, label in columns)]
    return Table(
        w.app_text(f"{prefix}Heading"), w.app_text(f"{prefix}Caption"), head, rows, heat=True
    )


def _targets(results: ResultsFile, w: Words) -> Table | None:
    data, scores = results.model.data, results.scores
    scoring = results.questionnaire.scoring_data()
    decimals = rules(scoring)["decimals"]
    nodes = [(_section_title(s), scores["sections"][s["id"]]) for s in data["sections"]]
    nodes += [
        (a.get("title") or a["id"], scores["areas"][a["id"]]) for a in data.get("areas") or []
    ]
    nodes += [(w.app_text("overall"), scores["whole"])]
    rows: list[Row] = []
    for label, node in nodes:
        if node.get("target") is None:
            continue
        by = "targetByYou" if node["target_by"] == "you" else "targetByQuestionnaire"
        target = f"{format_score(node['target'], w.language, decimals)} ({w.app_text(by)})"
        status = w.app_text(target_status(node))
        cells = [node_score(scoring, node, w.language), target, status]
        rows.append((label, [(cell, None) for cell in cells]))
    if not rows:
        return None
    head = [w.app_text(key) for key in ("sectionColumn", "nowColumn", "targetColumn")]
    head.append(w.app_text("statusColumn"))
    return Table(w.app_text("targetsHeading"), w.app_text("targetsCaption"), head, rows)


def target_status(node: dict[str, Any]) -> str:
    """The key of a node's standing against its target: below, reached, or no score to tell
    (targetStatus in nodes.js)."""
    if node.get("value") is None:
        return "targetNotScored"
    return "belowTarget" if node["below_target"] else "reachedTarget"
