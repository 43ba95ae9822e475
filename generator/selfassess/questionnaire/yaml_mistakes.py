"""The likely cause of a YAML syntax error, in a maintainer's words.

PyYAML says where it gave up and what token it did not expect ("mapping values are not allowed
here", "expected <block end>, but found '?'"); the mistake is most often one of a few: a key
indented deeper or less than its siblings, a missing colon, a quote or bracket never closed, a list
item out of line with the ones before it, a tab. From the error and the lines around it, `explain`
names that mistake, where it is, and the column that was expected; it returns None when the error
is none of these, and the parser's own words are used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

_KEY_LINE = re.compile(r"^( *)(- +)?([^\s#:][^:#]*?):(?:\s|$)")  # "  - id: x" -> "  ", "- ", id
_ITEM_LINE = re.compile(r"^( *)- ")


@dataclass(frozen=True)
class Explained:
    line: int  # 1-based
    column: int
    message: str
    expected: str


def explain(text: str, error: yaml.MarkedYAMLError) -> Explained | None:
    lines = text.splitlines()
    problem, mark, context = error.problem or "", error.problem_mark, error.context_mark
    if mark is None:
        return None
    at = mark.line  # 0-based
    if problem == "mapping values are not allowed here":
        return _deeper_key(lines, at) or _colon_in_value(lines, at, mark.column)
    if problem.startswith("expected <block end>, but found '<block mapping start>'"):
        return _shallower_key(lines, at)
    if problem.startswith("expected <block end>, but found '<block sequence start>'"):
        return _item_out_of_line(lines, at)
    if problem == "could not find expected ':'" and context is not None:
        return _missing_colon(lines, context.line)
    if error.context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opening, closing = ("[", "]") if "sequence" in str(error.context) else ("{", "}")
        if context is not None and f"'{closing}'" in problem:
            return Explained(
                context.line + 1,
                context.column + 1,
                f"invalid YAML: the '{opening}' opened here is never closed",
                f"'{closing}' at the end of the same line, or one "
                + ("'- ' item" if opening == "[" else "'key: value'")
                + " per line",
            )
    if error.context == "while scanning a quoted scalar" and context is not None:
        opening = (
            lines[context.line][context.column : context.column + 1]
            if context.line < len(lines)
            else '"'
        )
        quote = "single quote" if opening == "'" else "double quote"
        return Explained(
            context.line + 1,
            context.column + 1,
            f"invalid YAML: the {quote} that opens this text is never closed",
            f"a closing {quote} at the end of the text",
        )
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_lines_before(lines: list[str], at: int) -> Iterator[tuple[int, str]]:
    """The lines above `at` that hold something, nearest first, with their 0-based numbers."""
    for n in range(min(at, len(lines)) - 1, -1, -1):
        if lines[n].split("#")[0].strip():
            yield n, lines[n]


def _key_column(line: str) -> tuple[int, str] | None:
    """The column (0-based) where a line's key starts, and the key, when the line has one."""
    match = _KEY_LINE.match(line)
    if match is None:
        return None
    return len(match.group(1)) + len(match.group(2) or ""), match.group(3).strip()


def _deeper_key(lines: list[str], at: int) -> Explained | None:
    """`title: x` then `   items:` one space deeper: the parser reads it as part of the text."""
    if at >= len(lines) or (own := _key_column(lines[at])) is None:
        return None
    for _, line in _content_lines_before(lines, at):
        sibling = _key_column(line)
        if sibling is None:
            return None
        column, name = sibling
        if column < own[0] and not line.rstrip().endswith(":"):
            return Explained(
                at + 1,
                own[0] + 1,
                f"invalid YAML: '{own[1]}' is indented deeper than '{name}' above it",
                f"'{own[1]}' at column {column + 1}, in line with '{name}'",
            )
        return None
    return None


def _colon_in_value(lines: list[str], at: int, column: int) -> Explained | None:
    if at >= len(lines) or (own := _key_column(lines[at])) is None:
        return None
    return Explained(
        at + 1,
        column + 1,
        f"invalid YAML: the text of '{own[1]}' holds ': ', which YAML reads as a new key",
        f'the whole text in quotes: {own[1]}: "…"',
    )


def _shallower_key(lines: list[str], at: int) -> Explained | None:
    """A key indented less than the keys before it, but more than its parent's."""
    if at >= len(lines) or (own := _key_column(lines[at])) is None:
        return None
    for _, line in _content_lines_before(lines, at):
        sibling = _key_column(line)
        if sibling is not None and sibling[0] > own[0]:
            column, name = sibling
            return Explained(
                at + 1,
                own[0] + 1,
                f"invalid YAML: '{own[1]}' is indented less than '{name}' above it",
                f"'{own[1]}' at column {column + 1}, in line with '{name}'",
            )
    return None


def _item_out_of_line(lines: list[str], at: int) -> Explained | None:
    """A list item whose '- ' is not at the column of the items before it."""
    if at >= len(lines) or not _ITEM_LINE.match(lines[at]):
        return None
    own = _indent(lines[at])
    for number, line in _content_lines_before(lines, at):
        if _ITEM_LINE.match(line) and _indent(line) != own:
            return Explained(
                at + 1,
                own + 1,
                f"invalid YAML: this list item does not line up with the item on line {number + 1}",
                f"'- ' at column {_indent(line) + 1}, like the items before it",
            )
    return None


def _missing_colon(lines: list[str], at: int) -> Explained | None:
    if at >= len(lines):
        return None
    line = lines[at]
    words = line.strip().removeprefix("- ").split(None, 1)
    if not words:
        return None
    suggestion = f"{words[0]}: {words[1]}" if len(words) > 1 else f"{words[0]}:"
    return Explained(
        at + 1,
        _indent(line) + 1 + (len(line.strip()) - len(line.strip().removeprefix("- "))),
        f"invalid YAML: '{line.strip()}' has no ':' after its key",
        f"key: value, e.g. '{suggestion}'",
    )
