"""The results page of questionnaires with their own scoring models, as a person sees it: scores
on each node's scale, the score so far, staircase levels with their blockers, the tables across
tags and maturity levels, targets; axe finds nothing on them, light or dark."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import FIXTURES, built_and_served, make_project
from .test_snapshots import save_snapshot, snapshot

SHOTS = Path(__file__).parent.parent / "test-results"
# A full-page screenshot lays out the whole page at once: the plan's gaps, which the browser lays
# out only near the screen (content-visibility), are drawn too.
WHOLE = ".md-typeset .sa-gap { content-visibility: visible !important; }"


@pytest.fixture(scope="module")
def models_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    files = {p.name: p.read_text("utf-8") for p in (FIXTURES / "models").glob("*.yaml")}
    portal = make_project(tmp_path_factory.mktemp("models") / "portal", files)
    with built_and_served(portal) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == []
    context.close()


def answer(page: Page, item: str, value: str) -> None:
    page.locator(f"#{item} label.sa-option").filter(
        has=page.locator(f'input[value="{value}"]')
    ).click()


RUBRIC = {
    "data": {"schema": "automated", "ranges": "manual", "privacy": "manual"},
    "model": {"baseline": "automated", "slices": "not-done", "staleness": "manual"},
}

SECTION_POINTS = {"data": "2 of 3", "model": "1.5 of 3"}


def test_a_rubric_shows_points_the_weakest_section_and_its_band(page: Page, models_url: str):
    for section, answers in RUBRIC.items():
        page.goto(f"{models_url}/rubric/{section}/")
        for item, value in answers.items():
            answer(page, item, value)
        # the running status, in points on the section's scale
        expect(page.locator(".sa-status .sa-score")).to_have_text(SECTION_POINTS[section])
        expect(page.locator(".sa-status .sa-so-far")).to_have_text("")
    page.goto(f"{models_url}/rubric/")
    expect(page.locator(".sa-sections tr", has_text="Model checks")).to_contain_text("1.5 of 3")
    page.goto(f"{models_url}/rubric/infra/")
    answer(page, "rollback", "automated")
    expect(page.locator(".sa-status .sa-score")).to_have_text("1 of 3")
    expect(page.locator(".sa-status .sa-so-far")).to_have_text(" · so far 1 of 1")
    SHOTS.mkdir(exist_ok=True)
    page.locator(".sa-status").screenshot(path=str(SHOTS / "rubric-section-status.png"))
    page.get_by_role("button", name="Clear answer").first.click()
    page.goto(f"{models_url}/rubric/results/")
    overall = page.locator(".sa-overall")
    # The weakest answered section, 1.5 points, in (1, 2]; infra's unanswered items count 0.
    expect(overall).to_contain_text("0 of 3")
    expect(overall).to_contain_text("Research project")
    expect(overall).to_contain_text("so far 1.5 of 3")
    scores = page.locator(".sa-scores table")
    expect(scores.locator("tr", has_text="Data checks")).to_contain_text("2 of 3")
    expect(scores.locator("tr", has_text="Model checks")).to_contain_text("1.5 of 3")
    targets = page.get_by_role("table", name="Each score beside its target")
    expect(targets.locator("tr", has_text="Model checks")).to_contain_text("below target")
    expect(page.locator(".sa-incomplete")).to_contain_text("count 0 until you answer")
    page.goto(f"{models_url}/rubric/infra/")
    for item in ("rollback", "canary", "reproducible"):
        answer(page, item, "automated")
    page.goto(f"{models_url}/rubric/results/")
    expect(overall).to_contain_text("1.5 of 3")
    expect(overall).to_contain_text("Basic checks")
    # The one section with a target has its diamond on the radar, at 2.5 of 3, with a key.
    radar = page.locator(".sa-radar")
    expect(radar.locator(".sa-radar__target")).to_have_count(1)
    # Under each axis its score on the section's scale, as the table writes it.
    expect(radar.locator(".sa-radar__value")).to_have_text(["2 of 3", "1.5 of 3", "3 of 3"])
    expect(radar.locator(".sa-radar__legend li")).to_have_text(["Your answers", "Target"])
    SHOTS.mkdir(exist_ok=True)
    radar.screenshot(path=str(SHOTS / "rubric-radar-target.png"))
    page.screenshot(path=str(SHOTS / "rubric-results.png"), full_page=True, style=WHOLE)


def test_a_staircase_names_its_level_and_what_blocks_the_next(page: Page, models_url: str):
    page.goto(f"{models_url}/platform/testing/")
    answer(page, "unit-tests", "all")
    answer(page, "data-tests", "no")
    page.goto(f"{models_url}/platform/results/")
    stair = page.locator(".sa-stair", has_text="Testing")
    expect(stair).to_contain_text("Level 1 of 3: Foundations")
    expect(stair).to_contain_text("What blocks level 2: 1 statement")
    expect(stair).to_contain_text("Input data is validated.")
    tags = page.get_by_role("table", name="Score of each section's statements with a tag")
    row = tags.locator("tr", has_text="Testing")
    expect(row.locator("td").nth(1)).to_have_text("50")  # tooling: 1 and 0
    steps = page.get_by_role("table", name="Score of each section's statements at a maturity")
    expect(steps.locator("tr", has_text="Testing").locator("td").nth(0)).to_have_text("100")
    # Unanswered statements are left out here: the sentence says so.
    expect(page.locator(".sa-incomplete")).to_contain_text("left out of the scores")
    expect(page.locator(".sa-scores table tr", has_text="Testing")).to_contain_text("2 of 4")
    areas = page.get_by_role("table", name="Areas")
    expect(areas.locator("tr", has_text="Build")).to_contain_text("of 4")
    page.reload()
    expect(stair).to_contain_text("Level 1 of 3: Foundations")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(
            path=str(SHOTS / f"platform-results-{scheme}.png"), full_page=True, style=WHOLE
        )


def test_a_respondent_sets_their_own_targets_and_keeps_them(page: Page, models_url: str):
    for section, answers in RUBRIC.items():
        page.goto(f"{models_url}/rubric/{section}/")
        for item, value in answers.items():
            answer(page, item, value)
    page.goto(f"{models_url}/rubric/results/")
    page.get_by_text("Your targets").click()
    field = page.get_by_label("1. Data checks")
    # On the section's scale, the questionnaire's target as the hint where it has one.
    expect(page.get_by_label("2. Model checks")).to_have_attribute("placeholder", "2.5")
    expect(field).to_have_attribute("max", "3")
    field.fill("2.5")
    field.press("Enter")
    targets = page.get_by_role("table", name="Each score beside its target")
    row = targets.locator("tr", has_text="Data checks")
    expect(row).to_contain_text("2.5 (yours)")
    expect(row).to_contain_text("below target")
    # A second tab sees it, and keeps it through its own answers.
    other = page.context.new_page()
    other.goto(f"{models_url}/rubric/results/")
    other_row = other.get_by_role("table", name="Each score beside its target").locator(
        "tr", has_text="Data checks"
    )
    expect(other_row).to_contain_text("2.5 (yours)")
    other.goto(f"{models_url}/rubric/infra/")
    answer(other, "rollback", "automated")
    other.close()
    page.reload()
    expect(row).to_contain_text("2.5 (yours)")
    # What is not a target is named, and changes nothing.
    page.get_by_text("Your targets").click()
    field.fill("4")
    field.press("Enter")
    expect(page.locator(".sa-own-targets__error").first).to_contain_text(
        "“4” is not a target: type a number from 0 to 3"
    )
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(row).to_contain_text("2.5 (yours)")
    page.locator(".sa-own-targets").screenshot(path=str(SHOTS / "rubric-own-targets.png"))
    # Emptied, the field gives the section back the questionnaire's target: none for Data.
    field.fill("")
    field.press("Enter")
    expect(targets.locator("tr", has_text="Data checks")).to_have_count(0)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    # The downloaded file carries the respondent's targets.
    field.fill("2")
    field.press("Enter")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download results (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["targets"] == {"sections": {"data": 2}}
    assert data["scores"]["sections"]["data"]["target"] == 2


def test_the_action_plan_puts_what_is_most_worth_fixing_first(page: Page, models_url: str):
    for section, answers in RUBRIC.items():
        page.goto(f"{models_url}/rubric/{section}/")
        for item, value in answers.items():
            answer(page, item, value)
    page.goto(f"{models_url}/rubric/results/")
    gaps = page.locator(".sa-plan-list .sa-gap")
    # Model checks is below its target: its gaps first, the "Not done" answer (high priority)
    # before the one that would raise the section less; then the rest by what each adds.
    expect(gaps.locator(".sa-gap__statement")).to_have_text(
        [
            "2.2 Quality is checked per slice.",
            "2.3 Model age is watched.",
            "1.2 Feature ranges are checked.",
            "1.3 Personal data is masked.",
        ]
    )
    expect(gaps.locator(".sa-gap__rank")).to_have_text(
        [
            "2. Model checks (1.5 of 3) · +1 to its section's score · high priority"
            " · toward a target",
            "2. Model checks (1.5 of 3) · +0.5 to its section's score · toward a target",
            "1. Data checks (2 of 3) · +0.5 to its section's score",
            "1. Data checks (2 of 3) · +0.5 to its section's score",
        ]
    )
    SHOTS.mkdir(exist_ok=True)
    page.locator(".sa-plan-list").screenshot(path=str(SHOTS / "rubric-plan-ranked.png"))
    # Paper follows the order on screen.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    report = page.locator(".sa-print")
    expect(report.locator(".sa-report__rank")).to_have_count(4)
    expect(report.locator(".sa-report__statement").first).to_contain_text("per slice")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    # By section: the questionnaire's order under each section's score, no reasons.
    page.get_by_label("Order").select_option(label="By section")
    expect(page.locator(".sa-plan-list h3")).to_have_text(
        ["1. Data checks (2 of 3)", "2. Model checks (1.5 of 3)", "Not answered yet"]
    )
    expect(gaps.first.locator(".sa-gap__statement")).to_have_text("1.2 Feature ranges are checked.")
    expect(gaps.locator(".sa-gap__rank")).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(report.locator(".sa-report__rank")).to_have_count(0)
    expect(report.locator("h3", has_text="1. Data checks (2 of 3)")).to_have_count(1)


def test_a_comparison_speaks_the_questionnaire_s_units(page: Page, models_url: str):
    for section, answers in RUBRIC.items():
        page.goto(f"{models_url}/rubric/{section}/")
        for item, value in answers.items():
            answer(page, item, value)
    page.goto(f"{models_url}/rubric/results/")
    save_snapshot(page, "Before")
    page.goto(f"{models_url}/rubric/model/")
    answer(page, "slices", "automated")  # model: 1.5 -> 2.5 of 3
    page.goto(f"{models_url}/rubric/results/")
    snapshot(page, "Before").get_by_role("button", name="Compare").click()
    row = page.locator(".sa-scores tbody tr", has_text="Model checks")
    expect(row.locator("td").nth(0)).to_contain_text("2.5 of 3")
    expect(row.locator("td").nth(1)).to_have_text("1.5 of 3")
    expect(row.locator("td").nth(2)).to_have_text("+1")
    # The weakest section (infrastructure, unanswered) still decides the overall score.
    expect(page.locator(".sa-compare__overall")).to_have_text("Overall score: 0 of 3 → 0 of 3 (±0)")
    facts = snapshot(page, "Before").locator(".sa-snapshot__facts")
    expect(facts).to_contain_text("overall 0 of 3")


def test_three_areas_get_a_radar_of_their_own(page: Page, models_url: str):
    for section, answers in {
        "strategy": {"plan": "yes", "budget": "yes"},  # 2 of 3; policy 0: governance 1
        "threats": {"modelled": "yes", "ranked": "yes"},  # design 2, its target
        "testing": {"scanned": "partly"},  # verification 0.5
    }.items():
        page.goto(f"{models_url}/functions/{section}/")
        for item, value in answers.items():
            answer(page, item, value)
    page.goto(f"{models_url}/functions/results/")
    areas = page.locator(".sa-radar", has=page.get_by_role("img", name="Area scores"))
    expect(areas.locator(".sa-radar__label")).to_have_count(3)
    expect(areas.locator(".sa-radar__value")).to_have_text(["1 of 3", "2 of 3", "0.5 of 3"])
    expect(areas.locator(".sa-radar__target")).to_have_count(1)
    expect(areas.locator(".sa-radar__legend li")).to_have_text(["Your answers", "Target"])
    # Its table is the one of the areas, which the chart names as its description.
    table_id = areas.get_by_role("img").get_attribute("aria-describedby")
    expect(page.locator(f"#{table_id}")).to_have_accessible_name("Areas")
    # The sections keep their radar, without a target of their own.
    sections = page.locator(".sa-radar", has=page.get_by_role("img", name="Section scores"))
    expect(sections.locator(".sa-radar__label")).to_have_count(4)
    expect(sections.locator(".sa-radar__target")).to_have_count(0)
    SHOTS.mkdir(exist_ok=True)
    areas.screenshot(path=str(SHOTS / "functions-areas-radar.png"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_new_tables(browser, models_url: str, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{models_url}/platform/source/")
    answer(page, "versioned", "all")
    answer(page, "reviewed", "half")
    page.goto(f"{models_url}/platform/results/")
    expect(page.get_by_role("table", name="Areas")).to_be_visible()
    page.get_by_text("Your targets").click()
    page.get_by_label("1. Source").fill("9")
    page.get_by_label("1. Source").press("Enter")
    expect(page.locator(".sa-own-targets__error").first).to_be_visible()
    found = [
        (violation["id"], node["target"])
        for violation in axe.run(page).response["violations"]
        for node in violation["nodes"]
    ]
    context.close()
    assert found == []


def test_the_team_view_writes_each_score_on_its_scale(page: Page, models_url: str):
    model = page.request.get(f"{models_url}/functions/questionnaire.json").json()
    about = {"id": "functions", "version": model["version"], "digest": model["digest"]}

    def rater(name: str, team: str, answers: dict[str, str]) -> dict:
        record = {
            "format": "selfassess-results",
            "format_version": 2,
            "questionnaire": about,
            "respondent": {"name": name, "team": team},
            "context": {},
            "answers": {item: {"value": value} for item, value in answers.items()},
        }
        return {
            "name": f"{name}.json",
            "mimeType": "application/json",
            "buffer": json.dumps(record).encode(),
        }

    page.goto(f"{models_url}/functions/team/")
    page.locator("[data-sa-part=files] input[type=file]").set_input_files(
        [
            # strategy 1.5, policy 1: governance 1.25; threats 1.5; testing 1
            rater(
                "Ann",
                "Red",
                {
                    "plan": "yes",
                    "budget": "partly",
                    "written": "yes",
                    "modelled": "partly",
                    "ranked": "yes",
                    "scanned": "yes",
                },
            ),
            rater("Ben", "Blue", {"plan": "no"}),  # 0 everywhere
        ]
    )
    scores = page.locator(".sa-team__scores table").first
    expect(scores.locator("tbody tr").first.locator("th, td")).to_have_text(
        ["1. Strategy", "0.8 of 3", "0 of 3", "1.5 of 3", "2"]
    )
    expect(scores.locator("tfoot tr th, tfoot tr td")).to_have_text(
        ["Overall score", "0.6 of 3", "0 of 3", "1.3 of 3", "2"]
    )
    areas = page.get_by_role("table", name="Areas")
    expect(areas.locator("tbody tr")).to_have_count(3)
    expect(areas.locator("tbody tr").first.locator("th, td")).to_have_text(
        ["Governance", "0.6 of 3", "0 of 3", "1.3 of 3", "2"]
    )
    radar = page.locator(
        ".sa-radar", has=page.get_by_role("img", name="Section scores of the team")
    )
    expect(radar.locator(".sa-radar__value")).to_have_text(
        ["0.8 of 3", "0.5 of 3", "0.8 of 3", "0.5 of 3"]
    )
    page.get_by_label("Group by team (2 teams)").check()
    teams = page.locator(".sa-team__scores table").first
    expect(teams.locator("tbody tr").first.locator("th, td")).to_have_text(
        ["Red", "1", "1.3 of 3", "1.3 of 3", "1.3 of 3", "1.5 of 3", "1 of 3", "1.5 of 3", "1 of 3"]
    )
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "functions-team.png"), full_page=True, style=WHOLE)


def test_the_printed_report_shows_what_the_scoring_models_add(page: Page, models_url: str):
    from pypdf import PdfWriter

    from .test_print_report import print_pdf

    page.goto(f"{models_url}/platform/source/")
    answer(page, "versioned", "all")
    answer(page, "reviewed", "half")
    page.goto(f"{models_url}/platform/results/")
    expect(page.get_by_role("table", name="Areas")).to_be_visible()
    pdf, pages = print_pdf(page)
    first = " ".join(pages[:2])
    for heading in ("Areas", "Maturity levels", "By tag", "By maturity level", "Targets"):
        assert heading in first, heading
    assert "Level 1 of 3" in first and "of 4" in first
    assert "2. Testing no score 3 (the questionnaire's) not scored yet" in first  # not "reached"
    SHOTS.mkdir(exist_ok=True)
    PdfWriter(clone_from=pdf).write(SHOTS / "platform-printed.pdf")


def test_the_intro_page_states_the_rules_before_anyone_answers(browser, models_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{models_url}/rubric/")
    rule = page.locator("#scoring ~ p", has_text="The overall score is the lowest")
    expect(rule).to_contain_text("A section's score is the sum of its statements' points")
    expect(page.locator("#scoring ~ ul").first).to_contain_text("Automated 1.")
    levels = page.locator("table", has_text="Research project")
    expect(levels.locator("tbody tr td:first-child")).to_have_text(["0", "> 0", "> 1", "> 2"])
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "rubric-intro-rules.png"), full_page=True)
    context.close()
