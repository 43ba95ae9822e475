"""Whole journeys through an assessment in a real Chromium, checked against the Python scoring.

A person answers every statement (by keyboard on one page, by mouse on the rest), writes a note,
sees progress and scores, reloads, reads the results, downloads them, resets, imports them back,
and ends where they started. The same over HTTP with instant navigation and from file://.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from playwright.sync_api import Page, expect

from selfassess.questionnaire.score import item_applies, score_assessment

from .conftest import ROOT, about_shipped

# The import dialog's confirmation: "Replace…" over answers, "Import…" into none.
CONFIRM_IMPORT = re.compile("^(Replace my answers|Import the answers)$")

pytestmark = about_shipped()

SCHEMA = json.loads(
    (ROOT / "generator/selfassess/schema/results.schema.json").read_text(encoding="utf-8")
)


def shown(score: float | None) -> str:
    """A score as the page shows it: JavaScript's Math.round to one decimal, then String()."""
    return "\N{EN DASH}" if score is None else f"{math.floor(score * 10 + 0.5) / 10:g}"


def model(site: Path, questionnaire: str) -> dict[str, Any]:
    return json.loads((site / questionnaire / "questionnaire.json").read_text(encoding="utf-8"))


def choice(number: int, options: list[str]) -> str:
    """A varied but reproducible answer for the n-th statement."""
    return options[(number * 7 + 3) % len(options)]


def answer_with_mouse(page: Page, record: dict, data: dict) -> None:
    for item in page.locator(".sa-item:visible").all():
        item_id = item.get_attribute("data-sa-item")
        values = [r.get_attribute("value") for r in item.locator("input[type=radio]").all()]
        value = choice(len(record["answers"]), values)
        item.locator("label.sa-option", has=page.locator(f"input[value='{value}']")).click()
        record["answers"][item_id] = {"value": value}


def answer_with_keyboard(page: Page, record: dict) -> None:
    """Tab to each statement's choices, Space to pick the first, arrows to move along."""
    page.locator("h1").click()
    for item in page.locator(".sa-item:visible").all():
        item_id = item.get_attribute("data-sa-item")
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.name === 'sa-{item_id}'"):
                break
        else:
            pytest.fail(f"Tab never reached {item_id}")
        values = [r.get_attribute("value") for r in item.locator("input[type=radio]").all()]
        value = choice(len(record["answers"]), values)
        page.keyboard.press("Space")
        for _ in range(values.index(value)):
            page.keyboard.press("ArrowRight")
        record["answers"][item_id] = {"value": value}
    page.keyboard.press("Tab")  # leave the last choice, as a person moving on would


def stored(page: Page) -> dict:
    return page.evaluate("window.selfassess.current().record")


def check_results_page(page: Page, scores: dict, data: dict) -> None:
    summary = page.locator("[data-sa-part=summary]")
    expect(summary.locator(".sa-overall__score strong")).to_have_text(shown(scores["overall"]))
    if scores["level"]:
        expect(summary.locator(".sa-overall__level strong")).to_have_text(scores["level"])
    rows = page.locator(".sa-scores tbody tr")
    for row, section in zip(rows.all(), data["sections"], strict=True):
        expected = scores["sections"][section["id"]]["score"]
        assert row.locator("td").first.inner_text().strip() == (
            "no score" if expected is None else shown(expected)
        )
    for verdict in data["verdicts"]:
        result = scores["verdicts"][verdict["id"]]
        answer = "Yes" if result["holds"] else "No" if result["blocking"] else "Not yet decided"
        title = page.locator(".sa-verdict .admonition-title", has_text=verdict["title"])
        expect(title).to_have_text(f"{verdict['title']}: {answer}")
    assert page.locator(".sa-radar svg[role=img]").count() == 1


def journey(page: Page, base: str, site: Path, questionnaire: str, ext: str) -> None:
    data = model(site, questionnaire)
    record: dict[str, Any] = {"context": {}, "answers": {}}
    url = f"{base}/{questionnaire}/"

    page.goto(url + ("index.html" if ext else ""))
    if data["context"]:
        page.get_by_label("Batch").check()  # real-time statements no longer apply
        record["context"] = {"use-case": ["batch"]}
    for number, section in enumerate(data["sections"]):
        page.goto(f"{url}{section['id']}{ext or '/'}")
        if number == 0:
            answer_with_keyboard(page, record)
        else:
            answer_with_mouse(page, record, data)
        scores = score_assessment(data, record)
        expect(page.locator(".sa-score")).to_have_text(
            shown(scores["sections"][section["id"]]["score"])
        )
    for item in (i for s in data["sections"] for i in s["items"]):
        assert (item["id"] in record["answers"]) == item_applies(item, record["context"])

    # A note on the first statement, by the button under it.
    first = data["sections"][0]["items"][0]["id"]
    page.goto(f"{url}{data['sections'][0]['id']}{ext or '/'}")
    item = page.locator(f"#{first}")
    item.get_by_role("button", name="Add a note").click()
    item.locator("textarea").fill("Kept in the wiki.")
    record["answers"][first]["note"] = "Kept in the wiki."

    # After a reload every answer and the note are where they were left.
    page.reload()
    expect(item.locator("textarea")).to_have_value("Kept in the wiki.")
    for item_id, answer in record["answers"].items():
        if page.locator(f"#{item_id}").count():
            assert page.is_checked(f"input[name='sa-{item_id}'][value='{answer['value']}']")
    assert stored(page)["answers"] == record["answers"]
    assert stored(page)["context"] == record["context"]

    scores = score_assessment(data, record)
    page.get_by_role("link", name="See your results").click()
    expect(page.locator(".sa-overall")).to_be_visible()
    check_results_page(page, scores, data)
    if data["context"]:  # the report says what the scores rest on
        expect(page.locator(".sa-context-line")).to_contain_text("Your context:")
        expect(page.locator(".sa-context-line")).to_contain_text("Batch inference")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (JSON)").click()
    results = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    jsonschema.validate(results, SCHEMA)
    assert results["answers"] == record["answers"]
    assert results["context"] == record["context"]
    assert results["questionnaire"]["digest"] == data["digest"]
    assert results["scores"]["overall"] == scores["overall"]
    assert results["scores"]["level"] == scores["level"]
    for section_id, section in scores["sections"].items():
        assert results["scores"]["sections"][section_id]["score"] == section["score"]

    page.get_by_role("button", name="Delete all answers…").click()
    expect(page.locator("dialog.sa-dialog")).to_contain_text(
        f"deletes {len(record['answers'])} answers and 1 note"
    )
    page.get_by_role("button", name="Delete all answers", exact=True).click()
    expect(page.locator(".sa-messages")).to_contain_text("were deleted")
    expect(page.locator("[data-sa-part=summary]")).to_contain_text("not answered any statement")
    assert stored(page)["answers"] == {}

    page.set_input_files(
        ".sa-actions input[type=file]",
        files=[
            {
                "name": "mine.json",
                "mimeType": "application/json",
                "buffer": json.dumps(results).encode(),
            }
        ],
    )
    expect(page.locator("dialog.sa-dialog")).to_contain_text(
        f"holds {len(record['answers'])} answers"
    )
    page.get_by_role("button", name=CONFIRM_IMPORT).click()
    expect(page.locator(".sa-messages")).to_contain_text("Imported")
    check_results_page(page, scores, data)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (JSON)").click()
    again = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    for key in ("answers", "context", "scores", "questionnaire", "respondent", "created"):
        assert again[key] == results[key]


@pytest.mark.parametrize("questionnaire", ["mlops-maturity", "mlops-scorecard"])
def test_a_whole_assessment_over_http(browser, site_url: str, built_site: Path, questionnaire):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    journey(page, site_url, built_site, questionnaire, ext="")
    assert errors == []
    context.close()


def test_a_whole_assessment_from_disk(browser, offline_site: Path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    journey(page, offline_site.as_uri(), offline_site, "mlops-scorecard", ext=".html")
    assert errors == []
    keys = page.evaluate("Object.keys(localStorage)")
    # file:// shares one storage among all local folders: the key carries the site's own id.
    assert "selfassess:mlops-self-assessment:mlops-scorecard" in keys
    context.close()


def test_context_hides_statements_and_keeps_their_answers(browser, site_url: str):
    page = browser.new_page()
    section = f"{site_url}/mlops-maturity/code-quality/"
    page.goto(section)
    page.locator("#api-security label.sa-option", has_text="Yes").click()
    expect(page.locator(".sa-status")).to_contain_text("1 of 10 answered")
    page.goto(f"{site_url}/mlops-maturity/")
    page.get_by_label("Batch").check()
    page.goto(section)
    expect(page.locator("#api-security")).to_be_hidden()
    expect(page.locator(".sa-status")).to_contain_text("0 of 8 answered")
    expect(page.locator(".sa-hidden-note")).to_contain_text("2 statements are hidden")
    assert stored(page)["answers"]["api-security"] == {"value": "yes"}  # kept, not deleted
    page.goto(f"{site_url}/mlops-maturity/")
    page.get_by_label("Real-time").check()
    page.goto(section)
    expect(page.locator("#api-security")).to_be_visible()
    assert page.is_checked("input[name='sa-api-security'][value='yes']")
    page.close()


def test_instant_navigation_binds_each_page_once(browser, site_url: str):
    context = browser.new_context()
    # Count the saves: one click must save once, however often the pages were visited.
    context.add_init_script(
        "window.__saves = 0; const set = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function (k, v) {"
        " if (k.endsWith(':mlops-maturity')) window.__saves += 1; return set.call(this, k, v); };"
    )
    page = context.new_page()
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    page.evaluate("window.__marker = 1")
    for _ in range(3):
        page.locator(".md-footer__link--next").click()
        expect(page.locator("h1")).to_contain_text("Traceability & Reproducibility")
        page.locator(".md-footer__link--prev").click()
        expect(page.locator("h1")).to_contain_text("Documentation")
    assert page.evaluate("window.__marker") == 1  # no reload: instant navigation swapped pages
    assert page.evaluate("document.querySelectorAll('.sa-status').length") == 1
    assert page.evaluate("window.__saves") == 0
    page.locator("#business-goals-kpis label.sa-option", has_text="Yes").click()
    expect(page.locator(".sa-score")).to_have_text("12.5")
    assert page.evaluate("window.__saves") == 1
    assert page.locator("#business-goals-kpis .sa-note-toggle").count() == 1
    context.close()


def test_score_changes_are_announced_politely(browser, site_url: str):
    page = browser.new_page()
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    page.locator("#business-goals-kpis label.sa-option", has_text="Yes").click()
    region = page.locator(".sa-page [aria-live=polite]")
    expect(region).to_have_text("Section score 12.5. 1 of 8 answered.")
    page.close()


def test_the_printed_report_has_the_chart_and_the_plan_without_the_site_around(
    browser, site_url: str
):
    page = browser.new_page()
    page.goto(f"{site_url}/mlops-scorecard/governance/")
    page.locator(".sa-item label.sa-option", has_text="Partly").first.click()
    page.goto(f"{site_url}/mlops-scorecard/results/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for hidden in (".md-header", ".md-sidebar--primary", ".sa-actions", ".md-footer"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".sa-print .sa-radar svg")).to_be_visible()
    expect(page.locator(".sa-print .sa-report__why")).to_be_visible()
    assert len(page.pdf()) > 20_000
    page.close()


def test_answers_outlive_a_browser_restart(browser, site_url: str, tmp_path: Path):
    """A new browser session started from the old one's saved storage, as after a restart."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    page.locator("#business-goals-kpis").get_by_text("No", exact=True).click()
    page.locator("#business-goals-kpis .sa-note-toggle").click()
    page.locator("#business-goals-kpis textarea").fill("Written down, but for one project only.")
    context.storage_state(path=tmp_path / "state.json")
    context.close()

    context = browser.new_context(storage_state=tmp_path / "state.json")
    page = context.new_page()
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    assert page.is_checked("input[name='sa-business-goals-kpis'][value='no']")
    expect(page.locator("#business-goals-kpis textarea")).to_have_value(
        "Written down, but for one project only."
    )
    context.close()


def statement_tops(browser, url: str, width: int, answer: str | None = None) -> list[list[float]]:
    """Where each statement showing stands once the page has loaded, with its script refused (the
    page as painted before the app runs), then with the app; `answer`: a statement answered first
    (its "Clear answer" shown)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    tops = "[...document.querySelectorAll('.sa-item:not([hidden])')].map(e => e.offsetTop)"
    found = []
    if answer:
        page.goto(url)
        page.locator(f"#{answer} label.sa-option").first.click()
    for app in (False, True):
        if app:
            page.unroute("**/selfassess.js")
        else:
            page.route("**/selfassess.js", lambda route: route.abort())
        page.goto(url)
        if app:
            expect(page.locator(".sa-status--sticky .sa-score")).not_to_be_empty()
        found.append(page.evaluate(tops))
    context.close()
    return found


@about_shipped("mlops-maturity")
@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_moves_when_the_app_starts_on_a_section_page(browser, site_url: str, width: int):
    """The shortcuts, the progress bar and each statement's buttons hold their room from the first
    paint (layout shift): every statement stands where it stood before the app ran (which drew
    none of them here), an answered one's "Clear answer" too; without scripts none takes room."""
    section = f"{site_url}/mlops-maturity/documentation/"
    before, after = statement_tops(browser, section, width, answer="business-goals-kpis")
    assert before == after
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(section)
    for room in (
        ".sa-keys",
        ".sa-status--sticky",
        ".sa-note-toggle >> nth=0",
        ".sa-clear >> nth=0",
    ):
        expect(page.locator(room)).to_be_hidden()
    context.close()
