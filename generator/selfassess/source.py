"""Read a questionnaire file: YAML text → plain data, plus where each value stands in the file.

PyYAML's parsed dicts forget line numbers, so we walk the composed node tree ourselves and keep a
position for every value and every mapping key. Only the safe YAML types are built: any tag that
would construct a Python object is refused with its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]
"""Path of a value inside the document, e.g. ("sections", 0, "items", 2, "text")."""

MAX_NODES = 200_000  # alias chains ("billion laughs") must not exhaust memory
_STANDARD_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass(frozen=True, order=True)
class Position:
    line: int  # 1-based, as editors count
    column: int


@dataclass(frozen=True)
class Problem:
    file: str
    position: Position
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.position.line}:{self.position.column}"
        return f"{where}: {self.message}" + (f" ({self.expected})" if self.expected else "")


@dataclass
class Document:
    file: str  # the name used in messages, e.g. "questionnaires/x.yaml"
    data: Any
    values: dict[Location, Position] = field(default_factory=dict)
    keys: dict[Location, Position] = field(default_factory=dict)

    def value_at(self, location: Location) -> Position:
        """Position of the value at `location`, or of its nearest ancestor that has one."""
        while location not in self.values and location:
            location = location[:-1]
        return self.values.get(location, Position(1, 1))

    def key_at(self, location: Location) -> Position:
        """Position of the key that holds `location` (falls back to the value)."""
        return self.keys.get(location) or self.value_at(location)

    def problem(self, location: Location, message: str, expected: str = "", *, key: bool = False):
        position = self.key_at(location) if key else self.value_at(location)
        return Problem(self.file, position, message, expected)


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def load(path: Path, file: str | None = None) -> Document:
    """Parse `path`; raise LoadError with positioned problems when it is not usable YAML."""
    file = file or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise LoadError(
            [
                Problem(
                    file,
                    Position(1, 1),
                    f"not UTF-8 text ({error.reason})",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    return parse(text, file)


def parse(text: str, file: str) -> Document:
    try:
        loader = _FastLoader(text)
        root = loader.get_single_node()
    except yaml.YAMLError:
        # libyaml words its errors differently from version to version: let the pure-Python
        # parser, whose messages the tests pin down, find and report the mistake.
        loader, root = _compose_or_report(text, file)
    return _document(loader, root, file)


def _compose_or_report(text: str, file: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    try:
        loader = yaml.SafeLoader(text)
        return loader, loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = f"invalid YAML: character {error.character:#06x} is not allowed"
        problem = Problem(file, Position(line, column), message, "printable text")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = Problem(file, position, f"invalid YAML: {error.problem or error.context}")
    except yaml.YAMLError as error:
        problem = Problem(file, Position(1, 1), f"invalid YAML: {error}")
    raise LoadError([problem])


def _document(loader: yaml.SafeLoader, root: yaml.Node | None, file: str) -> Document:
    if root is None:
        raise LoadError(
            [
                Problem(
                    file,
                    Position(1, 1),
                    "the file is empty",
                    "a questionnaire: a mapping with id, title, sections, ...",
                )
            ]
        )
    builder = _Builder(loader, Document(file, None))
    document = builder.document
    document.data = builder.build(root, ())
    loader.dispose()
    if builder.problems:
        raise LoadError(builder.problems)
    return document


# libyaml's parser when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, document: Document) -> None:
        self.loader = loader
        self.document = document
        self.problems: list[Problem] = []
        self.count = 0

    def fail(self, node: yaml.Node, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.document.file, _position(node), message, expected))

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.fail(
                    node,
                    f"the document expands to more than {MAX_NODES} values",
                    "fewer aliases or a smaller file",
                )
            return None
        self.document.values.setdefault(location, _position(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node)
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _STANDARD_COLLECTION_TAGS:
            self._refuse_tag(node)

    def _refuse_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(
            node,
            f"unsupported YAML tag '{tag}'",
            "plain YAML values; tags that build objects are refused",
        )

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        self._check_tag(node)
        try:
            self.loader.flatten_mapping(node)  # resolves "<<" merge keys
        except yaml.MarkedYAMLError as error:
            self.fail(node, f"invalid merge key: {error.problem}")
            return {}
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool) or key is None:
                self.fail(key_node, "a key must be a plain name", "a word such as 'title'")
                continue
            key = str(key)
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.fail(
                    key_node, f"duplicate key '{key}'", f"each key once; first at line {line}"
                )
                continue
            first_seen[key] = key_node
            self.document.keys[(*location, key)] = _position(key_node)
            result[key] = self.build(value_node, (*location, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._refuse_tag(node)
            return None
