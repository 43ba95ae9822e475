"""The YAML loader: positions from the source, duplicate keys, refused tags, hostile input."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from selfassess.questionnaire.check import check
from selfassess.questionnaire.source import (
    MAX_CHARACTERS,
    MAX_FILE_BYTES,
    LoadError,
    Position,
    load,
    parse,
)

TEXT = """\
id: demo
sections:
  - id: basics
    items:
      - {id: goals, text: "Goals."}
"""


def test_every_value_and_key_keeps_its_line_and_column():
    document = parse(TEXT, "demo.yaml")
    assert document.data["sections"][0]["items"][0]["id"] == "goals"
    assert document.value_at(("id",)) == Position(1, 5)
    assert document.key_at(("sections",)) == Position(2, 1)
    assert document.value_at(("sections", 0, "id")) == Position(3, 9)
    assert document.value_at(("sections", 0, "items", 0, "text")) == Position(5, 27)
    assert document.key_at(("sections", 0, "items", 0, "text")) == Position(5, 21)


def test_a_missing_place_falls_back_to_its_nearest_parent():
    document = parse(TEXT, "demo.yaml")
    assert document.value_at(("sections", 0, "title")) == Position(3, 5)


def test_aliases_that_expand_without_bound_are_stopped():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    (problem,) = parse("\n".join(lines), "bomb.yaml").problems
    assert "too large or too deeply nested" in problem.message


def test_merge_keys_are_resolved():
    document = parse("base: &b {weight: 2}\nitem:\n  <<: *b\n  id: x\n", "merge.yaml")
    assert document.data["item"] == {"weight": 2, "id": "x"}


def test_text_that_is_not_utf8_is_refused(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(LoadError) as raised:
        load(path, "latin1.yaml")
    assert str(raised.value).startswith("latin1.yaml:1:1: not UTF-8 text")


def test_complex_keys_are_refused():
    (problem,) = parse("? [a, b]\n: value\n", "keys.yaml").problems
    assert str(problem) == "keys.yaml:1:3: a key must be a plain name (a word such as 'title')"


def test_explicit_keys_override_merged_ones_as_yaml_says():
    text = "base: &b {id: base, weight: 2}\nitem:\n  <<: *b\n  id: own\n"
    document = parse(text, "merge.yaml")
    assert document.problems == []
    assert document.data["item"] == {"id": "own", "weight": 2}
    assert document.value_at(("item", "id")) == Position(4, 7)


def test_keys_are_read_as_written_not_as_yaml_11_booleans():
    assert parse("on: 1\nyes: 2\n", "keys.yaml").data == {"on": 1, "yes": 2}


def test_deep_nesting_is_a_problem_not_a_crash():
    document = parse("a: " + "[" * 600 + "]" * 600 + "\n", "deep.yaml")
    assert [p.message for p in document.problems] == [
        "the document is too large or too deeply nested"
    ]


def test_a_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: bom\n".encode())
    assert load(path).data == {"id": "bom"}


def test_a_file_over_the_byte_limit_is_refused_unparsed_at_the_line_that_passes_it(
    tmp_path: Path,
):
    path = tmp_path / "huge.yaml"
    filler = "# a comment line of forty characters..\n"
    lines = MAX_FILE_BYTES // len(filler) + 10
    path.write_text("id: huge\n" + filler * lines)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as raised:
            load(path, "huge.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (problem,) = raised.value.problems
    passed = (MAX_FILE_BYTES - len("id: huge\n")) // len(filler) + 2
    assert problem.position.line == passed
    assert "larger than 2,000,000 bytes" in problem.message
    assert "split a long questionnaire into two questionnaires" in problem.expected
    assert peak < 3 * MAX_FILE_BYTES  # read up to the limit, no further, and not parsed


def test_a_file_at_the_byte_limit_is_read(tmp_path: Path):
    path = tmp_path / "full.yaml"
    path.write_text("id: full\n" + "#" * (MAX_FILE_BYTES - len("id: full\n") - 1) + "\n")
    assert load(path).data == {"id": "full"}


def _alias_bomb(size: int, uses: int) -> str:
    """A questionnaire whose description is a text of `size` characters, used again as the
    explanation of `uses` items through an alias."""
    items = "".join(
        f"      - {{id: i{n}, text: Item {n}., explanation: *long}}\n" for n in range(uses)
    )
    return (
        'id: bomb\nversion: "1.0"\ntitle: Bomb\nsummary: Aliases.\nscale: yes-no\n'
        f"description: &long {'x' * size}\n"
        f"sections:\n  - id: s\n    title: S\n    items:\n{items}"
    )


def test_a_long_text_aliased_many_times_is_refused_while_composed_in_bounded_memory(
    tmp_path: Path,
):
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(1_000_000, 149))  # 1 MB on disk, 150 MB of text expanded
    tracemalloc.start()
    try:
        checked = check([path], display=lambda p: p.name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert checked.questionnaires == []
    (problem,) = checked.problems
    assert str(problem).startswith(
        "bomb.yaml:6:14: the texts of the file are longer than 4,000,000 characters in all, "
        "aliases (*name) counted each time they are used"
    )
    assert f"at most {MAX_CHARACTERS:,} characters" in problem.expected
    # The text is in memory a few times (file, parser, value), never 150 times.
    assert peak < 40_000_000


def test_aliases_that_stay_under_the_expanded_limit_are_fine():
    document = parse(_alias_bomb(10_000, 100), "aliases.yaml")
    assert document.problems == []
    assert document.data["sections"][0]["items"][99]["explanation"] == "x" * 10_000
