"""`selfassess report FILE --format json`: the scores a CI step or a dashboard reads, computed under
the questionnaire's own rules, and one line with a non-zero exit when a file cannot be scored; the
Markdown and HTML reports in the questionnaire's units."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from selfassess import cli
from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.results.read import NONE

from .conftest import FIXTURES, make_project

MODELS = FIXTURES / "models"


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    files = {path.name: path.read_text(encoding="utf-8") for path in MODELS.glob("*.yaml")}
    return make_project(tmp_path / "portal", files)


def results_file(
    portal: Portal, ident: str, answers: dict[str, str], name: str = "", **extra: Any
) -> Path:
    """A results file as the browser downloads it (its scores are never read), saved as NAME.json
    (the questionnaire's id by default)."""
    q = next(q for q in check(portal.questionnaire_paths()).questionnaires if q.id == ident)
    data = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest, "title": q.title},
        "created": "2026-11-20T09:00:00.000Z",
        "updated": "2026-11-23T09:30:00.000Z",
        "respondent": {"name": "Ann", "team": "Platform"},
        "context": {},
        "answers": {item: {"value": value} for item, value in answers.items()},
        **extra,
    }
    path = portal.root / f"{name or ident}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def report_json(portal: Portal, capsys: pytest.CaptureFixture[str], path: Path) -> dict:
    status = cli.main(["--project", str(portal.root), "report", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return json.loads(out)


def test_a_rubric_scores_as_its_authors_define_it(portal, capsys):
    answers = {
        "schema": "automated",
        "ranges": "manual",
        "privacy": "manual",  # data: 1 + 0.5 + 0.5 = 2 of 3
        "baseline": "automated",
        "slices": "not-done",
        "staleness": "manual",  # model: 1 + 0 + 0.5 = 1.5 of 3, below its target 2.5
        "rollback": "automated",
        "canary": "automated",
        "reproducible": "automated",  # infra: 3 of 3
    }
    printed = report_json(portal, capsys, results_file(portal, "rubric", answers))
    assert printed["format"] == "selfassess-scores"
    assert printed["questionnaire"]["id"] == "rubric"
    assert printed["unit"] == "points"
    assert printed["rules"]["section"] == "sum" and printed["rules"]["overall"] == "min"
    scores = printed["scores"]
    sections = scores["sections"]
    assert [sections[s]["value"] for s in ("data", "model", "infra")] == [2, 1.5, 3]
    assert [sections[s]["max"] for s in ("data", "model", "infra")] == [3, 3, 3]
    # section_levels: Open, then Solid above 2 (exclusive): 2 is still Open
    assert [sections[s]["level"] for s in ("data", "model", "infra")] == ["Open", "Open", "Solid"]
    assert (sections["model"]["target"], sections["model"]["target_by"]) == (2.5, "questionnaire")
    assert sections["model"]["below_target"] is True
    whole = scores["whole"]
    assert (whole["value"], whole["max"], whole["level"]) == (1.5, 3, "Basic checks")
    # What reaches a target first (model's), then the high-priority "Not done", then the rest.
    assert [gap["id"] for gap in scores["plan"]] == ["slices", "staleness", "ranges", "privacy"]
    assert scores["plan"][0]["priority"] == "high"


def test_the_markdown_and_html_reports_write_each_score_on_its_scale(portal, capsys):
    answers = {"schema": "automated", "ranges": "manual", "privacy": "manual"}
    answers |= {"baseline": "automated", "slices": "not-done", "staleness": "manual"}
    path = results_file(portal, "rubric", answers)
    argv = ["--project", str(portal.root), "report", str(path)]
    assert cli.main(argv) == 0
    markdown = capsys.readouterr().out
    assert "| 1. Data checks | 2 of 3 |" in markdown
    assert "| 2. Model checks | 1.5 of 3 |" in markdown
    assert "Overall score: **0 of 3**" in markdown  # the weakest section, infra, unanswered
    assert cli.main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "1.5 of 3" in html and "<strong>0 of 3</strong>" in html
    # The radar writes each axis's score on its scale and marks the one target, 2.5 of 3, with a
    # diamond and a key, as the results page does.
    radar = html[html.index('<svg class="radar"') : html.index("</figure>")]
    values = [part.split("</tspan>")[0] for part in radar.split('class="value" ')[1:]]
    assert [value.split(">")[-1] for value in values] == ["2 of 3", "1.5 of 3", "0 of 3"]
    assert radar.count('class="target"') == 1
    assert '<p class="radar-key"><span aria-hidden="true">◇</span> Target</p>' in radar


def test_the_reports_rank_the_plan_as_the_results_page_does(portal, capsys):
    # The answers of test_scoring_views' ranked plan: the same order, the same reasons.
    answers = {"schema": "automated", "ranges": "manual", "privacy": "manual"}
    answers |= {"baseline": "automated", "slices": "not-done", "staleness": "manual"}
    path = results_file(portal, "rubric", answers)
    assert cli.main(["--project", str(portal.root), "report", str(path)]) == 0
    markdown = capsys.readouterr().out
    plan = markdown[markdown.index("## Action plan") : markdown.index("### Not answered yet")]
    statements = [line for line in plan.splitlines() if line.startswith("#### ")]
    assert statements == [
        "#### 2.2 Quality is checked per slice.",
        "#### 2.3 Model age is watched.",
        "#### 1.2 Feature ranges are checked.",
        "#### 1.3 Personal data is masked.",
    ]
    reasons = [line for line in plan.splitlines() if line.startswith("*")]
    assert reasons == [
        "*2. Model checks (1.5 of 3) · +1 to its section's score · high priority"
        " · toward a target*",
        "*2. Model checks (1.5 of 3) · +0.5 to its section's score · toward a target*",
        "*1. Data checks (2 of 3) · +0.5 to its section's score*",
        "*1. Data checks (2 of 3) · +0.5 to its section's score*",
    ]
    argv = ["--project", str(portal.root), "report", str(path), "--format", "html"]
    assert cli.main([*argv, "--plan-order", "section"]) == 0
    html = capsys.readouterr().out
    assert "<h3>1. Data checks (2 of 3)</h3>" in html and 'class="rank"' not in html


def test_every_node_of_a_tree_with_areas_groups_steps_tags_and_targets(portal, capsys):
    answers = {
        "versioned": "all",
        "reviewed": "half",
        "data-versioned": "all",
        "unit-tests": "all",
        "data-tests": "no",
        "one-click": "all",
        "dashboards": "all",
        "on-call": "some",
    }  # test-owners and rollback unanswered: excluded under this questionnaire's rules
    path = results_file(portal, "platform", answers, targets={"areas": {"run": 3.9}})
    printed = report_json(portal, capsys, path)
    assert printed["unit"] == "of 4"
    scores = printed["scores"]
    source = scores["sections"]["source"]
    # groups by mean: code (1 + 0.5) / 2 = 75 %, data 100 %; section = (75 + 2 * 100) / 3
    assert source["groups"]["code"]["score"] == 75
    assert source["score"] == pytest.approx(275 / 3)
    assert source["value"] == pytest.approx(4 * 275 / 300)
    assert source["max"] == 4
    testing = scores["sections"]["testing"]
    assert testing["score"] == 50  # unit-tests 1, data-tests 0; test-owners left out
    assert testing["stair"] == {
        "reached": 1,
        "of": 3,
        "next": 2,
        "blocking": ["data-tests"],
        "missing": [],
    }
    assert testing["tags"]["tooling"]["score"] == 50
    assert scores["areas"]["run"]["target"] == 3.9 and scores["areas"]["run"]["target_by"] == "you"
    assert scores["areas"]["build"]["target_by"] == "questionnaire"
    assert scores["whole"]["stair"]["of"] == 3
    assert scores["whole"]["level"] in ("Initial", "Defined", "Optimised")


def test_the_reports_show_areas_steps_tags_and_targets_as_the_results_page(portal, capsys):
    answers = {"versioned": "all", "reviewed": "half", "unit-tests": "all", "data-tests": "no"}
    own = {"sections": {"source": 3.5, "deploy": 2}}  # deploy: nothing answered, no score yet
    path = results_file(portal, "platform", answers, targets=own)
    argv = ["--project", str(portal.root), "report", str(path)]
    assert cli.main(argv) == 0
    markdown = capsys.readouterr().out
    # Unanswered statements are left out under this questionnaire's rule, and the report says so.
    assert "6 statements are not answered yet and are left out of the scores" in markdown
    assert f"| Build | 2.5 of 4 | {NONE} | 2.5 of 4 |" in markdown
    assert "Overall score: Level 0 of 3" in markdown
    assert "**2. Testing**: Level 1 of 3: Foundations" in markdown
    blocking = markdown.index("What blocks level 2: 1 statement without the top answer")
    assert markdown.index("- 2.2 Input data is validated.") > blocking
    assert "| 1. Source control | 50 | 100 |" in markdown  # people: reviewed half; tooling: all
    assert f"| 2. Testing | 100 | 0 | {NONE} |" in markdown  # by maturity level
    assert "| 1. Source control | 3 of 4 | 3.5 (yours) | below target |" in markdown
    assert "| Build | 2.5 of 4 | 3.5 (the questionnaire's) | below target |" in markdown
    assert "| 3. Deployment | no score | 2 (yours) | not scored yet |" in markdown
    assert cli.main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert '<table id="areas" aria-label="Areas">' in html
    assert f'<td class="heat-4">100</td><td class="heat-0">0</td><td>{NONE}</td>' in html
    assert "<caption>Each score beside its target" in html
    assert '<ul class="stairs">' in html
    # Two areas: no radar of their own; the sections' radar marks the three section targets
    # (deploy's too: its scale is 0-4 before it has a score).
    assert html.count('<svg class="radar"') == 1 and html.count('class="target"') == 3


def test_a_zero_counting_report_has_a_so_far_column_and_three_areas_a_radar(portal, capsys):
    answers = {"plan": "yes", "budget": "yes", "modelled": "yes", "ranked": "yes"}
    answers |= {"scanned": "partly"}
    path = results_file(portal, "functions", answers)
    argv = ["--project", str(portal.root), "report", str(path)]
    assert cli.main(argv) == 0
    markdown = capsys.readouterr().out
    assert "| Section | Score | Answered | So far |" in markdown
    assert "| 1. Strategy | 2 of 3 | 2 of 3 answered | 2 of 2 |" in markdown
    assert "| 2. Policy | 0 of 3 | 0 of 3 answered | no score |" in markdown
    assert "| Governance | 1 of 3 | 2 of 2 |" in markdown  # so far: policy has no score yet
    assert cli.main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    areas = html[html.index('<table id="areas"') :]
    radar = areas[areas.index('<svg class="radar"') : areas.index("</figure>")]
    assert 'aria-label="Area scores" aria-describedby="areas"' in radar
    values = [
        part.split("</tspan>")[0].split(">")[-1] for part in radar.split('class="value" ')[1:]
    ]
    assert values == ["1 of 3", "2 of 3", "0.5 of 3"]
    assert radar.count('class="target"') == 1  # design's


def test_diff_writes_each_score_and_change_on_its_scale(portal, capsys):
    answers = {"schema": "automated", "ranges": "manual", "privacy": "manual"}
    answers |= {"baseline": "automated", "slices": "not-done", "staleness": "manual"}
    old = results_file(portal, "rubric", answers)
    new = old.with_name("new.json")
    old.rename(new)
    old = results_file(portal, "rubric", {**answers, "slices": "automated"})
    assert cli.main(["--project", str(portal.root), "diff", str(old), str(new)]) == 0
    printed = capsys.readouterr().out
    assert "2. Model checks           2.5 of 3 → 1.5 of 3      \u22121" in printed
    assert "1. Data checks              2 of 3 →   2 of 3      ±0" in printed
    assert "Overall score: 0 of 3 → 0 of 3 (±0)" in printed


STAIRS_ONLY = """\
id: stairs
version: "1.0"
title: Stairs only
summary: Levels per section, no overall score.
scoring: {overall: none}
maturity:
  levels: [{label: Basic}, {label: Advanced}]
sections:
  - id: build
    title: Build
    items:
      - {id: ci, text: Every change is built., explanation: Fast feedback., maturity: 1}
      - {id: cache, text: Builds are cached., explanation: Less waiting., maturity: 2}
"""


POINTS_SO_FAR = """\
id: points
version: "1.0"
title: Points so far
summary: Points over answered statements only.
scoring: {section: sum, unit: points, unanswered: excluded}
sections:
  - {id: a, title: A, target: 1, items: [{id: a1, text: One., explanation: Why.}]}
  - {id: b, title: B, items: [{id: b1, text: Two., explanation: Why.}]}
  - {id: c, title: C, items: [{id: c1, text: Three., explanation: Why.}]}
"""


def test_a_target_on_a_scale_not_known_yet_has_no_diamond(tmp_path, capsys):
    # Section A is unanswered and its points are left out: it has no scale to place 1 on yet,
    # as the results page's radar (nodesRadar) decides.
    portal = make_project(tmp_path / "portal", {"points.yaml": POINTS_SO_FAR})
    path = results_file(portal, "points", {"b1": "yes", "c1": "no"})
    argv = ["--project", str(portal.root), "report", str(path), "--format", "html"]
    assert cli.main(argv) == 0
    html = capsys.readouterr().out
    assert '<svg class="radar"' in html and 'class="target"' not in html


def test_a_questionnaire_without_an_overall_score_says_so_in_its_report(tmp_path, capsys):
    portal = make_project(tmp_path / "portal", {"stairs.yaml": STAIRS_ONLY})
    path = results_file(portal, "stairs", {"ci": "yes"})
    argv = ["--project", str(portal.root), "report", str(path)]
    assert cli.main(argv) == 0
    markdown = capsys.readouterr().out
    assert "This questionnaire gives no overall score, only a score per part." in markdown
    assert "Overall score:" not in markdown
    assert "**1. Build**: Level 1 of 2: Basic" in markdown
    assert cli.main([*argv, "--format", "html"]) == 0
    html = capsys.readouterr().out
    assert "<p>This questionnaire gives no overall score, only a score per part.</p>" in html
    assert 'class="overall"' not in html


def test_a_file_that_cannot_be_scored_fails_with_one_line(portal, capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    unknown = results_file(portal, "rubric", {})
    data = json.loads(unknown.read_text(encoding="utf-8"))
    data["questionnaire"]["id"] = "no-such-questionnaire"
    unknown.write_text(json.dumps(data), encoding="utf-8")
    for path in (broken, unknown):
        argv = ["--project", str(portal.root), "report", str(path), "--format", "json"]
        status = cli.main(argv)
        out, err = capsys.readouterr()
        assert (status, out) == (1, "")
        assert len(err.splitlines()) == 1 and err.startswith(f"{path}: ")
