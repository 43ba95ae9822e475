"""Live preview: editing a questionnaire regenerates its pages and the served site follows, once,
with no rebuild loop; a broken edit keeps the last good pages and says what is wrong."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import make_project, minimal_yaml


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def _wait_for(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_regenerates_on_yaml_edits_without_looping(tmp_path: Path):
    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "selfassess",
                "--project",
                str(portal.root),
                "serve",
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/minimal/basics/"
    try:
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
    finally:
        server.terminate()
        server.wait(timeout=10)
