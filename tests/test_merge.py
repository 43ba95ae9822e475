"""Two tabs, one record: records merge part by part (browser/record.js: mergeRecords), each part
from the record that changed it last, removals included, so two tabs answering at the same moment
never lose each other's answers. The rules in Node, here; the two tabs in Chromium, in
tests/test_storage_tabs.py."""

from __future__ import annotations

import random
from typing import Any

from .conftest import BROWSER, run_in_node

MODEL = {
    "id": "tabs",
    "version": "1",
    "digest": "sha256:" + "0" * 64,
    "scales": {"yn": [{"id": "yes", "value": 1}, {"id": "no", "value": 0}]},
    "sections": [{"id": "s", "items": [{"id": i, "scale": "yn"} for i in ("a", "b", "c")]}],
    "context": [{"id": "q", "options": ["x", "y"], "multiple": True}],
}

NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const folder = process.argv[1];
const { checkChanges, indexModel, mergeRecords, partsOf } = await import(folder + "/record.js");
const input = JSON.parse(readFileSync(0, "utf8"));
const model = indexModel(input.model);
const map = (object) => new Map(Object.entries(object));
const out = input.cases.map(({ mine, mineChanges, stored, storedChanges, hostile }) => {
  if (hostile !== undefined) return Object.fromEntries(checkChanges(model, hostile));
  const merged = mergeRecords(mine, map(mineChanges), stored, map(storedChanges));
  return {
    parts: Object.fromEntries(partsOf(merged.record)),
    changes: Object.fromEntries(merged.changes),
    kept: merged.kept,
    took: merged.took,
    mineAfter: Object.fromEntries(partsOf(mine)),
  };
});
process.stdout.write(JSON.stringify(out));
"""


def record(answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": "tabs", "version": "1", "digest": MODEL["digest"]},
        "created": fields.get("created", "2026-01-01T00:00:00.000Z"),
        "updated": fields.get("updated", "2026-01-01T00:00:00.000Z"),
        "respondent": fields.get("respondent", {"name": "", "team": ""}),
        "context": fields.get("context", {}),
        "answers": answers or {},
    }


def merge(*cases: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = run_in_node(
        NODE_SCRIPT, {"model": MODEL, "cases": list(cases)}, BROWSER.as_uri()
    )
    return result


def case(mine, mine_changes, stored, stored_changes) -> dict[str, Any]:
    return {
        "mine": mine,
        "mineChanges": mine_changes,
        "stored": stored,
        "storedChanges": stored_changes,
    }


def test_two_tabs_that_answered_at_once_keep_both_answers():
    # Tab A answered a at t=10; tab B answered b at t=11 without seeing A's answer, and saved.
    a = record({"a": {"value": "yes"}})
    b = record({"b": {"value": "no"}})
    in_a, in_b = merge(case(a, {"v:a": 10}, b, {"v:b": 11}), case(b, {"v:b": 11}, a, {"v:a": 10}))
    both = {"v:a": '"yes"', "v:b": '"no"'}
    assert in_a["parts"] == in_b["parts"] == both
    assert in_a["changes"] == in_b["changes"] == {"v:a": 10, "v:b": 11}
    # A must write back (storage lacks its answer), and shows B's: both flags.
    assert (in_a["kept"], in_a["took"]) == (True, True)
    assert in_a["mineAfter"] == {"v:a": '"yes"'}  # this tab's record is not changed in place

    # B reads A's write-back: nothing of B is missing there, so B writes nothing: one round.
    (after,) = merge(
        case(b, {"v:b": 11}, record({**a["answers"], **b["answers"]}), in_a["changes"])
    )
    assert after["parts"] == both and not after["kept"] and after["took"]


def test_the_later_change_wins_a_removal_included():
    yes = record({"a": {"value": "yes", "note": "Since May."}})
    empty = record()
    removed_later, removed_earlier, mine_removed = merge(
        case(yes, {"v:a": 5, "n:a": 5}, empty, {"v:a": 9, "n:a": 9}),  # another tab cleared it
        case(yes, {"v:a": 9, "n:a": 5}, empty, {"v:a": 7, "n:a": 7}),  # ...before this tab's answer
        case(empty, {"v:a": 9}, yes, {"v:a": 5, "n:a": 5}),  # this tab cleared the answer
    )
    assert removed_later["parts"] == {} and not removed_later["kept"]
    assert removed_earlier["parts"] == {"v:a": '"yes"'} and removed_earlier["kept"]
    assert mine_removed["parts"] == {"n:a": '"Since May."'} and mine_removed["kept"]


def test_a_value_and_a_note_of_one_statement_merge_apart():
    mine = record({"a": {"value": "yes"}})
    stored = record({"a": {"value": "no", "note": "Only in staging."}})
    (merged,) = merge(case(mine, {"v:a": 20}, stored, {"v:a": 10, "n:a": 15}))
    assert merged["parts"] == {"v:a": '"yes"', "n:a": '"Only in staging."'}


def test_context_respondent_and_dates_merge_too():
    mine = record(
        context={"q": ["x"]},
        respondent={"name": "Ana", "team": ""},
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-03T00:00:00.000Z",
    )
    stored = record(
        context={"q": ["x", "y"]},
        respondent={"name": "", "team": "Data"},
        created="2025-12-01T00:00:00.000Z",
        updated="2026-01-02T00:00:00.000Z",
    )
    (merged,) = merge(case(mine, {"c:q": 5, "r:name": 8}, stored, {"c:q": 6, "r:team": 7}))
    assert merged["parts"] == {"c:q": '["x","y"]', "r:name": '"Ana"', "r:team": '"Data"'}


def test_a_tie_or_a_record_without_times_goes_to_what_is_stored():
    """Records written before change times were kept carry none: their parts count as changed at
    0, so this tab's known changes win over them, and storage wins where neither says."""
    mine = record({"a": {"value": "yes"}, "b": {"value": "yes"}})
    stored = record({"a": {"value": "no"}, "b": {"value": "no"}})
    tie, timeless = merge(
        case(mine, {"v:a": 5, "v:b": 5}, stored, {"v:a": 5, "v:b": 5}),
        case(mine, {"v:a": 5}, stored, {}),
    )
    assert tie["parts"] == {"v:a": '"no"', "v:b": '"no"'} and not tie["kept"]
    assert timeless["parts"] == {"v:a": '"yes"', "v:b": '"no"'}


def test_merging_is_the_same_whichever_tab_merges():
    """Random records of distinct change times: both orders give the same parts, each the one of
    the later change, and merging again changes nothing."""
    rng = random.Random(7)
    keys = ["v:a", "v:b", "v:c", "n:a", "n:b", "c:q", "r:name"]
    cases, expected = [], []
    for _ in range(40):
        times = rng.sample(range(1, 1000), 2 * len(keys))
        sides = []
        for side in range(2):
            answers: dict[str, dict[str, str]] = {}
            context, respondent = {}, {"name": "", "team": ""}
            changes = {}
            for n, key in enumerate(keys):
                if rng.random() < 0.3:
                    continue  # no time: never changed on this side
                changes[key] = times[2 * n + side]
                if rng.random() < 0.25:
                    continue  # removed
                kind, ident = key.split(":")
                if kind == "v":
                    answers.setdefault(ident, {})["value"] = rng.choice(["yes", "no"])
                elif kind == "n":
                    answers.setdefault(ident, {})["note"] = f"note {side}"
                elif kind == "c":
                    context["q"] = rng.choice([["x"], ["y"], ["x", "y"]])
                else:
                    respondent["name"] = f"name {side}"
            sides.append((record(answers, context=context, respondent=respondent), changes))
        (m, mc), (s, sc) = sides
        cases += [case(m, mc, s, sc), case(s, sc, m, mc)]
        expected.append(sides)
    found = merge(*cases)
    for n, sides in enumerate(expected):
        one, other = found[2 * n], found[2 * n + 1]
        assert one["parts"] == other["parts"], sides
        assert one["changes"] == other["changes"], sides
    again = merge(*(case(c["mine"], c["mineChanges"], c["mine"], c["mineChanges"]) for c in cases))
    assert not any(r["kept"] or r["took"] for r in again)


def test_stored_change_times_are_checked_like_the_rest_of_storage():
    hostile = {
        "changes": {
            "v:a": 5,
            "n:b": 6,
            "c:q": 7,
            "r:team": 8,
            "v:unknown": 9,
            "__proto__": 1,
            "v:constructor": 2,
            "n:c": "soon",
            "v:b": -1,
            "v:c": None,
        }
    }
    (kept,) = merge({"hostile": hostile})
    assert kept == {"v:a": 5, "n:b": 6, "c:q": 7, "r:team": 8}
    (none,) = merge({"hostile": {"changes": ["v:a"]}})
    assert none == {}
