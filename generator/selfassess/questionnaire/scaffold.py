"""`selfassess new`: start a questionnaire from a commented example that validates as it is."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import yaml

from .portal import Portal, id_taken_by
from .scales import BUILTIN_SCALES
from .source import LoadError, load
from .validate import PATTERN_HINTS, schema

TEMPLATE = "new-questionnaire.yaml.j2"
DEFAULT_SCALE = "yes-no"


class ScaffoldError(Exception):
    """The questionnaire cannot be created as asked; nothing was written."""


def new_questionnaire(
    portal: Portal, ident: str, title: str | None = None, scale: str = DEFAULT_SCALE
) -> Path:
    """Write <questionnaires_dir>/<ident>.yaml and return its path."""
    path = portal.questionnaires_dir / f"{ident}.yaml"
    _check_id(portal, ident, path)
    if scale not in BUILTIN_SCALES:
        raise ScaffoldError(
            f"{portal.display(path)}: unknown scale '{scale}' "
            f"(one of: {', '.join(sorted(BUILTIN_SCALES))})"
        )
    title = ident.replace("-", " ").capitalize() if title is None else title
    if not title.strip():
        raise ScaffoldError(f"{portal.display(path)}: the title is empty (some text)")
    text = _render(
        schema=_schema_reference(portal.questionnaires_dir),
        id=ident,
        title=_scalar(title),
        scale=scale,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return path


def _check_id(portal: Portal, ident: str, path: Path) -> None:
    """The checks `selfassess validate` would make on the new id, made before writing anything."""
    file = portal.display(path)
    rule = schema()["$defs"]["id"]  # the schema's own rule, so that the two never disagree
    if len(ident) > rule["maxLength"]:
        raise ScaffoldError(f"{file}: id is too long (at most {rule['maxLength']} characters)")
    if not re.fullmatch(rule["pattern"], ident):
        raise ScaffoldError(f"{file}: id '{ident}' is not valid ({PATTERN_HINTS[rule['pattern']]})")
    if path.exists():
        raise ScaffoldError(f"{file} already exists; choose another id or edit that file")
    for other in portal.questionnaire_paths():
        if _id_of(other) == ident:
            raise ScaffoldError(
                f"{file}: id '{ident}' is already used by {portal.display(other)} "
                "(a different id for each questionnaire)"
            )
    if clash := id_taken_by(portal, ident):  # check_portal's rule on hand-written docs
        raise ScaffoldError(
            f"{file}: id '{ident}' is taken by {portal.display(clash)} "
            "(another id, or move the hand-written page)"
        )


def _id_of(path: Path) -> object:
    """The id a questionnaire file declares; None if it cannot be read (validate tells why)."""
    try:
        data = load(path).data
    except (OSError, LoadError):
        return None
    return data.get("id") if isinstance(data, dict) else None


def _scalar(text: str) -> str:
    """`text` as a one-line YAML scalar that reads back unchanged: plain when YAML allows it
    ('Team health'), quoted otherwise ('a: b', '# x', 'yes', '1.0'), escaped if it has breaks."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"')
        dumped = dumped.removesuffix("\n")
    return dumped


def _schema_reference(folder: Path) -> str:
    """The schema line's path, relative to the file as in the shipped questionnaires."""
    target = Path(str(resources.files("selfassess") / "schema" / "questionnaire.schema.json"))
    try:
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return target.as_uri()


def _render(**values: str) -> str:
    # Imported here: every command imports this module, and only `new` renders.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    # Not render's environment: that one escapes HTML, and this output is YAML.
    env = Environment(
        loader=PackageLoader("selfassess.questionnaire", "templates"),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    return env.get_template(TEMPLATE).render(**values)
