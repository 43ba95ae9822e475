"""The portal's own settings, `extra.selfassess` in mkdocs.yml: every key declared with what it
takes and its default, as MkDocs declares its config options. A key that is not declared, or a
value of the wrong kind, is a problem at its file, line and column; nothing is ignored or guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import yaml

from .source import Position, Problem

SECTION = "extra.selfassess"


@dataclass(frozen=True)
class Option:
    takes: str  # in words, for messages: "a folder name"
    default: Any
    problem: Callable[[Any], str]  # what is wrong with a value, "" when it is fine


def _text(value: Any) -> str:
    return "" if isinstance(value, str) and value.strip() else "is not a name"


def _texts(value: Any) -> str:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return "" if ok else "is not a list of names"


def _site_id(value: Any) -> str:
    ok = isinstance(value, str) and re.fullmatch(r"[\w-]*", value) is not None
    return "" if ok else f"'{value}' has characters other than letters, digits and hyphens"


def _boolean(value: Any) -> str:
    return "" if isinstance(value, bool) else f"'{value}' is not true or false"


def issue_url_problem(url: Any) -> str:
    """What is wrong with a new-issue URL template, or "" when it is fine.

    The browser puts the statement and its explanation, URL-encoded, in place of {title} and
    {body}; any other {name} would reach the tracker as it is, so it is most likely a typo."""
    if not isinstance(url, str):
        return "is not text"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{url}' is not an http:// or https:// address"
    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", url)) - {"title", "body"})
    if unknown:
        name = "{" + unknown[0] + "}"
        return f"has an unknown placeholder {name}; only {{title}} and {{body}} are filled in"
    if "{title}" not in url:
        return "has no {title} placeholder for the statement"
    return ""


_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")


def repository_problem(value: Any) -> str:
    """What is wrong with a GitHub repository setting, or "" when it is fine: OWNER/NAME on
    github.com, or the https:// address of a repository on another GitHub server."""
    if not isinstance(value, str):
        return "is not text"
    if _REPOSITORY.fullmatch(value):
        return ""
    parts = urlsplit(value)
    path = parts.path.strip("/")
    if (
        parts.scheme == "https"
        and parts.netloc
        and _REPOSITORY.fullmatch(path)
        and not (parts.query or parts.fragment)
    ):
        return ""
    return f"'{value}' is not a GitHub repository"


def new_issue_address(repository: str) -> tuple[str, str]:
    """The new-issue address of a repository setting, and the repository as people name it."""
    if _REPOSITORY.fullmatch(repository):
        return f"https://github.com/{repository}/issues/new", repository
    parts = urlsplit(repository)
    path = parts.path.strip("/")
    return f"https://{parts.netloc}/{path}/issues/new", path


OPTIONS = {
    "questionnaires_dir": Option("a folder name", "questionnaires", _text),
    "questionnaires": Option("a list of questionnaire ids", None, _texts),
    "site_id": Option("letters, digits and hyphens, e.g. mlops-self-assessment", None, _site_id),
    "new_issue_url": Option(
        "a URL such as https://github.com/ORG/REPO/issues/new?title={title}&body={body}",
        None,
        issue_url_problem,
    ),
    "collect_repo": Option(
        "OWNER/NAME, or https://HOST/OWNER/NAME on another GitHub server",
        None,
        repository_problem,
    ),
    "strict_html": Option("true or false", False, _boolean),
    "results_dir": Option("a folder name", "results", _text),
    "nav": Option("a list of page paths", None, _texts),
}


class _Composer(yaml.SafeLoader):
    """Composes mkdocs.yml into nodes (with their positions); engine tags stay unread."""


def positions(text: str) -> tuple[dict[str, Position], dict[str, Position]]:
    """Where each key of extra.selfassess is written, and where its value starts."""
    try:
        root = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError:
        return {}, {}
    keys: dict[str, Position] = {}
    values: dict[str, Position] = {}
    node = root
    for name in ("extra", "selfassess"):
        if not isinstance(node, yaml.MappingNode):
            return {}, {}
        node = next((v for k, v in node.value if k.value == name), None)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            keys[str(key.value)] = _at(key)
            values[str(key.value)] = _at(value)
    return keys, values


def _at(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def read(
    file: str, text: str, section: Any
) -> tuple[dict[str, Any], list[Problem], dict[str, Position]]:
    """Every setting, from `section` (extra.selfassess as loaded) or its default; the problems of
    the section, each at its position in `text`; and where each value is written."""
    keys, values = positions(text)
    first = Position(1, 1)
    if section is None:
        section = {}
    if not isinstance(section, dict):
        at = values.get("selfassess", first)
        return _defaults(), [Problem(file, at, f"{SECTION} is not a mapping of settings")], values
    settings = _defaults()
    problems = []
    for name, value in section.items():
        option = OPTIONS.get(name)
        if option is None:
            close = difflib.get_close_matches(str(name), OPTIONS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(OPTIONS)
            problems.append(
                Problem(file, keys.get(str(name), first), f"unknown setting {SECTION}.{name}", hint)
            )
        elif value is None:
            continue  # written without a value: the default
        elif wrong := option.problem(value):
            where = values.get(name, first)
            problems.append(Problem(file, where, f"{SECTION}.{name} {wrong}", option.takes))
        else:
            settings[name] = value
    return settings, problems, values


def _defaults() -> dict[str, Any]:
    return {name: option.default for name, option in OPTIONS.items()}
