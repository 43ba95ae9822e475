"""Twins under contract: what both the browser and the command line compute, from one table of
cases (tests/text/vectors.json): how a score, a node's score on its scale and a change of a score
are written, and how a sentence chooses its plural forms. Record checking has its own vectors
(tests/records/), scoring too (tests/scoring/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from selfassess.questionnaire.i18n import format_text, table
from selfassess.results.read import format_change, format_score, node_score

from .conftest import BROWSER, run_in_node

VECTORS = json.loads((Path(__file__).parent / "text" / "vectors.json").read_text("utf-8"))
# stdin: the vectors; stdout: what strings.js writes for each case, in order.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const { formatChange, formatScore, STRINGS, useText } = await import(
  process.argv[1] + "/strings.js"
);
const { nodeScore } = await import(process.argv[1] + "/nodes.js");
const vectors = JSON.parse(readFileSync(0, "utf8"));
const scores = vectors.scores.map((c) => {
  useText(vectors.app[c.language], c.language);
  return formatScore(c.score, c.decimals ?? 1);
});
const changes = vectors.changes.map((c) => {
  useText(vectors.app[c.language], c.language);
  return formatChange(c.then, c.now, c.decimals ?? 1);
});
const texts = vectors.texts.map((c) => {
  useText({ sentence: c.text }, c.language);
  return typeof STRINGS.sentence === "function" ? STRINGS.sentence(...c.values) : STRINGS.sentence;
});
const nodes = vectors.nodes.map((c) => {
  useText(vectors.app[c.language], c.language);
  return nodeScore({ scoring: c.scoring }, c.node);
});
process.stdout.write(JSON.stringify({ scores, changes, texts, nodes }));
"""


@pytest.fixture(scope="module")
def in_node() -> dict[str, Any]:
    app = {language: table(language)["app"] for language in ("en", "de")}  # the pages' text
    result: dict[str, Any] = run_in_node(NODE_SCRIPT, {**VECTORS, "app": app}, BROWSER.as_uri())
    return result


SCORES = list(enumerate(VECTORS["scores"]))
CHANGES = list(enumerate(VECTORS["changes"]))
TEXTS = list(enumerate(VECTORS["texts"]))
NODES = list(enumerate(VECTORS["nodes"]))


def _id(case: tuple[int, dict[str, Any]]) -> str:
    index, c = case
    shown = c.get("score", c.get("values", c.get("node", (c.get("then"), c.get("now")))))
    return f"{index}-{c['language']}-{shown}"


@pytest.mark.parametrize("case", SCORES, ids=map(_id, SCORES))
def test_a_score_is_written_alike_by_python_and_the_browser(case, in_node) -> None:
    index, c = case
    assert format_score(c["score"], c["language"], c.get("decimals", 1)) == c["shown"]
    assert in_node["scores"][index] == c["shown"]


@pytest.mark.parametrize("case", CHANGES, ids=map(_id, CHANGES))
def test_a_change_of_score_is_written_alike_by_python_and_the_browser(case, in_node) -> None:
    index, c = case
    assert format_change(c["then"], c["now"], c["language"], c.get("decimals", 1)) == c["shown"]
    assert in_node["changes"][index] == c["shown"]


@pytest.mark.parametrize("case", TEXTS, ids=map(_id, TEXTS))
def test_a_sentence_chooses_its_forms_alike_in_python_and_the_browser(case, in_node) -> None:
    index, c = case
    assert format_text(c["text"], *c["values"]) == c["shown"]
    assert in_node["texts"][index] == c["shown"]


@pytest.mark.parametrize("case", NODES, ids=map(_id, NODES))
def test_a_node_score_is_written_on_its_scale_alike_by_python_and_the_browser(case, in_node):
    index, c = case
    assert node_score({"scoring": c["scoring"]}, c["node"], c["language"]) == c["shown"]
    assert in_node["nodes"][index] == c["shown"]
