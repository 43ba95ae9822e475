"""Property: no mutation of a valid questionnaire crashes the validator. It either reports problems
or passes, and whatever passes can also be rendered."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfassess.generate import render
from selfassess.questionnaire.check import check
from selfassess.questionnaire.source import LoadError, parse
from selfassess.questionnaire.validate import validate

from .conftest import minimal_yaml

VALID = yaml.safe_load(minimal_yaml())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["yes-no", "basics", "use-case", "goals", "batch", "core", "extended", "na"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path into the data, the root included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        places = _places(data)
        path = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if not path:
            if action == "replace":
                data = draw(values)
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        if action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=10))] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


def _check_text(text: str) -> None:
    try:
        document = parse(text, "mutated.yaml")
    except LoadError as error:
        assert error.problems
        return
    problems = validate(document)
    for problem in problems:
        assert problem.position.line >= 1 and problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_data_never_crashes_the_validator(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("mutation") / "q.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    checked = check([path])  # loads, validates and, when valid, builds the model
    for questionnaire in checked.questionnaires:
        render.questionnaire_files(questionnaire)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_text_never_crashes_the_loader_or_validator(data):
    text = minimal_yaml()
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 20)))
        text = text[:start] + data.draw(st.text(max_size=8)) + text[end:]
    _check_text(text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_indentation_and_punctuation_mistakes_never_crash_the_explanation(data):
    """The mistakes `yaml_mistakes` explains, made at random: spaces added or taken at a line's
    start, a colon, quote or bracket dropped or added."""
    lines = minimal_yaml().splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        n = data.draw(st.integers(0, len(lines) - 1))
        line = lines[n]
        change = data.draw(st.sampled_from(["indent", "dedent", "drop", "add"]))
        if change == "indent":
            line = " " * data.draw(st.integers(1, 3)) + line
        elif change == "dedent":
            line = line[min(len(line) - len(line.lstrip()), data.draw(st.integers(1, 3))) :]
        elif change == "drop" and (marks := [i for i, c in enumerate(line) if c in ':"[]{}-']):
            at = data.draw(st.sampled_from(marks))
            line = line[:at] + line[at + 1 :]
        else:
            at = data.draw(st.integers(0, len(line)))
            line = (
                line[:at] + data.draw(st.sampled_from([":", '"', "'", "[", "{", "- "])) + line[at:]
            )
        lines[n] = line
    _check_text("\n".join(lines) + "\n")
