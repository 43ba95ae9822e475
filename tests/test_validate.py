"""Validation: shipped and minimal questionnaires pass; every broken fixture gives exactly the
problems written at its end ("# expect: line:column: message"), at the YAML source positions."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from selfassess import cli
from selfassess.questionnaire import source, validate
from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.validate import schema

from .conftest import FIXTURES, ROOT, about_shipped, make_project, minimal_yaml

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected_problems(path: Path) -> list[str]:
    prefix = "# expect: "
    return [
        line[len(prefix) :] for line in path.read_text().splitlines() if line.startswith(prefix)
    ]


@about_shipped()
def test_the_shipped_questionnaires_are_valid():
    portal = Portal.load(ROOT)
    checked = check(portal.questionnaire_paths())
    assert checked.problems == []
    assert sorted(q.id for q in checked.questionnaires) == ["mlops-maturity", "mlops-scorecard"]


def test_the_minimal_fixture_is_valid():
    checked = check([FIXTURES / "minimal.yaml"])
    assert checked.problems == []


def test_there_are_at_least_fifteen_kinds_of_broken_file():
    assert len(INVALID) >= 15
    assert all(expected_problems(path) for path in INVALID)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_broken_file_reports_exact_positions_and_messages(path: Path):
    checked = check([path], display=lambda p: p.name)
    assert checked.questionnaires == []
    found = [str(problem).removeprefix(f"{path.name}:") for problem in checked.problems]
    assert found == expected_problems(path)


def test_validate_command_reports_every_problem_of_every_file(capsys: pytest.CaptureFixture):
    files = [
        FIXTURES / "invalid" / "unknown-key.yaml",
        FIXTURES / "invalid" / "bad-weights.yaml",
        FIXTURES / "minimal.yaml",
    ]
    assert cli.main(["validate", *map(str, files)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines == [
        f"{files[0]}:9:9: missing key 'explanation' in items[1] "
        "(required keys: id, text, explanation)",
        f"{files[0]}:11:9: unknown key 'explaination' (did you mean 'explanation'?)",
        f"{files[1]}:8:13: 'weight' is 0 (a number greater than 0)",
        f"{files[1]}:13:17: 'weight' is -1 (a number greater than 0)",
    ]
    assert f"{files[2]}: valid (2 sections, 4 items)" in out.err


@about_shipped()
def test_validate_command_defaults_to_the_portal_questionnaires(capsys: pytest.CaptureFixture):
    assert cli.main(["--project", str(ROOT), "validate"]) == 0
    assert "mlops-maturity.yaml: valid (7 sections, 56 items)" in capsys.readouterr().err


def test_two_questionnaires_with_one_id_are_refused(tmp_path: Path):
    text = (FIXTURES / "minimal.yaml").read_text()
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(text)
    second.write_text(text)
    checked = check([first, second], display=lambda p: p.name)
    assert [str(p) for p in checked.problems] == [
        "b.yaml:2:5: questionnaire id 'minimal' is also used by a.yaml "
        "(a different id for each questionnaire)"
    ]


def test_the_schema_is_valid_draft_2020_12_and_teaches_every_key():
    jsonschema.Draft202012Validator.check_schema(schema())

    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    for obj in objects(schema()):
        assert obj.get("additionalProperties") is False
        for name, prop in obj["properties"].items():
            described = prop if "title" in prop else schema()["$defs"][prop["$ref"].split("/")[-1]]
            assert described.get("title") and described.get("markdownDescription"), name


def test_the_schema_line_of_each_shipped_questionnaire_points_at_the_schema():
    for path in (ROOT / "questionnaires").glob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == ROOT / "generator/selfassess/schema/questionnaire.schema.json"


def test_the_readme_example_is_a_valid_questionnaire(tmp_path: Path):
    readme = (ROOT / "README.md").read_text()
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example)
    assert check([path]).problems == []


# What an editor's YAML language server does with the schema line: the schema alone, on the data.
# These broken files are wrong in ways only `selfassess validate` sees (or are not YAML at all).
BEYOND_THE_SCHEMA = {
    "duplicate-ids.yaml",  # ids unique across the file
    "duplicate-keys.yaml",  # a YAML loader keeps the last of two equal keys
    "relative-link.yaml",  # links inside rendered Markdown
    "unknown-context.yaml",  # `when` naming a context question that does not exist
    "unknown-section-in-verdict.yaml",  # a verdict naming a section that does not exist
    # Not YAML at all: each names the likely mistake (questionnaire/yaml_mistakes.py).
    "broken-syntax.yaml",  # a key indented deeper than its siblings
    "key-indented-less.yaml",
    "missing-colon.yaml",
    "unclosed-bracket.yaml",
    "list-item-out-of-line.yaml",
    "colon-in-text.yaml",
    "unclosed-quote.yaml",
    "unsafe-tag.yaml",
    "section-too-long.yaml",  # size limits are the validator's (validate.MAX_SECTION_ITEMS)
    "text-too-long.yaml",
    "levels-out-of-order.yaml",  # a level table ascending, whatever the node's scale
    "scoring-contradictions.yaml",  # rules at odds with each other or with the tree
    "beyond-the-scale.yaml",  # bounds and targets past the most the node can score
}


def test_the_schema_alone_accepts_the_shipped_files_and_rejects_the_broken_ones():
    validator = jsonschema.Draft202012Validator(schema())
    for path in [*(ROOT / "questionnaires").glob("*.yaml"), FIXTURES / "minimal.yaml"]:
        assert list(validator.iter_errors(yaml.safe_load(path.read_text()))) == [], path.name
    for path in sorted((FIXTURES / "invalid").glob("*.yaml")):
        if path.name not in BEYOND_THE_SCHEMA:
            errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
            assert errors, f"the schema accepts {path.name}"


def test_a_comma_inside_braces_gets_a_hint(tmp_path: Path):
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text()
        .replace(
            "{id: done, label: Done, value: 1}",
            "{id: done, label: Done, value: 1, description: Done, and checked}",
        )
    )
    path = tmp_path / "comma.yaml"
    path.write_text(text)
    [problem] = check([path]).problems
    assert "unknown key 'and checked'" in str(problem)
    assert "a comma inside { } ends a value: put text with commas in quotes" in str(problem)


def _many_items(sections: int, per_section: int) -> str:
    lines = ['id: many\nversion: "1.0"\ntitle: Many\nsummary: Many items.\nscale: yes-no\n']
    lines.append("sections:\n")
    for s in range(sections):
        lines.append(f"  - id: s{s}\n    title: S{s}\n    items:\n")
        lines += [
            f"      - {{id: i{s}-{n}, text: Item {n}., explanation: Why.}}\n"
            for n in range(per_section)
        ]
    return "".join(lines)


def test_a_questionnaire_over_the_item_limit_names_the_first_item_over_it(tmp_path: Path):
    path = tmp_path / "many.yaml"
    path.write_text(_many_items(5, 401))  # 2,005 items in sections of 401
    [problem] = check([path], display=lambda p: p.name).problems
    # The 2,001st item: the 397th of the fifth section, after 6 lines and four of 3 + 401.
    first_over = 6 + 4 * 404 + 3 + 397
    assert str(problem) == (
        f"many.yaml:{first_over}:9: the questionnaire has 2,005 items, more than the limit of "
        "2,000: this is the first item over it "
        "(at most 2,000 items per questionnaire; split it into two questionnaires)"
    )


def test_a_questionnaire_at_the_item_limits_is_valid(tmp_path: Path):
    path = tmp_path / "full.yaml"
    path.write_text(_many_items(4, 500))
    checked = check([path])
    assert checked.problems == []
    assert len(checked.questionnaires[0].items) == 2_000


def test_a_page_may_be_longer_than_an_explanation_but_not_without_bound(tmp_path: Path):
    page = "  - id: guide\n    title: Guide\n    content: " + "Words. " * 10_000 + "\n"
    path = tmp_path / "pages.yaml"
    path.write_text(minimal_yaml().replace("pages:\n", "pages:\n" + page))
    assert check([path]).problems == []
    longer = page.replace("Words. ", "Words, words. ")
    path.write_text(minimal_yaml().replace("pages:\n", "pages:\n" + longer))
    [problem] = check([path]).problems
    size = len(longer.split("content: ")[1].strip())
    assert str(problem).endswith(
        f"'content' is {size:,} characters long, more than the limit of 100,000 "
        "(at most 100,000 characters per text; split it into two pages)"
    )


def test_the_build_refuses_a_questionnaire_over_a_limit(tmp_path: Path, capsys):
    text = (FIXTURES / "invalid" / "section-too-long.yaml").read_text()
    portal = make_project(tmp_path / "portal", {"long.yaml": text})
    assert cli.main(["--project", str(portal.root), "generate"]) == 1
    err = capsys.readouterr().err
    assert "section 'basics' has 501 items, more than the limit of 500" in err
    assert not (portal.docs_dir / "section-too-long").exists()


def test_the_documented_limits_are_the_ones_enforced():
    page = (ROOT / "docs" / "write-a-questionnaire.md").read_text(encoding="utf-8")
    limits = page.split("## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| ([\d,]+)", limits, re.MULTILINE)
    documented = {what: int(number.replace(",", "")) for what, number in rows}
    assert list(documented.values()) == [
        source.MAX_FILE_BYTES,
        source.MAX_CHARACTERS,
        validate.MAX_ITEMS,
        validate.MAX_SECTION_ITEMS,
        validate.MAX_TEXT,
        validate.MAX_PAGE_TEXT,
    ]
