"""Every use of MkDocs' and Material's private API, in one place, for the fast `selfassess serve`.

MkDocs 1.x gets no more releases and Material reaches end of life in May 2027: an upgrade breaks
here first. `missing()` names what is gone; the test suite calls it, and `serve` falls back to
MkDocs' own public `serve` (full rebuilds, slower but right) instead of failing mid-edit.

What is used, and why:
- `mkdocs.commands.build._populate_page` and `_build_page`: render some pages again with the
  files, navigation and template environment of the last build (see serve._LastBuild).
- `mkdocs.livereload._serve_url`: the address `mkdocs serve` shows, computed as it does.
- `LiveReloadServer`'s `_rebuild_cond`, `_want_rebuild`, `_epoch_cond`, `_wanted_epoch` and
  `_visible_epoch`: start a rebuild on an inotify event, tell browsers to reload before the search
  entries are written, or not at all when a build changed nothing.
- Material's search plugin's `search_index.entries` and `config.enabled`: leave search out while
  pages are rebuilt, then index just those pages.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Iterator
from typing import Any

# (module, attribute, the parameters it must take), as the calls below make them.
FUNCTIONS = (
    ("mkdocs.commands.build", "_populate_page", ("page", "config", "files")),
    ("mkdocs.commands.build", "_build_page", ("page", "config", "doc_files", "nav", "env")),
    ("mkdocs.livereload", "_serve_url", ("host", "port", "path")),
)
SERVER_FIELDS = ("_rebuild_cond", "_want_rebuild", "_epoch_cond", "_wanted_epoch", "_visible_epoch")


def missing() -> list[str]:
    """What of the private API below this MkDocs and Material no longer have, one line each."""
    gone = []
    for module, name, parameters in FUNCTIONS:
        function = getattr(importlib.import_module(module), name, None)
        if not callable(function):
            gone.append(f"{module}.{name}")
            continue
        have = list(inspect.signature(function).parameters)
        if have[: len(parameters)] != list(parameters):
            gone.append(f"{module}.{name}({', '.join(parameters)}): now ({', '.join(have)})")
    gone += [f"mkdocs.livereload.LiveReloadServer.{f}" for f in _missing_server_fields()]
    from material.plugins.search.plugin import (  # type: ignore[import-untyped]
        SearchIndex,
        SearchPlugin,
    )

    if not hasattr(SearchIndex(), "entries"):
        gone.append("material.plugins.search.plugin.SearchIndex.entries")
    if "enabled" not in dict(SearchPlugin.config_scheme):
        gone.append("material.plugins.search.plugin.SearchPlugin config 'enabled'")
    return gone


def _missing_server_fields() -> list[str]:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        return [f for f in SERVER_FIELDS if not hasattr(server, f)]
    finally:
        server.server_close()


def serve_url(host: str, port: int, mount_path: str) -> str:
    from mkdocs.livereload import _serve_url

    return _serve_url(host, port, mount_path)


def build_pages(pages: list[Any], config: Any, files: Any, nav: Any, env: Any) -> None:
    """Read and render these pages again, as a build does, with the last build's state."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    in_serve = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:  # every page is read before any is rendered: links look at the others
        _populate_page(page, config, files)
    for page in pages:
        _build_page(page, config, in_serve, nav, env)


def search_plugin(config: Any) -> Any | None:
    """Material's search plugin of this config, when it is one we know how to drive."""
    plugin: Any = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    return plugin if isinstance(entries, list) and "enabled" in plugin.config else None


@contextlib.contextmanager
def search_paused(plugin: Any) -> Iterator[None]:
    """Pages rendered meanwhile add no search entries."""
    plugin.config.enabled = False
    try:
        yield
    finally:
        plugin.config.enabled = True


def index_pages(plugin: Any, pages: list[Any], config: Any, nav: Any) -> list[dict]:
    """The search entries of these pages alone, as Material makes them."""
    entries: list[dict] = plugin.search_index.entries
    entries.clear()
    for page in pages:
        plugin.on_page_context({}, page=page, config=config, nav=nav)
    return entries


def reloading_server() -> type:
    """MkDocs' live-reload server, with the three controls `selfassess serve` needs."""
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        def rebuild(self) -> None:
            """Build as if a watched file had changed (ours are watched with inotify)."""
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def nothing_changed(self) -> None:
            """Called by the builder: browsers need not reload after this build."""
            self._wanted_epoch = self._visible_epoch

        def publish(self) -> None:
            """Called by the builder: browsers may reload now, before the build has ended."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch
                self._epoch_cond.notify_all()

    return Server
