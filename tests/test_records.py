"""One definition of a valid results file, two readers: tests/records/vectors.json is run by the
command line's reader (results/read.py) and by the browser's (record.js, in Node), and both must
keep, skip and refuse the same parts with the same words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from selfassess.questionnaire.i18n import format_text, table
from selfassess.questionnaire.portal import Portal
from selfassess.results.read import LIMITS, Questionnaires, ResultsFileError, read

from .conftest import BROWSER, ROOT, run_in_node

VECTORS = json.loads((Path(__file__).parent / "records" / "vectors.json").read_text("utf-8"))
CASES = VECTORS["cases"]
APP = table("en")["app"]

# stdin: {model, text, cases: [text]}; stdout: what parseRecord makes of each text.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const folder = process.argv[1];
const { useText } = await import(folder + "/strings.js");
const { indexModel, parseRecord, RecordError } = await import(folder + "/record.js");
const input = JSON.parse(readFileSync(0, "utf8"));
useText(input.text, "en");
const model = indexModel(input.model);
const out = input.cases.map((text) => {
  try {
    const { record, skipped, skippedCount } = parseRecord(model, text);
    const { answers, context, targets = {} } = record;
    return { answers, context, targets, skipped, skippedCount };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { refused: error.message };
  }
});
process.stdout.write(JSON.stringify(out));
"""


def expand(text: str, frame: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        kind, n = match.group(1), int(match.group(2) or 0)
        if kind == "FRAME":
            return json.dumps(frame)[1:-1]
        if kind == "NEST":
            return "[" * n + "]" * n
        if kind == "UNKNOWN":
            return ",".join(f'"x{i}":0' for i in range(1, n + 1))
        if kind == "CONTEXT":
            return ",".join(f'"c{i}":[]' for i in range(1, n + 1))
        return "x" * n  # LONG

    return re.sub(r"\{(FRAME|NEST|UNKNOWN|CONTEXT|LONG)(?::(\d+))?\}", one, text)


def message(expected: list[Any]) -> str:
    """The expected message in English, without a final dot (the command line drops it)."""
    key, *values = expected
    values = [LIMITS[v[1:]] if isinstance(v, str) and v.startswith("$") else v for v in values]
    text = APP[key]
    return (format_text(text, *values) if values else text).rstrip(".")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Questionnaires, dict[str, Any]]:
    from bench.aggregate import write_fixture

    folder = tmp_path_factory.mktemp("records") / "portal"
    write_fixture(folder, files=0, items=4)
    questionnaires = Questionnaires(Portal.load(folder))
    return questionnaires, questionnaires.model("bench-team").data


def frame(model: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {k: model[k] for k in ("id", "version", "digest")},
    }


def check_outcome(case: dict[str, Any], got: dict[str, Any], who: str) -> None:
    name = f"{who}: {case['name']}"
    if "refused" in case:
        assert "refused" in got, name
        assert got["refused"].rstrip(".").startswith(message(case["refused"])), name
        return
    assert "refused" not in got, f"{name}: {got.get('refused')}"
    expand_long = lambda text: expand(text, {})  # noqa: E731
    answers = {
        k: {f: expand_long(v) if f == "note" else v for f, v in a.items()}
        for k, a in case["answers"].items()
    }
    assert got["answers"] == answers, name
    assert got["context"] == case["context"], name
    assert got["targets"] == case.get("targets", {}), name
    assert [s.rstrip(".") for s in got["skipped"]] == [message(s) for s in case["skipped"]], name
    assert got["skippedCount"] == case["skipped_count"], name


def test_the_command_line_reads_every_vector_as_defined(portal, tmp_path: Path):
    questionnaires, model = portal
    for n, case in enumerate(CASES):
        path = tmp_path / f"case-{n}.json"
        path.write_text(expand(case["text"], frame(model)), encoding="utf-8")
        try:
            results = read(path, questionnaires)
        except ResultsFileError as error:
            got: dict[str, Any] = {"refused": error.reason}
        else:
            got = {
                "answers": results.record["answers"],
                "context": results.record["context"],
                "targets": results.record.get("targets", {}),
                "skipped": results.skipped,
                "skippedCount": results.skipped_count,
            }
        check_outcome(case, got, "results/read.py")


def test_the_browser_reads_every_vector_as_defined(portal):
    _, model = portal
    texts = [expand(case["text"], frame(model)) for case in CASES]
    found = run_in_node(
        NODE_SCRIPT, {"model": model, "text": APP, "cases": texts}, BROWSER.as_uri()
    )
    for case, got in zip(CASES, found, strict=True):
        check_outcome(case, got, "record.js")


def test_the_limits_table_of_the_docs_is_limits_json():
    page = (ROOT / "docs" / "your-answers.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- limits: generator/selfassess/limits.json -->\n((?:\|.*\n)+)", page)
    assert match, "the marked table of limits"
    rows = [row.split("|")[1:3] for row in match.group(1).splitlines()[2:]]
    assert {name.strip().strip("`"): int(value) for name, value in rows} == LIMITS


def test_the_messages_that_name_a_limit_name_the_one_in_limits_json():
    for language in ("en", "de"):
        app = table(language)["app"]
        mb = f"{LIMITS['file_bytes'] / 2**20:g} MB"
        note = f"{LIMITS['note_chars']:,}".replace(",", "." if language == "de" else ",")
        assert mb in app["errTooLarge"] and mb in app["shareErrTooLarge"], language
        assert note in app["skipBadNote"], language
