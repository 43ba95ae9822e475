"""The `selfassess` plugin of MkDocs, so that a bare `mkdocs build` or `mkdocs serve` just works.

Thin on purpose, and on MkDocs' public plugin API only. Before MkDocs reads the docs folder
(`on_config`), it generates the questionnaires' pages as `selfassess generate` does (only files
whose content changed are rewritten), and adds the questionnaires to what `mkdocs serve` watches;
MkDocs reads its config again for every rebuild, so an edited questionnaire is generated again.
It marks the generated pages as generated, so they get no "edit" link to a file that is not the
source. A problem in a questionnaire stops MkDocs with every problem's file:line:column.

When `selfassess build` or `serve` runs MkDocs, they have generated already
(`generated_by_selfassess`), and the plugin only marks. Zensical runs no MkDocs plugins: there
the `selfassess` command generates.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..generate.output import generated_paths
from ..generate.pipeline import generate
from ..questionnaire.portal import Portal
from ..questionnaire.source import ProblemsError
from ..results import dashboard

log = logging.getLogger("mkdocs.plugins.selfassess")
_generated_elsewhere = False


@contextlib.contextmanager
def generated_by_selfassess() -> Iterator[None]:
    """While this runs, the `selfassess` command has generated the pages itself."""
    global _generated_elsewhere
    previous, _generated_elsewhere = _generated_elsewhere, True
    try:
        yield
    finally:
        _generated_elsewhere = previous


class SelfassessPlugin(BasePlugin):  # it has no options
    def on_config(self, config: Any) -> Any:
        self._docs = Path(config.docs_dir)
        if _generated_elsewhere:  # and `selfassess serve` watches the questionnaires itself
            return config
        try:
            portal = Portal.load(Path(config.config_file_path).parent)
            # `mkdocs build --strict`: a results file that cannot be used stops it too
            made = generate(portal, results=dashboard.pages, strict=bool(config.get("strict")))
            log.info(f"selfassess: generated ({made})")
        except ProblemsError as error:
            raise PluginError(f"selfassess could not generate the pages:\n{error}") from None
        config.watch.append(str(portal.questionnaires_dir))
        if portal.results_dir is not None and portal.results_dir.is_dir():
            config.watch.append(str(portal.results_dir))
        return config

    def on_files(self, files: Any, config: Any) -> Any:
        generated = generated_paths(self._docs)
        for file in files:
            if file.src_uri in generated:
                file.generated_by = "selfassess"
        return files
