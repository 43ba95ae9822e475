"""Screenshots of a results page, light and dark, for the README: `make screenshots`.

Builds the portal into a temporary folder, serves it, stores a sample set of answers to the MLOps
maturity assessment in the browser (as a person's answers would be), and captures the top of the
results page (verdict, scores, radar chart) into docs/images/.
"""

from __future__ import annotations

import functools
import http.server
import json
import socket
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import chromium_executable  # noqa: E402

from selfassess.engines import build as site  # noqa: E402
from selfassess.questionnaire.portal import Portal  # noqa: E402

QUESTIONNAIRE = "mlops-maturity"
OUT = ROOT / "docs" / "images"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def sample_record(data: dict) -> dict:
    """A team that is well on its way in documentation and code, less so in the advanced parts."""
    answers = {}
    for number, section in enumerate(data["sections"]):
        for position, item in enumerate(section["items"]):
            yes = (position * 5 + number * 3) % 10 < 8 - number
            answers[item["id"]] = {"value": "yes" if yes else "no"}
    answers[data["sections"][0]["items"][1]["id"]]["note"] = "Only for the new projects so far."
    return {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": data["id"], "version": data["version"], "digest": data["digest"]},
        "created": "2026-11-23T09:00:00Z",
        "updated": "2026-11-23T09:30:00Z",
        "respondent": {"name": "", "team": "Recommendations"},
        "context": {"use-case": ["batch"]},
        "answers": answers,
    }


def main() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        built = site.build(Portal.load(ROOT), site_dir=Path(folder) / "site")
        handler = functools.partial(_Quiet, directory=str(built))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        data = json.loads((built / QUESTIONNAIRE / "questionnaire.json").read_text("utf-8"))
        key = f"selfassess:{Portal.load(ROOT).site_id}:{QUESTIONNAIRE}"
        record = json.dumps(sample_record(data))
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_executable())
            for scheme in ("light", "dark"):
                page = browser.new_page(
                    viewport={"width": 1280, "height": 900}, color_scheme=scheme
                )
                page.add_init_script(f"localStorage.setItem({key!r}, {json.dumps(record)})")
                page.goto(f"http://127.0.0.1:{port}/{QUESTIONNAIRE}/results/")
                radar = page.locator(".sa-radar").bounding_box()
                assert radar, "the results page shows no radar chart"
                path = OUT / f"results-{scheme}.png"
                page.screenshot(
                    path=str(path),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": radar["y"] + radar["height"]},
                )
                print(f"wrote {path.relative_to(ROOT)}")
                page.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
