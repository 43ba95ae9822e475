"""The browser app as served: ES modules joined into one classic script, and refused when they
use a form the join cannot carry."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from selfassess.generate import assets

from .conftest import ROOT


def modules(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_joined_script_runs_the_modules_in_dependency_order(tmp_path: Path):
    folder = modules(
        tmp_path,
        {
            "app.js": 'import { twice as double } from "./math.js";\n'
            'import * as text from "./text.js";\n'
            "// a comment line, dropped\n"
            "globalThis.result = text.label(double(21));\n",
            "math.js": "export function twice(n) {\n  return 2 * n;\n}\n",
            "text.js": "export const label = (n) => `answer ${n}`;\n",
        },
    )
    script = assets.script(folder)
    assert "import" not in script and "export" not in script and "a comment" not in script
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    run = subprocess.run(
        [node, "-e", script + "\nconsole.log(globalThis.result);"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "answer 42"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"app.js": "export default 1;\n"}, "browser/app.js:1: only named imports and exports"),
        (
            {"app.js": 'import { a } from "./b.js";\n', "b.js": 'import { c } from "./app.js";\n'},
            "import cycle app.js -> b.js -> app.js",
        ),
        ({"app.js": "const t = `one\ntwo`;\n"}, "a template literal spans lines"),
        ({"app.js": "/*\nexport function ghost() {}\n*/\n"}, "browser/app.js:1: only named"),
        ({"app.js": "const a = 1;\nexport let count = 0;\n"}, "browser/app.js:2: `export let` is"),
        ({"app.js": "export var count = 0;\n"}, "browser/app.js:1: `export let` is copied"),
        ({"app.js": "const modules = {};\n"}, "browser/app.js:1: a module-level `modules`"),
        ({"app.js": "function modules() {}\n"}, "hide the registry"),
        (
            {"app.js": 'import { nothing } from "./b.js";\n', "b.js": "export const b = 1;\n"},
            "browser/app.js: nothing not exported by b.js",
        ),
    ],
)
def test_forms_the_join_cannot_carry_are_refused(tmp_path: Path, files, message: str):
    with pytest.raises(assets.AssetError, match=message):
        assets.script(modules(tmp_path, files))


def test_jsdoc_blocks_are_dropped_and_a_name_inside_one_is_not_an_export(tmp_path: Path):
    files = {
        "app.js": (
            "/**\n * @param {number} x\n * export function ghost() {}\n */\n"
            "export function twice(x) {\n  /** @type {number} */\n  const y = x * 2;\n"
            "  return y;\n}\nglobalThis.result = twice(21);\n"
        )
    }
    script = assets.script(modules(tmp_path, files))
    assert "@param" not in script and "ghost" not in script
    assert "return { twice };" in script


def test_the_shipped_app_joins_and_is_valid_javascript(tmp_path: Path):
    script = tmp_path / "selfassess.js"
    script.write_text(assets.script(), encoding="utf-8")
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    subprocess.run([node, "--check", str(script)], check=True)
    assert "{" in assets.stylesheet() and "/*" not in assets.stylesheet()


def test_a_stylesheet_with_a_lost_brace_is_refused(tmp_path: Path):
    # A merge once cut a print block open: every rule after it became a dead nested rule.
    (tmp_path / "selfassess.css").write_text("@media print {\n  a { color: red; }\n\nb { x: y; }\n")
    with pytest.raises(assets.AssetError, match="unbalanced braces"):
        assets.stylesheet(tmp_path)


# --- JSON data imported by a module: one file of limits for Python and the browser ---------------

JSON_APP = (
    'import LIMITS from "../limits.json" with { type: "json" };\n'
    'import DATA from "./data.json" with { type: "json" };\n'
    "globalThis.result = `${LIMITS.file_bytes} ${DATA.words.join(' ')}`;\n"
)


def test_a_json_import_is_inlined_as_a_const_and_node_reads_the_module_as_it_is(tmp_path: Path):
    (tmp_path / "limits.json").write_text('{"file_bytes": 1048576}', encoding="utf-8")
    folder = tmp_path / "browser"
    folder.mkdir()
    modules(folder, {"app.js": JSON_APP, "data.json": '{"words": ["a", "“b”"]}'})
    script = assets.script(folder)
    assert "import" not in script and "with {" not in script
    assert 'const LIMITS = {"file_bytes":1048576};' in script
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    joined = subprocess.run(
        [node, "-e", script + "\nconsole.log(globalThis.result);"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert joined.stdout.strip() == "1048576 a “b”"
    (folder / "app.mjs").write_text(JSON_APP + "console.log(globalThis.result);\n", "utf-8")
    native = subprocess.run(
        [node, str(folder / "app.mjs")], capture_output=True, text=True, check=True
    )
    assert native.stdout.strip() == joined.stdout.strip()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, r"browser/app.js: \./data.json is not readable JSON"),
        ("{nope", r"browser/app.js: \./data.json is not readable JSON"),
    ],
)
def test_a_json_import_that_cannot_be_read_is_refused(tmp_path: Path, data, message: str):
    files = {"app.js": 'import DATA from "./data.json" with { type: "json" };\n'}
    if data is not None:
        files["data.json"] = data
    with pytest.raises(assets.AssetError, match=message):
        assets.script(modules(tmp_path, files))


def test_a_json_import_in_another_form_is_refused(tmp_path: Path):
    files = {"app.js": 'import DATA from "./data.json" assert { type: "json" };\n'}
    with pytest.raises(assets.AssetError, match=r"browser/app\.js:1: only named imports"):
        assets.script(modules(tmp_path, files))


def test_the_browser_and_python_read_the_same_limits():
    from selfassess.results import read as results_file

    limits = json.loads((ROOT / "generator" / "selfassess" / "limits.json").read_text("utf-8"))
    assert limits == results_file.LIMITS
    assert f"const LIMITS = {json.dumps(limits, separators=(',', ':'))};" in assets.script()
