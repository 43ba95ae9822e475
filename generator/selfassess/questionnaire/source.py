"""Read a questionnaire file: YAML text → plain data, plus where each value stands in the file.

PyYAML's parsed dicts forget line numbers, so we walk the composed node tree ourselves and keep a
position for every value and every mapping key. Only the safe YAML types are built: any tag that
would construct a Python object is refused with its position.

Syntax errors stop loading. Other problems (a duplicate key, a refused tag, an infinite number)
are recorded on the document, so that validation can still report everything else in the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yaml_mistakes

Location = tuple[str | int, ...]
"""Path of a value inside the document, e.g. ("sections", 0, "items", 2, "text")."""

MAX_NODES = 200_000  # alias chains ("billion laughs") must not exhaust memory
MAX_DEPTH = 50  # a questionnaire nests about 8 levels; far deeper is a mistake or an attack
# The shipped questionnaires weigh about 55 KB; a synthetic one of 2,000 items, 1.5 MB.
MAX_FILE_BYTES = 2_000_000
# Characters of all texts, each alias (*name) counted every time it is used: twice what a file
# may hold, so aliases may repeat a few texts, but a 1 MB text used 149 times is refused.
MAX_CHARACTERS = 4_000_000
SPLIT_HINT = "split a long questionnaire into two questionnaires, or move long texts into pages"
_MAP, _SEQ, _MERGE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"

# libyaml's parser when PyYAML was built with it (ten times faster), the pure-Python one otherwise.
FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    warning: bool = False  # the build goes on (and says so); an error stops it

    def __str__(self) -> str:
        where = f"{self.file}:{self.position.line}:{self.position.column}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}" + (f" ({self.expected})" if self.expected else "")


class ProblemsError(Exception):
    """One or more problems a maintainer must fix, each printable as file:line:column."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    @classmethod
    def about(cls, file: str, message: str, expected: str = "") -> ProblemsError:
        """A problem with a whole file (a configuration, a folder), not with a line in it."""
        return cls([Problem(file, Position(1, 1), message, expected)])


class LoadError(ProblemsError):
    """The file cannot be read as YAML at all."""


@dataclass
class Document:
    file: str  # the name used in messages, e.g. "questionnaires/x.yaml"
    data: Any
    values: dict[Location, Position] = field(default_factory=dict)
    keys: dict[Location, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # found while loading

    def value_at(self, location: Location) -> Position:
        """Position of the value at `location`, or of its nearest ancestor that has one."""
        while location not in self.values and location:
            location = location[:-1]
        return self.values.get(location, Position(1, 1))

    def key_at(self, location: Location) -> Position:
        """Position of the key that holds `location` (falls back to the value)."""
        return self.keys.get(location) or self.value_at(location)

    def problem(
        self, location: Location, message: str, expected: str = "", *, key: bool = False
    ) -> Problem:
        position = self.key_at(location) if key else self.value_at(location)
        return Problem(self.file, position, message, expected)


def load(path: Path, file: str | None = None) -> Document:
    """Parse `path`; raise LoadError when it is not usable YAML."""
    return load_bytes(read_bytes(path), file or str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, never more than one past the limit, whatever the file (OSError)."""
    with path.open("rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def load_bytes(content: bytes, file: str) -> Document:
    """Parse a file's bytes (from `read_bytes`); raise LoadError when it is not usable YAML."""
    if len(content) > MAX_FILE_BYTES:
        line = content.count(b"\n", 0, MAX_FILE_BYTES) + 1
        raise LoadError(
            [
                Problem(
                    file,
                    Position(line, 1),
                    f"the file is larger than {MAX_FILE_BYTES:,} bytes "
                    f"({MAX_FILE_BYTES / 1e6:g} MB): the limit is passed on this line",
                    f"at most {MAX_FILE_BYTES:,} bytes per questionnaire file; {SPLIT_HINT}",
                )
            ]
        )
    try:
        text = content.decode("utf-8-sig")  # an editor's byte-order mark is fine
    except UnicodeDecodeError as error:
        raise LoadError.about(file, f"not UTF-8 text ({error.reason})", "save as UTF-8") from None
    return parse(text, file)


def parse(text: str, file: str) -> Document:
    try:
        loader = FastLoader(text)
        root = loader.get_single_node()
    except yaml.YAMLError:
        # libyaml words its errors differently from version to version: let the pure-Python
        # parser, whose messages the tests pin down, find and report the mistake.
        loader, root = _compose_or_report(text, file)
    if root is None:
        raise LoadError.about(
            file, "the file is empty", "a questionnaire: id, title, sections, ..."
        )
    builder = _Builder(loader, Document(file, None))
    try:
        builder.document.data = builder.build(root, ())
    finally:
        loader.dispose()
    builder.document.problems = builder.problems
    return builder.document


# The parser's words for mistakes `yaml_mistakes` does not place, and what to do about them.
_YAML_HINTS = {
    "mapping values are not allowed here": "text that contains ': ' must be in quotes",
    "found character '\\t' that cannot start any token": "spaces for indentation, not tabs",
}


def _compose_or_report(text: str, file: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    try:
        loader = yaml.SafeLoader(text)
        return loader, loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        message = f"invalid YAML: character {error.character:#06x} is not allowed"
        raise LoadError(
            [Problem(file, Position(line, column), message, "printable text")]
        ) from None
    except yaml.MarkedYAMLError as error:
        if (cause := yaml_mistakes.explain(text, error)) is not None:
            position = Position(cause.line, cause.column)
            raise LoadError([Problem(file, position, cause.message, cause.expected)]) from None
        mark, context = error.problem_mark, ""
        if error.context_mark and (mark is None or mark.index >= len(text.rstrip())):
            # "unexpected end of stream": where the unclosed thing began is the useful place
            mark, context = error.context_mark, f" ({error.context})"
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = error.problem or error.context or ""
        message = f"invalid YAML: {problem}{context}"
        raise LoadError([Problem(file, position, message, _YAML_HINTS.get(problem, ""))]) from None
    except yaml.YAMLError as error:
        raise LoadError.about(file, f"invalid YAML: {error}") from None


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, document: Document) -> None:
        self.loader = loader
        self.document = document
        self.problems: list[Problem] = []
        self.count = 0
        self.characters = 0  # of every text built, aliases counted each time they are used

    def fail(self, node: yaml.Node, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.document.file, _position(node), message, expected))

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_NODES or len(location) > MAX_DEPTH:
            if self.count == MAX_NODES + 1 or len(location) == MAX_DEPTH + 1:
                self.fail(
                    node,
                    "the document is too large or too deeply nested",
                    f"at most {MAX_NODES} values, nested at most {MAX_DEPTH} deep",
                )
            return None
        self.document.values[location] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _SEQ)
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node, standard: str) -> None:
        if node.tag != standard:
            self._refuse_tag(node)

    def _refuse_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.fail(
            node,
            f"unsupported YAML tag '{tag}'",
            "plain YAML values; tags that build objects are refused",
        )

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        self._check_tag(node, _MAP)
        explicit = sum(1 for key, _ in node.value if key.tag != _MERGE)
        try:
            self.loader.flatten_mapping(node)  # puts the pairs of "<<" merges first
        except yaml.MarkedYAMLError as error:
            self.fail(node, f"invalid merge key: {error.problem}")
            return {}
        merged = len(node.value) - explicit
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain name", "a word such as 'title'")
                continue
            self._count(key_node)
            key = key_node.value  # as written: `on` stays "on", never the YAML 1.1 boolean
            if key in first_seen:
                if index < merged:
                    continue  # among merged mappings the first wins
                if first_seen[key] in (k for k, _ in node.value[merged:index]):
                    line = first_seen[key].start_mark.line + 1
                    self.fail(
                        key_node, f"duplicate key '{key}'", f"each key once; first at line {line}"
                    )
                    continue
            first_seen[key] = key_node  # an explicit key overrides a merged one
            self.document.keys[(*location, key)] = _position(key_node)
            result[key] = self.build(value_node, (*location, key))
        return result

    def _count(self, node: yaml.ScalarNode) -> None:
        self.characters += len(node.value)
        if self.characters > MAX_CHARACTERS:  # before anything is built from it: bounded cost
            raise LoadError(
                [
                    Problem(
                        self.document.file,
                        _position(node),
                        f"the texts of the file are longer than {MAX_CHARACTERS:,} characters "
                        "in all, aliases (*name) counted each time they are used: the limit is "
                        "passed by the text on this line",
                        f"at most {MAX_CHARACTERS:,} characters; {SPLIT_HINT}",
                    )
                ]
            )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        self._count(node)
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self._refuse_tag(node)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(node, f"'{node.value}' is not a finite number", "a number such as 1 or 0.5")
            return None
        return value
