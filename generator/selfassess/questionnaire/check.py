"""Load, validate and model every questionnaire of a portal; collect every problem of every file.

Each file is read once: what an earlier run made of it (`Known`, kept by `generate/cache.py`) is
looked up by the same bytes its questionnaire is then made from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from . import model, validate
from .model import Questionnaire
from .portal import Portal, PortalError, id_taken_by
from .source import LoadError, Position, Problem, load_bytes, parse, read_bytes


class Known(Protocol):
    """What earlier runs made of a questionnaire file, by a key of its bytes (and name)."""

    def key(self, file: str, content: bytes) -> str: ...

    def checked(self, key: str) -> tuple[Questionnaire | None, list[Problem]] | None:
        """The questionnaire (or None) and the problems this file had, if it was checked."""

    def pages(self, key: str) -> dict[str, str] | None:
        """Pages made from this key: the file was valid, without warnings, when they were made."""

    def remember(
        self, key: str, questionnaire: Questionnaire | None, found: list[Problem]
    ) -> None: ...


@dataclass
class Checked:
    questionnaires: list[Questionnaire]
    problems: list[Problem]  # errors: nothing is generated while there is one
    warnings: list[Problem] = field(default_factory=list)  # the build goes on and says so
    # questionnaire id -> the key of its file in what is `Known` (when that was given)
    keys: dict[str, str] = field(default_factory=dict)


def check(
    paths: list[Path],
    display: Callable[[Path], str] = str,
    site_language: str = "en",
    known: Known | None = None,
    strict_html: bool = False,
) -> Checked:
    """Load, validate and model every file; collect every problem of every file. A file `known`
    has pages of was valid, without warnings, when they were made: it is only modelled.
    `strict_html` makes the warnings about author HTML errors."""
    questionnaires: list[Questionnaire] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    keys: dict[str, str] = {}
    first_file: dict[str, str] = {}
    for path in paths:
        file = display(path)
        try:
            content = read_bytes(path)  # the only read: cache keys and pages from these bytes
        except OSError as error:
            problems.append(Problem(file, Position(1, 1), f"cannot read file: {error.strerror}"))
            continue
        key = known.key(file, content) if known is not None else None
        hit = known.checked(key) if known is not None and key is not None else None
        if hit is not None:
            questionnaire, found = hit
        elif known is not None and key is not None and known.pages(key) is not None:
            data = parse(content.decode("utf-8-sig"), file).data  # valid when its pages were made
            questionnaire, found = model.build(data, file, site_language), []
            known.remember(key, questionnaire, found)
        else:
            questionnaire, found = _check_file(content, file, site_language)
            if known is not None and key is not None:
                known.remember(key, questionnaire, found)
        if strict_html:
            found = [replace(p, warning=False) for p in found]
        problems += [p for p in found if not p.warning]
        warnings += [p for p in found if p.warning]
        if questionnaire is None or any(not p.warning for p in found):
            continue
        if questionnaire.id in first_file:
            document = parse(content.decode("utf-8-sig"), file)
            problems.append(
                document.problem(
                    ("id",),
                    f"questionnaire id '{questionnaire.id}' is "
                    f"also used by {first_file[questionnaire.id]}",
                    "a different id for each questionnaire",
                )
            )
            continue
        first_file[questionnaire.id] = file
        questionnaires.append(questionnaire)
        if key is not None:
            keys[questionnaire.id] = key
    return Checked(questionnaires, problems, warnings, keys)


def _check_file(
    content: bytes, file: str, site_language: str
) -> tuple[Questionnaire | None, list[Problem]]:
    """One file on its own: its questionnaire, or its problems."""
    try:
        document = load_bytes(content, file)
    except LoadError as error:
        return None, error.problems
    found = validate.validate(document)
    if any(not p.warning for p in found):
        return None, found
    questionnaire = model.build(document.data, file, site_language)
    beyond = validate.scale_problems(document, questionnaire.scoring_data())
    if beyond:
        return None, found + beyond
    return questionnaire, found


def check_portal(portal: Portal, known: Known | None = None) -> Checked:
    """Every questionnaire of the portal, checked, and checked against the hand-written docs."""
    paths = portal.questionnaire_paths()
    if not paths:
        raise PortalError.about(
            portal.display(portal.questionnaires_dir),
            "no questionnaire found",
            "at least one *.yaml file",
        )
    checked = check(paths, portal.display, portal.language, known, portal.strict_html)
    if portal.shown is not None:
        # Only the listed questionnaires are published, in the listed order; the others are still
        # checked, so a draft with mistakes is noticed before it is listed.
        by_id = {q.id: q for q in checked.questionnaires}
        missing = [i for i in portal.shown if i not in by_id]
        if missing and not checked.problems:
            raise PortalError(
                [
                    Problem(
                        portal.display(portal.config_file),
                        portal.setting_positions.get("questionnaires", Position(1, 1)),
                        f"extra.selfassess.questionnaires names '{missing[0]}', which no file "
                        f"in {portal.display(portal.questionnaires_dir)} has as its id",
                        "one of: " + ", ".join(sorted(by_id)),
                    )
                ]
            )
        checked.questionnaires = [by_id[i] for i in portal.shown if i in by_id]
    for q in checked.questionnaires:
        if clash := id_taken_by(portal, q.id):
            checked.problems.append(
                Problem(
                    q.file,
                    Position(1, 1),
                    f"questionnaire id '{q.id}' is taken by {portal.display(clash)}",
                    "another id, or move the hand-written page",
                )
            )
    return checked
