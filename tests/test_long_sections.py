"""A questionnaire of 1,000 statements stays usable: long section pages are shown a page of
statements at a time, with a pager at the top and the bottom, while the HTML keeps every statement
(for search, print and browsers without JavaScript). Short sections look as they always did."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .conftest import built_and_served, make_project
from .test_assessment import statement_tops


def long_yaml() -> str:
    """1,000 statements in 15 sections: of 200 (in four groups), 190, 300, 10, 200, and ten of 10;
    every tenth statement only for real-time use cases."""
    lines = [
        "id: long",
        'version: "1.0"',
        "title: A long questionnaire",
        "summary: One thousand statements.",
        "description: For the tests of long sections.",
        "context:",
        "  - id: use-case",
        "    text: Which use cases?",
        "    options: [{id: real-time, label: Real-time}, {id: batch, label: Batch}]",
        "sections:",
    ]

    def item(section: str, number: int) -> list[str]:
        entry = [
            f"      - id: {section}-{number}",
            f"        text: Statement {number} of section {section}.",
            f"        explanation: Why statement {number} of {section} matters.",
        ]
        if number % 10 == 0:
            entry.append("        when: {use-case: real-time}")
        return entry

    lines += ["  - id: big", "    title: Big section", "    groups:"]
    for group in range(4):
        lines += [
            f"      - id: group-{group + 1}",
            f"        title: Group {group + 1}",
            "        items:",
        ]
        for number in range(group * 50 + 1, group * 50 + 51):
            lines += ["  " + line for line in item("big", number)]
    sections = [("plain", 190), ("huge", 300), ("short", 10), ("extra", 200)]
    sections += [(f"small-{n}", 10) for n in range(1, 11)]
    for section, count in sections:
        lines += [f"  - id: {section}", f"    title: Section {section}", "    items:"]
        for number in range(1, count + 1):
            lines += item(section, number)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def long_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal with only the long questionnaire, built once and served over HTTP (with
    instant navigation: its port is in the site URL of the build)."""
    portal = make_project(tmp_path_factory.mktemp("long") / "portal", {"long.yaml": long_yaml()})
    with built_and_served(portal) as url:
        yield f"{url}/long"


@pytest.fixture
def page(browser, long_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == []
    context.close()


def shown(page: Page) -> list[str]:
    """The statements a person sees, by id."""
    return [
        item.get_attribute("data-sa-item") or "" for item in page.locator(".sa-item:visible").all()
    ]


def big(*numbers: int) -> list[str]:
    return [f"big-{n}" for n in numbers]


def at(first: int, last: int, total: int, *page_of: int) -> str:
    """What the pager says, such as "Statements 21 to 40 of 200 · page 2 of 10" (with a dash)."""
    text = f"Statements {first}\N{EN DASH}{last} of {total}"
    return text + (f" · page {page_of[0]} of {page_of[1]}" if page_of else "")


def focused_item(page: Page) -> str:
    return page.evaluate("document.activeElement.closest('.sa-item')?.dataset.saItem ?? ''")


def test_a_long_section_shows_twenty_statements_at_a_time(page: Page, long_url: str):
    page.goto(f"{long_url}/big/")
    pagers = page.locator("nav.sa-pager")
    expect(pagers).to_have_count(2)  # at the top and at the bottom
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    bottom = page.get_by_role("navigation", name="Pages of this section, at its end")
    for nav in (top, bottom):
        expect(nav).to_contain_text(at(1, 20, 200, 1, 10))
        expect(nav.get_by_role("button", name="Previous page")).to_be_disabled()
    assert shown(page) == big(*range(1, 21))
    # Group 1's heading shows, the others wait for their pages.
    expect(page.locator("h2#group-1")).to_be_visible()
    expect(page.locator("h2#group-2")).to_be_hidden()

    bottom.get_by_role("button", name="Next page").click()
    expect(top).to_contain_text(at(21, 40, 200, 2, 10))
    assert shown(page) == big(*range(21, 41))
    assert page.url.endswith("/big/?page=2")
    assert focused_item(page) == "big-21"  # focus moves to the page's first statement
    expect(
        page.locator("p[aria-live]", has_text="Page 2 of 10: statements 21 to 40.")
    ).to_have_count(1)
    expect(page.locator("h2#group-1")).to_be_visible()  # its statements go on to 50

    top.get_by_role("button", name="Previous page").click()
    assert shown(page) == big(*range(1, 21)) and page.url.endswith("/big/")
    for _ in range(9):
        top.get_by_role("button", name="Next page").click()
    expect(top).to_contain_text(at(181, 200, 200, 10, 10))
    expect(top.get_by_role("button", name="Next page")).to_be_disabled()
    expect(page.locator("h2#group-4")).to_be_visible()
    expect(page.locator("h2#group-1")).to_be_hidden()


def test_statements_that_do_not_apply_are_not_counted(page: Page, long_url: str):
    page.goto(f"{long_url}/")
    page.locator("fieldset[data-sa-context]").get_by_text("Batch").click()
    page.goto(f"{long_url}/big/")
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    expect(top).to_contain_text(at(1, 20, 180, 1, 9))
    assert shown(page) == [i for i in big(*range(1, 23)) if i not in big(10, 20)]
    # Back to every use case: the same first statement stays in view.
    page.goto(f"{long_url}/big/?page=9")
    assert shown(page)[0] == "big-178"
    page.goto(f"{long_url}/")
    page.locator("fieldset[data-sa-context]").get_by_text("Real-time").click()
    page.goto(f"{long_url}/big/?page=9")
    expect(top).to_contain_text(at(161, 180, 200, 9, 10))


def test_the_first_unanswered_statement_is_one_click_away(page: Page, long_url: str):
    page.goto(f"{long_url}/big/")
    for number in (1, 2, 3):
        page.locator(f"#big-{number}").get_by_text("Yes", exact=True).click()
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    top.get_by_role("button", name="Next page").click()
    top.get_by_role("button", name="Next page").click()
    jump = top.get_by_role("button", name="Go to the first unanswered (1.4)")
    jump.click()
    expect(top).to_contain_text(at(1, 20, 200))
    assert focused_item(page) == "big-4"
    expect(page.locator("#big-4")).to_be_in_viewport()
    page.keyboard.press("Space")  # focus is on its first choice
    expect(top.get_by_role("button", name="Go to the first unanswered (1.5)")).to_be_visible()


def test_a_link_to_a_statement_opens_its_page(page: Page, long_url: str):
    page.goto(f"{long_url}/big/#big-150")
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    expect(top).to_contain_text(at(141, 160, 200, 8, 10))
    expect(page.locator("#big-150")).to_be_in_viewport()
    assert re.search(r"/big/\?page=8#big-150$", page.url)
    # A heading of the table of contents, on the same page.
    page.locator(".md-sidebar--secondary").get_by_role("link", name="Group 3").click()
    expect(top).to_contain_text(at(101, 120, 200, 6, 10))
    expect(page.locator("h2#group-3")).to_be_in_viewport()
    # From the results page's action plan, with instant navigation.
    page.locator("#big-110").get_by_text("No", exact=True).click()
    page.goto(f"{long_url}/results/")
    page.locator("a[href$='#big-110']").first.click()
    expect(top).to_contain_text(at(101, 120, 200, 6, 10))
    expect(page.locator("#big-110")).to_be_in_viewport()


def test_find_in_page_reaches_a_statement_of_another_page(page: Page, long_url: str):
    """A text fragment finds text the way find-in-page does: hidden-until-found content opens."""
    page.goto(f"{long_url}/big/#:~:text=Statement%20177%20of")
    top = page.get_by_role("navigation", name="Pages of this section", exact=True)
    expect(top).to_contain_text("page 9 of 10")
    expect(page.locator("#big-177")).to_be_visible()


def test_answers_on_a_later_page_survive_a_reload(page: Page, long_url: str):
    page.goto(f"{long_url}/big/?page=3")
    page.locator("#big-45").get_by_text("No", exact=True).click()
    page.reload()
    expect(page.locator("#big-45 input[value=no]")).to_be_checked()
    expect(page.locator(".sa-status")).to_contain_text("1 of 200 answered")
    assert shown(page) == big(*range(41, 61))
    # Material's own navigation away and back (which it follows once it has stored the page's
    # scroll position in the history, shortly after the page shows).
    page.wait_for_function("history.state !== null")
    page.get_by_role("link", name="See your results").click()
    expect(page.locator("h1")).to_have_text(re.compile("^Results"))
    page.go_back()
    expect(page.locator("#big-45 input[value=no]")).to_be_checked(timeout=15_000)
    expect(page.locator(".sa-item:visible").first).to_have_attribute("data-sa-item", "big-41")
    assert shown(page) == big(*range(41, 61))


def test_printing_shows_every_statement(page: Page, long_url: str):
    page.goto(f"{long_url}/big/?page=4")
    page.locator("#big-61 .sa-note-toggle").click()
    page.keyboard.type("A note on page 4.")
    page.goto(f"{long_url}/big/")  # page 1: statement 61's note is not drawn yet
    expect(page.locator("#big-61 textarea")).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert len(shown(page)) == 200
    expect(page.locator("#big-61 textarea")).to_have_value("A note on page 4.")
    expect(page.locator("#big-61 textarea")).to_be_visible()
    expect(page.locator("nav.sa-pager").first).to_be_hidden()
    page.emulate_media(media="screen")
    assert len(shown(page)) == 20


def test_pages_turn_with_the_keyboard_alone(page: Page, long_url: str):
    page.goto(f"{long_url}/big/")
    page.locator("h1").click()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent === 'Next page'"):
            break
    page.keyboard.press("Enter")
    assert focused_item(page) == "big-21"
    page.keyboard.press("Space")
    expect(page.locator("#big-21 input[value=yes]")).to_be_checked()
    # Tab goes through this page's statements only, then to the pager at the end.
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        item = focused_item(page)
        if not item:
            break
        reached.append(item)
    assert set(reached) == set(big(*range(21, 41)))
    assert page.evaluate("document.activeElement.closest('nav')?.getAttribute('aria-label')") == (
        "Pages of this section, at its end"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_a_paged_section(browser, long_url: str, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{long_url}/big/?page=2")
    page.locator("#big-22").get_by_text("Yes", exact=True).click()
    found = [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in axe.run(page).response["violations"]
    ]
    page.goto(f"{long_url}/")  # its table of sections with their progress
    page.locator(".sa-sections th", has_text="Answered").wait_for()
    found += [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in axe.run(page).response["violations"]
    ]
    context.close()
    assert found == []


def test_short_sections_have_no_pager(page: Page, long_url: str):
    page.goto(f"{long_url}/short/")
    expect(page.locator(".sa-status")).to_contain_text("0 of 10 answered")
    expect(page.locator("nav.sa-pager")).to_have_count(0)
    assert len(shown(page)) == 10


def test_the_intro_of_many_sections_shows_their_progress_in_its_own_table(page: Page, long_url):
    page.goto(f"{long_url}/short/")
    page.locator("#short-1").get_by_text("Yes", exact=True).click()
    page.goto(f"{long_url}/")
    status = page.locator(".sa-status")
    expect(status).to_contain_text("1 of 1000 answered")
    expect(status.get_by_role("link", name="Continue with Big section")).to_be_visible()
    expect(status.locator("table")).to_have_count(0)  # one table on the page: its own
    rows = page.locator(".sa-sections tbody tr")
    expect(rows).to_have_count(15)
    expect(rows.nth(3)).to_contain_text("1 of 10 answered")


def answer_everything_no(page: Page) -> None:
    """Every statement answered No in the stored record (one answer given on a page made it)."""
    page.evaluate(
        """() => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(":long"));
        const record = JSON.parse(localStorage.getItem(key));
        const model = JSON.parse(document.querySelector(".sa-page").dataset.saModel);
        for (const section of model.sections)
          for (const item of section.items) record.answers[item.id] = { value: "no" };
        localStorage.setItem(key, JSON.stringify(record));
    }"""
    )


def test_a_long_action_plan_draws_its_first_gaps_and_the_rest_on_request(page: Page, long_url: str):
    # One answer through the page gives the stored record; then every statement is answered No.
    page.goto(f"{long_url}/short/")
    page.locator("#short-1").get_by_text("No", exact=True).click()
    answer_everything_no(page)
    page.goto(f"{long_url}/results/")
    gaps = page.locator(".sa-plan-list .sa-gap")
    expect(gaps).to_have_count(25)
    expect(page.locator(".sa-plan-showing")).to_contain_text("Showing 1000 of 1000 gaps")
    # An explanation is made when it is opened.
    first = gaps.first.locator("details.sa-explanation")
    expect(first.locator("p")).to_have_count(0)
    first.locator("summary").click()
    # Most worth fixing first: one of the ten statements of the short section raises it by a tenth.
    expect(first).to_contain_text("Why statement 1 of short matters.")
    expect(gaps.first.locator(".sa-gap__rank")).to_have_text(
        "4. Section short (0) · +10 to its section's score"
    )
    page.get_by_role("button", name="Show the other 975 gaps").click()
    expect(gaps).to_have_count(1000)
    # Focus lands on the first gap just drawn.
    expect(gaps.nth(25).locator(".sa-gap__statement a, a").first).to_be_focused()
    # By section, the questionnaire's order comes back, every gap still drawn.
    page.get_by_label("Order").select_option(label="By section")
    expect(gaps).to_have_count(1000)
    expect(gaps.first).to_contain_text("Statement 1 of section big")
    expect(gaps.first.locator(".sa-gap__rank")).to_have_count(0)


def test_a_printed_action_plan_holds_every_gap_and_explanation(page: Page, long_url: str):
    page.goto(f"{long_url}/short/")
    page.locator("#short-1").get_by_text("No", exact=True).click()
    page.goto(f"{long_url}/results/")
    expect(page.locator(".sa-plan-list .sa-gap")).to_have_count(1)
    answer_everything_no(page)
    page.reload()
    expect(page.locator(".sa-plan-list .sa-gap")).to_have_count(25)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    # Paper gets the printed report: every gap, each with its explanation; the screen's plan
    # keeps its first gaps and its explanations stay unmade.
    expect(page.locator(".sa-print .sa-report__gap")).to_have_count(1000)
    expect(page.locator(".sa-report__why:not(:has(p))")).to_have_count(0)
    expect(page.locator(".sa-plan-list .sa-gap")).to_have_count(25)
    expect(page.locator("details.sa-explanation:has(p)")).to_have_count(0)


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_moves_when_the_pager_arrives(browser, long_url: str, width: int):
    """The top pager's room is kept from the first paint (layout shift), on a phone, where it
    takes two rows, too: the first page's statements stand where they stood before the app ran
    (which hides the other pages' after them), to a tenth of a pixel."""
    before, after = statement_tops(browser, f"{long_url}/big/", width)
    assert len(after) == 20
    assert all(abs(a - b) < 0.1 for a, b in zip(before, after, strict=False))


def test_the_page_is_written_a_page_at_a_time_and_shows_every_statement_without_scripts(
    browser, long_url: str
):
    """The statements after the first page come hidden until found (the first paint lays out 20
    of 200); a browser without scripts shows them all, and find-in-page reaches them anyway."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{long_url}/big/")
    items = page.locator(".sa-item")
    expect(items).to_have_count(200)
    expect(page.locator(".sa-item[hidden]")).to_have_count(180)
    for index in (0, 19, 20, 199):
        expect(items.nth(index)).to_be_visible()
    context.close()
