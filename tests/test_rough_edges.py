"""Rough edges a respondent met on the built portal, each mended and kept so: a note's button
says what a click does, what deletes looks like it, and "Not applicable" does not look disabled."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import about_shipped
from .test_assessment_errors import QID, SECTION, answer, visit

pytestmark = about_shipped("mlops-maturity")

RED = {"light": "rgb(179, 38, 30)", "dark": "rgb(255, 138, 128)"}
ON_RED = {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 33, 41)"}


@pytest.fixture(params=["light", "dark"])
def page(request, browser, site_url: str):
    context = browser.new_context(color_scheme=request.param)
    page = context.new_page()
    page.scheme = request.param
    yield page
    context.close()


def color(locator, prop: str = "color") -> str:
    return locator.evaluate(f"e => getComputedStyle(e).{prop}")


def test_the_note_button_says_what_a_click_does(page, site_url: str):
    visit(page, site_url + SECTION)
    item = page.locator("#business-goals-kpis")
    toggle = item.locator(".sa-note-toggle")
    expect(toggle).to_have_text("Add a note")
    toggle.click()
    expect(toggle).to_have_text("Hide the note")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    item.locator("textarea").fill("Only for the new projects.")
    toggle.click()
    expect(toggle).to_have_text("Show your note")  # closed, and it holds a note
    expect(toggle).to_have_class("sa-note-toggle sa-note-toggle--written")
    toggle.click()
    expect(item.locator("textarea")).to_have_value("Only for the new projects.")
    item.locator("textarea").fill("")
    toggle.click()
    expect(toggle).to_have_text("Add a note")


def test_what_deletes_looks_like_it_and_its_dialog_starts_on_the_safe_choice(page, site_url: str):
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    visit(page, f"{site_url}/{QID}/results/")
    reset = page.get_by_role("button", name="Delete all answers…")
    download = page.get_by_role("button", name="Download results (JSON)")
    assert color(reset) == RED[page.scheme] != color(download)
    assert color(reset, "borderColor") == RED[page.scheme]
    reset.click()
    dialog = page.locator("dialog.sa-dialog")
    confirm = dialog.get_by_role("button", name="Delete all answers")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    assert color(confirm, "backgroundColor") == RED[page.scheme]
    assert color(confirm) == ON_RED[page.scheme]
    page.keyboard.press("Enter")  # the focused, safe choice
    expect(dialog).to_have_count(0)
    expect(page.locator(".sa-plan, .sa-verdict").first).to_be_visible()
    page.screenshot(path=f"test-results/rough-edges-results-{page.scheme}.png")


def test_not_applicable_has_the_colour_of_the_other_choices(page, site_url: str):
    visit(page, site_url + SECTION)
    item = page.locator("#business-goals-kpis")
    na = item.locator("label.sa-option--na")
    yes = item.locator("label.sa-option").first
    assert color(na) == color(yes)
    item.screenshot(path=f"test-results/rough-edges-item-{page.scheme}.png")


def test_importing_into_no_answers_asks_to_import_not_to_replace(page, site_url: str, tmp_path):
    visit(page, f"{site_url}/{QID}/results/")
    data = page.evaluate("() => window.selfassess.current().record")
    data["answers"] = {"business-goals-kpis": {"value": "yes"}}
    data["questionnaire"]["version"] = "1.0"
    data["questionnaire"]["digest"] = "sha256:" + "0" * 64  # changed since, same version number
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import results…").click()
    chooser.value.set_files(str(path))
    dialog = page.locator("dialog.sa-dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Import these answers?")
    expect(dialog).to_contain_text("made before this questionnaire changed (version 1.0 then")
    expect(dialog).not_to_contain_text("this is 1.0")
    dialog.get_by_role("button", name="Import the answers").click()
    expect(page.locator(".sa-messages .sa-banner.warning")).to_contain_text("Imported 1 answer")


# --- the returning respondent's overview ----------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def boxes(locator) -> list[dict[str, float]]:
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def spaced(first: dict[str, float], second: dict[str, float]) -> float:
    """The gap between two boxes, side by side or one under the other (negative: they overlap)."""
    if second["y"] >= first["y"] + first["height"] - 1:  # wrapped under it
        return second["y"] - (first["y"] + first["height"])
    return second["x"] - (first["x"] + first["width"])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_overview_shows_one_table_and_one_next_step(page, site_url: str, viewport):
    page.set_viewport_size(viewport)
    visit(page, f"{site_url}/{QID}/")
    buttons = page.locator("article a.md-button:visible")
    expect(buttons).to_have_text(["Start with Documentation", "See the results"])
    assert spaced(*boxes(buttons)) >= 8  # the first visit's pair, spaced too

    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    visit(page, f"{site_url}/{QID}/")
    # One table of the sections, the page's own, now with their progress (and no sideways scroll
    # on a phone); the status above it holds none.
    tables = page.locator("article table:visible", has=page.locator("th", has_text="Section"))
    expect(tables).to_have_count(1)
    expect(tables.locator("thead th:visible")).to_have_text(["No.", "Section", "Answered", "Score"])
    expect(tables.locator("tbody tr").first).to_contain_text("1 of 8 answered")
    assert tables.evaluate("t => t.closest('.md-typeset__scrollwrap, table').scrollWidth") <= (
        tables.evaluate("t => t.closest('.md-typeset__scrollwrap, table').clientWidth")
    )
    # One next step: continue where they left off, the results as the secondary choice.
    buttons = page.locator("article a.md-button:visible")
    expect(buttons).to_have_text(["Continue with Documentation", "See your results"])
    expect(buttons.first).to_have_class("md-button md-button--primary")
    expect(buttons.last).to_have_class("md-button")
    gap = spaced(*boxes(buttons))
    assert 8 <= gap <= 16, gap
    page.locator(".sa-status").screenshot(
        path=f"test-results/rough-edges-overview-{page.scheme}-{viewport['width']}.png"
    )
    buttons.first.click()
    page.wait_for_url(f"**{SECTION}")


# --- the lines between table rows ----------------------------------------------------------------


def row_lines(page, selector: str) -> list[list[str]]:
    """Each body and foot row's top line: that of its header cell, then of its first data cell.
    The table is looked up as it is now (a redraw replaces it)."""
    return page.evaluate(
        """s => [...document.querySelector(s).querySelectorAll("tbody tr, tfoot tr")].map((row) =>
          [row.querySelector("th"), row.querySelector("td")].map((cell) => {
            const s = getComputedStyle(cell);
            return `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`;
          }))""",
        selector,
    )


def test_row_header_cells_carry_the_line_between_rows(page, site_url: str, built_site):
    from .test_team import payload, results_file

    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    visit(page, f"{site_url}/{QID}/results/")
    scores = page.locator(".sa-scores table")
    expect(scores.locator("tbody tr").first).to_contain_text("1 of 8 answered")
    lines = row_lines(page, ".sa-scores table")
    assert len(lines) == 7 and all(th == td and " solid " in th for th, td in lines), lines
    scores.screenshot(path=f"test-results/rough-edges-table-{page.scheme}.png")

    model = json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))
    page.goto(f"{site_url}/{QID}/team/")
    raters = [("ann.json", "yes"), ("bob.json", "no")]
    page.locator("[data-sa-part=files] input[type=file]").set_input_files(
        [
            payload(name, results_file(model, {"business-goals-kpis": {"value": value}}))
            for name, value in raters
        ]
    )
    team = page.locator(".sa-team__scores table")
    expect(team).to_be_visible()
    answers = page.locator(".sa-disputed__answers table").first
    expect(answers).to_be_visible()
    for table in (".sa-team__scores table", ".sa-disputed__answers table"):
        lines = row_lines(page, table)
        assert lines and all(th == td and " solid " in th for th, td in lines), lines
    team.screenshot(path=f"test-results/rough-edges-team-table-{page.scheme}.png")


# --- the overall change, in the browser's comparison and in `selfassess diff` ---------------------


def test_comparing_gives_the_overall_change_as_selfassess_diff_does(
    page, site_url: str, built_site, tmp_path, capsys
):
    from selfassess import cli

    from .conftest import make_project
    from .test_team import results_file

    model = json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))
    # Overall 0.9 then (6.25 in one section of seven), 7.1 now (50 in another): +6.2, the
    # difference of the figures shown, where the unrounded one (6.25) would show +6.3.
    now = ["business-goals-kpis", "team-responsibilities", "model-risk-evaluation"]
    now.append("data-preparation-steps")
    visit(page, site_url + SECTION)
    for item in now:
        answer(page, item, "yes")
    visit(page, f"{site_url}/{QID}/results/")
    baseline = results_file(model, {"iac-defined": {"value": "yes"}})
    page.set_input_files(
        "[data-sa-part=snapshots] input[type=file]",
        files=[
            {
                "name": "q1.json",
                "mimeType": "application/json",
                "buffer": json.dumps(baseline).encode(),
            }
        ],
    )
    line = page.locator(".sa-compare__overall")
    expect(line).to_have_text("Overall score: 0.9 → 7.1 (+6.2)")
    rows = page.locator(".sa-scores tbody tr")
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("+50")
    expect(rows.nth(1).locator("td").nth(2)).to_have_text("\N{MINUS SIGN}6.3")
    page.locator(".sa-compare").screenshot(
        path=f"test-results/rough-edges-compare-{page.scheme}.png"
    )

    portal = make_project(tmp_path / "portal")
    files = {
        "q1.json": baseline,
        "q2.json": results_file(model, {i: {"value": "yes"} for i in now}),
    }
    for name, data in files.items():
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    status = cli.main(["--project", str(portal.root), "diff", *(str(tmp_path / f) for f in files)])
    out = capsys.readouterr().out
    assert status == 0
    assert line.inner_text() in out.splitlines()  # the same words, the same figures


# --- phones: the radar's labels, the sticky status ---------------------------------------------

# Each label of the chart: its font size as rendered (the SVG's font size times the chart's scale)
# and where its box starts and ends across the page.
LABELS = """() => [...document.querySelectorAll(".sa-radar__label")].map((text) => {
  const box = text.getBoundingClientRect();
  const scale = text.ownerSVGElement.getScreenCTM().a;
  return [parseFloat(getComputedStyle(text).fontSize) * scale, box.left, box.right];
})"""


def readable(page, width: int) -> None:
    labels = page.evaluate(LABELS)
    assert labels
    for size, left, right in labels:
        assert size >= 12, labels
        assert left >= 0 and right <= width, labels


@pytest.mark.parametrize("qid", ["mlops-maturity", "mlops-scorecard"])
def test_the_radar_s_labels_stay_readable_on_a_phone(page, site_url: str, qid: str):
    page.set_viewport_size(PHONE)
    visit(page, f"{site_url}/{qid}/results/")
    # In one step in the page: the results are drawn again once after they show (pageshow).
    page.evaluate("() => document.querySelector('.sa-radar').scrollIntoView()")
    readable(page, PHONE["width"])  # 7.9 px, before: 11 units in a chart 358 px wide
    page.locator(".sa-radar").screenshot(
        path=f"test-results/rough-edges-radar-{qid}-{page.scheme}-390.png"
    )
    # Turned sideways and back, or a window made wider and narrower: drawn again each time.
    page.set_viewport_size(DESKTOP)
    expect(page.locator(".sa-radar__label").first).to_have_attribute("font-size", "11")
    readable(page, DESKTOP["width"])
    page.set_viewport_size(PHONE)
    expect(page.locator(".sa-radar__label").first).to_have_attribute("font-size", "18")
    readable(page, PHONE["width"])


def test_the_team_view_s_radar_labels_stay_readable_on_a_phone(page, site_url: str, built_site):
    from .test_team import payload, results_file

    model = json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/{QID}/team/")
    page.locator("[data-sa-part=files] input[type=file]").set_input_files(
        [payload(f"{name}.json", results_file(model, {})) for name in ("ann", "bob")]
    )
    expect(page.locator(".sa-radar__label").first).to_be_visible()
    readable(page, PHONE["width"])


def test_the_sticky_status_keeps_overall_progress_and_the_results_on_a_phone(page, site_url: str):
    page.set_viewport_size(PHONE)
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    answer(page, "model-choice", "no")
    page.mouse.wheel(0, 900)
    status = page.locator(".sa-status--sticky")
    rows = status.locator(".sa-progress")
    expect(rows.nth(0)).to_contain_text("This section")
    expect(rows.nth(0)).to_contain_text("2 of 8 answered · Score 12.5")
    expect(rows.nth(1)).to_be_visible()
    expect(rows.nth(1)).to_contain_text("All sections")
    expect(rows.nth(1)).to_contain_text("2 of 56 answered")
    expect(rows.nth(1).get_by_role("link", name="See your results")).to_be_visible()
    # Compactly: one line each, and still under the header while the page scrolls.
    line = rows.nth(0).evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    for i in range(2):
        assert rows.nth(i).bounding_box()["height"] <= line * 1.5
    header = page.locator(".md-header").bounding_box()
    bar = status.bounding_box()
    assert abs(bar["y"] - (header["y"] + header["height"])) < 1
    page.screenshot(
        path=f"test-results/rough-edges-sticky-{page.scheme}-390.png",
        clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 200},
    )
    # The action plan's link to a statement, followed by instant navigation, lands below the bar
    # (Material goes there before the app draws the bar).
    rows.nth(1).get_by_role("link", name="See your results").click()
    page.wait_for_url(f"**/{QID}/results/")
    page.locator(f"[data-sa-part=plan] a[href$='{SECTION}#model-choice']").first.click()
    page.wait_for_url("**#model-choice")
    expect(status).to_be_visible()
    page.wait_for_timeout(300)  # the browser's scroll to the statement
    bar = status.bounding_box()
    assert page.locator("#model-choice").bounding_box()["y"] >= bar["y"] + bar["height"]


# --- a build for publishing without site_url says what it costs ----------------------------------


def build_command(capsys, portal, *options: str) -> tuple[int, str, str]:
    from selfassess import cli

    status = cli.main(["--project", str(portal.root), "build", *options])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_build_without_site_url_warns_once_and_one_with_it_is_quiet(
    project, capsys, monkeypatch, browser
):
    from .conftest import free_port, serving

    port = free_port()
    monkeypatch.delenv("SITE_URL", raising=False)
    status, out, err = build_command(capsys, project)
    assert status == 0 and out.startswith("built ")
    (line,) = [line for line in err.splitlines() if "site_url" in line]
    assert line.startswith("warning: SITE_URL is not set, so site_url is http://127.0.0.1:8000/")
    for cost in ("no instant navigation", "every link reloads the whole page", "sitemap"):
        assert cost in line
    assert line.endswith("build with SITE_URL=https://<its address>/")
    assert err.count("warning") == 1

    # What it says is what happens: served elsewhere, a link loads the whole page again ...
    def follows_a_link_without_reloading(url: str) -> bool:
        page = browser.new_page()
        page.goto(f"{url}/minimal/")
        page.evaluate("() => { window.__samePage = true; }")
        page.locator(".sa-sections a[href$='basics/']").click()
        page.wait_for_url("**/minimal/basics/")
        page.locator(".sa-page[data-sa-mounted]").wait_for(state="attached")
        same = page.evaluate("() => window.__samePage === true")
        page.close()
        return same

    with serving(project.root / "site", port) as url:
        assert not follows_a_link_without_reloading(url)

    # ... and with the address set, there is no warning and instant navigation works.
    monkeypatch.setenv("SITE_URL", f"http://127.0.0.1:{port}/")
    status, out, err = build_command(capsys, project)
    assert status == 0 and "site_url" not in err and "warning" not in err
    with serving(project.root / "site", port) as url:
        assert follows_a_link_without_reloading(url)


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [
        ("site_url: https://assess.example.com/", None),
        ("", "warning: site_url is not set: the site has no instant navigation"),
        ("site_url: !ENV SITE_URL", "warning: site_url is not set: the site has no instant"),
    ],
    ids=["written", "missing", "from-an-unset-variable"],
)
def test_the_warning_follows_what_mkdocs_yml_says(project, capsys, monkeypatch, site_url, warned):
    monkeypatch.delenv("SITE_URL", raising=False)
    config = project.config_file.read_text(encoding="utf-8")
    config = re.sub(r"^site_url: .*$", site_url, config, count=1, flags=re.MULTILINE)
    project.config_file.write_text(config, encoding="utf-8")
    status, _, err = build_command(capsys, project)
    assert status == 0
    if warned is None:
        assert "site_url" not in err
    else:
        (line,) = [line for line in err.splitlines() if "site_url" in line]
        assert line.startswith(warned)
        assert "every link reloads the whole page" in line and "sitemap" in line
    # A site to open from disk has no address to set: no warning.
    status, _, err = build_command(capsys, project, "--offline", "--site-dir", "site-offline")
    assert status == 0 and "site_url" not in err
