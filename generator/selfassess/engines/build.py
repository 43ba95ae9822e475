"""`selfassess build`: generate, then run a site engine on the docs tree into site/, atomically.

The engines are adapters around `generate`: MkDocs runs in-process, Zensical as its own command
with the same mkdocs.yml. A build goes to a temporary folder first and replaces site/ only
when it succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..generate.pipeline import generate
from ..questionnaire.portal import Portal
from ..results import dashboard
from . import csp
from .mkdocs_plugin import generated_by_selfassess

ENGINES = ("mkdocs", "zensical")

# Material 9.7+ prints a long notice about MkDocs 2.0 on every run; it says nothing about our site.
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


class BuildError(Exception):
    pass


def build(
    portal: Portal,
    engine: str = "mkdocs",
    site_dir: Path | None = None,
    offline: bool = False,
    strict: bool = False,
) -> Path:
    """Generate, then build. `offline` makes a site to open from disk (file://): Material's offline
    plugin (pages as *.html, search without a server), and no instant navigation, which needs a
    server (with it, Material's page-change signal never fires under file://). Every page gets
    the site's Content-Security-Policy (`csp.py`); `serve` adds none. `strict`: a committed
    results file that cannot be used stops the build (without it, it is named and left out)."""
    generate(portal, results=dashboard.pages, strict=strict)
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
        with (
            contextlib.chdir(portal.root),
            _engine_config(portal, site_dir, offline) as config,
            generated_by_selfassess(),
        ):
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
