"""Run a site engine on the generated docs tree: build into site/ atomically, or serve with reload.

The engines are adapters around `portal.generate`: MkDocs runs in-process, Zensical as its own
command with the same mkdocs.yml. A build goes to a temporary folder first and replaces site/ only
when it succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .portal import Portal, generate
from .source import ProblemsError

ENGINES = ("mkdocs", "zensical")
WATCHED_EVENTS = {"created", "modified", "deleted", "moved"}

# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about our site.
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


class BuildError(Exception):
    pass


def build(portal: Portal, engine: str = "mkdocs", site_dir: Path | None = None) -> Path:
    generate(portal)
    site_dir = site_dir or portal.root / "site"
    # Inside the project: Zensical refuses a site_dir outside it, and rename stays on one disk.
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=portal.root))
    try:
        (_build_mkdocs if engine == "mkdocs" else _build_zensical)(portal, staging)
        _replace(site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def _build_mkdocs(portal: Portal, site_dir: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    try:
        # Paths in mkdocs.yml (snippets' base_path) are relative to the project, as for `mkdocs`.
        with contextlib.chdir(portal.root):
            config = load_config(str(portal.config_file.name), site_dir=str(site_dir), strict=True)
            mkdocs_build(config)
    except Exception as error:  # strict-mode aborts, and whatever an extension or plugin raises
        raise BuildError(f"MkDocs build failed: {type(error).__name__}: {error}") from None


def _build_zensical(portal: Portal, site_dir: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        raise BuildError("Zensical is not installed: pip install zensical")
    # Zensical takes site_dir only from its config: a throw-away config inherits the real one.
    config = site_dir.with_suffix(".yml")
    config.write_text(f"INHERIT: {portal.config_file.name}\nsite_dir: {site_dir.name}\n")
    command = ["build", "--clean", "--strict", "--config-file", config.name]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "zensical", *command],
            cwd=portal.root,
            capture_output=True,
            text=True,
        )
    finally:
        config.unlink(missing_ok=True)
    if result.returncode != 0 or not (site_dir / "index.html").is_file():
        raise BuildError("Zensical build failed:\n" + (result.stderr or result.stdout).strip())


def _replace(site_dir: Path, staging: Path) -> None:
    """Swap the new site in with two renames, after it is whole next to the old one."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    incoming = site_dir.with_name(f".{site_dir.name}.new")
    old = site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (incoming, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        staging.rename(incoming)
    except OSError:  # site_dir is on another file system: copy, then swap
        shutil.copytree(staging, incoming)
    if site_dir.exists():
        site_dir.rename(old)
    incoming.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def serve(portal: Portal, engine: str = "mkdocs", address: str = "127.0.0.1:8000") -> None:
    """Generate, then serve with live reload; a YAML edit regenerates the pages it changes.

    The engine watches docs/ and reloads the browser; we watch questionnaires/ and regenerate.
    Only files whose content changed are written, so the engine rebuilds once per edit, never in
    a loop. A questionnaire with mistakes keeps the last good pages and prints the problems.
    """
    generate(portal)
    _watch_questionnaires(portal)
    if engine == "zensical":
        subprocess.run(
            [
                sys.executable,
                "-m",
                "zensical",
                "serve",
                "--config-file",
                portal.config_file.name,
                "--dev-addr",
                address,
            ],
            cwd=portal.root,
        )
        return
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.chdir(portal.root)  # mkdocs.yml's relative paths are read from the project, as by `mkdocs`
    mkdocs_serve(portal.config_file.name, dev_addr=address, livereload=True)


def _watch_questionnaires(portal: Portal) -> None:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    lock = threading.Lock()

    class Regenerate(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Only changes count: generate() opens and closes every YAML file, and reacting to
            # those events would regenerate forever. Editors often save by a rename (moved).
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if (
                event.is_directory
                or event.event_type not in WATCHED_EVENTS
                or not any(str(p).endswith((".yaml", ".yml")) for p in paths)
            ):
                return
            with lock:
                try:
                    report = generate(portal)
                except ProblemsError as error:
                    print(
                        f"selfassess: not regenerated, fix these first:\n{error}", file=sys.stderr
                    )
                    return
                except Exception as error:  # keep watching: the next save may fix it
                    print(f"selfassess: not regenerated: {error!r}", file=sys.stderr)
                    return
                if report.written or report.removed:
                    print(f"selfassess: regenerated ({report})", file=sys.stderr)

    observer = Observer()
    observer.daemon = True
    observer.schedule(Regenerate(), str(portal.questionnaires_dir), recursive=False)
    observer.start()
