"""Write generated files into the docs folder: only what changed; remove what is no longer made.

Rewriting an unchanged file would wake `mkdocs serve`'s watcher and rebuild for nothing, so a
file is written only when its bytes differ. A manifest remembers what the last run generated, so
a deleted questionnaire or section leaves no stale page behind; hand-written files are untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".selfassess/manifest.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{len(self.written)} written, {len(self.removed)} removed, {self.unchanged} unchanged"
        )


# path -> (content, st_mtime_ns, st_size) of a file as this process last wrote or compared it
Known = dict[str, tuple[str, int, int]]


def write_tree(docs: Path, files: dict[str, str], known: Known | None = None) -> WriteReport:
    """Write `files` (path relative to `docs`: text). With `known` (kept between runs by `serve`),
    a file that still has the size and time it had when this process last wrote or compared it
    is not read again: the content it was given then is compared instead."""
    report = WriteReport()
    previous = _read_manifest(docs)
    files = {**files, MANIFEST: json.dumps(sorted(files), indent=1) + "\n"}
    for relative, content in sorted(files.items()):
        path = docs / relative
        if known is not None and _known_unchanged(path, content, known.get(relative)):
            report.unchanged += 1
            continue
        if _write_if_changed(path, content.encode("utf-8")):
            report.written.append(relative)
        else:
            report.unchanged += 1
        if known is not None:
            with contextlib.suppress(OSError):
                stat = path.stat()
                known[relative] = (content, stat.st_mtime_ns, stat.st_size)
    for relative in sorted(previous - set(files)):
        path = docs / relative
        if path.is_file():
            path.unlink()
            report.removed.append(relative)
            _remove_empty_parents(path.parent, docs)
    return report


def _known_unchanged(path: Path, content: str, seen: tuple[str, int, int] | None) -> bool:
    if seen is None or not (seen[0] is content or seen[0] == content):
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return (stat.st_mtime_ns, stat.st_size) == seen[1:]


def generated_paths(docs: Path) -> set[str]:
    """Paths (relative to the docs folder, with /) of the files the last generation wrote."""
    return {Path(p).as_posix() for p in _read_manifest(docs)}


def _read_manifest(docs: Path) -> set[str]:
    """Paths (relative to the docs folder) that the last run generated."""
    try:
        entries = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    # Only plain relative paths: a tampered manifest must not delete files outside the docs.
    return (
        {
            e
            for e in entries
            if isinstance(e, str) and ".." not in Path(e).parts and not Path(e).is_absolute()
        }
        if isinstance(entries, list)
        else set()
    )


def _write_if_changed(path: Path, content: bytes) -> bool:
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)  # a watcher never sees a half-written page
    return True


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
