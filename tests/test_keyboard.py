"""Answering by keyboard without three Tab stops per statement: while a statement has the focus,
a digit chooses its answer (the way a click does: stored, scored, announced), j and k go to the
next and previous statement (turning the page of a long section), x clears; none acts while the
person types or holds Ctrl or Alt, and Material's own keys still open its search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .conftest import about_shipped, built_and_served, make_project
from .test_assessment_errors import SECTION, checked, current, reload, visit

FIRST, SECOND = "business-goals-kpis", "team-responsibilities"  # of the Documentation section


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def focused_item(page: Page) -> str:
    return page.evaluate("document.activeElement.closest('.sa-item')?.dataset.saItem ?? ''")


def focused_value(page: Page) -> str:
    return page.evaluate("document.activeElement.value ?? ''")


def tab_into_the_first_statement(page: Page) -> None:
    page.locator(".sa-keys summary").focus()  # the list of shortcuts, above the statements
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused_item(page):
            break
    assert focused_item(page) == FIRST and focused_value(page) == "yes"


@about_shipped("mlops-maturity")
def test_a_digit_answers_the_statement_in_focus_as_a_click_does(page: Page, site_url: str):
    visit(page, site_url + SECTION)
    keys = page.locator("details.sa-keys")
    expect(keys.locator("summary")).to_have_text("Keyboard shortcuts")
    # Yes, No and Not applicable.
    expect(keys).to_contain_text("1\N{EN DASH}3 chooses its first, second, … answer")
    tab_into_the_first_statement(page)
    page.keyboard.press("1")
    assert checked(page, FIRST) == "yes" and focused_value(page) == "yes"
    assert current(page)["answers"][FIRST]["value"] == "yes"
    expect(page.locator(".sa-page p[aria-live]")).to_have_text(
        "Section score 12.5. 1 of 8 answered."
    )
    page.keyboard.press("3")  # Not applicable, the last choice
    assert checked(page, FIRST) == "na" and focused_value(page) == "na"
    page.keyboard.press("4")  # there is no fourth
    assert checked(page, FIRST) == "na"
    reload(page)
    assert checked(page, FIRST) == "na"
    page.emulate_media(media="print")
    expect(page.locator("details.sa-keys")).to_be_hidden()  # nothing to press on paper


@about_shipped("mlops-maturity")
def test_j_and_k_go_to_the_next_and_previous_statement(page: Page, site_url: str):
    visit(page, site_url + SECTION)
    tab_into_the_first_statement(page)
    page.keyboard.press("1")
    page.keyboard.press("j")
    assert focused_item(page) == SECOND and focused_value(page) == "yes"  # its first choice
    page.keyboard.press("2")
    assert checked(page, SECOND) == "no"
    page.keyboard.press("k")
    assert focused_item(page) == FIRST and focused_value(page) == "yes"  # its chosen one
    page.keyboard.press("k")  # nothing before the first
    assert focused_item(page) == FIRST
    # From anywhere in a statement: its note's button, its explanation.
    page.locator(f"#{SECOND} .sa-note-toggle").focus()
    page.keyboard.press("1")
    assert checked(page, SECOND) == "yes"
    expect(page.locator(f"#{SECOND} .sa-note-toggle")).to_be_focused()
    page.keyboard.press("j")
    assert focused_item(page) == "model-risk-evaluation"
    expect(page.locator("#model-risk-evaluation")).to_be_in_viewport()
    # x clears the answer, as the Clear answer button does.
    page.keyboard.press("k")
    page.keyboard.press("x")
    assert checked(page, SECOND) is None and SECOND not in current(page)["answers"]
    assert focused_item(page) == SECOND and focused_value(page) == "yes"


@about_shipped("mlops-maturity")
def test_the_keys_act_once_after_instant_navigation(page: Page, site_url: str):
    visit(page, site_url + SECTION)
    mounted = ".sa-page[data-sa-section={}][data-sa-mounted]"
    page.locator("a.md-footer__link--next").click()  # Material swaps the page, not the document
    expect(page.locator(mounted.format("traceability"))).to_be_attached()
    page.locator("a.md-footer__link--prev").click()
    expect(page.locator(mounted.format("documentation"))).to_be_attached()
    tab_into_the_first_statement(page)
    page.keyboard.press("j")
    assert focused_item(page) == SECOND  # one step, not one per page seen
    expect(page.locator(".sa-keys")).to_have_count(1)


@about_shipped("mlops-maturity")
def test_no_shortcut_while_typing_or_with_ctrl_or_alt(page: Page, site_url: str):
    visit(page, site_url + SECTION)
    page.locator(f"#{FIRST} .sa-note-toggle").click()
    note = page.locator(f"#{FIRST} textarea")
    expect(note).to_be_focused()
    page.keyboard.type("1 jkx 2")
    expect(note).to_have_value("1 jkx 2")
    assert checked(page, FIRST) is None and focused_item(page) == FIRST
    page.locator(f"#{FIRST} input[value=no]").focus()
    for key in ("Control+1", "Alt+2", "Control+j", "Meta+k"):
        page.keyboard.press(key)
    assert checked(page, FIRST) is None and focused_item(page) == FIRST
    assert current(page)["answers"][FIRST] == {"note": "1 jkx 2"}


@about_shipped("mlops-maturity")
@pytest.mark.parametrize("key", ["f", "s", "/"])
def test_material_still_opens_its_search_from_a_statement(page: Page, site_url: str, key: str):
    visit(page, site_url + SECTION)
    tab_into_the_first_statement(page)
    page.keyboard.press(key)
    expect(page.locator(".md-search__input")).to_be_focused()
    expect(page.locator("[data-md-toggle=search]")).to_be_checked()
    page.keyboard.type("1j")  # into the search box, not an answer
    expect(page.locator(".md-search__input")).to_have_value("1j")
    assert checked(page, FIRST) is None


@about_shipped("mlops-maturity")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_shortcuts_open(browser, site_url: str, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    visit(page, site_url + SECTION)
    page.locator(".sa-keys summary").click()
    expect(page.locator(".sa-keys li").first).to_be_visible()
    violations = axe.run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def paged_yaml() -> str:
    """One section of 30 statements: more than fit on one page, so two pages of 15."""
    lines = [
        "id: paged",
        'version: "1.0"',
        "title: A paged questionnaire",
        "summary: Thirty statements.",
        "description: For the keyboard across pages.",
        "sections:",
        "  - id: long",
        "    title: Long section",
        "    items:",
    ]
    for number in range(1, 31):
        lines += [
            f"      - id: s-{number}",
            f"        text: Statement {number}.",
            f"        explanation: Why statement {number} matters.",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    portal = make_project(tmp_path_factory.mktemp("paged") / "portal", {"paged.yaml": paged_yaml()})
    with built_and_served(portal) as url:
        yield f"{url}/paged"


def test_j_at_the_end_of_a_page_turns_it(page: Page, paged_url: str):
    page.goto(f"{paged_url}/long/")
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    expect(top).to_contain_text("page 1 of 2")
    expect(page.locator(".sa-keys")).to_contain_text("1\N{EN DASH}2 chooses")  # yes and no only
    page.locator("#s-15 input[value=no]").focus()
    page.keyboard.press("2")
    page.keyboard.press("j")
    expect(top).to_contain_text("Statements 16\N{EN DASH}30 of 30 · page 2 of 2")
    assert focused_item(page) == "s-16" and page.url.endswith("/long/?page=2")
    expect(page.locator("#s-16")).to_be_in_viewport()
    expect(page.locator("#s-15")).to_be_hidden()
    page.keyboard.press("k")
    expect(top).to_contain_text("page 1 of 2")
    assert focused_item(page) == "s-15" and focused_value(page) == "no"
    expect(page.locator("#s-15")).to_be_in_viewport()
