"""Scoring: one assessment record against a questionnaire's scoring model, as PRODUCT.md defines it.

The browser scores answers with `browser/score.js`; this module is its twin, for the digest, for
reports and for tests. The shared vectors in tests/scoring/vectors.json and a cross-language
property test hold the two to the same results, down to the last bit of every float: change both
or neither, and keep their sums in the same order.

The model (`Questionnaire.scoring_data()`, or the browser's copy of it) is trusted: it was built
from a validated questionnaire. The record is not: it comes from browser storage or from a file
someone imported, so any part of it with the wrong type counts as absent and scoring never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .scales import NOT_APPLICABLE

# An answer as scoring sees it: an option's value, NOT_APPLICABLE, or None for unanswered.
Answer = float | str | None


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
    """Scores, counts, level and verdicts of a record; see PRODUCT.md, "Scoring"."""
    context = _mapping(_get(record, "context"))
    answers = _mapping(_get(record, "answers"))
    scales: Mapping[str, Any] = model["scales"]
    items: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    section_scores: list[tuple[float, float | None]] = []
    # Per section in order, its included items: id, value (None: unanswered), scale options.
    verdict_inputs: list[tuple[str, list[tuple[str, float | None, list[Any]]]]] = []
    totals = {"answered": 0, "included": 0, "applicable": 0, "na": 0}
    for section in model["sections"]:
        num = 0.0
        den = 0.0
        counts = {"answered": 0, "included": 0, "applicable": 0, "na": 0}
        included: list[tuple[str, float | None, list[Any]]] = []
        for item in section["items"]:
            options: list[Any] = scales.get(item["scale"], [])
            applies = item_applies(item, context)
            answer = _answer(item, options, answers) if applies else None
            value = answer if isinstance(answer, float) else None
            items[item["id"]] = {"applies": applies, "value": value, "na": answer == NOT_APPLICABLE}
            if not applies:
                continue
            counts["applicable"] += 1
            if answer == NOT_APPLICABLE:
                counts["na"] += 1
                continue
            counts["included"] += 1
            weight = float(item["weight"])
            den += weight
            if value is not None:
                counts["answered"] += 1
                num += weight * value
            included.append((item["id"], value, options))
        score = 100 * num / den if den > 0 else None
        sections[section["id"]] = {"score": score, **counts}
        section_scores.append((float(section["weight"]), score))
        verdict_inputs.append((section["id"], included))
        for key, count in counts.items():
            totals[key] += count

    num = 0.0
    den = 0.0
    for weight, score in section_scores:
        if score is not None:
            num += weight * score
            den += weight
    overall = num / den if den > 0 else None

    level = None
    if overall is not None:
        for candidate in model["levels"]:
            if candidate["min"] <= overall:
                level = candidate["label"]

    verdicts: dict[str, Any] = {}
    for verdict in model["verdicts"]:
        blocking: list[str] = []
        missing: list[str] = []
        # In questionnaire order, whatever the verdict's order, and each section once.
        for section_id, included in verdict_inputs:
            if section_id not in verdict["sections"]:
                continue
            for item_id, value, options in included:
                if value is None:
                    missing.append(item_id)
                elif value < max(float(option["value"]) for option in options):
                    blocking.append(item_id)
        verdicts[verdict["id"]] = {
            "holds": not blocking and not missing,
            "blocking": blocking,
            "missing": missing,
        }

    return {
        "overall": overall,
        "level": level,
        **totals,
        "sections": sections,
        "verdicts": verdicts,
        "items": items,
    }


def _answer(item: Mapping[str, Any], options: list[Any], answers: Mapping[str, Any]) -> Answer:
    value = _get(answers.get(item["id"]), "value")
    if not isinstance(value, str):
        return None
    if value == NOT_APPLICABLE and item["na"] is True:
        return NOT_APPLICABLE
    for option in options:
        if option["id"] == value:
            return float(option["value"])
    return None


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
