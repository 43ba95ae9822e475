"""What earlier generations made of each questionnaire file: in memory, and on disk between runs.

Most of a generation's work is the same as the last one's: a portal of 50 questionnaires is
edited one file at a time. A file whose bytes, name and portal settings match an earlier run's,
under the same generator, is neither validated nor rendered again (the Markdown of its
explanations is most of that work):

- in memory, for the generations of one process (`selfassess serve` keeps one `Cache`): the
  questionnaire, its problems and its pages, and what was written where (`output.write_tree`);
- on disk, in .cache/selfassess/, for the next run: the pages of files that were valid without
  warnings; such a file is only modelled again (for the portal's home page and navigation).

Both hold what the last generation used, nothing older; the folder is safe to delete, and a
corrupt entry is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from ..questionnaire.model import Questionnaire
from ..questionnaire.source import Problem
from .output import Known

FOLDER = ".cache/selfassess"
# Libraries whose versions shape the pages: a new one renders afresh.
LIBRARIES = ("jinja2", "jsonschema", "markdown", "markupsafe", "pyyaml")


@cache
def fingerprint() -> str:
    """The generator itself: its code, templates, text tables and schemas, and its libraries."""
    digest = hashlib.sha256()
    package = Path(__file__).parents[1]  # all of selfassess, not only this stage
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{library} {metadata.version(library)}\0".encode())
    return digest.hexdigest()


@dataclass
class _Entry:
    questionnaire: Questionnaire | None = None
    problems: list[Problem] | None = None  # None: not checked in this process
    pages: dict[str, str] | None = None


class Cache:
    """What earlier generations made, by the file and settings it was made from (the `Known` of
    `questionnaire/check.py`, and the pages of `pipeline.generate`)."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.settings: tuple[str, ...] = ()  # besides the file, what its pages depend on
        self.entries: dict[str, _Entry] = {}
        self.used: set[str] = set()  # keys looked up or made since `begin`
        self.made: set[str] = set()  # pages to write to disk
        self.written: Known = {}  # see output.write_tree

    def begin(self, settings: tuple[str, ...]) -> None:
        """A new generation, with the portal's settings of now."""
        self.settings, self.used = settings, set()

    def key(self, file: str, content: bytes) -> str:
        digest = hashlib.sha256(fingerprint().encode())
        for part in (*self.settings, file):
            digest.update(part.encode() + b"\0")
        digest.update(content)
        self.used.add(digest.hexdigest())
        return digest.hexdigest()

    def checked(self, key: str) -> tuple[Questionnaire | None, list[Problem]] | None:
        entry = self.entries.get(key)
        if entry is None or entry.problems is None:
            return None
        return entry.questionnaire, entry.problems

    def remember(self, key: str, questionnaire: Questionnaire | None, found: list[Problem]) -> None:
        entry = self.entries.setdefault(key, _Entry())
        entry.questionnaire, entry.problems = questionnaire, found

    def pages(self, key: str) -> dict[str, str] | None:
        """The files made from this key, by this process or an earlier run, or None."""
        entry = self.entries.setdefault(key, _Entry())
        if entry.pages is None:
            entry.pages = self._read(key)
        return entry.pages

    def keep(self, key: str, files: dict[str, str]) -> None:
        self.entries.setdefault(key, _Entry()).pages = files
        self.made.add(key)

    def save(self) -> None:
        """Forget what this generation did not use, and write what it made of files without
        problems. A cache that cannot be written (a read-only checkout) only makes the next run
        slower."""
        self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for key in self.made & self.used:
                entry = self.entries[key]
                if entry.problems or entry.pages is None:  # warnings are said on every build
                    continue
                handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(entry.pages, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(name, self.folder / f"{key}.json")
            for old in self.folder.glob("*.json"):
                if old.stem not in self.used:
                    old.unlink(missing_ok=True)
        self.made = set()

    def _read(self, key: str) -> dict[str, str] | None:
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (
            isinstance(entry, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in entry.items())
        ):
            return None
        return entry
