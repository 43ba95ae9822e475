"""The generation step, from the portal's YAML to its docs tree: check, render, write.

This is the whole build side that does not depend on a site engine: MkDocs and Zensical both run
after it on the same generated docs tree, and `mkdocs serve` only sees its finished output.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from typing import Protocol

from ..questionnaire.check import Checked, check_portal
from ..questionnaire.portal import Portal, PortalError
from ..questionnaire.source import ProblemsError
from . import assets, render
from .cache import Cache
from .output import WriteReport, write_tree

SCHEMAS = ("questionnaire.schema.json", "results.schema.json")  # copied to /schema/ in the site


@dataclass
class FromResults:
    """The pages made from a portal's committed results files, and what their reading found."""

    files: dict[str, str] = field(default_factory=dict)  # path in the docs folder: text
    dashboards: set[str] = field(default_factory=set)  # ids of the questionnaires that have one
    errors: list[str] = field(default_factory=list)  # "FILE: why it cannot be used", one each
    notes: list[str] = field(default_factory=list)  # "FILE: note: what of it was not used"


class ResultsPages(Protocol):
    """What makes the pages of the results files (`results/dashboard.py`). The results stage reads
    files the way `selfassess report` and `aggregate` do, and comes after this one: it is handed
    in by the commands, not imported."""

    def __call__(self, portal: Portal, checked: Checked, cache: Cache) -> FromResults: ...


class ResultsFilesError(ProblemsError):
    """Results files that cannot be used, under --strict: one line each, "FILE: what is wrong"."""

    def __init__(self, lines: list[str]) -> None:
        Exception.__init__(self, "\n".join(lines))
        self.problems = []


def generate(
    portal: Portal,
    cache: Cache | None = None,
    results: ResultsPages | None = None,
    strict: bool = False,
) -> WriteReport:
    """Validate every questionnaire, then write the docs tree. Nothing is written on a problem.

    Unchanged questionnaire files are neither checked nor rendered again (`cache.py`): `serve`
    keeps one `cache` from one generation to the next; without one, the pages of earlier runs
    are read from disk. `results` adds the dashboards of committed results files: a file that
    cannot be used is named and left out, and with `strict` it stops the generation."""
    cache = cache if cache is not None else Cache(portal.root)
    cache.begin(
        (portal.language, portal.site_id, portal.new_issue_url or "", portal.collect_repo or "")
    )
    checked = check_portal(portal, cache)
    if checked.problems:
        raise PortalError(checked.problems)
    for warning in checked.warnings:  # the pages carry the cleaned text; the author should know
        print(warning, file=sys.stderr)
    extra = results(portal, checked, cache) if results is not None else FromResults()
    if strict and extra.errors:
        raise ResultsFilesError(extra.errors)
    for line in [*extra.errors, *extra.notes]:  # left out, or partly: the maintainer should know
        print(line, file=sys.stderr)
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
        if q.id in extra.dashboards:  # its navigation depends on the results too: not cached
            files[f"{q.id}/SUMMARY.md"] = render.questionnaire_nav(q, dashboard=True)
    files |= extra.files
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
