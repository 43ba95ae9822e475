"""Share links between the browser and the command line, and "Send to the facilitator".

In a real Chromium: the link "Copy link" makes, collected by `selfassess collect`, is the record
on the page; the link `selfassess share` prints, opened in the browser, shows and imports the
file's answers; and, when the portal names its GitHub repository (extra.selfassess.collect_repo),
the results page's "Send to the facilitator" opens that repository's issue form with the link, the
name and the team filled in, and the link decodes to the answers on the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from selfassess import cli
from selfassess.generate.pipeline import generate
from selfassess.questionnaire.portal import Portal, PortalError
from selfassess.results.read import Questionnaires

from .conftest import about_shipped, built_and_served, make_project, minimal_yaml
from .test_portal_options import results_data, with_setting
from .test_share import CONFIRM_IMPORT, QID, RESULTS, SECTION, answer, copy_link, record, visit

pytestmark = about_shipped(QID)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

REPOSITORY = "acme/assessments"
NEW_ISSUE = f"https://github.com/{REPOSITORY}/issues/new"
NOTE = 'Only the charter, "v2" & <b>that</b>'


# --- the setting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "url", "named"),
    [
        (REPOSITORY, NEW_ISSUE, REPOSITORY),
        (
            "https://git.example.com/acme/assessments/",
            "https://git.example.com/acme/assessments/issues/new",
            REPOSITORY,
        ),
    ],
)
def test_collect_repo_reaches_the_results_page_only(tmp_path: Path, value, url, named):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    portal = with_setting(portal, f"collect_repo: {value}")
    generate(portal)
    assert results_data(portal)["collect"] == {"url": url, "repository": named}
    section = (portal.docs_dir / "minimal" / "basics.md").read_text(encoding="utf-8")
    assert "collect" not in re.search(r"data-sa-model='([^']*)'", section).group(1)


def test_no_collect_repo_by_default(project: Portal):
    generate(project)
    assert "collect" not in results_data(project)


@pytest.mark.parametrize(
    "value",
    ["acme", "acme/assess/ments", "http://github.com/acme/x", "https://github.com/acme/x?y", "42"],
)
def test_a_wrong_collect_repo_is_refused_with_its_position(tmp_path: Path, value: str):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    with pytest.raises(PortalError) as raised:
        with_setting(portal, f"collect_repo: {value}")
    [problem] = raised.value.problems
    assert "extra.selfassess.collect_repo" in str(problem)
    assert "OWNER/NAME, or https://HOST/OWNER/NAME" in str(problem)


# --- in the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def send_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Portal, str]]:
    """The shipped portal with extra.selfassess.collect_repo set, built and served."""
    portal = make_project(tmp_path_factory.mktemp("send") / "portal")
    config = portal.config_file.read_text(encoding="utf-8")
    config = config.replace("  selfassess:\n", f"  selfassess:\n    collect_repo: {REPOSITORY}\n")
    portal.config_file.write_text(config, encoding="utf-8")
    portal = Portal.load(portal.root)
    with built_and_served(portal) as url:
        yield portal, url


@pytest.fixture
def github(browser):
    """A browser context in which github.com answers with a blank page, and the clipboard works."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.route("https://github.com/**", lambda route: route.fulfill(body="", status=200))
    yield context
    context.close()


def answer_some(page, url: str) -> None:
    """Three answers and a note on the first section, context, a name and a team."""
    visit(page, url + SECTION)
    answer(page, "business-goals-kpis", "no")
    answer(page, "team-responsibilities", "yes")
    answer(page, "data-definition", "na")
    page.locator("#business-goals-kpis .sa-note-toggle").click()
    page.locator("#business-goals-kpis textarea").fill(NOTE)
    visit(page, url + RESULTS)
    page.get_by_label("Name").fill("Zoë Müller")
    page.get_by_label("Team or project").fill("ML Platform")


def test_send_opens_the_forms_issue_with_the_link_name_and_team(
    github, send_portal, tmp_path, capsys
):
    portal, url = send_portal
    page = github.new_page()
    answer_some(page, url)
    share = page.locator(".sa-share")
    expect(share.locator(".sa-share__send")).to_have_text(
        re.compile(f"^Send to the facilitator opens a new issue of {REPOSITORY} on GitHub")
    )
    mine = record(page)
    for notes in (False, True):
        if notes:
            page.get_by_label("Include my notes").check()
        with github.expect_page() as opened:
            page.get_by_role("button", name="Send to the facilitator").click()
        tab = opened.value
        expect(page.locator(".sa-share__status")).to_contain_text("GitHub's form is open")
        address = urlsplit(tab.url)
        assert f"{address.scheme}://{address.netloc}{address.path}" == NEW_ISSUE
        query = {k: v for k, [v] in parse_qs(address.query).items()}
        assert set(query) == {"template", "title", "share_link", "name", "team"}
        assert query["template"] == "send-results.yml"
        assert query["title"] == "Results: MLOps Maturity Assessment"
        assert (query["name"], query["team"]) == ("Zoë Müller", "ML Platform")
        assert query["share_link"].startswith(f"{url}{RESULTS}#share=")
        tab.close()

        folder = tmp_path / f"notes-{notes}"
        status = cli.main(
            ["--project", str(portal.root), "collect", query["share_link"], "-o", str(folder)]
        )
        assert status == 0, capsys.readouterr().err
        [path] = folder.rglob("*.json")
        assert path.relative_to(folder).as_posix().startswith(f"{QID}/ml-platform/")
        assert path.name.endswith("-zoe-muller.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        expected = {
            k: a if notes else {"value": a["value"]}
            for k, a in mine["answers"].items()
            if notes or "value" in a
        }
        assert data["answers"] == expected
        assert (data["respondent"], data["context"]) == (mine["respondent"], mine["context"])
        assert data["updated"] == mine["updated"]


def test_a_link_too_long_for_githubs_form_is_not_sent(github, send_portal):
    _, url = send_portal
    page = github.new_page()
    visit(page, url + SECTION)
    answer(page, "business-goals-kpis", "no")
    page.locator("#business-goals-kpis .sa-note-toggle").click()
    page.locator("#business-goals-kpis textarea").fill(
        "".join(chr(0x4E00 + i) for i in range(9000))
    )
    visit(page, url + RESULTS)
    page.get_by_label("Include my notes").check()
    page.get_by_role("button", name="Send to the facilitator").click()
    expect(page.locator(".sa-share__status")).to_contain_text(
        re.compile(r"too long for GitHub's form \(\d+ characters in its address, at most 8000\)")
    )
    assert github.pages == [page]  # no tab opened
    page.get_by_label("Include my notes").uncheck()
    with github.expect_page():
        page.get_by_role("button", name="Send to the facilitator").click()


def test_no_send_button_without_the_setting(colleague, site_url: str):
    page = colleague.new_page()
    visit(page, site_url + RESULTS)
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    expect(page.get_by_role("button", name="Send to the facilitator")).to_have_count(0)
    expect(page.locator(".sa-share__send")).to_have_count(0)


@pytest.fixture
def colleague(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_send_button(browser, send_portal, scheme):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    _, url = send_portal
    context = browser.new_context(color_scheme=scheme)
    context.route("https://github.com/**", lambda route: route.fulfill(body="", status=200))
    page = context.new_page()
    visit(page, url + SECTION)
    answer(page, "business-goals-kpis", "no")
    visit(page, url + RESULTS)
    with context.expect_page():
        page.get_by_role("button", name="Send to the facilitator").click()
    expect(page.locator(".sa-share__status")).not_to_be_empty()
    violations = axe.run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


# --- the browser's links and the command line's ------------------------------------------------


def test_a_link_the_browser_copies_is_collected_into_the_same_record(
    github, send_portal, tmp_path, capsys
):
    portal, url = send_portal
    page = github.new_page()
    answer_some(page, url)
    link = copy_link(page, notes=True)
    mine = record(page)
    assert cli.main(["--project", str(portal.root), "collect", link, "-o", str(tmp_path)]) == 0
    [path] = tmp_path.rglob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("answers", "context", "respondent", "updated"):
        assert data[key] == mine[key], key
    # and its scores are those the page downloads
    with page.expect_download() as info:
        page.get_by_role("button", name="Download results (JSON)").click()
    downloaded = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["scores"] == downloaded["scores"]
    assert {k: v for k, v in data.items() if k not in ("created", "scores")} == {
        k: v for k, v in downloaded.items() if k not in ("created", "scores")
    }


def test_the_link_selfassess_share_prints_shows_the_files_answers(
    browser, send_portal, tmp_path, capsys
):
    portal, url = send_portal
    model = Questionnaires(portal).model(QID)
    items = list(model.items.values())
    answers = {
        item["id"]: {"value": item["options"][n % len(item["options"])], "note": f"Note {n} ü"}
        for n, item in enumerate(items)
    }
    answers[items[1]["id"]] = {"value": "na"}
    q = model.questionnaire
    results = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": QID, "version": q.version, "digest": q.digest},
        "created": "2026-01-01T08:00:00.000Z",
        "updated": "2026-01-05T08:00:00.000Z",
        "respondent": {"name": "Ben", "team": "Data"},
        "context": {"use-case": ["batch"]},
        "answers": answers,
    }
    path = tmp_path / "ben.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    status = cli.main(["--project", str(portal.root), "share", str(path), "--notes", "--base", url])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    link = out.strip()

    context = browser.new_context()
    page = context.new_page()
    visit(page, link)
    viewing = page.locator(".sa-viewing .sa-banner")
    expect(viewing).to_contain_text("You are looking at “Link from Ben”, read-only.")
    viewing.get_by_role("button", name="Use these answers…").click()
    page.locator("dialog.sa-dialog").get_by_role("button", name=CONFIRM_IMPORT).click()
    expect(page.locator(".sa-viewing .sa-banner")).to_have_count(0)
    mine = record(page)
    context.close()
    assert mine["answers"] == answers
    assert (mine["respondent"], mine["context"]) == (results["respondent"], results["context"])
