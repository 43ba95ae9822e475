"""`selfassess serve`: generate, serve with live reload, regenerate on a YAML edit.

With MkDocs, a rebuild after an edit of pages only builds those pages again; the private MkDocs
API that takes is all in `mkdocs_internals.py`. Zensical serves as its own command.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..generate import assets
from ..generate.cache import Cache
from ..generate.pipeline import generate
from ..questionnaire.portal import Portal
from ..questionnaire.source import ProblemsError
from ..results import dashboard
from . import mkdocs_internals
from .mkdocs_plugin import generated_by_selfassess

WATCHED_EVENTS = {"created", "modified", "deleted", "moved"}


def serve(portal: Portal, engine: str = "mkdocs", address: str = "127.0.0.1:8000") -> None:
    """Generate, then serve with live reload; a YAML edit regenerates the pages it changes.

    The engine watches docs/ and reloads the browser; we watch questionnaires/ and regenerate.
    Only files whose content changed are written, so the engine rebuilds once per edit, never in
    a loop; a cache of each questionnaire file's pages means an edit of one file costs that file's
    work. With MkDocs, a rebuild after an edit of pages only builds those pages again (see
    `_MkDocsBuilds` and `_LastBuild`). A questionnaire with mistakes keeps the last good pages
    and prints the problems.
    """
    cache = Cache(portal.root)
    generate(portal, cache, dashboard.pages)
    generating = threading.Lock()  # held while pages are written: no build sees half of them
    _watch_questionnaires(portal, cache, generating)
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
    # The mkdocs command sets up its own log output; called from here, MkDocs would say nothing,
    # not even where it serves or that it rebuilt.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    print(f"selfassess: serving on http://{address}/ (Ctrl+C stops)", file=sys.stderr)

    os.chdir(portal.root)  # mkdocs.yml's relative paths are read from the project, as by `mkdocs`
    with generated_by_selfassess():
        if gone := mkdocs_internals.missing():
            print(
                "selfassess: this MkDocs lacks what rebuilding only changed pages uses ("
                + "; ".join(gone)
                + "): serving with MkDocs' own serve, which rebuilds every page",
                file=sys.stderr,
            )
            from mkdocs.commands.serve import serve as mkdocs_serve

            mkdocs_serve(config_file=portal.config_file.name, dev_addr=address)
        else:
            _serve_mkdocs(portal, address, generating)


class _MkDocsBuilds:
    """Decides how MkDocs rebuilds: only the changed pages when nothing else changed.

    A full build of a portal of 50 questionnaires takes half a minute; after an edit of one
    questionnaire's text only its pages change, and only they need building again. That is right
    only while the navigation and every other page stay as they were, so any other change builds
    everything: a file added or removed, a navigation file (SUMMARY.md), the home page's cards,
    the assets, mkdocs.yml. The search index keeps the entries of the other pages.
    """

    def __init__(self, portal: Portal, watched: list[str]) -> None:
        self.docs = portal.docs_dir
        self.config_file = portal.config_file
        self.watched = [Path(p) for p in watched]  # mkdocs.yml's `watch:` folders (theme overrides)
        self.state = self._scan()

    def _scan(self) -> dict[Path, tuple[int, int]]:
        # os.walk and os.stat: Path.rglob takes a tenth of a second on a portal of 560 files.
        state = {}
        folders = [self.docs, *(p for p in self.watched if p.is_dir())]
        found = [
            os.path.join(d, f) for top in folders for d, _, names in os.walk(top) for f in names
        ]
        for path in [str(self.config_file), *found]:
            with contextlib.suppress(OSError):
                stat = os.stat(path)
                state[Path(path)] = (stat.st_mtime_ns, stat.st_size)
        return state

    def changed_pages(self) -> set[Path] | None:
        """What changed since the last call, when that is only existing pages (and data beside
        them); None when more changed. An empty set: the watcher saw an edit the last build
        already took in."""
        before, self.state = self.state, self._scan()
        changed = {
            p for p in before.keys() | self.state.keys() if before.get(p) != self.state.get(p)
        }
        pages_only = all(
            path in before
            and path in self.state
            and path.suffix in (".md", ".json")
            and path.name != "SUMMARY.md"
            and self.docs in path.parents
            and ".selfassess" not in path.relative_to(self.docs).parts
            and "assets" not in path.relative_to(self.docs).parts
            for path in changed
        )
        return changed if pages_only else None


class _LastBuild:
    """A plugin added to the served config: it keeps what the last MkDocs build made (its files,
    navigation and template environment), so that when only pages changed, just those pages are
    built again with them.

    MkDocs' own dirty build (`mkdocs serve --dirty`) also renders only changed pages, but first
    lists every file, builds the navigation from every SUMMARY.md, compiles the theme's templates
    and renders the 404 page and the sitemap: about a second and a half for a portal of 50
    questionnaires, against a third of that for the pages of the one that changed.
    """

    def __init__(self) -> None:
        self.config: Any = None
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None

    def on_files(self, files: Any, *, config: Any) -> Any:
        self.config, self.files, self.env = config, files, None
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        self.env = env  # the last event before pages are written: the build's state is complete
        return env

    def refresh(self, changed: set[Path], publish: Callable[[], None]) -> bool:
        """Build these pages again (copy data files); False when a build must do it instead.

        `publish` lets browsers reload once the pages are written; their search entries, a
        quarter of the work, follow (a page that loads meanwhile may search the previous text)."""
        if self.env is None:
            return False
        config = self.config
        files = {Path(f.abs_src_path): f for f in self.files}
        # Material's search plugin, whose entries of these pages are made here, after publish().
        search = mkdocs_internals.search_plugin(config)
        if search is None or not all(path in files for path in changed):
            return False
        pages = [files[path] for path in sorted(changed) if files[path].is_documentation_page()]
        for file in changed - {Path(p.abs_src_path) for p in pages}:
            files[file].copy_file()
        with mkdocs_internals.search_paused(search):
            mkdocs_internals.build_pages(
                [f.page for f in pages], config, self.files, self.nav, self.env
            )
        publish()
        entries = mkdocs_internals.index_pages(search, [f.page for f in pages], config, self.nav)
        index = Path(config.site_dir) / "search" / "search_index.json"
        if isinstance(previous := _read_json(index), dict):
            _replace_search_entries(index, previous, entries)
        return True


def _serve_mkdocs(portal: Portal, address: str, generating: threading.Lock) -> None:
    """MkDocs' own `serve`, with a builder that rebuilds only changed pages when it may."""
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> Any:
        return load_config(portal.config_file.name, site_dir=site_dir, dev_addr=address)

    config = get_config()
    builds = _MkDocsBuilds(portal, list(config.watch))
    last = _LastBuild()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = config.site_url = mkdocs_internals.serve_url(host, port, mount_path)
    log = logging.getLogger("mkdocs")

    def builder(config: Any = None) -> None:
        with generating:
            _build(config)

    def _build(config: Any = None) -> None:
        changed = builds.changed_pages() if config is None else None
        if changed == set():  # a late notice of changes the last build took in
            server.nothing_changed()
            return
        if changed is not None:
            log.info("Building documentation (changed pages only)...")
            started = time.monotonic()
            if last.refresh(changed, server.publish):
                seconds = time.monotonic() - started
                log.info(f"{len(changed)} changed files built in {seconds:.2f} seconds")
                return
        else:
            log.info("Building documentation...")
        dirty = changed is not None
        if config is None:
            config = get_config()
            config.site_url = serve_url
        config.plugins["selfassess/last-build"] = last
        index = Path(site_dir) / "search" / "search_index.json"
        previous = _read_json(index) if dirty else None
        with _quiet_dirty_warning():
            mkdocs_build(config, serve_url=serve_url, dirty=dirty)
        if previous is not None:
            _merge_search_index(index, previous)

    # mkdocs.yml and theme folders are polled, as by `mkdocs serve`, but more often.
    server = mkdocs_internals.reloading_server()(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        polling_interval=0.2,
    )
    # MkDocs waits for 0.1 s without changes before it builds; a generation holds `generating`
    # while it writes, and the build waits for it, so a short pause is enough.
    server.build_delay = 0.02

    def error_handler(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    try:
        builder(config)
        if not _watch_docs(config.docs_dir, server.rebuild):
            server.watch(config.docs_dir)  # polled, as by `mkdocs serve`
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


@contextlib.contextmanager
def _quiet_dirty_warning() -> Iterator[None]:
    """MkDocs warns on every dirty build that links may be stale; ours are not (see above)."""

    def keep(record: logging.LogRecord) -> bool:
        return (
            "'dirty' build" not in record.getMessage() and "stale files" not in record.getMessage()
        )

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _merge_search_index(index: Path, previous: Any) -> None:
    """After a dirty build: the rebuilt pages' entries, and the previous ones of the others."""
    current = _read_json(index)
    if isinstance(current, dict) and isinstance(previous, dict):
        _replace_search_entries(index, previous, current.get("docs", []))


def _replace_search_entries(index: Path, previous: dict, new: list[dict]) -> None:
    """The search index with the entries of some pages replaced by `new`, written at once: a
    browser may be reading it."""
    rebuilt = {entry["location"].split("#")[0] for entry in new}
    kept = [e for e in previous.get("docs", []) if e["location"].split("#")[0] not in rebuilt]
    text = json.dumps(previous | {"docs": kept + new}, ensure_ascii=False, separators=(",", ":"))
    written = index.with_suffix(".tmp")
    written.write_text(text, "utf-8")
    written.replace(index)


def _watch_docs(docs: str, rebuild: Callable[[], None]) -> bool:
    """A change in docs/ starts a rebuild at once. MkDocs polls (every 0.2 s here): a poll that
    sees only some of the files one generation writes starts a build, and the next poll a second
    build and a second reload of the page. False when the system cannot watch (out of inotify
    watches, say)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Changes only: every build opens and reads the pages.
            if not event.is_directory and event.event_type in WATCHED_EVENTS:
                rebuild()

    observer = Observer()
    observer.daemon = True
    try:
        observer.schedule(Changed(), docs, recursive=True)
        observer.start()
    except OSError:
        return False
    return True


def _watch_questionnaires(portal: Portal, cache: Cache, lock: threading.Lock) -> None:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    reported = ""  # the problems printed last: one save can come as several events

    class Regenerate(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Only changes count: generate() opens and closes every YAML file, and reacting to
            # those events would regenerate forever. Editors often save by a rename (moved).
            nonlocal portal, reported
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if (
                event.is_directory
                or event.event_type not in WATCHED_EVENTS
                or not any(_source(str(p)) for p in paths)
            ):
                return
            with lock:
                if any(str(p).endswith((".js", ".css")) for p in paths):
                    assets.script.cache_clear()  # an edit of the browser app itself
                try:
                    if any(Path(str(p)).name == portal.config_file.name for p in paths):
                        portal = Portal.load(portal.root)  # extra.selfassess may have changed
                    report = generate(portal, cache, dashboard.pages)
                except ProblemsError as error:
                    if str(error) != reported:
                        print(
                            f"selfassess: not regenerated, fix these first:\n{error}",
                            file=sys.stderr,
                        )
                        reported = str(error)
                    return
                except Exception as error:  # keep watching: the next save may fix it
                    print(f"selfassess: not regenerated: {error!r}", file=sys.stderr)
                    return
                reported = ""
                if report.written or report.removed:
                    print(f"selfassess: regenerated ({report})", file=sys.stderr)

    results = str(portal.results_dir) + os.sep if portal.results_dir is not None else None

    def _source(path: str) -> bool:
        """A file generation reads: a questionnaire, mkdocs.yml, the app, a results file."""
        if path.endswith((".yaml", ".yml", ".js", ".css")):
            return True
        return results is not None and path.startswith(results) and path.endswith(".json")

    observer = Observer()
    observer.daemon = True
    observer.schedule(Regenerate(), str(portal.questionnaires_dir), recursive=False)
    if portal.results_dir is not None and portal.results_dir.is_dir():  # the dashboards'
        observer.schedule(Regenerate(), str(portal.results_dir), recursive=True)
    observer.schedule(Regenerate(), str(portal.root), recursive=False)  # mkdocs.yml
    browser_app = Path(str(assets.BROWSER))
    if browser_app.is_dir():  # an editable install: the app's source is right there to edit
        observer.schedule(Regenerate(), str(browser_app), recursive=False)
    observer.start()
