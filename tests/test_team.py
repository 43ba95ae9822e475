"""The team view in a real Chromium: three results files whose disagreement is worked out here by
hand, the table, the radar, the most disputed statements with every rater's answer and note, bad
files among good ones, the CSV of all raters, the keyboard, and axe."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from selfassess.questionnaire.i18n import table
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.score import score_assessment
from selfassess.results import aggregate
from selfassess.results.read import Questionnaires, rater_names, read_all

from .conftest import BROWSER, about_shipped, run_in_node

pytestmark = about_shipped("mlops-maturity", "mlops-scorecard")

QID = "mlops-maturity"
TEAM = f"/{QID}/team/"
NOTE_ANN = "<b>Reviewed</b> once a year"  # shown as typed, never as markup
NOTE_BOB = "Only the new projects, so far."
NOTE_CAT = "=1+1"  # a spreadsheet would run it: the CSV must not let it

# Ann answers by name, Bob's file names only his team, the third file names nobody: its file name
# names its rater. Cat serves batch inference only, so 4.3 (real-time) does not apply to her.
ANN = {
    "business-goals-kpis": {"value": "yes"},  # 1.1: all three say yes, no dispute
    "team-responsibilities": {"value": "yes"},  # 1.2: yes, no, yes
    "model-risk-evaluation": {"value": "yes", "note": NOTE_ANN},  # 1.3: yes, no, unanswered
    "data-preparation-steps": {"value": "no"},  # 1.4: no, no, n/a: no dispute
    "api-request-monitoring": {"value": "yes"},  # 4.3: yes, no, does not apply to Cat
    "explain-outputs-evidence": {"value": "no"},  # 6.1: no, yes, n/a
    "explain-understandable": {"value": "yes"},  # 6.2: yes, yes, no
    "explain-decision-process": {"value": "yes"},  # 6.3: only Ann: no dispute
    "ab-input-output-storage": {"value": "yes"},  # 7.1
}
BOB = {
    "business-goals-kpis": {"value": "yes"},
    "team-responsibilities": {"value": "no"},
    "model-risk-evaluation": {"value": "no", "note": NOTE_BOB},
    "data-preparation-steps": {"value": "no"},
    "api-request-monitoring": {"value": "no"},
    "explain-outputs-evidence": {"value": "yes"},
    "explain-understandable": {"value": "yes"},
}
CAT = {
    "business-goals-kpis": {"value": "yes", "note": NOTE_CAT},
    "team-responsibilities": {"value": "yes"},
    "data-preparation-steps": {"value": "na"},
    "api-request-monitoring": {"value": "yes"},
    "explain-outputs-evidence": {"value": "na"},
    "explain-understandable": {"value": "no"},
    "ab-input-output-storage": {"value": "na"},
    "ab-testing-regular": {"value": "na"},
    "ab-consistent-assignment": {"value": "na"},  # all of section 7 n/a: Cat has no score there
}
RATERS = ["Ann", "Platform", "cat-results"]
# By hand: a yes scores 100, a no 0. Population standard deviation of {100, 0} is 50, of
# {100, 0, 100} and {100, 100, 0} is 100·√2/3 ≈ 47.1. Ties in order of the questionnaire.
DISPUTED = [
    ("1.3", 50.0, ["Yes", "No", "not answered"]),
    ("4.3", 50.0, ["Yes", "No", "does not apply to their context"]),
    ("6.1", 50.0, ["No", "Yes", "Not applicable"]),
    ("1.2", 100 * math.sqrt(2) / 3, ["Yes", "No", "Yes"]),
    ("6.2", 100 * math.sqrt(2) / 3, ["Yes", "Yes", "No"]),
]


def shown(score: float | None) -> str:
    """A score as the page shows it: JavaScript's Math.round to one decimal, then String()."""
    return "no score" if score is None else f"{math.floor(score * 10 + 0.5) / 10:g}"


def results_file(model: dict, answers: dict, respondent=None, context=None, qid=QID) -> dict:
    data: dict[str, Any] = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": qid, "version": model["version"], "digest": model["digest"]},
        "context": context or {},
        "answers": answers,
    }
    if respondent is not None:
        data["respondent"] = respondent
    return data


def payload(name: str, data: Any) -> dict[str, Any]:
    text = data if isinstance(data, str) else json.dumps(data)
    return {"name": name, "mimeType": "application/json", "buffer": text.encode()}


@pytest.fixture(scope="module")
def model(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(model) -> list[dict[str, Any]]:
    return [
        results_file(model, ANN, {"name": "Ann", "team": "Platform"}),
        results_file(model, BOB, {"name": "", "team": "Platform"}),
        results_file(model, CAT, None, {"use-case": ["batch"]}),
    ]


@pytest.fixture(scope="module")
def files(records) -> list[dict[str, Any]]:
    names = ["ann.json", "bob.json", "cat-results.json"]
    return [payload(n, r) for n, r in zip(names, records, strict=True)]


@pytest.fixture
def page(browser, site_url: str):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url + TEAM)
    expect(page.get_by_role("button", name="Choose results files…")).to_be_visible()
    yield page
    assert page.errors == []
    context.close()


def load(page: Page, files: list[dict[str, Any]]) -> None:
    page.locator("[data-sa-part=files] input[type=file]").set_input_files(files)


def rows(locator) -> list[list[str]]:
    return [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()] for row in locator.all()
    ]


def test_the_page_says_nothing_is_uploaded_and_starts_empty(page: Page):
    expect(page.locator(".admonition.info")).to_contain_text("nothing is uploaded")
    expect(page.locator(".admonition.info")).to_contain_text("memory only")
    expect(page.locator(".sa-team__empty")).to_be_visible()
    expect(page.get_by_role("button", name="Download CSV (all raters)")).to_be_hidden()
    nav = page.locator(".md-nav__link--active")
    expect(nav.first).to_have_text("Team view")


def test_three_raters_section_statistics(page: Page, files, records, model):
    load(page, files)
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")
    names = page.locator(".sa-team__list .sa-team__name")
    expect(names).to_have_text(RATERS)

    scores = [score_assessment(model, record) for record in records]
    expected = []
    for section in model["sections"]:
        values = [s["sections"][section["id"]]["score"] for s in scores]
        scored = [v for v in values if v is not None]
        mean, low, high = sum(scored) / len(scored), min(scored), max(scored)
        label = f"{section['number']}. {section['title']}"
        expected.append([label, shown(mean), shown(low), shown(high), str(len(scored))])
    overall = [s["overall"] for s in scores]
    expected.append(
        ["Overall score", shown(sum(overall) / 3), shown(min(overall)), shown(max(overall)), "3"]
    )
    table = page.locator("[data-sa-part=sections] table")
    assert rows(table.locator("tbody tr, tfoot tr")) == expected
    # Worked by hand: documentation (8 statements) is 3/8 for Ann, 1/8 for Bob, and 2/6 for Cat
    # (1.4 n/a, 1.7 real-time only); Cat marked all of A/B testing not applicable, so only two
    # raters count there.
    assert expected[0][1:] == [shown((37.5 + 12.5 + 100 / 3) / 3), "12.5", "37.5", "3"]
    assert expected[6][1:] == [shown(100 / 6), "0", "33.3", "2"]
    radar = page.locator("[data-sa-part=sections] svg[role=img]")
    expect(radar).to_have_attribute("aria-label", "Section scores of the team")
    assert radar.locator(".sa-radar__spread").count() == 1
    expect(page.locator(".sa-radar__legend li")).to_have_text(["Lowest to highest score", "Mean"])


def test_most_disputed_statements_with_answers_and_notes_side_by_side(page: Page, files):
    load(page, files)
    part = page.locator("[data-sa-part=disputed]")
    expect(part.locator("p").first).to_have_text(
        "5 statements have different answers, the most disputed first."
    )
    items = part.locator(".sa-disputed__item")
    expect(items).to_have_count(len(DISPUTED))
    for item, (number, spread, answers) in zip(items.all(), DISPUTED, strict=True):
        expect(item.locator(".sa-number")).to_have_text(number)
        given = [a for a in answers if a in ("Yes", "No")]
        scores = [100 if a == "Yes" else 0 for a in given]
        expect(item.locator(".sa-disputed__figures")).to_contain_text(
            f"Disagreement {shown(spread)} · scores from {min(scores)} to {max(scores)}"
            f" · {len(given)} answers"
        )
        table = rows(item.locator("tbody tr"))
        assert [row[:2] for row in table] == [list(r) for r in zip(RATERS, answers, strict=True)]
    notes = rows(items.first.locator("tbody tr"))
    assert notes == [
        ["Ann", "Yes", NOTE_ANN],
        ["Platform", "No", NOTE_BOB],
        ["cat-results", "not answered", ""],
    ]
    link = items.first.get_by_role("link")
    assert link.get_attribute("href").endswith("documentation/#model-risk-evaluation")


def test_bad_files_get_a_line_each_and_the_good_ones_count(page: Page, files, model):
    other = results_file(model, {"anything": {"value": "yes"}}, qid="mlops-scorecard")
    big = " " * (1024 * 1024 + 1)
    load(
        page,
        [
            files[0],
            payload("broken.json", "{nope"),
            payload("scorecard.json", other),
            payload("huge.json", big),
            payload("notes.txt", "[1, 2]"),
            *files[1:],
        ],
    )
    failure = page.locator(".sa-messages .sa-banner.failure")
    expect(failure.locator("p").first).to_have_text("4 files were left out:")
    expect(failure.locator("li")).to_have_text(
        [
            "“broken.json”: it is not a JSON file.",
            "“scorecard.json”: it holds answers to another questionnaire (“mlops-scorecard”).",
            "“huge.json”: it is larger than 1 MB, the most a results file can be.",
            "“notes.txt”: it is not a selfassess results file.",
        ]
    )
    expect(page.locator(".sa-messages .sa-banner.success p")).to_have_text("Added 3 files.")
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")


def test_an_older_version_is_used_with_a_line_saying_so(page: Page, model, records):
    older = dict(records[0])
    older["questionnaire"] = {"id": QID, "version": "0.9", "digest": "sha256:" + "0" * 64}
    older["answers"] = {**ANN, "gone-statement": {"value": "yes"}}
    load(page, [payload("old.json", older)])
    warning = page.locator(".sa-messages .sa-banner.warning")
    expect(warning.locator("li")).to_have_text(
        [
            f"“old.json”: made for another version of this questionnaire (0.9; this is "
            f"{model['version']}): answers to statements that still exist are used. 1 part was "
            "skipped: answer to “gone-statement”, which is not (or no longer) a statement of "
            "this questionnaire."
        ]
    )
    expect(page.locator(".sa-team__list summary")).to_have_text("1 rater loaded")
    expect(page.locator("[data-sa-part=disputed]")).to_have_text(
        "Load at least two files to see where raters disagree."
    )


def test_the_same_rater_s_file_loaded_again_is_not_counted_twice(page: Page, files, records):
    load(page, files)
    means = page.locator("[data-sa-part=sections] tbody").inner_text()
    copy = payload("ann (copy).json", {**records[0], "updated": "2026-12-01T10:00:00.000Z"})
    load(page, [files[0], copy])  # the same file, and a copy saved again later
    info = page.locator(".sa-messages .sa-banner.info")
    expect(info.locator("p").first).to_have_text(
        "2 files were already loaded and are not counted again:"
    )
    expect(info.locator("li")).to_have_text(
        [
            "“ann.json”: the same respondent and answers as “ann.json”",
            "“ann (copy).json”: the same respondent and answers as “ann.json”",
        ]
    )
    expect(page.locator(".sa-team__list .sa-team__name")).to_have_text(RATERS)
    assert page.locator("[data-sa-part=sections] tbody").inner_text() == means
    page.get_by_role("button", name="Remove Ann").click()
    load(page, [files[0]])  # removed, then loaded again: counted once more
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")


def test_names_that_come_again_are_numbered_and_raters_can_be_removed(page: Page, files, records):
    load(page, files)
    other_ann = {**records[0], "answers": {}}  # another Ann, with other answers
    load(page, [payload("ann-2.json", other_ann)])
    names = page.locator(".sa-team__list .sa-team__name")
    expect(names).to_have_text([*RATERS, "Ann (2)"])
    page.get_by_role("button", name="Remove Platform").click()
    expect(names).to_have_text(["Ann", "cat-results", "Ann (2)"])
    page.get_by_role("button", name="Remove Ann", exact=True).click()
    expect(names).to_have_text(["cat-results", "Ann"])  # the other Ann is now the only one
    n = page.locator("[data-sa-part=sections] tfoot td").last
    expect(n).to_have_text("2")
    page.get_by_role("button", name="Remove all files").click()
    expect(page.locator(".sa-team__empty")).to_be_visible()
    expect(page.locator("[data-sa-part=sections]")).to_have_text(
        "Load results files to see the scores of the team."
    )


def test_show_more_adds_ten_disputed_statements_at_a_time(page: Page, model):
    ids = [i["id"] for s in model["sections"] for i in s["items"]]
    yes = results_file(model, {i: {"value": "yes"} for i in ids}, {"name": "Yes"})
    no = results_file(model, {i: {"value": "no"} for i in ids}, {"name": "No"})
    load(page, [payload("yes.json", yes), payload("no.json", no)])
    items = page.locator(".sa-disputed__item")
    expect(items).to_have_count(10)
    more = page.get_by_role("button", name=f"Show 10 more (of {len(ids) - 10})")
    more.click()
    expect(items).to_have_count(20)
    # All tie (50 each, range 100): questionnaire order.
    assert [n.inner_text() for n in items.locator(".sa-number").all()] == [
        i["number"] for s in model["sections"] for i in s["items"]
    ][:20]


def test_a_large_team_s_answers_start_folded_and_open_on_demand(page: Page, model, files):
    # 15 raters, more than a table shown at once: five of each, by name (the same file loaded
    # again would not count twice).
    many = [
        payload(
            f"{n}-{f['name']}",
            {
                **json.loads(f["buffer"]),
                "respondent": {"name": "", "team": ""},
                "created": f"2026-11-0{n + 1}T09:00:00.000Z",
            },
        )
        for n in range(5)
        for f in files
    ]
    load(page, many)
    first = page.locator(".sa-disputed__item").first
    expect(first.locator("summary")).to_have_text("Every rater's answer and note (15)")
    expect(first.locator("table")).to_have_count(0)
    first.locator("summary").click()
    expect(first.locator("tbody tr")).to_have_count(15)
    expect(first.locator("tbody tr").nth(4)).to_contain_text("1-bob")


def test_the_csv_holds_every_rater_and_every_statement(page: Page, files, model):
    load(page, files)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV (all raters)").click()
    download = info.value
    assert download.suggested_filename.startswith(f"{QID}-team-")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert table[0] == [
        *("rater", "file", "questionnaire", "version", "section_id", "section", "item_id"),
        *("number", "statement", "answer_id", "answer", "score", "note"),
    ]
    items = [(s, i) for s in model["sections"] for i in s["items"]]
    assert len(table) == 1 + 3 * len(items)
    assert [row[0] for row in table[1 :: len(items)]] == RATERS
    by_key = {(row[0], row[6]): row for row in table[1:]}
    assert by_key[("Platform", "model-risk-evaluation")] == [
        "Platform", "bob.json", QID, model["version"], "documentation",
        model["sections"][0]["title"], "model-risk-evaluation", "1.3",
        model["sections"][0]["items"][2]["text"], "no", "No", "0", NOTE_BOB,
    ]  # fmt: skip
    assert by_key[("cat-results", "business-goals-kpis")][9:] == ["yes", "Yes", "100", "'=1+1"]
    assert by_key[("cat-results", "data-preparation-steps")][9:12] == ["na", "Not applicable", ""]
    assert by_key[("cat-results", "model-risk-evaluation")][9:] == ["", "", "", ""]


def test_the_drop_zone_is_a_button_the_keyboard_reaches(page: Page, files):
    zone = page.get_by_role("button", name="Choose results files…")
    # Chromium opens no file dialog for a page still busy loading (Material fetches its sitemap and
    # search index after the load event); a person would press Enter once more.
    # On a busy machine that can still happen after the network is idle: press again, as a
    # person would, a few times at most.
    page.wait_for_load_state("networkidle")
    zone.focus()
    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    assert chooser.value.is_multiple()
    chooser.value.set_files(files)
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")


def test_files_dropped_on_the_zone_are_read(page: Page, files):
    page.evaluate(
        """(files) => {
          const transfer = new DataTransfer();
          for (const f of files) transfer.items.add(new File([f.text], f.name));
          const zone = document.querySelector(".sa-dropzone");
          for (const type of ["dragover", "drop"]) {
            zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, cancelable: true }));
          }
        }""",
        [{"name": f["name"], "text": f["buffer"].decode()} for f in files],
    )
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser, site_url: str, files, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + TEAM)
    load(page, [*files, payload("broken.json", "{nope")])
    expect(page.locator(".sa-disputed__item")).to_have_count(len(DISPUTED))
    found = [
        f"{v['id']}: {node['target']}"
        for v in axe.run(page).response["violations"]
        for node in v["nodes"]
    ]
    context.close()
    assert found == []


# --- the statistics in Node, against the command line's ------------------------------------------

# stdin: {model, text, files: [{name, size, text}], raters: [{scores}]}; stdout: what team-stats.js
# makes of the files, and the order it gives hand-made raters (for ties).
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
const folder = process.argv[1];
const { useText } = await import(folder + "/strings.js");
const { indexModel } = await import(folder + "/record.js");
const stats = await import(folder + "/team-stats.js");
const input = JSON.parse(readFileSync(0, "utf8"));
useText(input.text, "en");
const model = indexModel(input.model);
const { raters, problems } = stats.readResults(model, input.files);
const order = (found) => found.map((d) => [d.item.id, d.spread, d.range]);
process.stdout.write(JSON.stringify({
  names: stats.raterNames(raters),
  problems: problems.map((p) => p.file),
  sections: stats.sectionStats(model, raters),
  disputed: order(stats.disputed(model, raters)),
  ties: order(stats.disputed(model, input.raters)),
  teams: stats.teamStats(model, raters),
  between: order(stats.teamDifferences(model, raters).between),
  within: order(stats.teamDifferences(model, raters).within),
}));
"""


def in_node(data: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = run_in_node(NODE_SCRIPT, data, BROWSER.as_uri())
    return result


def close(a: float | None, b: float | None) -> bool:
    return a is b is None or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))


def test_team_stats_in_node_give_the_numbers_of_selfassess_aggregate(tmp_path: Path):
    from bench.aggregate import write_fixture  # the benchmark's seeded raters: every kind of answer

    folder = tmp_path / "portal"
    paths = write_fixture(folder, files=60, items=40, seed=7)
    (folder / "results" / "broken.json").write_text("{nope", encoding="utf-8")
    paths.insert(3, folder / "results" / "broken.json")
    questionnaires = Questionnaires(Portal.load(folder))
    files, errors, _ = read_all(paths, questionnaires)
    assert len(files) == 60 and len(errors) == 1
    model = files[0].model

    # Equal spreads, so the range decides: {0, 50} and {0, 100, and six times 50} both have a
    # standard deviation of exactly 25; the one with range 100 comes first, whatever the order.
    first, second = [i["id"] for i in model.data["sections"][0]["items"][:2]]
    values = {first: [0, 50, None, None, None, None, None, None], second: [0, 100, *[50] * 6]}
    blank = {i["id"]: {"value": None} for s in model.data["sections"] for i in s["items"]}
    raters = []
    for k in range(8):
        items = dict(blank)
        for item_id, scores in values.items():
            items[item_id] = {"value": None if scores[k] is None else scores[k] / 100}
        raters.append({"scores": {"items": items}})

    node = in_node(
        {
            "model": model.data,
            "text": table("en")["app"],
            "files": [
                {"name": p.name, "size": p.stat().st_size, "text": p.read_text("utf-8")}
                for p in paths
            ],
            "raters": raters,
        }
    )
    assert node["problems"] == ["broken.json"]
    assert node["names"] == rater_names(files)
    assert len(set(node["names"])) == 60  # the fixture repeats names: numbered in both
    expected = aggregate.section_stats(files)
    assert expected.overall is not None and not expected.areas
    got = [*node["sections"]["sections"], node["sections"]["overall"]]
    for stat, js in zip([*expected.sections, expected.overall], got, strict=True):
        assert js["n"] == stat.n
        for key in ("mean", "min", "max"):
            assert close(js[key], getattr(stat, key)), (stat.label, key, js[key])
    disputed = aggregate.disputed(files)
    assert [d[0] for d in node["disputed"]] == [d.item["id"] for d in disputed]
    for (_, spread, spread_range), d in zip(node["disputed"], disputed, strict=True):
        assert close(spread, d.spread) and close(spread_range, d.range)
    assert node["ties"] == [[second, 25, 100], [first, 25, 50]]

    # Teams beside raters: each team's numbers, and how teams differ apart from how a team's
    # raters disagree, the same in both.
    teams = aggregate.team_stats(files)
    assert [t["team"] for t in node["teams"]] == [t.team for t in teams]
    assert len(teams) > 2 and [t["raters"] for t in node["teams"]] == [t.raters for t in teams]
    for js, py in zip(node["teams"], teams, strict=True):
        py_stats = [*py.sections.sections, py.sections.overall]
        for stat, got in zip(py_stats, [*js["sections"], js["overall"]], strict=True):
            assert got["n"] == stat.n
            assert all(close(got[k], getattr(stat, k)) for k in ("mean", "min", "max"))
    between, within = aggregate.team_differences(files)
    assert between and within
    for name, found in (("between", between), ("within", within)):
        assert [d[0] for d in node[name]] == [d.item["id"] for d in found]
        for (_, spread, spread_range), d in zip(node[name], found, strict=True):
            assert close(spread, d.spread) and close(spread_range, d.range)


# stdin: {model, text, files}; stdout: every row of the team table as the page writes it.
NODE_UNITS = """
import { readFileSync } from "node:fs";
const folder = process.argv[1];
const { useText } = await import(folder + "/strings.js");
const { indexModel } = await import(folder + "/record.js");
const stats = await import(folder + "/team-stats.js");
const { answersCsv } = await import(folder + "/csv.js");
const input = JSON.parse(readFileSync(0, "utf8"));
useText(input.text, "en");
const model = indexModel(input.model);
const { raters } = stats.readResults(model, input.files);
const names = stats.raterNames(raters);
const { sections, areas, overall } = stats.sectionStats(model, raters);
const texts = (s) => [s.mean, s.min, s.max].map((v) => stats.statScore(model, v, s.most));
process.stdout.write(JSON.stringify({
  rows: [...sections, ...areas, overall].map(texts),
  teams: stats.teamStats(model, raters).map((t) => t.sections.map((s) => texts(s)[0])),
  csv: answersCsv(model, raters.map((r, i) => ({ ...r, name: names[i] }))),
}));
"""


def test_the_team_view_writes_each_node_on_its_scale_in_python_and_the_browser(tmp_path, capsys):
    """A points rubric whose weakest section is the overall score, where one rater marked a
    statement not applicable (her section's top is 2, not 3), and three areas over 0-3 practices:
    the same figures, written the same way, from `selfassess aggregate` and the team view."""
    from selfassess import cli

    from .conftest import FIXTURES, make_project
    from .test_report_json import results_file

    models = FIXTURES / "models"
    rubric = (
        (models / "rubric.yaml")
        .read_text("utf-8")
        .replace("scale: rubric\n", "scale: rubric\nallow_na: true\n")
    )
    functions = (models / "functions.yaml").read_text("utf-8")
    portal = make_project(tmp_path / "portal", {"rubric.yaml": rubric, "functions.yaml": functions})
    ann = {"schema": "automated", "ranges": "automated", "privacy": "automated"}  # 3 of 3
    ann |= {"baseline": "automated", "slices": "na", "staleness": "manual"}  # 1.5 of 2
    ann |= {"rollback": "manual", "canary": "manual", "reproducible": "manual"}  # 1.5 of 3
    ben = {"schema": "manual", "ranges": "manual", "privacy": "manual"}  # 1.5 of 3
    ben |= {"baseline": "automated", "slices": "automated", "staleness": "automated"}  # 3 of 3
    paths = [
        results_file(portal, "rubric", ann, name="ann"),
        results_file(portal, "rubric", ben, name="ben", respondent={"name": "Ben", "team": "Data"}),
    ]
    assert cli.main(["--project", str(portal.root), "aggregate", *map(str, paths)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"1\. Data checks +2\.3 of 3 +1\.5 of 3 +3 of 3 +2", out)
    assert re.search(r"2\. Model checks +2\.3 of 2\u20133 +1\.5 of 2\u20133 +3 of 2\u20133 +2", out)
    # The weakest section of each: Ann's infrastructure (1.5 of 3), Ben's (unanswered, 0 of 3).
    assert re.search(r"Overall score +0\.8 of 3 +0 of 3 +1\.5 of 3 +2", out)
    assert (
        cli.main(["--project", str(portal.root), "aggregate", "--by-team", *map(str, paths)]) == 0
    )
    assert re.search(
        r"Data +1 +0 of 3 +0 of 3 +0 of 3 +1\.5 of 3 +3 of 3 +0 of 3", capsys.readouterr().out
    )

    answers = {"plan": "yes", "budget": "partly", "written": "yes", "modelled": "partly"}
    answers |= {"scanned": "yes", "ranked": "yes"}
    paths.append(results_file(portal, "functions", answers, name="cid"))
    paths.append(
        results_file(
            portal,
            "functions",
            {"plan": "no"},
            name="dan",
            respondent={"name": "Dan", "team": "Ops"},
        )
    )
    assert cli.main(["--project", str(portal.root), "aggregate", *map(str, paths[2:])]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Area +Mean +Min +Max +n", out)
    # Cid: strategy 1 + 0.5 = 1.5 and policy 1, so governance 1.25; Dan 0 in both.
    assert re.search(r"Governance +0\.6 of 3 +0 of 3 +1\.3 of 3 +2", out)

    questionnaires = Questionnaires(Portal.load(portal.root))
    for group in (paths[:2], paths[2:]):
        files, errors, _ = read_all(group, questionnaires)
        assert not errors
        stats = aggregate.section_stats(files)
        model = files[0].model.data
        node = run_in_node(
            NODE_UNITS,
            {
                "model": model,
                "text": table("en")["app"],
                "files": [
                    {"name": p.name, "size": p.stat().st_size, "text": p.read_text("utf-8")}
                    for p in group
                ],
            },
            BROWSER.as_uri(),
        )
        python = [
            [aggregate.stat_score(model, v, s, "en") for v in (s.mean, s.min, s.max)]
            for s in [*stats.sections, *stats.areas, *([stats.overall] if stats.overall else [])]
        ]
        assert node["rows"] == python
        assert node["teams"] == [
            [aggregate.stat_score(model, s.mean, s, "en") for s in t.sections.sections]
            for t in aggregate.team_stats(files)
        ]
        # The CSV writes each statement's score on the same scale: the rubric's points.
        csv_path = tmp_path / "team.csv"
        aggregate.write_csv(csv_path, files, rater_names(files))
        assert node["csv"] == csv_path.read_bytes().decode("utf-8")  # BOM and CRLF included
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
        scores = {(row["rater"], row["item_id"]): row["score"] for row in rows}
        if model["id"] == "rubric":
            assert scores[("Ann", "staleness")] == "0.5" and scores[("Ann", "schema")] == "1"
            assert scores[("Ann", "slices")] == "" and scores[("Ben", "rollback")] == ""

    # Without an overall score there is no overall row, and a sentence says why.
    no_overall = re.sub(r"^levels:\n(  - .*\n)+", "", rubric, flags=re.MULTILINE)
    no_overall = no_overall.replace("overall: min", "overall: none")
    (portal.root / "questionnaires" / "rubric.yaml").write_text(no_overall, encoding="utf-8")
    assert cli.main(["--project", str(portal.root), "aggregate", *map(str, paths[:2])]) == 0
    out = capsys.readouterr().out
    assert "Overall" not in out and "gives no overall score" in out


# --- hostile files cost what normal ones cost ----------------------------------------------------

UNKNOWN = 31000  # statement ids no questionnaire has: about 0.9 MB, under the 1 MB cap
FILES = 50  # 500 take about 10 s and keep 5 MB (before: 17 s, 3.2 GB)


def hostile(model: dict[str, Any]) -> str:
    """A file with a correct frame and one real answer, among 31,000 unknown statements."""
    answers: dict[str, Any] = {f"unknown-statement-{i:06d}": 0 for i in range(UNKNOWN)}
    answers["business-goals-kpis"] = {"value": "yes"}
    text = json.dumps(results_file(model, answers), separators=(",", ":"))
    assert len(text) < 1024 * 1024
    return text


def test_fifty_hostile_files_load_in_seconds_and_keep_only_a_bounded_list(
    page: Page, model, tmp_path: Path
):
    text = hostile(model)
    paths = []
    for n in range(
        FILES
    ):  # from disk: Playwright would send 45 MB of buffers slower than they load
        paths.append(tmp_path / f"hostile-{n:02d}.json")
        paths[-1].write_text(text, encoding="utf-8")
    cdp = page.context.new_cdp_session(page)
    cdp.send("HeapProfiler.collectGarbage")
    heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
    started = time.perf_counter()
    page.locator("[data-sa-part=files] input[type=file]").set_input_files(paths)
    expect(page.locator(".sa-messages .sa-banner.success p")).to_have_text(
        f"Added {FILES} files.", timeout=120_000
    )
    seconds = time.perf_counter() - started
    cdp.send("HeapProfiler.collectGarbage")
    kept = cdp.send("Runtime.getHeapUsage")["usedSize"] - heap_before
    print(f"\n{FILES} hostile team files: {seconds:.1f} s, {kept / 2**20:.1f} MB kept after GC")
    notes = page.locator(".sa-messages .sa-banner.warning li")
    expect(notes).to_have_count(FILES)
    expect(notes.first).to_contain_text(
        f"“hostile-00.json”: {UNKNOWN} parts were skipped: answer to “unknown-statement-000000”"
    )
    expect(notes.first).to_contain_text(f"and {UNKNOWN - 3} more")
    assert kept < 40 * 2**20  # each file's 31,000 messages were kept: about 5 MB a file


def test_selfassess_aggregate_reads_hostile_files_in_bounded_memory(tmp_path: Path):
    from bench.aggregate import write_fixture

    folder = tmp_path / "portal"
    [normal] = write_fixture(folder, files=1, items=40, seed=3)
    data = json.loads(normal.read_text("utf-8"))
    data["answers"] |= {f"unknown-statement-{i:06d}": 0 for i in range(UNKNOWN)}
    text = json.dumps(data, separators=(",", ":"))
    assert len(text) < 1024 * 1024
    paths = [normal]
    for n in range(30):
        paths.append(folder / "results" / f"hostile-{n:02d}.json")
        paths[-1].write_text(text, encoding="utf-8")
    questionnaires = Questionnaires(Portal.load(folder))
    tracemalloc.start()
    started = time.perf_counter()
    files, errors, notes = read_all(paths, questionnaires)
    view = aggregate.team_view(files, rater_names(files))
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\naggregate of 30 hostile files: {seconds:.1f} s, peak {peak / 2**20:.0f} MB traced")
    assert errors == [] and len(files) == 31 and "31 raters" in view
    assert len(notes) == 30
    assert notes[0].startswith(f"{paths[1]}: note: {UNKNOWN} part(s) skipped: answer to ")
    assert notes[0].endswith(f"; and {UNKNOWN - 5} more")
    assert all(len(f.skipped) == 21 for f in files[1:])  # 20 listed, one line counting the rest
    assert files[1].skipped[-1] == f"…and {UNKNOWN - 20} more unknown statements"
    assert files[1].record["answers"] == files[0].record["answers"]  # the real answers are kept
    assert peak < 150 * 2**20  # about one parsed file at a time; it was 460 MB for 50 files


RATER_KEY_SCRIPT = """
import { readFileSync } from "node:fs";
const { raterKey } = await import(process.argv[1] + "/team-stats.js");
const pairs = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(pairs.map(([a, b]) => raterKey(a) === raterKey(b))));
"""


def test_what_makes_two_files_one_rater_s_is_the_same_in_python_and_the_browser():
    from selfassess.results.aggregate import rater_key

    def rec(name="", created="2026-11-20T09:00:00.000Z", **answers):
        return {
            "respondent": {"name": name, "team": ""},
            "created": created,
            "updated": "2026-11-21T09:00:00.000Z",
            "context": {},
            "answers": {i: {"value": v} for i, v in answers.items()},
        }

    cases = [  # (a, b, the same rater's?)
        (rec("Ann", a="yes"), rec("Ann", a="yes"), True),
        (rec("Ann", a="yes"), rec("Ann", created="2026-12-01T00:00:00.000Z", a="yes"), True),
        (rec("Ann", a="yes"), rec("Ann", a="no"), False),
        (rec("Ann", a="yes"), rec("Bob", a="yes"), False),
        (rec(a="yes"), rec(a="yes"), True),  # no name: one file, saved twice
        (rec(a="yes"), rec(created="2026-11-22T09:00:00.000Z", a="yes"), False),  # two people
        (rec("Ann", a="yes", b="no"), rec("Ann", b="no", a="yes"), True),  # order does not count
        (
            {**rec("Ann", a="yes"), "answers": {"a": {"value": "yes", "note": "!"}}},
            rec("Ann", a="yes"),
            False,
        ),
    ]
    pairs = [[a, b] for a, b, _ in cases]
    expected = [same for _, _, same in cases]
    assert [rater_key(a) == rater_key(b) for a, b in pairs] == expected
    assert run_in_node(RATER_KEY_SCRIPT, pairs, BROWSER.as_uri()) == expected


# --- share links pasted, and teams beside raters --------------------------------------------------

# Dan answers as Cat but in team Data, with no context: teams Platform (Ann, Bob) and Data (Dan).
DAN = {k: v for k, v in CAT.items() if k != "business-goals-kpis"} | {
    "business-goals-kpis": {"value": "yes"}
}
# By hand (yes 100, no 0; a team's mean over its raters who answered); BETWEEN lists the number,
# the difference, the lowest and the highest team mean:
#   1.2 Platform {100, 0} mean 50, Data 100: between sd{50, 100} = 25, range 50; within 50.
#   4.3 the same: between 25, range 50; within 50.  6.2 Platform {100, 100}, Data {0}: between 50,
#   range 100, no disagreement within.  1.3 and 6.1: only Platform answers (Dan unanswered, N/A):
#   no difference between teams; within 50 each.
BETWEEN = [("6.2", "50", "0", "100"), ("1.2", "25", "50", "100"), ("4.3", "25", "50", "100")]
WITHIN = ["1.2", "1.3", "4.3", "6.1"]

LINKS_SCRIPT = """
import { readFileSync } from "node:fs";
const folder = process.argv[1];
globalThis.window = { location: { href: process.argv[2] }, addEventListener() {} };
const { useText } = await import(folder + "/strings.js");
const { indexModel } = await import(folder + "/record.js");
const { shareLink } = await import(folder + "/share.js");
const input = JSON.parse(readFileSync(0, "utf8"));
useText(input.text, "en");
const model = indexModel(input.model);
const links = [];
for (const record of input.records) links.push(await shareLink(model, record, true));
process.stdout.write(JSON.stringify(links));
"""


TEAM_NAMES = [
    "Data Science",
    "data-science",
    "DATA  science ",
    "Data Sciences",
    "!!!",
    "",
    "Ünïcode Team",
    "ünïcode_team",
    "Straße",
    "STRASSE",
    "Équipe 2",
    "équipe-2",
]


def test_two_spellings_of_a_team_are_one_team_in_python_and_the_browser():
    from selfassess.results.trends import team_key

    script = """
import { readFileSync } from "node:fs";
const { teamKey } = await import(process.argv[1] + "/team-stats.js");
const names = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(names.map(teamKey)));
"""
    keys = run_in_node(script, TEAM_NAMES, BROWSER.as_uri())
    assert keys == [team_key(name) for name in TEAM_NAMES]
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert keys[6] == keys[7] and keys[10] == keys[11] and keys[4] == "!!!"


def share_links(model: dict, records: list[dict], base: str) -> list[str]:
    """The links the results page's Copy link makes of these records (share.js, in Node)."""
    full = [
        {"created": "2026-11-01T09:00:00.000Z", "updated": "2026-11-02T09:00:00.000Z"}
        | {"respondent": {"name": "", "team": ""}, "context": {}}
        | r
        for r in records
    ]
    data = {"model": model, "text": table("en")["app"], "records": full}
    links: list[str] = run_in_node(LINKS_SCRIPT, data, BROWSER.as_uri(), base)
    return links


@pytest.fixture(scope="module")
def teams(model) -> list[dict[str, Any]]:
    return [
        results_file(model, ANN, {"name": "Ann", "team": "Platform"}),
        results_file(model, BOB, {"name": "Bob", "team": " Platform "}),  # the same team, trimmed
        results_file(model, DAN, {"name": "Dan", "team": "Data"}),
    ]


def paste(page: Page, text: str) -> None:
    page.get_by_label("Or paste share links, one per line:").fill(text)
    page.get_by_role("button", name="Add the links").click()


def test_pasted_share_links_are_raters_and_each_bad_line_gets_its_message(
    page: Page, model, teams, files, site_url: str
):
    ann, bob, dan = share_links(model, teams, f"{site_url}/{QID}/results/")
    started = time.perf_counter()
    paste(page, f"{ann}\n\n  {bob}  \nnot a link at all\n{dan[:-40]}\n{dan}\n")
    expect(page.locator(".sa-team__list .sa-team__name")).to_have_text(["Ann", "Bob", "Dan"])
    failure = page.locator(".sa-messages .sa-banner.failure li")
    expect(failure).to_have_count(2)
    expect(failure.nth(0)).to_have_text(
        "“link on line 4”: not a share link of this portal (it has no “#share=”)"
    )
    expect(failure.nth(1)).to_contain_text("“link on line 5”: ")
    expect(page.get_by_label("Or paste share links, one per line:")).to_have_value("")
    # The same link again, and a text file holding it: recognised, not counted twice.
    links_file = {"name": "links.txt", "mimeType": "text/plain", "buffer": f"{ann}\n".encode()}
    load(page, [links_file])
    expect(page.locator(".sa-messages .sa-banner.info li")).to_have_text(
        ["“links.txt, line 1”: the same respondent and answers as “link on line 1”"]
    )
    expect(page.locator(".sa-team__list summary")).to_have_text("3 raters loaded")
    assert time.perf_counter() - started < 60  # the figure for 500 links is in bench/


def test_grouped_by_team_differences_between_teams_are_not_disputes(page: Page, model, teams):
    load(page, [payload(f"{r['respondent']['name']}.json", r) for r in teams])
    toggle = page.get_by_label("Group by team (2 teams)")
    expect(toggle).not_to_be_checked()
    expect(page.locator("[data-sa-part=disputed] ol.sa-disputed > li")).to_have_count(5)
    toggle.check()
    expect(page.get_by_label("Group by team (2 teams)")).to_be_focused()
    table = page.locator("[data-sa-part=sections] table")
    # Platform overall: Ann and Bob; Data: Dan. The first section's means by hand:
    # Documentation has 8 statements; Ann 1.1 1.2 1.3 yes, 1.4 no: 3 of 8 -> 37.5; Bob 1.1: 12.5
    # -> Platform 25; Dan 1.1, 1.2 yes, 1.4 N/A: 2 of 7 -> 28.6.
    body = rows(table.locator("tbody tr"))
    assert [r[:2] for r in body] == [["Platform", "2"], ["Data", "1"]]
    assert [body[0][5], body[1][5]] == ["25", shown(200 / 7)]
    lists = page.locator("[data-sa-part=disputed] ol.sa-disputed")
    between = lists.nth(0).locator("> li")
    numbers = between.locator(".sa-gap__statement .sa-number")
    expect(numbers).to_have_text([n for n, *_ in BETWEEN])
    for entry, (_, spread, low, high) in zip(between.all(), BETWEEN, strict=True):
        expect(entry.locator(".sa-disputed__figures")).to_have_text(
            re.compile(rf"^Difference {spread} · team means from {low} to {high} · 2 teams$")
        )
    tallies = ["Platform100Yes \u00d7 2", "Data0No \u00d7 1"]  # times sign
    expect(between.nth(0).locator("tbody tr")).to_have_text(tallies)
    within = lists.nth(1).locator("> li .sa-gap__statement .sa-number")
    expect(within).to_have_text(WITHIN)
    toggle = page.get_by_label("Group by team (2 teams)")
    toggle.uncheck()
    expect(page.locator("[data-sa-part=disputed] ol.sa-disputed")).to_have_count(1)


def test_selfassess_aggregate_by_team_gives_the_same_figures(tmp_path: Path, model, teams, capsys):
    from .conftest import make_project

    portal = make_project(tmp_path / "portal")
    paths = []
    for record in teams:
        path = tmp_path / f"{record['respondent']['name']}.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        paths.append(str(path))
    from selfassess import cli

    status = cli.main(["--project", str(portal.root), "aggregate", "--by-team", *paths])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert "3 raters in 2 teams" in out
    head = out.split("Differences between teams")[0]
    table_rows = {line.split()[0]: line.split() for line in head.splitlines() if "  " in line}
    assert table_rows["Platform"][1] == "2" and table_rows["Platform"][5] == "25"
    assert table_rows["Data"][5] == shown(200 / 7)
    between = out.split("Differences between teams\n\n")[1].split("Disagreement within teams")[0]
    found = re.findall(
        r"^(\d\.\d) .*\(Difference (\S+) · team means from (\S+) to (\S+) ·", between, re.M
    )
    assert found == BETWEEN
    assert "   Platform: 100 (Yes, Yes)\n   Data: 0 (No)" in between
    within = out.split("Disagreement within teams\n\n")[1]
    assert re.findall(r"^(\d\.\d) ", within, re.M) == WITHIN
    assert "   Platform · Ann: Yes — <b>Reviewed</b> once a year" in within
