"""Scoring: one assessment record against a questionnaire's scoring model, as PRODUCT.md defines it.

The browser scores answers with `browser/score.js`; this module is its twin, for the digest, for
reports and for tests. The shared vectors in tests/scoring/vectors.json and a cross-language
property test hold the two to the same results, down to the last bit of every float: change both
or neither, and keep their sums in the same order.

The model (`Questionnaire.scoring_data()`, or the browser's copy of it) is trusted: it was built
from a validated questionnaire. The record is not: it comes from browser storage or from a file
someone imported, so any part of it with the wrong type counts as absent and scoring never raises.

The tree, and how a node's score comes from its children (docs/scoring.md, "Scoring models"):
items -> (scored groups) -> sections -> (areas) -> overall. Every node has a score on 0-100, the
geometry the radar and bars draw, and the raw points behind it (value of max); a questionnaire's
unit says which of them people read. Items combine by `mean` (weighted mean: 100 * sum(w * v) /
sum(w), the first version's rule), `sum` (points: sum(w * v) of sum(w)) or `min`; nodes by the
weighted mean of their scores, the sum of their points, or the one child with the lowest score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .scales import NOT_APPLICABLE

# An answer as scoring sees it: an option's value, NOT_APPLICABLE, or None for unanswered.
Answer = float | str | None
# A node as the tree computes it: (score 0-100, value, max), all None when nothing is scored.
Node = tuple[float | None, float | None, float | None]

# The rules of a model without a `scoring` block: the first version's, and the shipped ones'.
DEFAULT_RULES: dict[str, Any] = {
    "group": None,  # groups are not scored
    "section": "mean",
    "area": "mean",
    "overall": "mean",
    "unanswered": "zero",
    "unit": "percent",
    "out_of": None,
    "decimals": 1,
}
PRIORITIES = ("high", "medium", "low")


def rules(model: Mapping[str, Any]) -> dict[str, Any]:
    """The model's scoring rules with every default filled in."""
    return {**DEFAULT_RULES, **model.get("scoring", {})}


def item_applies(item: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
    """Whether every `when` condition of the item holds for the record's context answers.

    An unanswered context question excludes nothing: until people say what their project is,
    they see every item.
    """
    for question, options in item["when"].items():
        chosen = _choices(context, question)
        if chosen and not any(option in options for option in chosen):
            return False
    return True


def score_assessment(model: Mapping[str, Any], record: Mapping[str, Any]) -> dict[str, Any]:
    """Scores, counts, levels, staircase, targets, verdicts and plan of a record.

    See PRODUCT.md, "Scoring", and docs/scoring.md.
    """
    rule = rules(model)
    context = _mapping(_get(record, "context"))
    answers = _mapping(_get(record, "answers"))
    scales: Mapping[str, Any] = model["scales"]
    maturity: Mapping[str, Any] | None = model.get("maturity")
    tags: list[str] = model.get("tags", [])
    items: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    # Per section in order: its included items as (item, value or None, top value, option).
    included_by_section: list[tuple[Mapping[str, Any], list[tuple[Any, Any, float, Any]]]] = []
    totals = {"answered": 0, "included": 0, "applicable": 0, "na": 0}
    for section in model["sections"]:
        counts = {"answered": 0, "included": 0, "applicable": 0, "na": 0}
        included: list[tuple[Any, Any, float, Any]] = []
        for item in section["items"]:
            options: list[Any] = scales.get(item["scale"], [])
            applies = item_applies(item, context)
            answer, option = _answer(item, options, answers) if applies else (None, None)
            value = answer if isinstance(answer, float) else None
            items[item["id"]] = {"applies": applies, "value": value, "na": answer == NOT_APPLICABLE}
            if not applies:
                continue
            counts["applicable"] += 1
            if answer == NOT_APPLICABLE:
                counts["na"] += 1
                continue
            counts["included"] += 1
            if value is not None:
                counts["answered"] += 1
            top = max((float(o["value"]) for o in options), default=1.0)
            included.append((item, value, top, option))
        sections[section["id"]] = dict(counts)
        included_by_section.append((section, included))
        for key, count in counts.items():
            totals[key] += count

    # Every node twice: with unanswered items counted 0 ("zero") and left out ("excluded").
    # The questionnaire's rule picks one; "so far" is always the second; targets are checked
    # against the first's maximum, the most a node can reach.
    trees = {way: _tree(model, rule, included_by_section, way) for way in ("zero", "excluded")}
    chosen = trees[rule["unanswered"]]
    so_far = trees["excluded"]
    full = trees["zero"]
    targets = _mapping(_get(record, "targets"))

    def node(key: tuple[str, ...], levels: Any, declared: Any, own: Any) -> dict[str, Any]:
        score, value, most = chosen[key]
        shown, shown_max = _display(rule, score, value, most)
        so_score, so_value, so_most = so_far[key]
        so_shown, so_shown_max = _display(rule, so_score, so_value, so_most)
        full_max = _display(rule, *full[key])[1]
        target, target_by = None, None
        if _valid_target(own, full_max):
            target, target_by = float(own), "you"
        elif declared is not None:
            target, target_by = float(declared), "questionnaire"
        return {
            "score": score,
            "value": shown,
            "max": shown_max,
            "so_far": so_score,
            "so_far_value": so_shown,
            "so_far_max": so_shown_max,
            "level": _level(levels, shown),
            "target": target,
            "target_by": target_by,
            "below_target": target is not None and shown is not None and shown < target,
        }

    own_sections = _mapping(_get(targets, "sections"))
    section_levels = model.get("section_levels")
    for section, included in included_by_section:
        sid = section["id"]
        entry = sections[sid]
        entry.update(
            node(
                ("section", sid),
                section.get("levels", section_levels),
                section.get("target"),
                _get(own_sections, sid),
            )
        )
        if rule["group"] is not None:
            entry["groups"] = {
                group["id"]: node(("group", sid, group["id"]), None, None, None)
                for group in section.get("groups", [])
            }
        if maturity:
            entry["stair"] = _stair(included, maturity)
        entry.update(_cells(included, maturity, tags, rule["unanswered"]))

    areas: dict[str, Any] = {}
    own_areas = _mapping(_get(targets, "areas"))
    for area in model.get("areas", []):
        aid = area["id"]
        counts = {key: sum(sections[s][key] for s in area["sections"]) for key in totals}
        own = _get(own_areas, aid)
        areas[aid] = {**counts, **node(("area", aid), area.get("levels"), area.get("target"), own)}

    whole = node(("overall",), model["levels"], model.get("target"), _get(targets, "overall"))
    everything = [entry for _, included in included_by_section for entry in included]
    if maturity and maturity.get("overall"):
        whole["stair"] = _stair(everything, maturity)
    whole.update(_cells(everything, maturity, tags, rule["unanswered"]))

    verdicts: dict[str, Any] = {}
    for verdict in model["verdicts"]:
        blocking: list[str] = []
        missing: list[str] = []
        # In questionnaire order, whatever the verdict's order, and each section once.
        for section, included in included_by_section:
            if section["id"] not in verdict["sections"]:
                continue
            for item, value, top, _ in included:
                if value is None:
                    missing.append(item["id"])
                elif value < top:
                    blocking.append(item["id"])
        verdicts[verdict["id"]] = {
            "holds": not blocking and not missing,
            "blocking": blocking,
            "missing": missing,
        }

    return {
        "overall": whole["score"],
        "level": whole["level"],
        **totals,
        "sections": sections,
        "areas": areas,
        "whole": whole,
        "verdicts": verdicts,
        "items": items,
        "plan": _plan(model, rule, included_by_section, sections, areas, whole),
    }


# The tree


def _tree(
    model: Mapping[str, Any],
    rule: Mapping[str, Any],
    included_by_section: list[tuple[Mapping[str, Any], list[tuple[Any, Any, float, Any]]]],
    way: str,
) -> dict[tuple[str, ...], Node]:
    """(score, value, max) of every node, with unanswered items counted as `way` says."""
    nodes: dict[tuple[str, ...], Node] = {}
    section_nodes: list[tuple[float, Node]] = []
    by_id: dict[str, tuple[float, Node]] = {}
    for section, included in included_by_section:
        result = _section_node(rule, section, included, way, nodes)
        nodes[("section", section["id"])] = result
        section_nodes.append((float(section["weight"]), result))
        by_id[section["id"]] = (float(section["weight"]), result)
    tops = section_nodes
    if model.get("areas"):
        tops = []
        for area in model["areas"]:
            result = _from_nodes(rule["area"], [by_id[s] for s in area["sections"]])
            nodes[("area", area["id"])] = result
            tops.append((float(area.get("weight", 1)), result))
    if rule["overall"] == "none":
        nodes[("overall",)] = (None, None, None)
    else:
        nodes[("overall",)] = _from_nodes(rule["overall"], tops)
    return nodes


def _from_items(how: str, entries: list[tuple[float, float | None, float]], way: str) -> Node:
    """A node from its items' (weight, value or None, top): score 0-100, value and max in points.

    An item is worth 1 point at full marks (times its weight under `sum`).
    """
    if how == "min":
        lowest: float | None = None
        for _, value, _ in entries:
            if value is None:
                if way == "excluded":
                    continue
                value = 0.0
            if lowest is None or value < lowest:
                lowest = value
        return (None, None, None) if lowest is None else (100 * lowest, lowest, 1.0)
    num, den = _sums(entries, way)
    if den <= 0:
        return (None, None, None)
    if how == "sum":
        return (100 * num / den, num, den)
    return (100 * num / den, num / den, 1.0)


def _sums(entries: list[tuple[float, float | None, float]], way: str) -> tuple[float, float]:
    """sum(w * v) and sum(w) of the items that count: unanswered ones count 0, or not at all."""
    num = 0.0
    den = 0.0
    for weight, value, _ in entries:
        if value is None and way == "excluded":
            continue
        den += weight
        if value is not None:
            num += weight * value
    return num, den


def _from_nodes(how: str, children: list[tuple[float, Node]]) -> Node:
    """A node from its scored children's (weight, (score, value, max)); unscored ones drop out."""
    scored = [(w, child) for w, child in children if child[0] is not None]
    if not scored:
        return (None, None, None)
    if how == "min":
        weakest = scored[0][1]
        for _, child in scored[1:]:
            if child[0] < weakest[0]:  # type: ignore[operator]
                weakest = child
        return weakest
    if how == "sum":
        value = 0.0
        most = 0.0
        for weight, (_, v, m) in scored:
            value += weight * v  # type: ignore[operator]
            most += weight * m  # type: ignore[operator]
        return (100 * value / most, value, most) if most > 0 else (None, None, None)
    num = 0.0
    den = 0.0
    value = 0.0
    most = 0.0
    alike = True  # every child on the same scale
    for weight, (s, v, m) in scored:
        num += weight * s  # type: ignore[operator]
        den += weight
        value += weight * v  # type: ignore[operator]
        most += weight * m  # type: ignore[operator]
        alike = alike and m == scored[0][1][2]
    # On mixed scales the mean of the points would disagree with the mean of the scores:
    # the value follows the score, so that value / max is always score / 100.
    score = num / den
    return (score, value / den if alike else score * (most / den) / 100, most / den)


def _display(
    rule: Mapping[str, Any], score: float | None, value: float | None, most: float | None
) -> tuple[float | None, float | None]:
    """A node's (value, max) on the scale people read: percent, points, or 0-N."""
    if rule["out_of"] is not None:
        return (None if score is None else rule["out_of"] * score / 100, float(rule["out_of"]))
    if rule["unit"] == "points":
        return (value, most)
    return (score, 100.0)


def display_unit(model: Mapping[str, Any]) -> str:
    """What follows a shown score: " %", " points", or nothing on a rescaled 0-N scale."""
    rule = rules(model)
    if rule["out_of"] is not None:
        return ""
    return " points" if rule["unit"] == "points" else " %"


def _level(levels: Any, value: float | None) -> str | None:
    """The last level whose bound the value passes: `min` inclusive, `above` exclusive."""
    if value is None or not levels:
        return None
    reached = None
    for level in levels:
        if ("above" in level and value > level["above"]) or (
            "above" not in level and level["min"] <= value
        ):
            reached = level["label"]
    return reached


def _valid_target(target: Any, most: float | None) -> bool:
    """A respondent's own target: a finite number on the node's scale."""
    return (
        isinstance(target, int | float)
        and not isinstance(target, bool)
        and math.isfinite(target)
        and most is not None
        and 0 <= target <= most
    )


# Staircase, cells, plan


def _stair(
    included: list[tuple[Any, Any, float, Any]], maturity: Mapping[str, Any]
) -> dict[str, Any]:
    """The highest step L whose items at steps 1..L are at their top value (or `share` of them).

    Every step below must hold as well: a staircase, climbed from the bottom. What blocks the
    next step: its items and the lower ones not at the top (answered lower, or unanswered).
    """
    share = float(maturity.get("share", 1))
    steps = len(maturity["levels"])
    reached = 0
    for step in range(1, steps + 1):
        below = [e for e in included if 0 < e[0].get("maturity", 0) <= step]
        at_top = sum(1 for _, value, top, _ in below if value is not None and value >= top)
        if below and at_top < share * len(below):
            break
        reached = step
    blocking: list[str] = []
    missing: list[str] = []
    following = reached + 1 if reached < steps else None
    if following is not None:
        for item, value, top, _ in included:
            if 0 < item.get("maturity", 0) <= following:
                if value is None:
                    missing.append(item["id"])
                elif value < top:
                    blocking.append(item["id"])
    return {
        "reached": reached,
        "of": steps,
        "next": following,
        "blocking": blocking,
        "missing": missing,
    }


def _cells(
    included: list[tuple[Any, Any, float, Any]],
    maturity: Mapping[str, Any] | None,
    tags: list[str],
    way: str,
) -> dict[str, Any]:
    """The cells of the tables across sections: one per maturity step, one per tag."""
    cells: dict[str, Any] = {}
    if maturity:
        cells["steps"] = [
            _cell([e for e in included if e[0].get("maturity") == step], way)
            for step in range(1, len(maturity["levels"]) + 1)
        ]
    if tags:
        cells["tags"] = {
            tag: _cell([e for e in included if tag in e[0].get("tags", ())], way) for tag in tags
        }
    return cells


def _cell(entries: list[tuple[Any, Any, float, Any]], way: str) -> dict[str, Any]:
    """The mean score of some included items (a tag's, a step's), and how many are at the top."""
    score = _from_items("mean", [(float(i["weight"]), v, t) for i, v, t, _ in entries], way)[0]
    return {
        "score": score,
        "included": len(entries),
        "answered": sum(1 for _, value, _, _ in entries if value is not None),
        "top": sum(1 for _, value, top, _ in entries if value is not None and value >= top),
    }


def _plan(
    model: Mapping[str, Any],
    rule: Mapping[str, Any],
    included_by_section: list[tuple[Mapping[str, Any], list[tuple[Any, Any, float, Any]]]],
    sections: Mapping[str, Any],
    areas: Mapping[str, Any],
    whole: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """The gaps (answered below the top), most worth fixing first.

    First what reaches a target not yet reached (the section's, its area's or the overall one),
    then by declared priority (the chosen answer's, else the item's), then by how much the
    section's score would rise with that one statement at its top value; ties keep the
    questionnaire's order.
    """
    area_of = {s: a["id"] for a in model.get("areas", []) for s in a["sections"]}
    way = rule["unanswered"]
    gaps: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    for section, included in included_by_section:
        sid = section["id"]
        before = sections[sid]["score"]
        area = areas.get(area_of.get(sid, ""), {})
        to_target = bool(
            sections[sid]["below_target"] or area.get("below_target") or whole["below_target"]
        )
        # Means and sums of items rise in closed form; anything else is scored again.
        direct = rule["group"] is None and rule["section"] != "min"
        num, den = _sums([(float(i["weight"]), v, t) for i, v, t, _ in included], way)
        for index, (item, value, top, option) in enumerate(included):
            if value is None or value >= top:
                continue
            if direct:
                after = 100 * (num + float(item["weight"]) * (top - value)) / den
            else:
                raised = list(included)
                raised[index] = (item, top, top, option)
                after = _section_node(rule, section, raised, way)[0]
            impact = 0.0 if after is None or before is None else after - before
            priority = _get(option, "priority") or item.get("priority")
            rank = PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)
            gaps.append(
                (
                    # Impacts equal but for float noise are ties: a millionth of a point decides.
                    (not to_target, rank, -math.floor(impact * 1e6 + 0.5), len(gaps)),
                    {
                        "id": item["id"],
                        "section": sid,
                        "impact": impact,
                        "priority": priority if rank < len(PRIORITIES) else None,
                        "to_target": to_target,
                    },
                )
            )
    gaps.sort(key=lambda gap: gap[0])
    return [gap for _, gap in gaps]


def _section_node(
    rule: Mapping[str, Any],
    section: Mapping[str, Any],
    included: list[tuple[Any, Any, float, Any]],
    way: str,
    nodes: dict[tuple[str, ...], Node] | None = None,
) -> Node:
    """A section from its included items, directly or through its scored groups (kept in nodes)."""
    entries = [(float(i["weight"]), v, top) for i, v, top, _ in included]
    if rule["group"] is None:
        return _from_items(rule["section"], entries, way)
    if not section.get("groups"):  # a section without sub-headings is one group
        return _from_nodes(rule["section"], [(1.0, _from_items(rule["group"], entries, way))])
    groups = []
    for group in section.get("groups", []):
        members = set(group["items"])
        grouped = [
            (w, v, top)
            for (w, v, top), e in zip(entries, included, strict=True)
            if e[0]["id"] in members
        ]
        scored = _from_items(rule["group"], grouped, way)
        if nodes is not None:
            nodes[("group", section["id"], group["id"])] = scored
        groups.append((float(group.get("weight", 1)), scored))
    return _from_nodes(rule["section"], groups)


# The record


def _answer(
    item: Mapping[str, Any], options: list[Any], answers: Mapping[str, Any]
) -> tuple[Answer, Any]:
    """The answer's value (or NOT_APPLICABLE, or None) and the chosen option."""
    value = _get(answers.get(item["id"]), "value")
    if not isinstance(value, str):
        return None, None
    if value == NOT_APPLICABLE and item["na"] is True:
        return NOT_APPLICABLE, None
    for option in options:
        if option["id"] == value:
            return float(option["value"]), option
    return None, None


def _choices(context: Any, question: str) -> list[str]:
    """The option ids chosen for a context question; anything but a list of ids is no answer."""
    chosen = _get(context, question)
    if not isinstance(chosen, list):
        return []
    return [option for option in chosen if isinstance(option, str)]


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, Mapping) else None


def _mapping(data: Any) -> Mapping[str, Any]:
    return data if isinstance(data, Mapping) else {}
