"""The browser app as the site serves it: our ES modules joined into classic scripts, and CSS.

Browsers refuse module scripts from file:// (a CORS error), and a portal must work from a folder
opened from disk, so pages load plain scripts: every page the core (forms, storage, scoring), and
the results and team pages also the reports bundle, which app.js loads when such a page shows (so
a section page stays small). The reports bundle takes the modules the core already ran from a
registry both share, so there is one assessment state. The modules in browser/ stay the source: Node
and the tests import them as they are. Joining needs no bundler because the modules keep to two
forms, checked here: `import { a, b as c } from "./name.js";` and `export function|const|class`,
and one more for data: `import NAME from "../name.json" with { type: "json" };` becomes a const of
the file's JSON, so the limits both Python and the browser enforce live in one file (limits.json).
Comment lines and indentation are dropped (template literals stay on one line, also checked), and
the CSS loses its comments and spaces: about 0.7 KB less after gzip, with no minifier to install.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from ..questionnaire.portal import GENERATED_MARK

ENTRY = "app.js"
SCRIPT = "assets/selfassess/selfassess.js"
REPORTS_ENTRY = "reports.js"
REPORTS_SCRIPT = "assets/selfassess/selfassess-reports.js"  # app.js finds it beside SCRIPT
STYLESHEET = "assets/selfassess/selfassess.css"
# Lets Material's search run from file:// (its worker cannot load there). Material's offline plugin
# would link it from unpkg.com; mkdocs.yml names this copy instead, so no request leaves the site.
WORKER_SHIM = "assets/selfassess/iframe-worker-shim.js"

_IMPORT = re.compile(r'^import \{([^}]*)\} from "\./([\w-]+)\.js";\n', re.MULTILINE)
_IMPORT_ALL = re.compile(r'^import \* as (\w+) from "\./([\w-]+)\.js";\n', re.MULTILINE)
_IMPORT_JSON = re.compile(
    r'^import (\w+) from "(\.\.?/[\w./-]+\.json)" with \{ type: "json" \};\n', re.MULTILINE
)
_EXPORT = re.compile(r"^export (?:async )?(?:function\*?|const|class) ([\w$]+)", re.MULTILINE)
# The joiner copies an export's value into the module's returned object: a `let` reassigned later
# would not follow, and a module-level `modules` would hide the registry every module reads.
_EXPORT_LET = re.compile(r"^export (?:let|var)\b", re.MULTILINE)
_SHADOWS_REGISTRY = re.compile(r"^(?:const|let|var|function|class) modules\b", re.MULTILINE)
# JSDoc (types for `tsc --checkJs`) on lines of its own: dropped like // comments.
_JSDOC = re.compile(r"^[ \t]*/\*\*(?:[^*]|\*(?!/))*\*/[ \t]*\n", re.MULTILINE)
_OTHER_MODULE_SYNTAX = re.compile(r"^\s*(import|export)\b|^\s*/\*", re.MULTILINE)
_COMMENT_LINE = re.compile(r"^\s*//.*\n", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,>])\s*|\s+")


class AssetError(Exception):
    pass


BROWSER = resources.files("selfassess") / "browser"


def _read(folder: Traversable, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def _dependencies(text: str) -> list[str]:
    return [f"{m.group(2)}.js" for m in [*_IMPORT.finditer(text), *_IMPORT_ALL.finditer(text)]]


def _order(folder: Traversable, entry: str) -> list[str]:
    """Every module reachable from the entry, dependencies first."""
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            raise AssetError(f"browser/{name}: import cycle {' -> '.join((*trail, name))}")
        if name not in order:
            for dependency in _dependencies(_read(folder, name)):
                visit(dependency, (*trail, name))
            order.append(name)

    visit(entry, ())
    return order


@cache
def script(folder: Traversable = BROWSER, entry: str = ENTRY, after: str | None = None) -> str:
    """The modules reachable from `entry`, dependencies first, each in its own scope; with
    `after`, those the script of that entry has already run are taken from it, not repeated."""
    order = _order(folder, entry)
    sources = {name: _read(folder, name) for name in order}
    exports = {name: set(_EXPORT.findall(text)) for name, text in sources.items()}
    for name, text in sources.items():
        for match in _IMPORT.finditer(text):
            wanted = {n.split(" as ")[0].strip() for n in match.group(1).split(",") if n.strip()}
            if missing := wanted - exports[f"{match.group(2)}.js"]:
                raise AssetError(
                    f"browser/{name}: {', '.join(sorted(missing))} not exported by "
                    f"{match.group(2)}.js"
                )
    ran = set(_order(folder, after)) if after else set()
    modules = "".join(
        _module(folder, name, text) for name, text in sources.items() if name not in ran
    )
    registry = "const modules = (globalThis.selfassessModules ||= {});"
    return f'"use strict";\n(() => {{\n{registry}\n{modules}}})();\n'


def _json(folder: Traversable, module: str, path: str) -> str:
    """The JSON file a module imports (a path relative to the module's folder), as one line."""
    place: Any = folder
    for part in path.split("/"):
        if part == "..":
            if not hasattr(place, "parent"):
                raise AssetError(f"browser/{module}: cannot find {path}")
            place = place.parent
        elif part != ".":
            place = place / part
    try:
        data = json.loads(place.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AssetError(f"browser/{module}: {path} is not readable JSON ({error})") from None
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _module(folder: Traversable, name: str, text: str) -> str:
    imports = [
        f"const {{ {_bindings(m.group(1))} }} = modules[{m.group(2)!r}];\n"
        for m in _IMPORT.finditer(text)
    ] + [f"const {m.group(1)} = modules[{m.group(2)!r}];\n" for m in _IMPORT_ALL.finditer(text)]
    for pattern, why in (
        (
            _EXPORT_LET,
            "`export let` is copied, not bound, by the join: export a const or a function",
        ),
        (_SHADOWS_REGISTRY, "a module-level `modules` would hide the registry of the join"),
    ):
        if found := pattern.search(text):
            raise AssetError(f"browser/{name}:{text[: found.start()].count(chr(10)) + 1}: {why}")
    text = _JSDOC.sub(lambda m: "\n" * m.group(0).count("\n"), text)  # line numbers stay
    body = _IMPORT_ALL.sub("", _IMPORT.sub("", text))
    body = _IMPORT_JSON.sub(
        lambda m: f"const {m.group(1)} = {_json(folder, name, m.group(2))};\n", body
    )
    body = _EXPORT.sub(lambda m: m.group(0).removeprefix("export "), body)
    if leftover := _OTHER_MODULE_SYNTAX.search(body):
        number = text[: text.find(leftover.group(0).strip())].count("\n") + 1
        raise AssetError(
            f"browser/{name}:{number}: only named imports and exports, and // or /** JSDoc */ "
            "comments on lines of their own, can be joined"
        )
    exports = ", ".join(_EXPORT.findall(text))
    body = _COMMENT_LINE.sub("", body)
    for line in body.splitlines():
        if line.count("`") % 2:
            raise AssetError(
                f"browser/{name}: a template literal spans lines near '{line.strip()}'"
            )
    body = _INDENT.sub("", body)
    stem = name.removesuffix(".js")
    head = "".join(imports)
    return f"modules[{stem!r}] = (() => {{\n{head}{body}return {{ {exports} }};\n}})();\n"


def _bindings(names: str) -> str:
    """`a, b as c` in an import is `a, b: c` in a destructuring."""
    return ", ".join(n.strip().replace(" as ", ": ") for n in names.split(",") if n.strip())


def stylesheet(folder: Traversable = BROWSER) -> str:
    text = _CSS_COMMENT.sub("", _read(folder, "selfassess.css"))
    # A lost brace turns every later rule into a dead nested one, silently; say so instead.
    if text.count("{") != text.count("}"):
        raise AssetError("browser/selfassess.css: unbalanced braces { }")
    return _CSS_SPACE.sub(lambda m: m.group(1) or " ", text).strip() + "\n"


def files() -> dict[str, str]:
    return {
        SCRIPT: script(),
        REPORTS_SCRIPT: script(entry=REPORTS_ENTRY, after=ENTRY),
        STYLESHEET: stylesheet(),
        WORKER_SHIM: _read(BROWSER, "vendor/iframe-worker-shim.js"),
        "assets/selfassess/.gitignore": f"{GENERATED_MARK}: the source is generator/selfassess/"
        "browser/.\n*\n",
    }
