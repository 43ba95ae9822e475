"""Live preview: editing a questionnaire regenerates its pages and the served site follows, once,
with no rebuild loop; a broken edit keeps the last good pages and says what is wrong."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfassess.questionnaire.portal import Portal

from .conftest import free_port, make_project, minimal_yaml


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


@contextlib.contextmanager
def running(command: list[str], log: Path, cwd: Path | None = None) -> Iterator[None]:
    """A server process while the block runs, its output in `log`; stopped when the block ends."""
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def selfassess_serve(portal: Portal, port: int, *options: str) -> list[str]:
    project = ["--project", str(portal.root)]
    return [
        sys.executable,
        "-m",
        "selfassess",
        *project,
        "serve",
        "--dev-addr",
        f"127.0.0.1:{port}",
        *options,
    ]


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_regenerates_on_yaml_edits_without_looping(tmp_path: Path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/minimal/basics/"
    with running(selfassess_serve(portal, port), log):
        assert _wait_for(lambda: "Goals are written down." in _get(url)), log.read_text()
        source = portal.questionnaires_dir / "minimal.yaml"
        source.write_text(minimal_yaml().replace("Goals are written down.", "Goals are shared."))
        assert _wait_for(lambda: "Goals are shared." in _get(url), timeout=20), log.read_text()

        builds = log.read_text().count("Building documentation")
        time.sleep(4)  # a loop would rebuild again and again in this time
        assert log.read_text().count("Building documentation") == builds

        assert log.read_text().count("selfassess: regenerated") == 1
        assert f"serving on http://127.0.0.1:{port}/" in log.read_text()

        # A change of the portal's settings in mkdocs.yml is taken up too.
        summary = portal.docs_dir / "SUMMARY.md"
        assert "(scoring.md)" in summary.read_text()
        portal.config_file.write_text(
            portal.config_file.read_text().replace("      - scoring.md\n", "")
        )
        assert _wait_for(lambda: "(scoring.md)" not in summary.read_text(), timeout=20)

        source.write_text(minimal_yaml().replace("weight: 2", "weight: 0"))
        assert _wait_for(lambda: "not regenerated" in log.read_text(), timeout=10)
        time.sleep(3)  # reading the files must not set off another round
        assert log.read_text().count("'weight' is 0 (a number greater than 0)") == 1
        assert "Goals are shared." in _get(url)


def _files(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_serve_edit_of_one_questionnaire_rewrites_and_rebuilds_only_its_pages(tmp_path: Path):
    """Of three questionnaires, an edit of one rewrites only its files in docs/, MkDocs rebuilds
    only the changed pages, and search still finds the other questionnaires; adding or deleting
    a questionnaire rebuilds everything, so the navigation follows."""
    yaml = {
        f"{name}.yaml": minimal_yaml().replace("id: minimal", f"id: {name}", 1)
        for name in ("first", "second", "third")
    }
    portal = make_project(tmp_path / "portal", yaml)
    port = free_port()
    log = tmp_path / "serve.log"
    site = f"http://127.0.0.1:{port}"
    with running(selfassess_serve(portal, port), log):
        assert _wait_for(lambda: "Goals are written down." in _get(f"{site}/second/basics/")), (
            log.read_text()
        )
        before = _files(portal.docs_dir)
        source = portal.questionnaires_dir / "second.yaml"
        source.write_text(yaml["second.yaml"].replace("Goals are written down.", "Goals differ."))
        assert _wait_for(lambda: "Goals differ." in _get(f"{site}/second/basics/"), timeout=30), (
            log.read_text()
        )
        after = _files(portal.docs_dir)
        rewritten = sorted(
            p.relative_to(portal.docs_dir).as_posix() for p in after if after[p] != before.get(p)
        )
        assert rewritten, log.read_text()
        assert all(name.startswith("second/") for name in rewritten), rewritten
        assert "selfassess: regenerated (" in log.read_text()
        assert f"regenerated ({len(rewritten)} written, 0 removed" in log.read_text()
        assert "Building documentation (changed pages only)" in log.read_text()

        # The search entries of the pages built again follow the reload by a moment.
        searchable = lambda: "Goals differ." in _get(f"{site}/search/search_index.json")  # noqa: E731
        assert _wait_for(searchable, timeout=30), log.read_text()
        index = json.loads(_get(f"{site}/search/search_index.json"))
        pages = {entry["location"].split("#")[0] for entry in index["docs"]}
        assert {"first/basics/", "second/basics/", "third/basics/", "scoring/"} <= pages
        texts = " ".join(entry["text"] for entry in index["docs"])
        assert "Goals are written down." in texts and texts.count("Goals differ.") == 1

        # A questionnaire deleted: its pages go, and the navigation of the others follows.
        assert "/third/" in _get(f"{site}/first/basics/")
        (portal.questionnaires_dir / "third.yaml").unlink()

        def without_third() -> bool:
            page = _get(f"{site}/first/basics/")
            return "Goals are written down." in page and "/third/" not in page

        assert _wait_for(without_third, timeout=30), log.read_text()
        assert not (portal.docs_dir / "third").exists()


def test_serve_with_zensical_regenerates_on_a_yaml_edit(tmp_path: Path):
    pytest.importorskip("zensical")
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/minimal/basics/"
    with running(selfassess_serve(portal, port, "--engine", "zensical"), log):
        assert _wait_for(lambda: "Goals are written down." in _get(url), 60), log.read_text()
        source = portal.questionnaires_dir / "minimal.yaml"
        source.write_text(minimal_yaml().replace("Goals are written down.", "Goals are shared."))
        assert _wait_for(lambda: "Goals are shared." in _get(url), 30), log.read_text()
        assert log.read_text().count("selfassess: regenerated") == 1


def test_serve_falls_back_to_mkdocs_own_serve_when_its_private_api_is_gone(tmp_path: Path):
    """After an MkDocs upgrade that drops what the changed-pages rebuild uses, serve still works,
    rebuilding every page, and says why (tests/test_layout.py names the calls)."""
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/minimal/basics/"
    # An upgrade that changed _build_page's parameters: MkDocs' own build still calls it.
    upgraded = (
        "import sys, mkdocs.commands.build as b; old = b._build_page; "
        "b._build_page = lambda *args, **kwargs: old(*args, **kwargs); "
        "from selfassess.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    command = selfassess_serve(portal, port)
    command[1:3] = ["-c", upgraded]
    with running(command, log):
        assert _wait_for(lambda: "Goals are written down." in _get(url)), log.read_text()
        said = "lacks what rebuilding only changed pages uses (mkdocs.commands.build._build_page("
        assert said in log.read_text()
        source = portal.questionnaires_dir / "minimal.yaml"
        source.write_text(minimal_yaml().replace("Goals are written down.", "Goals are shared."))
        assert _wait_for(lambda: "Goals are shared." in _get(url), timeout=30), log.read_text()
        assert "changed pages only" not in log.read_text()
