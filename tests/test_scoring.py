"""Scoring: the Python twin (questionnaire/score.py) and the browser's score.js agree.

tests/scoring/vectors.json holds hand-computed cases: {"models": {name: model}, "cases": [...]}.
A model has the shape of `Questionnaire.scoring_data()` with only the keys scoring reads; a case
is {"name", "model": a model's name, "record", "expected"}, and `expected` gives only the keys the
case is about, checked recursively: mappings partially, lists whole, numbers to within 1e-9.

Every vector runs through both twins, and so do seeded random models and records, hostile records
from hypothesis and the shipped questionnaires: there the twins must agree exactly, floats bit for
bit. Node runs once per test, on a whole batch.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfassess.questionnaire.check import check
from selfassess.questionnaire.score import item_applies, score_assessment

from .conftest import ROOT, run_in_node

VECTORS = json.loads((Path(__file__).parent / "scoring" / "vectors.json").read_text("utf-8"))
CASES = [
    {**case, "model": VECTORS["models"][case["model"]]} if isinstance(case["model"], str) else case
    for case in VECTORS["cases"]
]
COUNTS = ("answered", "included", "applicable", "na")
SCORE_JS = ROOT / "generator" / "selfassess" / "browser" / "score.js"
# Scores each {"model", "record", "context"} of stdin: [scoreAssessment, itemApplies per item].
# "polluted" first gives Object.prototype an answer for every item and context question, as a
# careless library could: only lookups of inherited properties would see them.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const [url, mode] = process.argv.slice(1);
const { scoreAssessment, itemApplies } = await import(url);
const cases = JSON.parse(readFileSync(0, "utf8"));
if (mode === "polluted") {
  const inherited = { answers: {}, context: {}, value: "yes" };
  for (const { model } of cases) {
    for (const question of model.context) inherited[question.id] = question.options.slice(0, 1);
    for (const section of model.sections) {
      for (const item of section.items) {
        inherited[item.id] = { value: model.scales[item.scale][0].id };
      }
    }
  }
  for (const [key, value] of Object.entries(inherited)) {
    if (!(key in Object.prototype)) Object.prototype[key] = value;
  }
}
const results = cases.map(({ model, record, context }) => [
  scoreAssessment(model, record),
  model.sections.flatMap((section) => section.items.map((item) => itemApplies(item, context))),
]);
process.stdout.write(JSON.stringify(results));
"""


def score_in_python(case: dict[str, Any]) -> list[Any]:
    items = [item for section in case["model"]["sections"] for item in section["items"]]
    return [
        score_assessment(case["model"], case["record"]),
        [item_applies(item, case.get("context")) for item in items],
    ]


def score_in_node(cases: list[dict[str, Any]], mode: str = "clean") -> list[list[Any]]:
    found: list[list[Any]] = run_in_node(NODE_SCRIPT, cases, SCORE_JS.as_uri(), mode)
    return found


def canonical(data: Any) -> str:
    """JSON that tells true from 1 and compares numbers exactly, whichever language made them."""
    return json.dumps(json.loads(json.dumps(data), parse_int=float), sort_keys=True)


def assert_twins_agree(cases: list[dict[str, Any]]) -> None:
    for case, from_node in zip(cases, score_in_node(cases), strict=True):
        assert canonical(from_node) == canonical(score_in_python(case)), case


def assert_matches(actual: Any, expected: Any, where: str = "result") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}: no {key!r}"
            assert_matches(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{where}: {actual}"
        for index, (got, value) in enumerate(zip(actual, expected, strict=True)):
            assert_matches(got, value, f"{where}[{index}]")
    elif isinstance(expected, int | float) and not isinstance(expected, bool):
        assert isinstance(actual, int | float) and not isinstance(actual, bool), where
        assert abs(actual - expected) < 1e-9, f"{where}: {actual} != {expected}"
    else:
        assert type(actual) is type(expected) and actual == expected, f"{where}: {actual!r}"


# Vectors


def test_the_vectors_cover_enough_cases():
    assert len(CASES) >= 34
    assert len({case["name"] for case in CASES}) == len(CASES)
    # and every rule of the scoring models, each scored by some case
    used = [canonical(case["model"]) for case in CASES]
    for rule in ['"section": "sum"', '"overall": "min"', '"overall": "sum"', '"overall": "none"']:
        assert any(rule in model for model in used), rule
    for rule in ['"group": "sum"', '"out_of": 3.0', '"above"', '"share": 0.5', '"areas"']:
        assert any(rule in model for model in used), rule
    for rule in ['"tags"', '"unanswered": "excluded"', '"target"', '"priority"']:
        assert any(rule in model for model in used), rule
    assert any("targets" in (case["record"] or {}) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_vector_in_python(case: dict[str, Any]):
    result = score_assessment(case["model"], case["record"])
    assert_matches(result, case["expected"])
    sections = result["sections"].values()
    assert all(type(counts[key]) is int for counts in [result, *sections] for key in COUNTS)


@pytest.mark.parametrize("mode", ["clean", "polluted"])
def test_vectors_in_javascript(mode: str):
    for case, (result, _) in zip(CASES, score_in_node(CASES, mode), strict=True):
        assert_matches(result, case["expected"], case["name"])


# Random models and records: the twins agree exactly

VALUES = [0, 1, 0.5, 0.25, 0.75, 0.1, 0.3, 0.7, 1 / 3]
WEIGHTS = [0.5, 1, 2, 3, 1.5, 0.1]
JUNK_ANSWERS: list[Any] = [
    {"note": "a note, no value"},
    {"value": "bogus"},
    {"value": 1},
    {"value": None},
    {"value": ["o0"]},
    {"value": True},
    "o0",
    None,
    [],
]
JUNK_CONTEXT: list[Any] = [[], "c0", None, [1], ["c0", 2], ["zzz"], {"0": "c0"}]


def random_model(rng: random.Random) -> dict[str, Any]:
    scales = {
        f"scale-{n}": [
            {"id": f"o{k}", "value": rng.choice(VALUES)} for k in range(rng.randint(1, 4))
        ]
        for n in range(rng.randint(1, 3))
    }
    context = [
        {"id": f"q{n}", "multiple": rng.random() < 0.5, "options": ["c0", "c1", "c2"]}
        for n in range(rng.randint(0, 2))
    ]
    ids = iter(range(1000))
    sections = [
        {
            "id": f"s{n}",
            "weight": rng.choice(WEIGHTS),
            "items": [
                {
                    "id": f"i{next(ids)}",
                    "text": "A statement.",
                    "scale": rng.choice(list(scales)),
                    "weight": rng.choice(WEIGHTS),
                    "tier": "core",
                    "na": rng.random() < 0.5,
                    "when": {
                        q["id"]: rng.sample(q["options"], rng.randint(1, 2))
                        for q in context
                        if rng.random() < 0.4
                    },
                }
                for _ in range(rng.randint(0, 5))
            ],
        }
        for n in range(rng.randint(1, 4))
    ]
    section_ids = [s["id"] for s in sections] + ["elsewhere"]
    return {
        "id": "random",
        "version": "1",
        "scales": scales,
        "context": context,
        "sections": sections,
        "levels": [
            {"min": rng.choice([0, 10, 25, 100 / 3, 50, 75, 100]), "label": f"level {n}"}
            for n in range(rng.randint(0, 3))
        ],
        "verdicts": [
            {"id": f"v{n}", "title": "", "sections": rng.sample(section_ids, rng.randint(0, 2))}
            for n in range(rng.randint(0, 2))
        ],
    }


def with_random_rules(rng: random.Random, model: dict[str, Any]) -> dict[str, Any]:
    """The model under scoring models drawn at random: rules, groups, areas, levels with
    exclusive bounds, staircase steps, tags, targets and priorities, each present or not."""
    model = json.loads(json.dumps(model))
    rule = {
        "group": rng.choice([None, "mean", "sum"]),
        "section": rng.choice(["mean", "sum"]),
        "area": rng.choice(["mean", "min", "sum"]),
        "overall": rng.choice(["mean", "min", "sum", "none"]),
        "unanswered": rng.choice(["zero", "excluded"]),
        "unit": rng.choice(["percent", "points"]),
        "out_of": rng.choice([None, None, 3, 4, 7]),
        "decimals": rng.choice([0, 1, 2]),
    }
    model["scoring"] = {key: value for key, value in rule.items() if rng.random() < 0.7}
    priorities = [None, "high", "medium", "low"]
    for options in model["scales"].values():
        for option in options:
            if rng.random() < 0.3:
                option["priority"] = rng.choice(priorities[1:])
    steps = rng.randint(1, 4) if rng.random() < 0.6 else 0
    tags = [f"t{n}" for n in range(rng.randint(0, 3))]
    if steps:
        model["maturity"] = {
            "levels": [f"step {n}" for n in range(1, steps + 1)],
            "share": rng.choice([1, 1, 0.5, 0.75]),
            "overall": rng.random() < 0.5,
        }
    if tags:
        model["tags"] = tags
    for section in model["sections"]:
        for item in section["items"]:
            if steps and rng.random() < 0.8:
                item["maturity"] = rng.randint(1, steps)
            if tags and rng.random() < 0.6:
                item["tags"] = rng.sample(tags, rng.randint(1, len(tags)))
            if rng.random() < 0.2:
                item["priority"] = rng.choice(priorities[1:])
        if model["scoring"].get("group") and section["items"] and rng.random() < 0.7:
            cut = rng.randint(1, len(section["items"]))
            ids = [item["id"] for item in section["items"]]
            section["groups"] = [
                {"id": "g0", "weight": rng.choice(WEIGHTS), "items": ids[:cut]},
                {"id": "g1", "weight": rng.choice(WEIGHTS), "items": ids[cut:]},
            ]
            section["groups"] = [group for group in section["groups"] if group["items"]]
        if rng.random() < 0.3:
            section["target"] = rng.choice([10, 50, 80, 100])
        if rng.random() < 0.3:
            section["levels"] = random_levels(rng)
    if rng.random() < 0.5:
        ids = [section["id"] for section in model["sections"]]
        cut = rng.randint(1, len(ids))
        model["areas"] = [
            {"id": "a0", "weight": 1, "sections": ids[:cut], "levels": random_levels(rng)},
            {"id": "a1", "weight": 2, "sections": ids[cut:], "target": 60},
        ]
        model["areas"] = [area for area in model["areas"] if area["sections"]]
    if rng.random() < 0.3:
        model["section_levels"] = random_levels(rng)
    if rng.random() < 0.3:
        model["target"] = rng.choice([25, 75])
    model["levels"] = random_levels(rng)
    return model


def random_levels(rng: random.Random) -> list[dict[str, Any]]:
    bounds = sorted(rng.sample([0, 0.5, 1, 2, 10, 100 / 3, 50, 75], rng.randint(1, 3)))
    return [
        {("above" if rng.random() < 0.4 and bound else "min"): bound, "label": f"level {n}"}
        for n, bound in enumerate(bounds)
    ]


def random_targets(rng: random.Random, model: dict[str, Any]) -> Any:
    """A respondent's own targets: numbers on the scale, beyond it, or junk."""
    value = lambda: rng.choice([0, 1.5, 40, 90, 150, -1, "high", None, [3]])  # noqa: E731
    return {
        "overall": value(),
        "sections": {section["id"]: value() for section in model["sections"] if rng.random() < 0.5},
        "areas": {area["id"]: value() for area in model.get("areas", [])},
    }


def random_record(rng: random.Random, model: dict[str, Any]) -> Any:
    if rng.random() < 0.03:
        return rng.choice([None, [], "record", {"answers": [], "context": "c0"}])
    option_ids = sorted({o["id"] for options in model["scales"].values() for o in options})
    answers: dict[str, Any] = {}
    for section in model["sections"]:
        for item in section["items"]:
            draw = rng.random()
            if draw < 0.5:
                answers[item["id"]] = {"value": rng.choice(option_ids), "note": "n"}
            elif draw < 0.65:
                answers[item["id"]] = {"value": "na"}
            elif draw < 0.8:
                answers[item["id"]] = rng.choice(JUNK_ANSWERS)
    answers |= {"ghost": {"value": "o0"}, "__proto__": {"value": "o0"}}
    context: dict[str, Any] = {"constructor": ["c0"]}
    for question in model["context"]:
        draw = rng.random()
        if draw < 0.5:
            context[question["id"]] = rng.sample(question["options"], rng.randint(1, 2))
        elif draw < 0.8:
            context[question["id"]] = rng.choice(JUNK_CONTEXT)
    return {"context": context, "answers": answers}


def test_the_twins_agree_exactly_on_random_models_and_records():
    rng = random.Random(20240611)
    cases = []
    for _ in range(300):
        model = random_model(rng)
        record = random_record(rng, model)
        context = record.get("context") if isinstance(record, dict) else record
        cases.append({"model": model, "record": record, "context": context})
    assert_twins_agree(cases)


def test_the_twins_agree_exactly_under_random_scoring_models():
    rng = random.Random(20261204)
    cases = []
    for _ in range(300):
        model = with_random_rules(rng, random_model(rng))
        record = random_record(rng, model)
        if isinstance(record, dict) and rng.random() < 0.7:
            record["targets"] = random_targets(rng, model)
        context = record.get("context") if isinstance(record, dict) else record
        cases.append({"model": model, "record": record, "context": context})
    assert_twins_agree(cases)


# Hostile records from hypothesis: Python never raises, results stay consistent, twins agree

HOSTILE_MODEL = VECTORS["models"]["context"]
keys = st.sampled_from(
    [
        *("answers", "context", "value", "note", "na", "yes", "no", "any", "rt", "bt", "use-case"),
        *("batch", "hosting", "cloud", "__proto__", "constructor", "toString", "length"),
    ]
) | st.text(max_size=4)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.floats(allow_nan=False, allow_infinity=False)
    | keys,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


def assert_consistent(result: dict[str, Any]) -> None:
    for counts in [result, *result["sections"].values()]:
        assert counts["answered"] <= counts["included"] <= counts["applicable"]
        assert counts["included"] + counts["na"] == counts["applicable"]
    for section in result["sections"].values():
        assert (section["score"] is None) == (section["included"] == 0)
        assert section["score"] is None or 0 <= section["score"] <= 100
    for verdict in result["verdicts"].values():
        assert verdict["holds"] == (not verdict["blocking"] and not verdict["missing"])


def test_hostile_records_never_break_scoring_and_the_twins_agree():
    seen: list[dict[str, Any]] = []

    @settings(max_examples=100, deadline=None)
    @given(json_values)
    def score(record: Any) -> None:
        assert_consistent(score_assessment(HOSTILE_MODEL, record))
        context = record.get("context") if isinstance(record, dict) else record
        seen.append({"model": HOSTILE_MODEL, "record": record, "context": context})

    score()
    assert_twins_agree(seen)


# The shipped questionnaires


@pytest.fixture(scope="module")
def shipped_models() -> list[dict[str, Any]]:
    checked = check(sorted((ROOT / "questionnaires").glob("*.yaml")))
    assert not checked.problems
    assert checked.questionnaires
    return [q.scoring_data() for q in checked.questionnaires]


def all_yes(model: dict[str, Any]) -> dict[str, Any]:
    top = {
        scale: max(options, key=lambda option: option["value"])["id"]
        for scale, options in model["scales"].items()
    }
    return {
        "answers": {
            item["id"]: {"value": top[item["scale"]]}
            for section in model["sections"]
            for item in section["items"]
        }
    }


def test_shipped_questionnaires_all_top_answers(shipped_models: list[dict[str, Any]]):
    for model in shipped_models:
        result = score_assessment(model, all_yes(model))
        assert result["overall"] == 100
        assert all(section["score"] == 100 for section in result["sections"].values())
        assert result["level"] == max(model["levels"], key=lambda level: level["min"])["label"]
        assert all(verdict["holds"] for verdict in result["verdicts"].values())
        assert result["answered"] == result["included"] == result["applicable"] > 0


def test_shipped_questionnaires_empty_record(shipped_models: list[dict[str, Any]]):
    for model in shipped_models:
        result = score_assessment(model, {})
        assert result["overall"] == 0
        assert result["answered"] == 0
        assert result["level"] == min(model["levels"], key=lambda level: level["min"])["label"]
        for verdict in model["verdicts"]:
            items = [
                i["id"]
                for s in model["sections"]
                if s["id"] in verdict["sections"]
                for i in s["items"]
            ]
            assert result["verdicts"][verdict["id"]] == {
                "holds": False,
                "blocking": [],
                "missing": items,
            }


def test_shipped_questionnaires_in_javascript(shipped_models: list[dict[str, Any]]):
    assert_twins_agree(
        [
            {"model": model, "record": record, "context": record.get("context")}
            for model in shipped_models
            for record in [all_yes(model), {}, {"context": {"use-case": ["batch"]}}]
        ]
    )


# Answer sets scored before the scoring models existed (tests/scoring/shipped-before.json, made
# by the scorer of commit bed40f5): the shipped questionnaires keep their digests, and every
# score, count, level and verdict of them, bit for bit, in both twins.
BEFORE = json.loads((Path(__file__).parent / "scoring" / "shipped-before.json").read_text("utf-8"))


def recorded_part(result: dict[str, Any], recorded: Any) -> Any:
    """The keys of `result` that the recorded scores hold, recursively."""
    if isinstance(recorded, dict):
        return {key: recorded_part(result[key], value) for key, value in recorded.items()}
    return result


def test_the_shipped_questionnaires_score_exactly_as_before_the_scoring_models():
    checked = check(sorted((ROOT / "questionnaires").glob("*.yaml")))
    by_id = {q.id: q for q in checked.questionnaires}
    assert sorted(by_id) == sorted(BEFORE["questionnaires"])
    cases = []
    for ident, before in BEFORE["questionnaires"].items():
        q = by_id[ident]
        assert (q.version, q.digest) == (before["version"], before["digest"]), ident
        model = q.scoring_data()
        for case in before["cases"]:
            cases.append((model, case))
    assert len(cases) >= 50
    from_node = score_in_node(
        [{"model": m, "record": c["record"], "context": c["record"]["context"]} for m, c in cases]
    )
    for (model, case), (in_browser, _) in zip(cases, from_node, strict=True):
        expected = canonical(case["scores"])
        assert canonical(
            recorded_part(score_assessment(model, case["record"]), case["scores"])
        ) == (expected), case["record"]
        assert canonical(recorded_part(in_browser, case["scores"])) == expected, case["record"]
