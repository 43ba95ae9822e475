"""The generation step, from the portal's YAML to its docs tree: check, render, write.

This is the whole build side that does not depend on a site engine: MkDocs and Zensical both run
after it on the same generated docs tree, and `mkdocs serve` only sees its finished output.
"""

from __future__ import annotations

import re
import sys
from importlib import resources

from ..questionnaire.check import check_portal
from ..questionnaire.portal import Portal, PortalError
from . import assets, render
from .cache import Cache
from .output import WriteReport, write_tree

SCHEMAS = ("questionnaire.schema.json", "results.schema.json")  # copied to /schema/ in the site


def generate(portal: Portal, cache: Cache | None = None) -> WriteReport:
    """Validate every questionnaire, then write the docs tree. Nothing is written on a problem.

    Unchanged questionnaire files are neither checked nor rendered again (`cache.py`): `serve`
    keeps one `cache` from one generation to the next; without one, the pages of earlier runs
    are read from disk."""
    cache = cache if cache is not None else Cache(portal.root)
    cache.begin(
        (portal.language, portal.site_id, portal.new_issue_url or "", portal.collect_repo or "")
    )
    checked = check_portal(portal, cache)
    if checked.problems:
        raise PortalError(checked.problems)
    for warning in checked.warnings:  # the pages carry the cleaned text; the author should know
        print(warning, file=sys.stderr)
    files: dict[str, str] = {}
    for q in checked.questionnaires:
        key = checked.keys[q.id]
        made = cache.pages(key)
        if made is None:
            made = render.questionnaire_files(
                q, portal.site_id, portal.new_issue_url, portal.collect_repo
            )
            cache.keep(key, made)
        files.update(made)
    files |= render.portal_files(
        checked.questionnaires, _hand_written_pages(portal), portal.language
    )
    files |= assets.files()
    for name in SCHEMAS:
        schema = resources.files("selfassess") / "schema" / name
        files[f"schema/{name}"] = schema.read_text(encoding="utf-8")
    report = write_tree(portal.docs_dir, files, cache.written)
    cache.save()
    return report


def _hand_written_pages(portal: Portal) -> list[tuple[str, str]]:
    """(path, title) of the pages listed after the questionnaires in the navigation."""
    if portal.nav is not None:
        names = [str(n) for n in portal.nav]
    else:
        names = sorted(
            p.name for p in portal.docs_dir.glob("*.md") if p.name not in ("index.md", "SUMMARY.md")
        )
    pages = []
    for name in names:
        path = portal.docs_dir / name
        if not path.is_file():
            raise PortalError.about(
                portal.display(portal.config_file),
                f"extra.selfassess.nav names '{name}', which is not in "
                f"{portal.display(portal.docs_dir)}",
                "paths of pages relative to the docs folder",
            )
        heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        pages.append((name, heading.group(1).strip() if heading else path.stem))
    return pages
