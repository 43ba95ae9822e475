"""Snapshots and comparing on the results page, in a real Chromium against the shipped portal.

A person saves named snapshots between changes of their answers, finds them after a reload with
the scores they had, opens one read-only, downloads and deletes one, and compares their answers
with a snapshot or a results file: the table gains the score then and the change, the radar a
dashed baseline with a legend, and the statements that changed are listed. Storage that is full,
corrupt or shared with another tab has a visible, tested behaviour.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from playwright.sync_api import Page, expect

from selfassess.questionnaire.score import score_assessment
from selfassess.results.read import format_change

from .conftest import about_shipped
from .test_assessment import SCHEMA, model, shown, stored

pytestmark = about_shipped("mlops-maturity")

QUESTIONNAIRE = "mlops-maturity"


@pytest.fixture
def page(browser, site_url: str):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.site = site_url
    yield page
    context.close()
    assert errors == []


def answer(page: Page, record: dict[str, Any], item_id: str, label: str, value: str) -> None:
    """Answer one statement of the Documentation section on its page."""
    page.goto(f"{page.site}/{QUESTIONNAIRE}/documentation/")
    page.locator(f"#{item_id}").get_by_text(label, exact=True).click()
    record["answers"][item_id] = {"value": value}
    expect(page.locator(f"input[name='sa-{item_id}'][value='{value}']")).to_be_checked()


def results(page: Page) -> None:
    page.goto(f"{page.site}/{QUESTIONNAIRE}/results/")
    expect(page.get_by_role("button", name="Save snapshot…")).to_be_visible()


def save_snapshot(page: Page, name: str) -> None:
    page.get_by_role("button", name="Save snapshot…").click()
    dialog = page.locator("dialog.sa-dialog")
    field = dialog.get_by_label("Name of the snapshot")
    expect(field).to_be_focused()
    field.fill(name)
    dialog.get_by_role("button", name="Save snapshot", exact=True).click()
    expect(page.locator(".sa-snapshots__messages")).to_contain_text(f"Snapshot “{name}” saved.")


def snapshot(page: Page, name: str):
    return page.locator(".sa-snapshot", has=page.locator(".sa-snapshot__name", has_text=name))


def answers_key(page: Page) -> str:
    keys = page.evaluate("Object.keys(localStorage)")
    return next(k for k in keys if k.endswith(f":{QUESTIONNAIRE}"))


def overall(page: Page) -> str:
    return page.locator("[data-sa-part=summary] .sa-overall__score strong").inner_text()


def score_rows(page: Page) -> list[list[str]]:
    """The score table's cells, row by row, without the section name."""
    return [
        [cell.inner_text().strip() for cell in row.locator("td").all()]
        for row in page.locator(".sa-scores tbody tr").all()
    ]


def change(now: float | None, then: float | None) -> str:
    return format_change(then, now)  # one definition, the browser's twin (tests/test_twins.py)


def two_snapshots(page: Page) -> tuple[dict, dict]:
    """Saves "First" with one answer, "Second" after two more changes; returns both records."""
    record: dict[str, Any] = {"context": {}, "answers": {}}
    answer(page, record, "business-goals-kpis", "Yes", "yes")
    first = json.loads(json.dumps(record))
    results(page)
    save_snapshot(page, "First")
    answer(page, record, "business-goals-kpis", "No", "no")
    answer(page, record, "team-responsibilities", "Yes", "yes")
    results(page)
    save_snapshot(page, "Second")
    return first, record


def test_snapshots_are_listed_opened_downloaded_and_deleted(page: Page, built_site: Path):
    data = model(built_site, QUESTIONNAIRE)
    first, second = two_snapshots(page)
    page.reload()
    items = page.locator(".sa-snapshot")
    expect(items).to_have_count(2)
    assert [n.inner_text() for n in page.locator(".sa-snapshot__name").all()] == [
        "Second",
        "First",
    ]  # newest first
    for name, record in (("First", first), ("Second", second)):
        scores = score_assessment(data, record)
        facts = snapshot(page, name).locator(".sa-snapshot__facts")
        expect(facts).to_contain_text(f"overall {shown(scores['overall'])}")
        expect(facts).to_contain_text(scores["level"])

    # Opened read-only: the page shows its scores; "Back" shows the live answers, untouched.
    snapshot(page, "First").get_by_role("button", name="Open").click()
    banner = page.locator(".sa-viewing")
    expect(banner).to_contain_text("You are looking at “First”, read-only.")
    expect(banner.get_by_role("button", name="Back to your answers")).to_be_focused()
    then = score_assessment(data, first)
    assert overall(page) == shown(then["overall"])
    for cells, section in zip(score_rows(page), data["sections"], strict=True):
        assert cells[0] == shown(then["sections"][section["id"]]["score"])
    expect(page.locator("[data-sa-part=actions]")).to_be_hidden()
    banner.get_by_role("button", name="Back to your answers").click()
    expect(banner).to_be_empty()
    assert overall(page) == shown(score_assessment(data, second)["overall"])
    assert stored(page)["answers"] == second["answers"]

    with page.expect_download() as download:
        snapshot(page, "First").get_by_role("button", name="Download").click()
    assert download.value.suggested_filename.startswith(f"{QUESTIONNAIRE}-snapshot-")
    results_file = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    jsonschema.validate(results_file, SCHEMA)
    assert results_file["answers"] == first["answers"]
    assert results_file["scores"]["overall"] == then["overall"]

    # Deleting asks first; cancelling keeps it.
    snapshot(page, "First").get_by_role("button", name="Delete…").click()
    dialog = page.locator("dialog.sa-dialog")
    expect(dialog).to_contain_text("This deletes the snapshot “First”")
    dialog.get_by_role("button", name="Cancel").click()
    expect(items).to_have_count(2)
    snapshot(page, "First").get_by_role("button", name="Delete…").click()
    dialog.get_by_role("button", name="Delete snapshot").click()
    expect(page.locator(".sa-snapshots__messages")).to_contain_text("Snapshot “First” deleted.")
    expect(items).to_have_count(1)
    page.reload()
    expect(items).to_have_count(1)
    expect(page.locator(".sa-snapshot__name")).to_have_text("Second")
    assert stored(page)["answers"] == second["answers"]


def test_comparing_with_a_snapshot(page: Page, built_site: Path):
    data = model(built_site, QUESTIONNAIRE)
    first, second = two_snapshots(page)
    snapshot(page, "First").get_by_role("button", name="Compare").click()
    headers = page.locator(".sa-scores thead th")
    expect(headers).to_have_text(["Section", "Score", "“First”", "Change", "Answered", "So far"])
    expect(page.get_by_role("button", name="Stop comparing")).to_be_focused()
    now, then = score_assessment(data, second), score_assessment(data, first)
    for cells, section in zip(score_rows(page), data["sections"], strict=True):
        a, b = now["sections"][section["id"]]["score"], then["sections"][section["id"]]["score"]
        assert cells[:3] == [shown(a), shown(b), change(a, b)]
    assert score_rows(page)[0][2] == "±0"  # one "yes" traded for another

    figure = page.locator(".sa-radar")
    expect(figure.locator(".sa-radar__baseline-line")).to_have_count(1)
    expect(figure.locator(".sa-radar__current-line")).to_have_count(1)
    expect(figure.locator(".sa-radar__legend li")).to_have_text(["Your answers", "“First”"])

    comparison = page.locator(".sa-compare")
    expect(comparison).to_contain_text("Your answers compared with “First”")
    expect(comparison.locator(".sa-compare__overall")).to_have_text(
        f"Overall score: {shown(then['overall'])} → {shown(now['overall'])}"
        f" ({change(now['overall'], then['overall'])})"
    )
    expect(comparison).to_contain_text("2 statements have a different answer or note")
    changes = comparison.locator(".sa-changes li")
    expect(changes).to_have_count(2)
    expect(changes.nth(0)).to_contain_text("Business goals and KPIs")
    expect(changes.nth(0).locator(".sa-changes__answers")).to_have_text("Yes → No")
    expect(changes.nth(1).locator(".sa-changes__answers")).to_have_text("not answered → Yes")

    # After one more answer, comparing again lists it too.
    answer(page, second, "model-choice", "Yes", "yes")
    results(page)
    expect(page.locator(".sa-compare")).to_have_count(0)  # a new page starts without a baseline
    snapshot(page, "First").get_by_role("button", name="Compare").click()
    expect(changes).to_have_count(3)

    # The printed report carries the comparison, not the snapshot list.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = page.locator(".sa-print")
    expect(printed.locator(".sa-changes li")).to_have_count(3)
    expect(printed.locator(".sa-radar__baseline-line")).to_have_count(1)
    expect(page.locator("[data-sa-part=snapshots]")).to_be_hidden()
    expect(printed.get_by_role("button")).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(printed).to_be_empty()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Stop comparing").click()
    expect(headers).to_have_text(["Section", "Score", "Answered", "So far"])
    expect(page.locator(".sa-compare")).to_have_count(0)
    expect(figure.locator(".sa-radar__baseline-line")).to_have_count(0)
    expect(figure.locator(".sa-radar__legend")).to_have_count(0)


def results_file(data: dict, answers: dict, **changes: Any) -> bytes:
    about = {"id": data["id"], "version": data["version"], "digest": data["digest"]}
    content = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": about,
        "created": "2026-01-05T10:00:00Z",
        "updated": "2026-01-05T10:00:00Z",
        "respondent": {"name": "Ada", "team": ""},
        "context": {},
        "answers": answers,
    } | changes
    return json.dumps(content).encode()


def choose(page: Page, name: str, content: bytes) -> None:
    page.set_input_files(
        "[data-sa-part=snapshots] input[type=file]",
        files=[{"name": name, "mimeType": "application/json", "buffer": content}],
    )


def test_comparing_with_a_results_file_and_refusing_bad_ones(page: Page, built_site: Path):
    data = model(built_site, QUESTIONNAIRE)
    record: dict[str, Any] = {"context": {}, "answers": {}}
    answer(page, record, "business-goals-kpis", "Yes", "yes")
    results(page)
    messages = page.locator(".sa-snapshots__messages")
    headers = page.locator(".sa-scores thead th")

    # Bad files: a clear message, and nothing changes.
    big = b'{"format": "selfassess-results", "pad": "' + b"x" * (1024 * 1024) + b'"}'
    for name, content, why in [
        ("notes.json", b"{not json", "it is not a JSON file."),
        ("big.json", big, "it is larger than 1 MB"),
        ("other.json", b'{"format": "something-else"}', "it is not a selfassess results file."),
        (
            "scorecard.json",
            results_file(data, {}, questionnaire={"id": "mlops-scorecard"}),
            "it holds answers to another questionnaire (“mlops-scorecard”).",
        ),
    ]:
        choose(page, name, content)
        expect(messages.locator(".sa-banner")).to_contain_text(
            f"“{name}” cannot be compared with: {why}"
        )
        expect(messages.locator(".sa-banner")).to_contain_text("Nothing changed.")
        expect(headers).to_have_count(4)
        expect(page.locator(".sa-compare")).to_have_count(0)

    baseline = {"business-goals-kpis": {"value": "no"}, "model-choice": {"value": "yes"}}
    choose(page, "last-quarter.json", results_file(data, baseline))
    expect(headers).to_have_text(
        ["Section", "Score", "“last-quarter.json”", "Change", "Answered", "So far"]
    )
    expect(messages).to_be_empty()  # a file that fits needs no message
    now = score_assessment(data, record)
    then = score_assessment(data, {"context": {}, "answers": baseline})
    first = data["sections"][0]["id"]
    assert score_rows(page)[0][:3] == [
        shown(now["sections"][first]["score"]),
        shown(then["sections"][first]["score"]),
        "±0",
    ]
    changes = page.locator(".sa-changes li .sa-changes__answers")
    expect(changes).to_have_text(["No → Yes", "Yes → not answered"])
    expect(page.locator(".sa-radar__legend li")).to_have_text(
        ["Your answers", "“last-quarter.json”"]
    )

    # A bad file while comparing leaves the comparison as it was.
    choose(page, "broken.json", b"[1, 2")
    expect(messages).to_contain_text("“broken.json” cannot be compared with")
    expect(headers.nth(2)).to_have_text("“last-quarter.json”")

    # A file with parts that do not fit is used, and says what was skipped.
    odd = {"business-goals-kpis": {"value": "maybe"}, "gone": {"value": "yes"}}
    choose(page, "odd.json", results_file(data, odd))
    expect(headers.nth(2)).to_have_text("“odd.json”")
    expect(messages).to_contain_text("Comparing with “odd.json”.")
    expect(messages).to_contain_text("2 parts were skipped")
    assert stored(page)["answers"] == record["answers"]  # comparing never touches the answers


def entry(name: str, record: dict, saved: str = "2026-01-05T10:00:00.000Z") -> dict:
    return {"id": f"id-{name}", "name": name, "saved": saved, "record": record}


def test_unreadable_and_older_snapshots(page: Page, built_site: Path):
    data = model(built_site, QUESTIONNAIRE)
    record: dict[str, Any] = {"context": {}, "answers": {}}
    answer(page, record, "business-goals-kpis", "Yes", "yes")
    key = answers_key(page) + ":snapshots"
    stamp = {"id": data["id"], "version": data["version"], "digest": data["digest"]}
    good = json.loads(results_file(data, {"business-goals-kpis": {"value": "no"}}))
    older = json.loads(
        results_file(
            data,
            {"model-choice": {"value": "yes"}, "retired-item": {"value": "yes"}},
            questionnaire=stamp | {"version": "0.9", "digest": "sha256:old"},
        )
    )
    other = json.loads(results_file(data, {}, questionnaire={"id": "mlops-scorecard"}))
    stored_list = [
        entry("Good", good),
        "garbage",
        entry("Other", other),
        {"id": 5, "name": "No date", "record": good},
        entry("Older", older),
    ]
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(stored_list)])
    results(page)
    notices = page.locator("[data-sa-part=snapshots] .sa-banner")
    expect(notices).to_contain_text(
        "3 saved snapshots could not be read and are not listed; they stay in this browser"
    )
    expect(page.locator(".sa-snapshot__name")).to_have_text(["Older", "Good"])
    expect(snapshot(page, "Older").locator(".sa-snapshot__facts")).to_contain_text(
        "made for version 0.9"
    )
    snapshot(page, "Older").get_by_role("button", name="Open").click()
    kept = score_assessment(data, {"context": {}, "answers": {"model-choice": {"value": "yes"}}})
    assert overall(page) == shown(kept["overall"])
    page.get_by_role("button", name="Back to your answers").click()

    # Saving keeps the unreadable entries as they were.
    save_snapshot(page, "New")
    saved = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    assert saved[:5] == stored_list
    assert saved[5]["name"] == "New" and saved[5]["record"]["answers"] == record["answers"]

    # A list that is not a list at all: said so, kept aside when the next snapshot is saved.
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, "{not json"])
    page.reload()
    expect(notices).to_contain_text("The saved snapshots of this questionnaire could not be read")
    expect(page.locator("[data-sa-part=snapshots]")).to_contain_text("No snapshots yet.")
    save_snapshot(page, "Fresh")
    expect(page.locator(".sa-snapshot__name")).to_have_text(["Fresh"])
    aside = page.evaluate(
        "(k) => Object.keys(localStorage).filter((n) => n.startsWith(k + ':aside:'))", key
    )
    assert len(aside) == 1
    assert page.evaluate("(k) => localStorage.getItem(k)", aside[0]) == "{not json"
    assert stored(page)["answers"] == record["answers"]


def test_full_storage_and_the_cap_lose_nothing(browser, site_url: str, built_site: Path):
    context = browser.new_context(accept_downloads=True)
    # Storage that refuses snapshots only: the answers themselves still save.
    context.add_init_script(
        "const set = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function (k, v) {"
        " if (k.endsWith(':snapshots') && window.__full)"
        "  throw new DOMException('full', 'QuotaExceededError');"
        " return set.call(this, k, v); };"
    )
    page = context.new_page()
    page.site = site_url
    record: dict[str, Any] = {"context": {}, "answers": {}}
    answer(page, record, "business-goals-kpis", "Yes", "yes")
    results(page)
    page.evaluate("window.__full = true")
    page.get_by_role("button", name="Save snapshot…").click()
    page.locator("dialog.sa-dialog").get_by_label("Name of the snapshot").fill("Too much")
    page.keyboard.press("Enter")  # Enter in the name field saves
    messages = page.locator(".sa-snapshots__messages")
    expect(messages).to_contain_text("The snapshot “Too much” was not saved")
    expect(messages).to_contain_text("storage for the site is full")
    expect(page.locator("[data-sa-part=snapshots]")).to_contain_text("No snapshots yet.")
    with page.expect_download() as download:
        messages.get_by_role("button", name="Download it as a file").click()
    offered = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert offered["answers"] == record["answers"]
    jsonschema.validate(offered, SCHEMA)
    # The answers still save, and the page raised no storage alarm about them.
    answer(page, record, "model-choice", "Yes", "yes")
    assert (
        json.loads(page.evaluate("(k) => localStorage.getItem(k)", answers_key(page)))["answers"]
        == record["answers"]
    )
    expect(page.locator(".sa-storage")).to_have_count(0)

    # At most 50: the 51st is refused before anything is asked.
    data = model(built_site, QUESTIONNAIRE)
    many = [entry(f"S{n}", json.loads(results_file(data, {}))) for n in range(50)]
    for n, one in enumerate(many):
        one["id"] = f"id-{n}"
    key = answers_key(page) + ":snapshots"
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(many)])
    results(page)
    expect(page.locator(".sa-snapshot")).to_have_count(50)
    page.get_by_role("button", name="Save snapshot…").click()
    expect(messages).to_contain_text("You have 50 snapshots, the most this page keeps.")
    expect(page.locator("dialog.sa-dialog")).to_have_count(0)
    context.close()


def test_another_tab_sees_snapshots_come_and_go(browser, site_url: str):
    context = browser.new_context()
    one, two = context.new_page(), context.new_page()
    for page in (one, two):
        page.site = site_url
        results(page)
    save_snapshot(one, "From tab one")
    expect(two.locator(".sa-snapshot__name")).to_have_text(["From tab one"])
    snapshot(two, "From tab one").get_by_role("button", name="Delete…").click()
    two.locator("dialog.sa-dialog").get_by_role("button", name="Delete snapshot").click()
    expect(one.locator(".sa-snapshot")).to_have_count(0)
    expect(one.locator("[data-sa-part=snapshots]")).to_contain_text("No snapshots yet.")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_while_comparing(browser, site_url: str, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.site = site_url
    two_snapshots(page)
    snapshot(page, "First").get_by_role("button", name="Compare").click()
    expect(page.locator(".sa-changes li")).to_have_count(2)
    # The scroll to the comparison fades in Material's back-to-top button: axe would measure its
    # contrast half-transparent, so it waits until every fade has ended.
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
    violations = axe.run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
