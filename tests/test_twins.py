"""Twins under contract: what both the browser and the command line compute, from one table of
cases (tests/text/vectors.json): how a score is written, and how a sentence chooses its plural
forms. Record checking has its own vectors (tests/records/), scoring too (tests/scoring/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from selfassess.questionnaire.i18n import format_text
from selfassess.results.read import format_score

from .conftest import BROWSER, run_in_node

VECTORS = json.loads((Path(__file__).parent / "text" / "vectors.json").read_text("utf-8"))
# stdin: the vectors; stdout: what strings.js writes for each case, in order.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const { formatScore, STRINGS, useText } = await import(process.argv[1] + "/strings.js");
const vectors = JSON.parse(readFileSync(0, "utf8"));
const scores = vectors.scores.map((c) => {
  useText({}, c.language);
  return formatScore(c.score);
});
const texts = vectors.texts.map((c) => {
  useText({ sentence: c.text }, c.language);
  return typeof STRINGS.sentence === "function" ? STRINGS.sentence(...c.values) : STRINGS.sentence;
});
process.stdout.write(JSON.stringify({ scores, texts }));
"""


@pytest.fixture(scope="module")
def in_node() -> dict[str, Any]:
    result: dict[str, Any] = run_in_node(NODE_SCRIPT, VECTORS, BROWSER.as_uri())
    return result


SCORES = list(enumerate(VECTORS["scores"]))
TEXTS = list(enumerate(VECTORS["texts"]))


def _id(case: tuple[int, dict[str, Any]]) -> str:
    index, c = case
    return f"{index}-{c['language']}-{c.get('score', c.get('values'))}"


@pytest.mark.parametrize("case", SCORES, ids=map(_id, SCORES))
def test_a_score_is_written_alike_by_python_and_the_browser(case, in_node) -> None:
    index, c = case
    assert format_score(c["score"], c["language"]) == c["shown"]
    assert in_node["scores"][index] == c["shown"]


@pytest.mark.parametrize("case", TEXTS, ids=map(_id, TEXTS))
def test_a_sentence_chooses_its_forms_alike_in_python_and_the_browser(case, in_node) -> None:
    index, c = case
    assert format_text(c["text"], *c["values"]) == c["shown"]
    assert in_node["texts"][index] == c["shown"]
