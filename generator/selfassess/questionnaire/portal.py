"""The portal: where its questionnaires and docs live, and the generation step from YAML to docs.

This is the whole build side that does not depend on a site engine: MkDocs and Zensical both run
after it on the same generated docs tree, and `mkdocs serve` only sees its finished output.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..generate import assets, render
from ..generate.cache import BuildCache
from ..generate.output import Known, WriteReport, write_tree
from . import model, settings, validate
from .model import Questionnaire
from .source import LoadError, Position, Problem, ProblemsError, load_bytes, parse, read_bytes

CONFIG_FILE = "mkdocs.yml"
SCHEMAS = ("questionnaire.schema.json", "results.schema.json")  # copied to /schema/ in the site


class PortalError(ProblemsError):
    """A problem a maintainer must fix before anything is generated."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for our few settings; engine tags (!ENV, !!python/name) become None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class Portal:
    root: Path
    config_file: Path
    docs_dir: Path
    questionnaires_dir: Path
    nav: list[str] | None = None  # hand-written pages after the questionnaires in the navigation
    shown: list[str] | None = None  # ids of the questionnaires to publish, in order (None: all)
    site_id: str = "selfassess"  # scope of the answers stored in browsers (see browser/store.js)
    theme_features: tuple[str, ...] = ()
    language: str = "en"  # theme.language: Material's and, where we have a table, ours
    # A new-issue URL template with {title} and {body}: a "Create issue" link on each gap.
    new_issue_url: str | None = None
    strict_html: bool = False  # author HTML outside the allow-list stops the build
    # where each setting's value is written in mkdocs.yml, for messages about it
    setting_positions: dict[str, Position] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path = Path()) -> Portal:
        root = root.resolve()  # the engines run from the project folder, wherever we were called
        config_file = root / CONFIG_FILE
        try:
            text = config_file.read_text(encoding="utf-8")
            config = yaml.load(text, Loader=_ConfigLoader) or {}
        except OSError as error:
            raise PortalError.about(
                str(config_file),
                f"cannot read the site configuration: {error.strerror}",
                "run selfassess in the portal's folder, or pass --project",
            ) from None
        except yaml.YAMLError as error:
            raise PortalError.about(str(config_file), f"invalid YAML: {error}") from None
        if not isinstance(config, dict):
            raise PortalError.about(str(config_file), "unexpected value of the file", "a mapping")
        extra = config.get("extra")
        found, problems, where = settings.read(
            str(config_file), text, extra.get("selfassess") if isinstance(extra, dict) else None
        )
        docs_dir = config.get("docs_dir", "docs")
        if not isinstance(docs_dir, str):
            problems.insert(0, Problem(str(config_file), Position(1, 1), "docs_dir is not a name"))
        if problems:
            raise PortalError(problems)
        site_name = config.get("site_name")
        site_id = found["site_id"] or (_slug(site_name) if isinstance(site_name, str) else "")
        return cls(
            root=root,
            config_file=config_file,
            docs_dir=root / docs_dir,
            questionnaires_dir=root / found["questionnaires_dir"],
            nav=found["nav"],
            shown=found["questionnaires"],
            site_id=site_id or "selfassess",
            theme_features=tuple(f for f in _theme(config, "features", list) if isinstance(f, str)),
            language=_theme(config, "language", str) or "en",
            new_issue_url=found["new_issue_url"],
            strict_html=found["strict_html"],
            setting_positions=where,
        )

    def questionnaire_paths(self) -> list[Path]:
        return sorted(
            [*self.questionnaires_dir.glob("*.yaml"), *self.questionnaires_dir.glob("*.yml")]
        )

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to where the command was run when possible."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


@dataclass
class Checked:
    questionnaires: list[Questionnaire]
    problems: list[Problem]  # errors: nothing is generated while there is one
    warnings: list[Problem] = field(default_factory=list)  # the build goes on and says so
    # questionnaire id -> its key in the build cache (when there is one)
    keys: dict[str, str] = field(default_factory=dict)


@dataclass
class Cache:
    """What earlier generations made of each questionnaire file, for `selfassess serve`.

    A file whose bytes have not changed since is neither parsed, validated, modelled nor rendered
    again, and generated files this process wrote and nobody touched since are not read back to
    compare: an edit of one of 50 questionnaires costs that one questionnaire's work.
    """

    # (path, name in messages, site language) -> (bytes, questionnaire or None, its problems)
    checked: dict[tuple[str, str, str], tuple[bytes, Questionnaire | None, list[Problem]]] = field(
        default_factory=dict
    )
    # questionnaire id -> (the questionnaire rendered, the settings its pages carry, its files)
    rendered: dict[str, tuple[Questionnaire, tuple[str, str | None], dict[str, str]]] = field(
        default_factory=dict
    )
    written: Known = field(default_factory=dict)  # see output.write_tree


def check(
    paths: list[Path],
    display: Callable[[Path], str] = str,
    site_language: str = "en",
    cache: Cache | None = None,
    stored: BuildCache | None = None,
    strict_html: bool = False,
) -> Checked:
    """Load, validate and model every file; collect every problem of every file. A file the
    build cache (`stored`) has pages of was valid, without warnings, when they were made: it is
    only modelled. `strict_html` makes the warnings about author HTML errors."""
    questionnaires: list[Questionnaire] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    keys: dict[str, str] = {}
    first_file: dict[str, str] = {}
    for path in paths:
        file = display(path)
        try:
            content = read_bytes(path)  # the only read: cache keys and pages from these bytes
        except OSError as error:
            problems.append(Problem(file, Position(1, 1), f"cannot read file: {error.strerror}"))
            continue
        key = (str(path), file, site_language)
        stored_key = stored.key(file, content) if stored is not None else None
        if cache is not None and key in cache.checked and cache.checked[key][0] == content:
            _, questionnaire, found = cache.checked[key]
        elif stored_key is not None and stored is not None and stored.pages(stored_key):
            data = parse(content.decode("utf-8-sig"), file).data  # valid when cached
            questionnaire, found = model.build(data, file, site_language), []
        else:
            questionnaire, found = _check_file(content, file, site_language)
            if cache is not None:
                cache.checked[key] = (content, questionnaire, found)
        if strict_html:
            found = [replace(p, warning=False) for p in found]
        problems += [p for p in found if not p.warning]
        warnings += [p for p in found if p.warning]
        if questionnaire is None or any(not p.warning for p in found):
            continue
        if questionnaire.id in first_file:
            document = parse(content.decode("utf-8-sig"), file)
            problems.append(
                document.problem(
                    ("id",),
                    f"questionnaire id '{questionnaire.id}' is "
                    f"also used by {first_file[questionnaire.id]}",
                    "a different id for each questionnaire",
                )
            )
            continue
        first_file[questionnaire.id] = file
        questionnaires.append(questionnaire)
        if stored_key is not None and not found:  # warnings are said on every build
            keys[questionnaire.id] = stored_key
    return Checked(questionnaires, problems, warnings, keys)


def _check_file(
    content: bytes, file: str, site_language: str
) -> tuple[Questionnaire | None, list[Problem]]:
    """One file on its own: its questionnaire, or its problems."""
    try:
        document = load_bytes(content, file)
    except LoadError as error:
        return None, error.problems
    found = validate.validate(document)
    if any(not p.warning for p in found):
        return None, found
    return model.build(document.data, file, site_language), found


def check_portal(
    portal: Portal, cache: Cache | None = None, stored: BuildCache | None = None
) -> Checked:
    """Every questionnaire of the portal, checked, and checked against the hand-written docs."""
    paths = portal.questionnaire_paths()
    if not paths:
        raise PortalError.about(
            portal.display(portal.questionnaires_dir),
            "no questionnaire found",
            "at least one *.yaml file",
        )
    checked = check(paths, portal.display, portal.language, cache, stored, portal.strict_html)
    if portal.shown is not None:
        # Only the listed questionnaires are published, in the listed order; the others are still
        # checked, so a draft with mistakes is noticed before it is listed.
        by_id = {q.id: q for q in checked.questionnaires}
        missing = [i for i in portal.shown if i not in by_id]
        if missing and not checked.problems:
            raise PortalError(
                [
                    Problem(
                        portal.display(portal.config_file),
                        portal.setting_positions.get("questionnaires", Position(1, 1)),
                        f"extra.selfassess.questionnaires names '{missing[0]}', which no file "
                        f"in {portal.display(portal.questionnaires_dir)} has as its id",
                        "one of: " + ", ".join(sorted(by_id)),
                    )
                ]
            )
        checked.questionnaires = [by_id[i] for i in portal.shown if i in by_id]
    for q in checked.questionnaires:
        if clash := id_taken_by(portal, q.id):
            checked.problems.append(
                Problem(
                    q.file,
                    Position(1, 1),
                    f"questionnaire id '{q.id}' is taken by {portal.display(clash)}",
                    "another id, or move the hand-written page",
                )
            )
    return checked


def _theme(config: dict, key: str, kind: type) -> Any:
    """A theme setting of the expected type, or an empty one: Material reports wrong ones."""
    theme = config.get("theme")
    value = theme.get(key) if isinstance(theme, dict) else None
    return value if isinstance(value, kind) else kind()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def id_taken_by(portal: Portal, ident: str) -> Path | None:
    """The hand-written page or folder that a questionnaire id would clash with, if any.

    A questionnaire's pages go to docs/<id>/ and its URL is /<id>/: a hand-written docs/<id>.md
    or docs/<id>/ would be overwritten or would take that URL."""
    folder, page = portal.docs_dir / ident, portal.docs_dir / f"{ident}.md"
    if page.exists():
        return page
    in_use = folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))
    return folder if in_use and not _ours(folder) else None


def _ours(folder: Path) -> bool:
    marker = folder / ".gitignore"
    return marker.is_file() and marker.read_text(encoding="utf-8").startswith(render.GENERATED_MARK)


def generate(portal: Portal, cache: Cache | None = None) -> WriteReport:
    """Validate every questionnaire, then write the docs tree. Nothing is written on a problem.

    With a `cache` (kept by `serve` from one generation to the next), unchanged questionnaire files
    are not checked or rendered again. Without one, the build cache on disk (`build_cache.py`)
    keeps the pages of unchanged files from one run to the next."""
    settings = (portal.language, portal.site_id, portal.new_issue_url or "")
    stored = BuildCache(portal.root, settings) if cache is None else None
    checked = check_portal(portal, cache, stored)
    if checked.problems:
        raise PortalError(checked.problems)
    for warning in checked.warnings:  # the pages carry the cleaned text; the author should know
        print(warning, file=sys.stderr)
    files: dict[str, str] = {}
    for q in checked.questionnaires:
        key = checked.keys.get(q.id)
        made = stored.pages(key) if stored is not None and key is not None else None
        if made is None:
            made = _questionnaire_files(q, portal.site_id, portal.new_issue_url, cache)
            if stored is not None and key is not None:
                stored.keep(key, made)
        files.update(made)
    files |= render.portal_files(
        checked.questionnaires, _hand_written_pages(portal), portal.language
    )
    files |= assets.files()
    for name in SCHEMAS:
        schema = resources.files("selfassess") / "schema" / name
        files[f"schema/{name}"] = schema.read_text(encoding="utf-8")
    report = write_tree(portal.docs_dir, files, cache.written if cache is not None else None)
    if stored is not None:
        stored.save()
    return report


def _questionnaire_files(
    q: Questionnaire, site_id: str, new_issue_url: str | None, cache: Cache | None
) -> dict[str, str]:
    if cache is None:
        return render.questionnaire_files(q, site_id, new_issue_url)
    # Rendered again only when the questionnaire or a setting its pages carry has changed.
    settings = (site_id, new_issue_url)
    done = cache.rendered.get(q.id)
    if done is None or done[0] is not q or done[1] != settings:
        done = (q, settings, render.questionnaire_files(q, site_id, new_issue_url))
        cache.rendered[q.id] = done
    return done[2]


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
