"""The results files a fork commits, for its dashboards: found under the results folder (the
`results_dir` setting), read as `selfassess report` and `aggregate` read files, and made into the
dashboard's `trends.Result`s.

The layout: `results/<questionnaire id>/` holds one questionnaire's files, in any subfolders and
under any names; `selfassess collect` writes `<team-slug>/<YYYY-MM-DD>-<respondent>.json`. A
file's team is the one written in it, else the name of the first folder below the
questionnaire's (but collect's no-team/); its date is `updated` (else `created`).

Every file is untrusted (a pull request may add it): `read.py` bounds and checks it, a file that
cannot be used is one line "FILE: what is wrong" and is left out, and symbolic links are not
followed, so a file cannot make the build read outside the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..questionnaire.portal import Portal
from .aggregate import distinct_raters
from .collect import NO_TEAM
from .read import MAX_FILE_BYTES, Questionnaires, ResultsFile, ResultsFileError, _say, _shown, read
from .trends import Result
from .words import clean


@dataclass
class Folder:
    """One questionnaire's folder of results files."""

    questionnaire: str  # its id
    path: Path
    files: list[Path] = field(default_factory=list)  # *.json below it, sorted

    def digest(self) -> bytes:
        """What the folder's dashboard is made from, for the build cache: each file's path and
        bytes (a file too large to be read is named by its size and time: it is refused)."""
        digest = hashlib.sha256()
        for path in self.files:
            digest.update(path.relative_to(self.path).as_posix().encode() + b"\0")
            try:
                stat = path.stat()
                if stat.st_size > MAX_FILE_BYTES:
                    digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())
                else:
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as error:
                digest.update(str(error.errno).encode())
        return digest.digest()


def find(portal: Portal, ids: Iterable[str]) -> tuple[list[Folder], list[str]]:
    """The folders of the questionnaires `ids` that hold results files, and a note for what
    belongs to none: a file outside a questionnaire's folder, a folder of an id no published
    questionnaire has, a symbolic link. Such files are not read: they are not bad, only not
    where a dashboard looks."""
    top = portal.results_dir
    if top is None or not top.is_dir():
        return [], []
    known = set(ids)
    folders: list[Folder] = []
    notes: list[str] = []
    for entry in sorted(top.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_symlink():
            notes.append(f"{_link_shown(portal, entry)}: note: {_LINK}")
        elif entry.is_dir():
            files, links = _json_below(entry)
            notes += [f"{_link_shown(portal, p)}: note: {_LINK}" for p in links]
            if not files:
                continue
            if entry.name not in known:
                shown = ", ".join(sorted(known)) or "none"
                notes.append(
                    f"{portal.display(entry)}/: note: {len(files)} results file(s) not read: "
                    f"the folder of "
                    f"“{_shown(entry.name)}”, which no published questionnaire has as its id "
                    f"(they are: {shown})"
                )
            else:
                folders.append(Folder(entry.name, entry, files))
        elif entry.suffix == ".json":
            notes.append(
                f"{portal.display(entry)}: note: not read, not in a questionnaire's folder "
                f"({portal.display(top)}/<questionnaire id>/)"
            )
    return folders, notes


_LINK = "a symbolic link: not followed"


def _link_shown(portal: Portal, link: Path) -> str:
    """A link as messages show paths, without following it (`display` resolves)."""
    return str(Path(portal.display(link.parent)) / link.name)


def _json_below(folder: Path) -> tuple[list[Path], list[Path]]:
    """The *.json files below `folder` (hidden folders left out), and the symbolic links there."""
    files: list[Path] = []
    links: list[Path] = []
    for where, folders, names in os.walk(folder):
        here = Path(where)
        for name in list(folders):
            if name.startswith(".") or (here / name).is_symlink():
                folders.remove(name)
                if not name.startswith("."):
                    links.append(here / name)
        for name in names:
            if name.endswith(".json") and not name.startswith("."):
                (links if (here / name).is_symlink() else files).append(here / name)
    return sorted(files), sorted(links)


@dataclass
class Read:
    """One folder read: the results that count, and the lines to say about the rest."""

    results: list[Result] = field(default_factory=list)
    files: list[ResultsFile] = field(default_factory=list)  # in the order of `results`
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_folder(
    portal: Portal,
    folder: Folder,
    questionnaires: Questionnaires,
    link: Callable[[ResultsFile], tuple[str, bool]] | None = None,
) -> Read:
    """Every file of the folder, with the checks of `read.read`; a file for another questionnaire
    than its folder's, or without a date, cannot be used; a file of the same respondent with the
    same answers as an earlier one is counted once (`aggregate.distinct_raters`). `link` makes
    a file's read-only link, and whether its notes were left out of it."""
    out = Read()
    usable: list[tuple[ResultsFile, str]] = []
    for path in folder.files:
        file = portal.display(path)
        try:
            results = read(path, questionnaires, file)
        except ResultsFileError as error:
            out.errors.append(str(error))
            continue
        if results.questionnaire.id != folder.questionnaire:
            other = _say("errOtherQuestionnaire", _shown(results.questionnaire.id))
            out.errors.append(
                f"{file}: {other}, not “{folder.questionnaire}”, the questionnaire of its folder"
            )
            continue
        when = results.record["updated"] or results.record["created"]
        if not when:
            out.errors.append(f"{file}: it has no date (updated), so it belongs to no quarter")
            continue
        usable.append((results, when))
        if note := results.note():
            out.notes.append(note)
    distinct, again = distinct_raters([r for r, _ in usable])
    out.notes += again
    kept = {id(r) for r in distinct}
    for results, when in usable:
        if id(results) not in kept:
            continue
        relative = results.path.relative_to(folder.path).parts
        # `selfassess collect` files what names no team under no-team/: no team's name
        folder_team = relative[0] if len(relative) > 1 and relative[0] != NO_TEAM else ""
        respondent = results.record["respondent"]
        scores = results.scores
        fragment, notes_left_out = link(results) if link is not None else ("", False)
        out.files.append(results)
        out.results.append(
            Result(
                file=results.file,
                team=clean(respondent["team"]) or folder_team,
                rater=clean(respondent["name"]),
                when=when,
                day=datetime.fromisoformat(when.replace("Z", "+00:00")).date(),
                overall=scores["overall"],
                sections={s: v["score"] for s, v in scores["sections"].items()},
                link=fragment,
                notes_left_out=notes_left_out,
            )
        )
    return out
