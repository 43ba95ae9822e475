"""The browser app as served: ES modules joined into one classic script, and refused when they
use a form the join cannot carry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from selfassess import assets


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
        (
            {"app.js": 'import { nothing } from "./b.js";\n', "b.js": "export const b = 1;\n"},
            "browser/app.js: nothing not exported by b.js",
        ),
    ],
)
def test_forms_the_join_cannot_carry_are_refused(tmp_path: Path, files, message: str):
    with pytest.raises(assets.AssetError, match=message):
        assets.script(modules(tmp_path, files))


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
