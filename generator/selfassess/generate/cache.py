"""What earlier builds made of each questionnaire file, kept on disk between runs.

`selfassess build` and `generate` start afresh each time, and most of their work is the same
from one run to the next: a portal of 50 questionnaires is edited one file at a time. A file
whose bytes, name and portal settings match an earlier run's, under the same generator, was valid
then and is valid now: it is only modelled (for the portal's home page and navigation), and its
pages come from .cache/selfassess/ instead of being validated and rendered again (the Markdown of
its explanations is most of that). The cache holds what the last run used, nothing older; it is
safe to delete, and a corrupt entry is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

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


class BuildCache:
    """The pages of earlier runs, by the questionnaire file and settings they were made from."""

    def __init__(self, root: Path, settings: tuple[str, ...]) -> None:
        self.folder = root / FOLDER
        self.settings = settings  # everything besides the file that its pages depend on
        self.found: dict[str, dict[str, str]] = {}  # entries read or made in this run
        self.made: set[str] = set()

    def key(self, file: str, content: bytes) -> str:
        digest = hashlib.sha256(fingerprint().encode())
        for part in (*self.settings, file):
            digest.update(part.encode() + b"\0")
        digest.update(content)
        return digest.hexdigest()

    def pages(self, key: str) -> dict[str, str] | None:
        """The files an earlier run made from this key, or None."""
        if key not in self.found:
            try:
                entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            if not (
                isinstance(entry, dict)
                and all(isinstance(k, str) and isinstance(v, str) for k, v in entry.items())
            ):
                return None
            self.found[key] = entry
        return self.found[key]

    def keep(self, key: str, files: dict[str, str]) -> None:
        self.found[key] = files
        self.made.add(key)

    def save(self) -> None:
        """Write what this run made, and forget what it did not use. A cache that cannot be
        written (a read-only checkout) only makes the next run slower."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for key in self.made:
                handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(self.found[key], out, ensure_ascii=False, separators=(",", ":"))
                os.replace(name, self.folder / f"{key}.json")
            for old in self.folder.glob("*.json"):
                if old.stem not in self.found:
                    old.unlink(missing_ok=True)
