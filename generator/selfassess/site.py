"""Run a site engine on the generated docs tree: build into site/ atomically, or serve with reload.

The engines are adapters around `portal.generate`: MkDocs runs in-process, Zensical as its own
command with the same mkdocs.yml. A build goes to a temporary folder first and replaces site/ only
when it succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from . import assets, csp
from .portal import Portal, generate
from .source import ProblemsError

ENGINES = ("mkdocs", "zensical")
WATCHED_EVENTS = {"created", "modified", "deleted", "moved"}

# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about our site.
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


class BuildError(Exception):
    pass


def build(
    portal: Portal, engine: str = "mkdocs", site_dir: Path | None = None, offline: bool = False
) -> Path:
    """Generate, then build. `offline` makes a site to open from disk (file://): Material's offline
    plugin (pages as *.html, search without a server), and no instant navigation, which needs a
    server (with it, Material's page-change signal never fires under file://). Every page gets
    the site's Content-Security-Policy (`csp.py`); `serve` adds none."""
    generate(portal)
    site_dir = site_dir or portal.root / "site"
    # Inside the project: Zensical refuses a site_dir outside it, and rename stays on one disk.
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=portal.root))
    try:
        (_build_mkdocs if engine == "mkdocs" else _build_zensical)(portal, staging, offline)
        csp.secure(staging)  # on the built pages: the policy depends on the inline scripts built
        _replace(site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


@contextlib.contextmanager
def _engine_config(
    portal: Portal, site_dir: Path, offline: bool, engine: str = "mkdocs"
) -> Iterator[Path]:
    """A throw-away config that inherits mkdocs.yml and changes only what this build needs."""
    config = site_dir.with_suffix(".yml")
    lines = [f"INHERIT: {portal.config_file.name}", f"site_dir: {site_dir.name}"]
    # Zensical appends inherited lists rather than replacing them, and its instant navigation
    # works from file:// as it is.
    if offline and engine == "mkdocs":
        features = [f for f in portal.theme_features if f != "navigation.instant"]
        lines.append(f"theme: {{features: {json.dumps(features)}}}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    previous = os.environ.get("OFFLINE")
    os.environ["OFFLINE"] = "true" if offline else "false"  # read by mkdocs.yml's offline plugin
    try:
        yield config
    finally:
        config.unlink(missing_ok=True)
        if previous is None:
            del os.environ["OFFLINE"]
        else:
            os.environ["OFFLINE"] = previous


def _build_mkdocs(portal: Portal, site_dir: Path, offline: bool) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    try:
        # Paths in mkdocs.yml (snippets' base_path) are relative to the project, as for `mkdocs`.
        with contextlib.chdir(portal.root), _engine_config(portal, site_dir, offline) as config:
            mkdocs_build(load_config(config.name, strict=True))
    except Exception as error:  # strict-mode aborts, and whatever an extension or plugin raises
        raise BuildError(f"MkDocs build failed: {type(error).__name__}: {error}") from None


def _build_zensical(portal: Portal, site_dir: Path, offline: bool) -> None:
    if importlib.util.find_spec("zensical") is None:
        raise BuildError("Zensical is not installed: pip install zensical")
    # Zensical takes site_dir only from its config: a throw-away config inherits the real one.
    with _engine_config(portal, site_dir, offline, "zensical") as config:
        command = ["build", "--clean", "--strict", "--config-file", config.name]
        result = subprocess.run(
            [sys.executable, "-m", "zensical", *command],
            cwd=portal.root,
            capture_output=True,
            text=True,
        )
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

    # The mkdocs command sets up its own log output; called from here, MkDocs would say nothing,
    # not even where it serves or that it rebuilt.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    print(f"selfassess: serving on http://{address}/ (Ctrl+C stops)", file=sys.stderr)

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
            nonlocal portal
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if (
                event.is_directory
                or event.event_type not in WATCHED_EVENTS
                or not any(str(p).endswith((".yaml", ".yml", ".js", ".css")) for p in paths)
            ):
                return
            with lock:
                assets.script.cache_clear()  # an edit of the browser app itself
                try:
                    if any(Path(str(p)).name == portal.config_file.name for p in paths):
                        portal = Portal.load(portal.root)  # extra.selfassess may have changed
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
    observer.schedule(Regenerate(), str(portal.root), recursive=False)  # mkdocs.yml
    browser_app = Path(str(assets.BROWSER))
    if browser_app.is_dir():  # an editable install: the app's source is right there to edit
        observer.schedule(Regenerate(), str(browser_app), recursive=False)
    observer.start()
