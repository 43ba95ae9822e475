"""A maintainer changes a questionnaire and bumps its version: answers stored in browsers and
results files of the older version still load. Statements kept by id keep their answers, removed
ones are reported, new ones start unanswered. End to end: build, answer, rebuild, reload."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from selfassess.engines import build as site

from .conftest import make_project, minimal_yaml

# The import dialog's confirmation: "Replace…" over answers, "Import…" into none.
CONFIRM_IMPORT = re.compile("^(Replace my answers|Import the answers)$")

NEW_ITEM = """      - id: owners
        text: Every model has a named owner.
        explanation: Someone answers for it.
"""


def version_two(text: str) -> str:
    """1.0 → 1.1: the statement 'goals' is removed and 'owners' is added; the others stay."""
    start = text.index("          - id: goals")
    end = text.index("          - id: api-docs")
    text = text[:start] + text[end:]
    text = text.replace(
        "    items:\n      - id: rating", "    items:\n" + NEW_ITEM + "      - id: rating"
    )
    return text.replace('version: "1.0"', 'version: "1.1"')


def test_answers_of_an_older_version_load_after_an_upgrade(browser, tmp_path: Path):
    v1 = minimal_yaml()
    assert 'version: "1.0"' in v1
    project = make_project(tmp_path / "portal", {"minimal.yaml": v1})
    built = site.build(project, "mkdocs", offline=True)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto((built / "minimal" / "advanced.html").as_uri())
    page.locator("#rating label.sa-option").first.click()
    page.goto((built / "minimal" / "basics.html").as_uri())
    page.locator("#goals label.sa-option").first.click()
    page.goto((built / "minimal" / "results.html").as_uri())
    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (JSON)").click()
    old_file = Path(download.value.path()).read_text(encoding="utf-8")

    (project.questionnaires_dir / "minimal.yaml").write_text(version_two(v1))
    site.build(project, "mkdocs", offline=True)

    page.goto((built / "minimal" / "advanced.html").as_uri())
    notice = page.locator(".sa-page .sa-banner.warning")
    expect(notice).to_contain_text("version 1.0, now 1.1")
    expect(notice).to_contain_text("1 answer was kept")
    expect(notice.locator("li")).to_contain_text("“goals”")  # reported as not carried over
    assert page.locator("#rating input:checked").count() == 1  # kept by its id
    assert page.locator("#owners input:checked").count() == 0  # new: unanswered
    record = page.evaluate("window.selfassess.current().record")
    assert "goals" not in record["answers"] and record["questionnaire"]["version"] == "1.1"

    # The file downloaded under 1.0 imports into 1.1 the same way.
    page.goto((built / "minimal" / "results.html").as_uri())
    page.get_by_role("button", name="Delete all answers…").click()
    page.get_by_role("button", name="Delete all answers", exact=True).click()
    page.set_input_files(
        ".sa-actions input[type=file]",
        files=[{"name": "old.json", "mimeType": "application/json", "buffer": old_file.encode()}],
    )
    dialog = page.locator("dialog.sa-dialog")
    expect(dialog).to_contain_text("(1.0; this is 1.1)")
    expect(dialog.locator("li")).to_contain_text("“goals”")
    page.get_by_role("button", name=CONFIRM_IMPORT).click()
    answers = page.evaluate("window.selfassess.current().record.answers")
    assert (
        list(answers) == ["rating"]
        and json.loads(old_file)["answers"]["rating"] == answers["rating"]
    )
    context.close()
