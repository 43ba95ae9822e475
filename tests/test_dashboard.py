"""The dashboard of committed results (issue 16): grouping by team and quarter, means and quartiles
worked out by hand; the build reading results/<id>/ (a bad file named and left out, --strict
failing, the cache); hostile files; and the page in Chromium, light and dark, on screen, from disk
and in print."""

from __future__ import annotations

import json
import os
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from selfassess import cli
from selfassess.engines import build as site
from selfassess.generate.cache import Cache
from selfassess.generate.pipeline import ResultsFilesError, generate
from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.results import dashboard, share, trends
from selfassess.results.read import MAX_FILE_BYTES, Questionnaires
from selfassess.results.trends import Result
from selfassess.results.words import Words

from .conftest import built_and_served, make_project, minimal_yaml

# --- Grouping, quarters and means, by hand --------------------------------------------------------


def result(
    team: str, day: str, overall: float | None, *, rater: str = "", **sections: Any
) -> Result:
    when = f"{day}T10:00:00Z"
    return Result(
        file=f"{team}-{rater}-{day}.json",
        team=team,
        rater=rater,
        when=when,
        day=date.fromisoformat(day),
        overall=overall,
        sections={"a": sections.get("a"), "b": sections.get("b")},
    )


def test_a_date_falls_in_its_quarter():
    assert [trends.quarter(date(2026, m, 15)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2026-Q1",
        "2026-Q1",
        "2026-Q2",
        "2026-Q2",
        "2026-Q3",
        "2026-Q3",
        "2026-Q4",
        "2026-Q4",
    ]


def test_a_team_s_spellings_and_its_folder_s_slug_are_one_team():
    assert trends.team_key("Data Science") == trends.team_key("data-science")
    assert trends.team_key("DATA  science ") == "data-science"
    assert trends.team_key("Data Science") != trends.team_key("Data Sciences")
    assert trends.team_key("!!!") == "!!!"


FILES = [
    # Platform, 2026-Q2: one file. 2026-Q3: Ana twice (the later counts), Ben, and an unnamed file.
    result("Platform", "2026-05-02", 20.0, rater="Ana", a=10.0, b=30.0),
    result("Platform", "2026-07-01", 10.0, rater="Ana", a=0.0, b=20.0),
    result("platform", "2026-09-20", 60.0, rater="ana", a=50.0, b=None),
    result("Platform", "2026-08-10", 40.0, rater="Ben", a=30.0, b=50.0),
    result("Platform", "2026-08-11", 20.0, a=10.0, b=None),
    # Data: only 2026-Q3.
    result("Data", "2026-09-30", 90.0, rater="Chen", a=100.0, b=80.0),
]


def test_a_team_s_quarter_is_the_mean_of_its_files_each_person_once():
    platform, data = sorted(trends.teams(FILES, ["a", "b"]), key=lambda t: t.key, reverse=True)
    assert platform.key == "platform" and platform.name == "platform"  # its latest file's spelling
    assert [p.name for p in platform.periods] == ["2026-Q2", "2026-Q3"]
    q3 = platform.latest
    assert [r.rater for r in q3.counted] == ["Ben", "", "ana"]  # in the order of their dates
    assert [r.when for r in q3.superseded] == ["2026-07-01T10:00:00Z"]
    assert q3.overall == pytest.approx((60 + 40 + 20) / 3)
    assert q3.sections["a"] == pytest.approx((50 + 30 + 10) / 3)
    assert q3.sections["b"] == 50.0  # the only one with a score there
    assert platform.change() == pytest.approx(40 - 20)
    assert platform.change("a") == pytest.approx(30 - 10)
    assert platform.change("b") == pytest.approx(50 - 30)
    assert data.previous is None and data.change() is None


def test_the_trend_weighs_every_team_the_same():
    found = trends.teams(FILES, ["a", "b"])
    q2, q3 = trends.trend(found, ["a", "b"])
    assert (q2.period, q2.teams, q2.overall, q2.sections) == (
        "2026-Q2",
        1,
        20.0,
        {"a": 10.0, "b": 30.0},
    )
    assert (q3.period, q3.teams) == ("2026-Q3", 2)
    assert q3.overall == pytest.approx((40 + 90) / 2)  # Platform's mean of three files counts once
    assert q3.sections == {"a": pytest.approx((30 + 100) / 2), "b": pytest.approx((50 + 80) / 2)}


def test_quartiles_as_a_spreadsheet_s_quartile_inc():
    found = trends.spread([40, None, 10, 30, 20])
    assert (found.n, found.low, found.q1, found.median, found.q3, found.high) == (
        4,
        10,
        17.5,
        25,
        32.5,
        40,
    )
    one = trends.spread([55.5])
    assert (one.low, one.q1, one.median, one.q3, one.high) == (55.5,) * 5
    assert trends.spread([None]) is None


def test_the_heatmap_shows_the_worst_first_and_teams_without_a_score_last():
    found = trends.teams(
        [
            result("B", "2026-01-05", 50.0),
            result("A", "2026-01-05", 50.0),
            result("C", "2026-01-05", None),
            result("D", "2026-01-05", 10.0),
        ],
        ["a", "b"],
    )
    assert [t.name for t in trends.worst_first(found)] == ["D", "A", "B", "C"]


def test_bands_and_changes_as_the_page_writes_them():
    assert [dashboard.band(v) for v in (None, 0, 19.99, 20, 59.9, 80, 100)] == [
        "none",
        "0",
        "0",
        "1",
        "2",
        "4",
        "4",
    ]
    w = Words("en")
    assert [dashboard.signed(w, v) for v in (None, 8, -5.24, 0.04, -0.04)] == [
        "",
        "+8",
        "\u22125.2",
        "±0",
        "±0",
    ]
    assert dashboard.signed(Words("de"), 2.25) == "+2,3"


# --- Committed files, read by the build -----------------------------------------------------------

QID = "minimal"


def answers(basics: str, advanced: str) -> dict[str, Any]:
    """basics: "yes" (100), "no" (0), "mixed" (goals yes, the API no: 33.3 with its weight 2);
    advanced: "none" (0), "half" (50), "done" (100). The overall score is (basics + advanced / 2)
    / 1.5: the advanced section weighs 0.5."""
    goals, api = {"yes": ("yes", "yes"), "no": ("no", "no"), "mixed": ("yes", "no")}[basics]
    rating, percent = {"none": ("none", "0"), "half": ("some", "50"), "done": ("done", "100")}[
        advanced
    ]
    return {
        "goals": {"value": goals},
        "api-docs": {"value": api},
        "rating": {"value": rating},
        "percent": {"value": percent},
    }


def write(
    portal: Portal,
    path: str,
    found: dict[str, Any],
    *,
    name: str = "",
    team: str = "",
    updated: str = "2026-08-01T10:00:00.000Z",
    ident: str = QID,
    **changes: Any,
) -> Path:
    q = next(q for q in check(portal.questionnaire_paths()).questionnaires if q.id == ident)
    data = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
        "created": updated,
        "updated": updated,
        "respondent": {"name": name, "team": team},
        "context": {},
        "answers": found,
    } | changes
    target = portal.root / "results" / QID / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def committed(portal: Portal) -> dict[str, Path]:
    """Three teams over two quarters, as `selfassess collect` lays them out, and one bad file.

    Platform 2026-Q2: Ana mixed/none = 22.2 (basics 33.3, advanced 0).
    Platform 2026-Q3: Ana yes/half = 83.3 (100, 50) and Ben no/none = 0: mean 41.7 (50, 25).
    data (its folder's name: the file names no team) 2026-Q3: Chen yes/done = 100.
    """
    return {
        "ana-q2": write(
            portal,
            "platform/2026-05-04-ana.json",
            answers("mixed", "none"),
            name="Ana",
            team="Platform",
            updated="2026-05-04T09:00:00Z",
        ),
        "ana-q3": write(
            portal,
            "platform/2026-08-01-ana.json",
            answers("yes", "half"),
            name="Ana",
            team="Platform",
        ),
        "ben-q3": write(
            portal,
            "platform/2026-09-12-ben.json",
            answers("no", "none"),
            name="Ben",
            team="Platform",
            updated="2026-09-12T17:00:00+02:00",
        ),
        "chen-q3": write(
            portal,
            "data/2026-07-15-chen.json",
            answers("yes", "done"),
            name="Chen",
            updated="2026-07-15T08:00:00Z",
        ),
    }


BROKEN = "results/minimal/platform/2026-08-02-broken.json"


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    return make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})


def page(portal: Portal, name: str = "index.md") -> str:
    return (portal.docs_dir / QID / "dashboard" / name).read_text(encoding="utf-8")


def heatmap_rows(text: str) -> list[list[str]]:
    """The heatmap's rows as the text of their cells."""
    table = text.split('<table class="sa-heatmap">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in rows
    ]


def test_the_dashboard_of_committed_files(portal: Portal, capsys: pytest.CaptureFixture[str]):
    committed(portal)
    generate(portal, results=dashboard.pages)
    assert capsys.readouterr().err == ""
    nav = (portal.docs_dir / QID / "SUMMARY.md").read_text(encoding="utf-8").splitlines()
    assert nav[nav.index("- [Team view](team.md)") + 1] == "- [Dashboard](dashboard/index.md)"
    text = page(portal)
    assert "4 results files of 2 teams in results/minimal/, dated 2026-05-04 to 2026-09-12" in text
    # Team, overall, 1. Basics, 2. Advanced, quarter, files; the lowest overall first.
    assert heatmap_rows(text) == [
        ["Platform", "41.7 +19.4", "50 +16.7", "25 +25", "2026-Q3", "2"],
        ["data", "100", "100", "100", "2026-Q3", "1"],
    ]
    assert "| [data](2026-q3.md#team-data) | 2026-Q3 | 100 | \u2013 | \u2013 | \u2013 |" in text
    assert (
        "| [Platform](2026-q3.md#team-platform) | 2026-Q3 | 41.7 | 2026-Q2 | 22.2 | +19.4 |" in text
    )
    # The trend: per quarter, the mean of the teams that have a result then.
    assert "| 1. Basics | 33.3 | 75 |" in text
    assert "| **Overall score** | **22.2** | **70.8** |" in text
    assert "| Teams | 1 | 2 |" in text
    # Overall, latest: 41.67 and 100. Quartiles of two: a quarter, half and three quarters of the
    # way from the lower to the higher: 56.25, 70.83, 85.42.
    spread = re.search(r"<tr class=\"sa-spread--overall\">(.*?)</tr>", text).group(1)
    assert re.findall(r'<td class="sa-num">([^<]*)</td>', spread) == [
        "2",
        "41.7",
        "56.3",
        "70.8",
        "85.4",
        "100",
    ]
    quarter = page(portal, "2026-q3.md")
    assert "search:\n  exclude: true" in quarter
    assert '| <span id="team-platform"></span>Platform | Ana | 2026-08-01 | 83.3 | yes |' in quarter
    assert "| Platform | Ben | 2026-09-12 | 0 | yes |" in quarter
    assert page(portal, "2026-q2.md").count("| Platform |") == 0  # the first row holds the anchor
    assert '<span id="team-platform"></span>Platform | Ana | 2026-05-04 | 22.2' in page(
        portal, "2026-q2.md"
    )


def test_a_bad_file_is_named_left_out_and_stops_a_strict_build(
    portal: Portal, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    committed(portal)
    bad = portal.root / BROKEN
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.chdir(portal.root)
    assert cli.main(["--project", str(portal.root), "build"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"{BROKEN}: it is not a JSON file"
    built = (portal.root / "site" / QID / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "4 results files of 2 teams" in built
    assert 'href="2026-q3/#team-platform"' in built  # MkDocs made the links of the page's URL

    assert cli.main(["--project", str(portal.root), "build", "--strict"]) == 1
    assert capsys.readouterr().err.splitlines() == [f"{BROKEN}: it is not a JSON file"]
    with pytest.raises(ResultsFilesError, match=re.escape(f"{BROKEN}: it is not a JSON file")):
        generate(portal, results=dashboard.pages, strict=True)


def test_hostile_files_change_nothing_but_their_own_line(
    portal: Portal, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(portal.root)
    committed(portal)
    folder = portal.root / "results" / QID
    write(portal, "evil/a.json", answers("yes", "none"), team='<script>alert("x")</script>|**b**')
    write(
        portal,
        "proto/a.json",
        answers("no", "half") | {"__proto__": {"value": "yes"}},
        name="__proto__",
        team="__proto__",
        __proto__={"polluted": True},
        constructor={"prototype": {"polluted": True}},
    )
    (folder / "huge.json").write_text('{"format": "' + "x" * MAX_FILE_BYTES + '"}')
    write(
        portal,
        "other/version.json",
        answers("yes", "done"),
        team="Old",
        questionnaire={"id": QID, "version": "0.9", "digest": "sha256:0"},
    )
    (portal.root / "questionnaires" / "second.yaml").write_text(
        minimal_yaml().replace("id: minimal", "id: second", 1), encoding="utf-8"
    )
    write(portal, "platform/wrong.json", answers("yes", "done"), ident="second", team="Platform")
    write(portal, "nodate/a.json", answers("yes", "done"), updated="yesterday")
    write(portal, "no-team/2026-08-03-eve.json", answers("no", "none"), name="Eve")
    os.symlink("/etc/hostname", folder / "link.json")
    (portal.root / "results" / "loose.json").write_text("{}")
    generate(portal, results=dashboard.pages)
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "results/minimal/huge.json: it is larger than 1 MB, the most a results file can be",
        "results/minimal/nodate/a.json: it has no date (updated), so it belongs to no quarter",
        "results/minimal/platform/wrong.json: it holds answers to another questionnaire "
        "(“second”), not “minimal”, the questionnaire of its folder",
        "results/loose.json: note: not read, not in a questionnaire's folder "
        "(results/<questionnaire id>/)",
        "results/minimal/link.json: note: a symbolic link: not followed",
        "results/minimal/other/version.json: note: made for version 0.9 of “minimal” (this is "
        "1.0): answers to statements that still exist are used",
        "results/minimal/proto/a.json: note: 1 part(s) skipped: answer to “__proto__”, which is "
        "not (or no longer) a statement of this questionnaire",
    ]
    text = page(portal)
    assert (
        "<script>" not in text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;|**b**" in text
    )
    assert "| [\\_\\_proto\\_\\_](2026-q3.md#team-proto) |" in text
    assert (
        '| [&lt;script&gt;alert("x")&lt;/script&gt;&#124;\\*\\*b\\*\\*]'
        "(2026-q3.md#team-script-alert-x-script-b)" in text
    )
    assert "| [Old](2026-q3.md#team-old) | 2026-Q3 | 100 |" in text  # another version, still used
    assert "| [(no team)](2026-q3.md#team-e3b0c442) |" in text  # collect's folder for none
    assert "8 results files of 6 teams" in text


def test_the_cache_keeps_a_dashboard_until_a_results_file_changes(
    portal: Portal, capsys: pytest.CaptureFixture[str]
):
    files = committed(portal)
    generate(portal, results=dashboard.pages)
    before = page(portal)
    assert any((portal.root / ".cache" / "selfassess").glob("*.json"))
    again = generate(portal, results=dashboard.pages)  # a new run: the cache on disk
    assert again.written == [] and page(portal) == before
    write(
        portal,
        "data/2026-07-15-chen.json",
        answers("no", "none"),
        name="Chen",
        updated="2026-07-15T08:00:00Z",
    )
    changed = generate(portal, results=dashboard.pages)
    assert "minimal/dashboard/index.md" in changed.written and page(portal) != before
    for path in files.values():
        path.unlink()
    gone = generate(portal, results=dashboard.pages)
    assert "minimal/dashboard/index.md" in gone.removed
    assert "Dashboard" not in (portal.docs_dir / QID / "SUMMARY.md").read_text(encoding="utf-8")
    assert capsys.readouterr().err == ""


def test_in_memory_the_cache_reads_no_file_twice(portal: Portal, monkeypatch):
    committed(portal)
    cache = Cache(portal.root)
    generate(portal, cache, dashboard.pages)
    read = []
    monkeypatch.setattr("selfassess.results.committed.read", lambda *a, **k: read.append(a))
    generate(portal, cache, dashboard.pages)
    assert read == []


def test_a_german_questionnaire_s_dashboard_is_in_german(portal: Portal):
    path = portal.questionnaires_dir / "minimal.yaml"
    path.write_text(minimal_yaml().replace("\nsections:", "\nlanguage: de\nsections:", 1))
    committed(portal)
    generate(portal, results=dashboard.pages)
    text = page(portal)
    assert "# Dashboard: Minimal questionnaire" in text and "Streuung zwischen den Teams" in text
    assert "41,7" in text and "+19,4" in text
    assert "- [Dashboard](dashboard/index.md)" in (portal.docs_dir / QID / "SUMMARY.md").read_text()


def test_a_portal_without_results_has_no_dashboard(portal: Portal):
    generate(portal, results=dashboard.pages)
    assert not (portal.docs_dir / QID / "dashboard").exists()
    assert "Dashboard" not in (portal.docs_dir / QID / "SUMMARY.md").read_text(encoding="utf-8")


def test_the_results_folder_is_a_setting(portal: Portal):
    config = portal.config_file.read_text(encoding="utf-8")
    portal.config_file.write_text(
        config.replace("  selfassess:\n", "  selfassess:\n    results_dir: collected\n", 1)
    )
    committed(portal)
    (portal.root / "results").rename(portal.root / "collected")
    generate(Portal.load(portal.root), results=dashboard.pages)
    assert "in collected/minimal/" in page(portal)


# --- The page in Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    portal = make_project(
        tmp_path_factory.mktemp("dash") / "portal", {"minimal.yaml": minimal_yaml()}
    )
    committed(portal)
    with built_and_served(portal) as url:
        yield portal, url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_in_chromium(browser, served, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    _, url = served
    context = browser.new_context(color_scheme=scheme)
    view = context.new_page()
    view.goto(f"{url}/{QID}/dashboard/")
    first = view.locator(".sa-heatmap tbody tr").first
    assert first.locator("th").inner_text() == "Platform"
    assert first.locator("td").first.inner_text().split() == ["41.7", "+19.4"]
    trend = view.locator("#trend ~ .md-typeset__scrollwrap table, #trend ~ table").first
    assert trend.locator("tbody tr").nth(2).inner_text().split("\t") == [
        "Overall score",
        "22.2",
        "70.8",
    ]
    # Each band's text keeps its contrast: axe checks it, in both palettes.
    found = [
        (v["id"], [n["target"] for n in v["nodes"]]) for v in axe.run(view).response["violations"]
    ]
    assert found == []
    view.goto(f"{url}/{QID}/dashboard/2026-q3/")
    assert view.locator("#team-platform").count() == 1
    assert [(v["id"]) for v in axe.run(view).response["violations"]] == []
    context.close()


def test_the_page_needs_no_script_and_prints_light(browser, served):
    _, url = served
    context = browser.new_context(java_script_enabled=False, color_scheme="dark")
    view = context.new_page()
    view.goto(f"{url}/{QID}/dashboard/")
    assert view.locator(".sa-heatmap tbody tr").count() == 2
    view.emulate_media(media="print")
    # On paper the light palette, whatever the screen's: dark text on light cells.
    color = view.locator(".sa-heatmap tbody th").first.evaluate("e => getComputedStyle(e).color")
    assert color in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)")
    cell = view.locator(".sa-heat--2").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert cell == "rgb(238, 238, 238)"
    assert view.pdf(format="A4")[:4] == b"%PDF"
    context.close()


def test_a_file_opens_read_only_with_its_answers(browser, served):
    _, url = served
    context = browser.new_context()
    view = context.new_page()
    view.goto(f"{url}/{QID}/dashboard/2026-q3/")
    row = view.locator("tr", has_text="Ana")
    row.get_by_role("link", name="Open read-only").click()
    view.locator(".sa-viewing .sa-banner").wait_for()
    banner = view.locator(".sa-viewing .sa-banner").inner_text()
    assert "You are looking at “Link from Ana”, read-only." in banner
    assert "83.3" in view.locator(".sa-overall").inner_text().split()  # Ana: yes/half
    checked = view.locator("[data-sa-part=sections] tbody tr").all_inner_texts()
    assert [[c.strip() for c in r.split("\t")[:2]] for r in checked] == [
        ["1. Basics", "100"],
        ["2. Advanced <practice>", "50"],
    ]
    stored = view.evaluate("() => Object.keys(localStorage)")
    assert [k for k in stored if "selfassess" in k or QID in k] == []  # no answers stored
    context.close()


def test_the_dashboard_from_disk(browser, served, tmp_path: Path):
    portal, _ = served
    built = site.build(portal, offline=True, site_dir=tmp_path / "offline")
    view = browser.new_page()
    view.goto((built / QID / "dashboard" / "index.html").as_uri())
    assert view.locator(".sa-heatmap tbody th").all_inner_texts() == ["Platform", "data"]
    view.get_by_role("link", name="Platform").first.click()
    assert view.url.endswith("/dashboard/2026-q3.html#team-platform")
    view.locator("tr", has_text="Ben").get_by_role("link", name="Open read-only").click()
    view.locator(".sa-viewing .sa-banner").wait_for()
    assert "0" in view.locator(".sa-overall").inner_text().split()  # Ben: no/none
    view.close()


def test_each_file_links_to_its_answers_and_a_long_one_leaves_its_notes_out(portal: Portal):
    committed(portal)
    noted = answers("yes", "done")
    for item, seed in (("goals", 1), ("rating", 2)):
        noted[item]["note"] = random.Random(seed).randbytes(4500).hex()  # 9,000 characters
    write(portal, "data/2026-07-20-dan.json", noted, name="Dan", team="data")
    generate(portal, results=dashboard.pages)
    rows = [
        line for line in page(portal, "2026-q3.md").splitlines() if "](../results.md#share=" in line
    ]
    assert len(rows) == 4
    readers = Questionnaires(portal)
    for line in rows:
        fragment = re.search(r"\(\.\./results\.md(#share=[\w-]+)\)", line).group(1)
        opened = share.read_fragment(fragment.removeprefix("#share="), readers)
        if "Dan" in line:
            assert "(without its notes: the link would be too long)" in line
            assert all("note" not in a for a in opened.record["answers"].values())
        else:
            assert "without its notes" not in line
    ana = next(r for r in rows if "| Ana |" in r)
    fragment = re.search(r"#share=([\w-]+)", ana).group(1)
    record = share.read_fragment(fragment, readers).record
    assert record["answers"] == answers("yes", "half") and record["respondent"]["name"] == "Ana"
