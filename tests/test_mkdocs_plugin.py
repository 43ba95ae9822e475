"""The `selfassess` MkDocs plugin: on a fresh clone, the engine's own commands just work. A bare
`mkdocs build` generates the pages first and stops on a broken questionnaire with its position;
`mkdocs serve` generates again when a questionnaire is edited, once, without a rebuild loop."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from .conftest import free_port, make_project, minimal_yaml
from .test_serve import _get, _wait_for, running

MKDOCS = [sys.executable, "-m", "mkdocs"]


def test_a_bare_mkdocs_build_on_a_fresh_portal_generates_the_pages_first(tmp_path: Path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    assert not (portal.docs_dir / "minimal").exists()  # a fresh clone: nothing generated yet
    done = subprocess.run(
        [*MKDOCS, "build", "--strict"], cwd=portal.root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "selfassess: generated (" in done.stderr
    page = (portal.root / "site" / "minimal" / "basics" / "index.html").read_text()
    assert "Goals are written down." in page
    assert (portal.root / "site" / "assets" / "selfassess" / "selfassess.js").is_file()


def test_the_generated_pages_are_marked_as_generated_and_hand_written_ones_are_not(
    tmp_path: Path,
):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    config = load_config(str(portal.config_file))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    by_uri = {f.src_uri: f for f in files}
    assert by_uri["minimal/basics.md"].generated_by == "selfassess"
    assert by_uri["minimal/basics.md"].edit_uri is None  # no "edit" link to a generated page
    assert by_uri["scoring.md"].generated_by is None
    assert str(portal.questionnaires_dir) in config.watch


def test_mkdocs_build_stops_on_a_broken_questionnaire_with_its_position(tmp_path: Path):
    broken = minimal_yaml().replace("weight: 2", "weight: 0")
    portal = make_project(tmp_path / "portal", {"minimal.yaml": broken})
    done = subprocess.run([*MKDOCS, "build"], cwd=portal.root, capture_output=True, text=True)
    assert done.returncode != 0
    assert "minimal.yaml:" in done.stderr and "'weight' is 0" in done.stderr
    assert not (portal.root / "site" / "minimal").exists()


def test_mkdocs_serve_generates_again_when_a_questionnaire_is_edited(tmp_path: Path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    port = free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/minimal/basics/"
    with running([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"], log, portal.root):
        assert _wait_for(lambda: "Goals are written down." in _get(url), 60), log.read_text()
        source = portal.questionnaires_dir / "minimal.yaml"
        source.write_text(minimal_yaml().replace("Goals are written down.", "Goals are shared."))
        assert _wait_for(lambda: "Goals are shared." in _get(url), 30), log.read_text()
        time.sleep(2)
        builds = log.read_text().count("Building documentation")
        # The edit's build writes the changed pages; MkDocs sees them and builds once more, which
        # writes nothing, and there it ends: a loop would rebuild again and again.
        assert builds <= 3, log.read_text()
        assert log.read_text().rstrip().endswith("Reloading browsers")
        assert "generated (0 written, 0 removed" in log.read_text().split("Building")[-1]
        time.sleep(4)
        assert log.read_text().count("Building documentation") == builds, log.read_text()
