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

import yaml

from ..generate.pipeline import generate
from ..questionnaire.portal import Portal
from ..results import dashboard
from . import csp
from .mkdocs_plugin import generated_by_selfassess

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


class _Env:
    """An !ENV tag of mkdocs.yml: the variables it reads, in order, and the value without them."""

    def __init__(self, names: list[str], default: object) -> None:
        self.names, self.default = names, default


class _SiteUrlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for site_url and INHERIT; !ENV kept as what it reads, other tags None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> _Env:
    # As pyyaml_env_tag, MkDocs' reader, takes it: `!ENV NAME`, or `!ENV [NAME, ..., default]`.
    if isinstance(node, yaml.ScalarNode):
        return _Env([str(loader.construct_scalar(node))], None)
    values = [loader.construct_object(child) for child in getattr(node, "value", [])]
    if len(values) > 1:
        return _Env([str(v) for v in values[:-1]], values[-1])
    return _Env([str(v) for v in values], None)


_SiteUrlLoader.add_constructor("!ENV", _env_tag)
_SiteUrlLoader.add_multi_constructor("", lambda loader, suffix, node: None)

NO_INSTANT = "no instant navigation (every link reloads the whole page)"


def site_url_warning(portal: Portal) -> str | None:
    """The one line a build for publishing gets when mkdocs.yml gives it no address of its own:
    Material's instant navigation reads the sitemap, whose addresses come from site_url, and takes
    over only links to them. None when site_url is set (or mkdocs.yml cannot be read: the build
    says why)."""
    value, config_file = None, portal.config_file
    for _ in range(10):  # INHERIT: site_url may come from the file this one extends
        try:
            config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SiteUrlLoader)
        except (OSError, yaml.YAMLError):
            return None
        if not isinstance(config, dict):
            return None
        if "site_url" in config or not isinstance(config.get("INHERIT"), str):
            value = config.get("site_url")
            break
        config_file = config_file.parent / config["INHERIT"]
    how = "set site_url in mkdocs.yml"
    if isinstance(value, _Env) and value.names:
        how = f"build with {value.names[0]}=https://<its address>/"
        found = next((n for n in value.names if n in os.environ), None)
        if found is None and value.default:
            return (
                f"warning: {value.names[0]} is not set, so site_url is {value.default}: served"
                f" from any other address, the site has {NO_INSTANT} and its sitemap and"
                f" canonical links point there; {how}"
            )
        value = os.environ[found] if found else None
    if isinstance(value, str) and value.strip():
        return None
    return (
        f"warning: site_url is not set: the site has {NO_INSTANT}, and no sitemap addresses or"
        f" canonical links; {how}"
    )


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
