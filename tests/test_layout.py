"""The folders show the flow, and the code keeps to it: YAML → questionnaire → generate → engines
(site), results files → results (reports). No module imports from a later stage, and MkDocs'
private API is used in one module only, which says what is gone when MkDocs changes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import selfassess
from selfassess.engines import mkdocs_internals

PACKAGE = Path(selfassess.__file__).parent
# What each stage may import from the others (itself always).
MAY_IMPORT = {
    "questionnaire": set(),
    "generate": {"questionnaire"},
    # engines run the generation with the dashboards of results/ (generate/pipeline.py hands in)
    "engines": {"questionnaire", "generate", "results"},
    "results": {"questionnaire", "generate"},
    "cli": {"questionnaire", "generate", "engines", "results"},
    "__main__": {"cli"},
}


def _stage(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imported_stages(path: Path) -> set[str]:
    """The stages of selfassess a module imports, from its relative and absolute imports."""
    stages = set()
    package = path.relative_to(PACKAGE).parent.parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module.split(".") if node.module else []
            if node.level:  # `from ..generate import x` in engines/: up one from the package
                module = [*package[: len(package) - node.level + 1], *module]
            elif module[0] == "selfassess":
                module = module[1:]
            else:
                continue
            stages.add(module[0] if module else node.names[0].name)  # `from . import cli`
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "selfassess" and len(parts) > 1:
                    stages.add(parts[1])
    return stages


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_stage():
    assert {_stage(p) for p in MODULES} - {"__init__"} == set(MAY_IMPORT)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_later_stage(path: Path):
    stage = _stage(path)
    if stage == "__init__":
        return
    later = _imported_stages(path) - MAY_IMPORT[stage] - {stage}
    assert not later, f"{path.relative_to(PACKAGE)} ({stage}) imports {sorted(later)}"


def test_the_stage_check_reads_every_form_of_import():
    assert _imported_stages(PACKAGE / "questionnaire" / "validate.py") == {"questionnaire"}
    assert _imported_stages(PACKAGE / "__main__.py") == {"cli"}
    assert _imported_stages(PACKAGE / "engines" / "build.py") >= {"generate", "questionnaire"}
    assert _imported_stages(PACKAGE / "cli.py") >= {"engines", "results"}


PRIVATE = [name for _, name, _ in mkdocs_internals.FUNCTIONS] + list(mkdocs_internals.SERVER_FIELDS)


def test_mkdocs_private_api_is_used_in_one_module_only():
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, PRIVATE)) + r")\b|\.search_index\b")
    users = {
        str(p.relative_to(PACKAGE))
        for p in MODULES
        if pattern.search(p.read_text(encoding="utf-8"))
    }
    assert users == {"engines/mkdocs_internals.py"}


def test_the_private_mkdocs_api_that_serve_uses_is_all_there():
    """When this fails after an upgrade, the message names each call that changed; serve falls
    back to MkDocs' own serve meanwhile (see test_serve)."""
    assert mkdocs_internals.missing() == []


def test_a_change_in_mkdocs_is_named(monkeypatch: pytest.MonkeyPatch):
    import mkdocs.commands.build
    import mkdocs.livereload

    monkeypatch.delattr(mkdocs.commands.build, "_build_page")
    monkeypatch.setattr(mkdocs.livereload, "_serve_url", lambda address, port, path: "")
    started = mkdocs.livereload.LiveReloadServer.__init__

    def without_epochs(self, *args, **kwargs):
        started(self, *args, **kwargs)
        del self._visible_epoch

    monkeypatch.setattr(mkdocs.livereload.LiveReloadServer, "__init__", without_epochs)
    assert mkdocs_internals.missing() == [
        "mkdocs.commands.build._build_page",
        "mkdocs.livereload._serve_url(host, port, path): now (address, port, path)",
        "mkdocs.livereload.LiveReloadServer._visible_epoch",
    ]
