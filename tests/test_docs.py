"""docs/write-a-questionnaire.md against the code: the page documents every key of the
questionnaire schema and no other, with the schema's required keys and defaults; every YAML
example on it validates; its worked scoring example scores as the page says; and its
"Checking your file" output is what `selfassess validate` prints for the broken file it shows.

Key tables are marked for these tests by an HTML comment naming the schema object they document,
e.g. `<!-- keys: #/$defs/item -->` right above the table."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfassess import cli
from selfassess.questionnaire import model
from selfassess.questionnaire.score import score_assessment
from selfassess.questionnaire.source import parse
from selfassess.questionnaire.validate import scale_problems, schema, validate

from .conftest import ROOT

PAGE_PATH = ROOT / "docs" / "write-a-questionnaire.md"
PAGE = PAGE_PATH.read_text(encoding="utf-8")
CHECKING = "## Checking your file"
SCORING = "## Scoring"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_KEY_TABLE = re.compile(r"^<!-- keys: (\S+) -->\n((?:\|.*\n)+)", re.MULTILINE)
_CODE = re.compile(r"^`([^`]+)`$")

# What a fragment of a questionnaire lacks to be whole: each top-level key it does not set.
BASE = {
    "id": "id: example",
    "version": 'version: "1.0"',
    "title": "title: Example",
    "summary": "summary: An example.",
    "sections": """\
sections:
  - id: only-section
    title: Only section
    items:
      - id: only-item
        text: A statement.
        explanation: Why it matters.""",
}


# --- Reading the page ---------------------------------------------------------------------------


def section_of(position: int) -> str:
    """The `## ` heading above a position of the page."""
    headings = [m for m in re.finditer(r"^## .*$", PAGE, re.MULTILINE) if m.start() < position]
    return headings[-1].group(0) if headings else ""


def fences(language: str) -> list[tuple[str, str]]:
    """(heading of the section, text) of every fenced block in the language."""
    return [
        (section_of(m.start()), m.group(2)) for m in _FENCE.finditer(PAGE) if m.group(1) == language
    ]


def is_whole(text: str) -> bool:
    """A whole questionnaire: its first line that is not a comment sets the id."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return bool(lines) and lines[0].startswith("id:")


def key_tables() -> list[tuple[str, list[list[str]]]]:
    """(schema pointer, rows of cells) of every marked key table, without its header."""
    tables = []
    for match in _KEY_TABLE.finditer(PAGE):
        lines = match.group(2).splitlines()
        assert lines[0].startswith("| Key |"), match.group(0)
        rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]
        tables.append((match.group(1), rows))
    return tables


def key_name(cell: str) -> str:
    found = _CODE.match(cell)
    assert found, f"the first column names one key in backticks, not {cell!r}"
    return found.group(1)


# --- Reading the schema -------------------------------------------------------------------------


def resolve(pointer: str) -> dict[str, Any]:
    """The schema object at a JSON pointer such as '#/$defs/item', through one $ref."""
    node: Any = schema()
    for part in pointer.removeprefix("#").strip("/").split("/"):
        if part:
            node = node[part]
    if "$ref" in node:
        node = {**resolve(node["$ref"]), **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def property_names(node: Any) -> Iterator[str]:
    """Every property name defined in a schema, at any depth."""
    if not isinstance(node, dict):
        return
    for name, sub in node.get("properties", {}).items():
        yield name
        yield from property_names(sub)
    for definition in node.get("$defs", {}).values():
        yield from property_names(definition)
    for key in ("items", "additionalProperties"):
        yield from property_names(node.get(key))
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in node.get(key, []):
            yield from property_names(sub)


def objects(node: Any, pointer: str) -> Iterator[str]:
    """The pointer of every object in a schema that defines properties."""
    if not isinstance(node, dict):
        return
    if node.get("properties"):
        yield pointer
    for name, sub in node.get("properties", {}).items():
        yield from objects(sub, f"{pointer}/properties/{name}")
    for name, definition in node.get("$defs", {}).items():
        yield from objects(definition, f"{pointer}/$defs/{name}")
    for key in ("items", "additionalProperties"):
        yield from objects(node.get(key), f"{pointer}/{key}")
    for key in ("oneOf", "anyOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from objects(sub, f"{pointer}/{key}/{i}")


def as_yaml(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


TABLES = key_tables()
TABLE_IDS = [pointer for pointer, _ in TABLES]
EXAMPLES = [(heading, text) for heading, text in fences("yaml") if heading != CHECKING]


# --- Keys ---------------------------------------------------------------------------------------


def test_the_page_has_its_sections_and_tables():
    for heading in ["# Write a questionnaire", SCORING, "## Changing a questionnaire later"]:
        assert f"\n{heading}\n" in f"\n{PAGE}"
    assert CHECKING in PAGE
    assert len(TABLES) >= 11
    # Every table of keys is marked, so that the tests below see it.
    assert PAGE.count("| Key |") == len(TABLES)


def test_every_key_of_the_schema_is_on_the_page():
    names = sorted(set(property_names(schema())))
    assert len(names) > 30
    assert [name for name in names if f"`{name}`" not in PAGE] == []


def test_every_object_of_the_schema_has_one_key_table():
    assert sorted(TABLE_IDS) == sorted(objects(schema(), "#"))


@pytest.mark.parametrize(("pointer", "rows"), TABLES, ids=TABLE_IDS)
def test_a_key_table_lists_exactly_the_keys_of_its_schema_object(pointer: str, rows: list):
    documented = [key_name(row[0]) for row in rows]
    known = list(resolve(pointer)["properties"])
    assert [name for name in documented if name not in known] == [], "keys the schema lacks"
    assert [name for name in known if name not in documented] == [], "keys the page lacks"
    assert len(documented) == len(set(documented))


@pytest.mark.parametrize(("pointer", "rows"), TABLES, ids=TABLE_IDS)
def test_a_key_table_states_what_is_required(pointer: str, rows: list):
    required = resolve(pointer).get("required", [])
    for row in rows:
        name = key_name(row[0])
        assert row[1].startswith("yes") == (name in required), (pointer, name, row[1])


@pytest.mark.parametrize(("pointer", "rows"), TABLES, ids=TABLE_IDS)
def test_a_key_table_states_the_schema_defaults_and_allowed_values(pointer: str, rows: list):
    properties = resolve(pointer)["properties"]
    for row in rows:
        name, type_cell, default_cell = key_name(row[0]), row[2], row[3]
        definition = resolve(f"{pointer}/properties/{name}")
        if "default" in definition:
            shown = f"`{as_yaml(definition['default'])}`"
            assert default_cell.split(" ")[0] == shown, (pointer, name, default_cell)
        elif not row[1].startswith(("yes", "either")):
            assert default_cell != "—", f"{pointer} {name}: what applies when it is left out?"
        for value in definition.get("enum", []):
            assert f"`{value}`" in type_cell, (pointer, name, value)
    assert properties


def test_the_defaults_the_page_states_in_prose_match_the_schema():
    prose = " ".join(PAGE.split())
    assert f"otherwise `{schema()['properties']['scale']['default']}`" in prose
    assert schema()["$defs"]["weight"]["default"] == 1  # as in the worked example


def test_the_schema_line_is_the_one_the_shipped_questionnaires_start_with():
    for path in sorted((ROOT / "questionnaires").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert f"`{first}`" in PAGE
        assert f"```yaml\n{first}\nid:" in PAGE


# --- Examples -----------------------------------------------------------------------------------


def test_there_are_examples_of_both_kinds():
    assert sum(is_whole(text) for _, text in EXAMPLES) >= 3
    assert sum(not is_whole(text) for _, text in EXAMPLES) >= 8


def wrapped(text: str) -> str:
    """A fragment of top-level keys, made whole with what BASE has and it lacks."""
    data = yaml.safe_load(text)
    assert isinstance(data, dict), "a fragment is a mapping of top-level keys"
    missing = [snippet for key, snippet in BASE.items() if key not in data]
    return text.rstrip("\n") + "\n" + "\n".join(missing) + "\n"


@pytest.mark.parametrize(
    "example",
    [text for _, text in EXAMPLES],
    ids=[f"{h[3:]}-{i}" for i, (h, _) in enumerate(EXAMPLES)],
)
def test_every_yaml_example_is_valid(example: str):
    text = example if is_whole(example) else wrapped(example)
    document = parse(text, "example.yaml")
    assert [str(p) for p in validate(document)] == []
    questionnaire = model.build(document.data, "example.yaml")
    assert [str(p) for p in scale_problems(document, questionnaire.scoring_data())] == []


def test_the_worked_scoring_example_scores_as_the_page_says():
    [example] = [text for heading, text in EXAMPLES if heading == SCORING]
    document = parse(example, "example.yaml")
    assert validate(document) == []
    questionnaire = model.build(document.data, "example.yaml")
    items = {item.id: item for item in questionnaire.items}
    # The answers are the page's table: | `item` | weight | answer label | counts as |
    rows = re.findall(r"^\| `([a-z-]+)` \| (\d+) \| ([^|]+) \|", PAGE, re.MULTILINE)
    assert sorted(item for item, _, _ in rows) == sorted(items)
    answers = {}
    for item_id, weight, label in rows:
        item = items[item_id]
        assert item.weight == int(weight)
        ids = {option.label: option.id for option in item.scale.options} | {"Not applicable": "na"}
        if label.strip() != "not answered":
            answers[item_id] = {"value": ids[label.strip()]}
    scores = score_assessment(questionnaire.scoring_data(), {"answers": answers})
    delivery, quality = scores["sections"]["delivery"], scores["sections"]["quality"]
    assert (delivery["score"], quality["score"], scores["overall"]) == (37.5, 87.5, 50)
    assert delivery["answered"] < delivery["included"]  # "reported as incomplete"
    assert scores["level"] == "Established"
    assert scores["verdicts"]["delivery-in-place"]["blocking"] == ["trunk-based"]
    for shown in ["= **37.5**", "= **87.5**", "= **50**", "the level is *Established*"]:
        assert shown in " ".join(PAGE.split())


# --- Scoring models (docs/scoring.md) ------------------------------------------------------------

MODELS_PAGE = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
# A YAML example, then the answers and the figures the prose around it states.
_SCORED_EXAMPLE = re.compile(r"^```yaml\n(.*?)^```\n\n<!-- scores: (.*?) -->$", re.M | re.S)


def test_the_scoring_models_page_has_an_example_of_every_rule():
    texts = [text for text, _ in _SCORED_EXAMPLE.findall(MODELS_PAGE)]
    rules = " ".join(texts)
    for rule in ["section: sum", "overall: min", "above:", "group: sum", "areas:", "maturity:"]:
        assert rule in rules
    for rule in ["tags:", "unanswered: excluded", "target:", "priority:", "unit: points"]:
        assert rule in rules
    assert "out_of: 3" in MODELS_PAGE and "share: 0.5" in MODELS_PAGE


@pytest.mark.parametrize("example", _SCORED_EXAMPLE.findall(MODELS_PAGE), ids=lambda e: e[0][:20])
def test_a_scoring_models_example_scores_as_the_page_says(example: tuple[str, str]):
    text, check = example
    document = parse(wrapped(text), "example.yaml")
    assert validate(document) == []
    data = model.build(document.data, "example.yaml").scoring_data()
    assert scale_problems(document, data) == []
    given = json.loads(check)
    answers = {item: {"value": value} for item, value in given["answers"].items()}
    scores = score_assessment(data, {"answers": answers, "targets": given.get("targets", {})})
    for path, expected in given["expect"].items():
        found: Any = scores
        for step in path.split("."):
            found = found[int(step)] if isinstance(found, list) else found[step]
        assert found == expected, path


# --- Checking your file -------------------------------------------------------------------------


def test_the_checking_example_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
):
    [broken] = [text for heading, text in fences("yaml") if heading == CHECKING]
    [console] = [text for heading, text in fences("console") if heading == CHECKING]
    command, *expected = console.splitlines()
    assert command.startswith("$ selfassess validate ")
    argv = shlex.split(command.removeprefix("$ selfassess "))
    file = tmp_path / argv[-1]
    file.parent.mkdir(parents=True)
    file.write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 1
    assert capsys.readouterr().out.splitlines() == expected
    # The fixes the page names make it valid, and the page quotes the line that then appears.
    fixed = (
        broken.replace("version: 1.0", 'version: "1.0"')
        .replace("{id: no,", '{id: "no",')
        .replace("explaination", "explanation")
    )
    file.write_text(fixed, encoding="utf-8")
    assert cli.main(argv) == 0
    [valid] = capsys.readouterr().err.splitlines()
    assert f"`{valid}`" in PAGE


def test_links_within_the_page_name_its_headings():
    def slug(heading: str) -> str:
        return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", heading.lower()).strip())

    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", PAGE, re.MULTILINE)}
    targets = set(re.findall(r"\]\(#([^)]+)\)", PAGE))
    assert targets
    assert targets - anchors == set()
