"""The built portal in a real Chromium, used as a person would: keyboard only, search, dark mode,
and no request leaving the site's origin. Screenshots land in test-results/ for a human look."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, about_shipped

pytestmark = about_shipped()

SHOTS = ROOT / "test-results"
PAGES = [
    "",
    "mlops-maturity/",
    "mlops-maturity/documentation/",
    "mlops-maturity/results/",
    "mlops-scorecard/governance/",
    "mlops-scorecard/about/",
    "scoring/",
]


@pytest.fixture
def page(browser, site_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((site_url, "data:")) else page.outside.append(r.url),
    )
    yield page
    context.close()


def test_no_page_requests_anything_outside_the_site(page, site_url: str):
    for path in PAGES:
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
    assert page.outside == []


def test_answering_with_the_keyboard_alone(page, site_url: str):
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    page.get_by_role("heading", name="Project documentation").click()  # sets where Tab starts
    first = "business-goals-kpis"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('headerlink')")  # ¶
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == f"sa-{first}"
    page.keyboard.press("Space")
    assert page.is_checked(f'input[name="sa-{first}"][value="yes"]')
    page.keyboard.press("ArrowRight")
    assert page.is_checked(f'input[name="sa-{first}"][value="no"]')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Add a note"
    page.keyboard.press("Tab")  # the last of the row, so that it keeps its room when unseen
    assert page.evaluate("document.activeElement.textContent") == "Clear answer"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # opens the note and moves into it
    page.keyboard.type("KPIs live in the project charter.")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    explanation = page.locator(f"#{first} details")
    assert explanation.get_attribute("open") is not None
    assert "Why it matters." in explanation.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "sa-team-responsibilities"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "section-keyboard.png"))


def test_search_finds_statements(page, site_url: str):
    page.goto(f"{site_url}/")
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("feature store keeps track")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10_000)
    assert "feature-store" in result.locator("a").first.get_attribute("href")


def test_the_palette_toggle_switches_to_dark_mode(page, site_url: str):
    page.goto(f"{site_url}/mlops-scorecard/governance/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("label.md-header__button[for='__palette_1']").click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "scorecard-dark.png"), full_page=True)


def test_narrow_screens_keep_options_readable(browser, site_url: str):
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/mlops-scorecard/governance/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing forces sideways scrolling
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "scorecard-narrow-dark.png"))
    context.close()


def test_screenshots_are_written(page, site_url: str):
    for path, name in [("", "home"), ("mlops-maturity/", "maturity-intro")]:
        page.goto(f"{site_url}/{path}")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000
    assert Path(SHOTS / "home.png").is_file()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser, site_url: str, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    # With answers, a note open, a verdict, gaps and the chart on the results page.
    page.goto(f"{site_url}/mlops-maturity/documentation/")
    page.locator("#business-goals-kpis").get_by_text("No", exact=True).click()
    page.locator("#business-goals-kpis .sa-note-toggle").click()
    page.locator("#team-responsibilities").get_by_text("Yes", exact=True).click()
    found = []
    for path in [
        "",
        "mlops-maturity/",
        "mlops-maturity/documentation/",
        "mlops-maturity/results/",
        "mlops-scorecard/about/",
    ]:
        page.goto(f"{site_url}/{path}")
        if path.endswith("documentation/"):
            page.locator("#business-goals-kpis .sa-note-toggle").click()
        for violation in axe.run(page).response["violations"]:
            found += [(path, violation["id"], node["target"]) for node in violation["nodes"]]
    context.close()
    assert found == []
