"""The commands that read results files: `selfassess report`, `aggregate` and `diff`.

Results files are built here, as the browser writes them, for the fixture questionnaire; the
expected figures of the team view are worked out by hand in each test."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Any

import markdown
import pytest

from selfassess import cli
from selfassess.generate.render import browser_data
from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.score import score_assessment
from selfassess.results.read import format_score

from .conftest import ROOT, about_shipped, make_project, minimal_yaml

THIRD_SECTION = """\
  - id: third
    title: Third
    items:
      - id: third-item
        text: A third section, for the radar.
        explanation: Three axes make a radar.
pages:"""


def german_yaml() -> str:
    return (
        minimal_yaml()
        .replace("id: minimal", "id: minimal-de", 1)
        .replace("\nsections:", "\nlanguage: de\nsections:", 1)
    )


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    return make_project(
        tmp_path / "portal",
        {
            "minimal.yaml": minimal_yaml(),
            "minimal-de.yaml": german_yaml(),
            "three.yaml": minimal_yaml()
            .replace("id: minimal", "id: three", 1)
            .replace("pages:", THIRD_SECTION, 1),
        },
    )


def questionnaire(portal: Portal, ident: str):
    return next(q for q in check(portal.questionnaire_paths()).questionnaires if q.id == ident)


def results(
    portal: Portal,
    name: str,
    answers: dict[str, Any],
    *,
    ident: str = "minimal",
    respondent: dict[str, str] | None = None,
    context: dict[str, list[str]] | None = None,
    updated: str = "2026-11-23T09:30:00.000Z",
    **changes: Any,
) -> Path:
    """A results file as the browser downloads it; answers: item id -> option id or
    (option id, note)."""
    q = questionnaire(portal, ident)
    data: dict[str, Any] = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest, "title": q.title},
        "created": "2026-11-20T09:00:00.000Z",
        "updated": updated,
        "respondent": respondent or {"name": "", "team": ""},
        "context": context or {},
        "answers": {
            item: {"value": a[0], "note": a[1]} if isinstance(a, tuple) else {"value": a}
            for item, a in answers.items()
        },
    } | changes
    path = portal.root / "results" / f"{name}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def run(portal: Portal, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple:
    status = cli.main(["--project", str(portal.root), *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


TEAM = {  # three raters whose disagreement is known (see test_aggregate_...)
    "ann": ({"goals": "yes", "rating": "done", "percent": "50"}, {"name": "Ann", "team": "X"}),
    "ben": ({"goals": ("no", "Only on paper."), "rating": "some", "percent": "50"}, None),
    "carol": ({"goals": "na", "rating": "none", "percent": "100"}, {"name": "", "team": ""}),
}


def team(portal: Portal) -> list[Path]:
    respondents = {"ann": {"name": "Ann", "team": "X"}, "ben": {"name": "", "team": "Platform"}}
    return [
        results(portal, name, answers, respondent=respondents.get(name))
        for name, (answers, _) in TEAM.items()
    ]


# --- report ---------------------------------------------------------------------------------------


def test_the_markdown_report_states_what_the_results_page_does(portal, capsys):
    answers = {"goals": ("no", "Being written."), "api-docs": "yes", "rating": "some"}
    path = results(
        portal,
        "mine",
        answers,
        respondent={"name": "Ann", "team": "Recommendations"},
        context={"use-case": ["real-time"]},
    )
    status, out, err = run(portal, capsys, "report", path)
    assert (status, err) == (0, "")
    q = questionnaire(portal, "minimal")
    data = json.loads(path.read_text())
    scores = score_assessment(browser_data(q, "selfassess", descriptions=True), data)
    assert out.startswith("# Results: Minimal questionnaire\n")
    assert "Ann, Recommendations · answers as of 2026-11-23" in out
    assert "Your context: Which use cases? Real-time" in out
    assert f"Overall score: **{format_score(scores['overall'])}**" in out
    assert f"Level: **{scores['level']}**" in out
    for heading in ("## Verdict", "### Ready: No", "## Score per section", "## Action plan"):
        assert f"\n{heading}\n" in out
    basics = format_score(scores["sections"]["basics"]["score"])
    assert f"| 1. Basics | {basics} | 2 of 2 answered |" in out
    # Most worth fixing first, each gap saying why, as the results page does (plan.js).
    assert "### 1. Basics (" not in out
    assert f"*1. Basics ({basics}) · +33.3 to its section's score*" in out
    assert "#### 1.1 Goals are written down." in out
    assert "> Your note: Being written." in out
    assert "**Why it matters.** Everyone pulls the same way." in out  # raw Markdown
    # Core first: the extended section's gap comes with its tag.
    assert "#### 2.1 How far along is the feature store? *(Extended)*" in out
    assert "### Not answered yet\n\n- 2.2 Share of models with monitoring." in out
    assert "<svg" not in out
    # By section: each section's heading and score, core practices first, no reasons.
    status, by_section, err = run(portal, capsys, "report", path, "--plan-order", "section")
    assert (status, err) == (0, "")
    assert "### 1. Basics (" + basics + ")\n\n#### 1.1 Goals are written down." in by_section
    assert "to its section's score" not in by_section
    assert "2 gaps: statements answered below the best answer, by section" in by_section


def test_the_html_report_is_one_self_contained_page(portal, capsys, tmp_path):
    answers = {"goals": "no", "rating": "some", "third-item": "no"}
    path = results(portal, "three", answers, ident="three")
    target = tmp_path / "report.html"
    status, out, err = run(portal, capsys, "report", path, "--format", "html", "-o", target)
    assert (status, out) == (0, "")
    assert err.startswith("wrote ")
    page = target.read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Results: Minimal questionnaire</title>" in page
    assert "<script" not in page and "<link" not in page and " src=" not in page
    assert "default-src 'none'" in page  # nothing can be fetched, even by an explanation
    svg = re.search(r"<svg .*?</svg>", page)
    assert svg and 'role="img"' in svg.group(0) and svg.group(0).count('class="label"') == 3
    assert svg.group(0).count('class="ring"') == 4
    assert "<strong>Why it matters.</strong> Everyone pulls the same way." in page  # rendered
    assert '<a href="https://example.org/docs">the docs</a>' in page


def test_no_radar_for_fewer_than_three_sections(portal, capsys):
    path = results(portal, "two", {"goals": "yes"})
    _, out, _ = run(portal, capsys, "report", path, "--format", "html")
    assert "<svg" not in out and "<table" in out


HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) &lt;"


def test_a_hostile_note_and_name_stay_text(portal, capsys):
    path = results(
        portal,
        "hostile",
        {"goals": ("no", HOSTILE + "\n# not a heading")},
        respondent={"name": "<b>Eve</b>", "team": "| table |"},
    )
    _, page, _ = run(portal, capsys, "report", path, "--format", "html")
    assert "<script>" not in page and "<img" not in page and "<b>Eve" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;lt;" in page  # an entity typed in a note shows as typed
    _, text, _ = run(portal, capsys, "report", path)
    rendered = markdown.markdown(text, extensions=["extra", "sane_lists"])
    assert "<script>" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert 'href="javascript' not in rendered and "<h1>not a heading" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[link](javascript:alert(3))" in rendered  # shown as typed


def test_a_german_questionnaire_reports_in_german(portal, capsys):
    path = results(portal, "de", {"goals": "yes", "rating": "some"}, ident="minimal-de")
    _, out, _ = run(portal, capsys, "report", path)
    assert out.startswith("# Ergebnisse: Minimal questionnaire")
    assert "Gesamtpunktzahl: **" in out and "## Maßnahmenplan" in out
    assert "Ihre Antwort: **Under way**" in out  # the author's label, as written
    assert "| 2. Advanced &lt;practice\\> | 25 |" in out
    _, page, _ = run(portal, capsys, "report", path, "--format", "html")
    assert '<html lang="de">' in page and "Bericht erstellt von selfassess am" in page
    three = results(portal, "de2", {"goals": "yes", "rating": "some"}, ident="minimal-de")
    _, out, _ = run(portal, capsys, "report", three)
    assert re.search(r"Gesamtpunktzahl: \*\*\d+,\d\*\*", out)  # 33,3: a decimal comma


# --- aggregate ------------------------------------------------------------------------------------


def test_aggregate_sections_and_most_disputed_items_by_hand(portal, capsys):
    status, out, err = run(portal, capsys, "aggregate", *team(portal))
    assert (status, err) == (0, "")
    # Basics (goals weight 1, api-docs weight 2, applies while the context is unanswered):
    #   Ann 100/3 = 33.3; Ben 0; Carol marks goals N/A, api-docs unanswered: 0.
    # Advanced (rating, percent): Ann (1 + 0.5)/2 = 75; Ben (0.5 + 0.5)/2 = 50; Carol 50.
    # Overall (section weights 1 and 0.5): Ann (33.3 + 37.5)/1.5 = 47.2; Ben and Carol 16.7.
    rows = {line.split("  ")[0]: line.split() for line in out.splitlines() if "  " in line}
    assert rows["1. Basics"][-4:] == ["11.1", "0", "33.3", "3"]
    assert rows["2. Advanced <practice>"][-4:] == ["58.3", "50", "75", "3"]
    assert rows["Overall score"][-4:] == ["26.9", "16.7", "47.2", "3"]
    # goals: 100, 0 (Carol N/A left out): spread 50. rating: 100, 50, 0: spread sqrt(5000/3) = 40.8.
    # percent: 50, 50, 100: spread sqrt((2 (50/3)^2 + (100/3)^2)/3) = 23.6, range 50.
    disputed = out.split("Most disputed statements\n\n")[1]
    assert re.findall(r"^\d\.\d .*$", disputed, re.MULTILINE) == [
        "1.1 Goals are written down. (spread 50, range 100)",
        "2.1 How far along is the feature store? (spread 40.8, range 100)",
        "2.2 Share of models with monitoring. (spread 23.6, range 50)",
    ]
    assert "   Ann: Yes\n   Platform: No — Only on paper.\n   carol: Not applicable\n" in disputed
    assert math.isclose(math.sqrt(5000 / 3), 40.82, abs_tol=0.01)


def test_aggregate_top_and_duplicate_names(portal, capsys):
    files = [
        *team(portal),
        results(portal, "ann-again", {"goals": "no"}, respondent={"name": "Ann"}),
    ]
    _, out, _ = run(portal, capsys, "aggregate", "--top", "1", *files)
    assert "4 raters" in out
    assert re.findall(r"^\d\.\d .*$", out, re.MULTILINE) == [
        "1.1 Goals are written down. (spread 47.1, range 100)"
    ]
    assert "   Ann (2): No\n" in out


def test_aggregate_of_raters_who_agree(portal, capsys):
    # Two people who answered alike, without names: their answers began at different moments.
    same = [
        results(portal, n, {"goals": "yes"}, created=f"2026-11-2{day}T09:00:00.000Z")
        for day, n in enumerate(("a", "b"))
    ]
    _, out, _ = run(portal, capsys, "aggregate", *same)
    assert "2 raters" in out and "No disagreement" in out


def test_aggregate_counts_the_same_rater_s_file_once(portal, capsys):
    ann, ben, carol = team(portal)
    copy = portal.root / "results" / "ann-copy.json"
    data = json.loads(ann.read_text(encoding="utf-8"))
    copy.write_text(json.dumps({**data, "updated": "2026-12-01T10:00:00.000Z"}), encoding="utf-8")
    status, out, err = run(portal, capsys, "aggregate", ann, ben, carol, ann, copy)
    assert status == 0 and "3 raters" in out
    assert err.splitlines() == [
        f"{ann}: the same respondent and answers as “{ann}”; not counted again",
        f"{copy}: the same respondent and answers as “{ann}”; not counted again",
    ]
    _, alone, _ = run(portal, capsys, "aggregate", ann, ben, carol)
    assert out == alone


def test_the_csv_of_all_raters(portal, capsys, tmp_path):
    files = team(portal)
    hostile = results(
        portal,
        "dave",
        {"goals": ("yes", '=SUM(A1), "quoted"\nsecond line'), "percent": ("0", "+1")},
        respondent={"name": "@dave", "team": ""},
    )
    target = tmp_path / "team.csv"
    status, _, err = run(portal, capsys, "aggregate", *files, hostile, "--csv", target)
    assert status == 0 and "wrote" in err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrater,file,questionnaire,version,section_id,section,")
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 1 + 4 * 4
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == [
        *("rater", "file", "questionnaire", "version", "section_id", "section", "item_id"),
        *("number", "statement", "answer_id", "answer", "score", "note"),
    ]
    assert len(body) == 4 * 4  # every item of every rater, answered or not
    by = {(r[0], r[6]): dict(zip(header, r, strict=True)) for r in body}
    ann = by[("Ann", "rating")]
    assert (ann["answer_id"], ann["answer"], ann["score"], ann["file"]) == (
        "done",
        "Done",
        "100",
        "ann.json",
    )
    assert (
        by[("carol", "goals")]["answer"] == "Not applicable"
        and by[("carol", "goals")]["score"] == ""
    )
    assert by[("Ann", "api-docs")]["answer_id"] == "" and by[("Ann", "api-docs")]["score"] == ""
    assert by[("Platform", "goals")]["note"] == "Only on paper."
    dave = by[("'@dave", "goals")]  # formula injection guard, on every cell
    assert dave["note"] == '\'=SUM(A1), "quoted"\nsecond line'
    assert by[("'@dave", "percent")]["note"] == "'+1"
    assert by[("'@dave", "percent")]["section"] == "Advanced <practice>"
    assert '"\'=SUM(A1), ""quoted""\nsecond line"\r\n' in raw.decode("utf-8-sig")  # RFC 4180


# --- diff -----------------------------------------------------------------------------------------


def test_diff_shows_what_changed(portal, capsys):
    old = results(
        portal,
        "q1",
        {"goals": "no", "rating": ("some", "Pilot only."), "percent": "40"},
        respondent={"name": "Ann", "team": ""},
        updated="2026-08-01T10:00:00Z",
    )
    new = results(
        portal,
        "q2",
        {
            "goals": "yes",
            "api-docs": "yes",
            "rating": ("some", "Two teams use it."),
            "percent": "40",
        },
        respondent={"name": "Ann", "team": "Recs"},
        context={"use-case": ["real-time"]},
    )
    status, out, err = run(portal, capsys, "diff", old, new)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Changes: Minimal questionnaire"
    assert "q1.json (2026-08-01) → " in lines[1] and lines[1].endswith("q2.json (2026-11-23)")
    # Basics: 0 → 100 (goals and api-docs both yes). Advanced: (0.5 + 0.4)/2 = 45, unchanged.
    # Overall: 15 → (100 + 22.5)/1.5 = 81.7.
    assert re.search(r"^1\. Basics +0 → +100 +\+100$", out, re.MULTILINE)
    assert re.search(r"^2\. Advanced <practice> +45 → +45 +±0$", out, re.MULTILINE)
    assert "\nOverall score: 15 → 81.7 (+66.7)\n" in out  # as the results page compares
    assert "Level: Beginning → Established" in out
    assert "Verdict:\n  Ready: No → Yes" in out
    assert "2 answers changed\n  1.1 Goals are written down.\n      No → Yes\n" in out
    assert "      not answered → Yes" in out
    assert "1 note changed\n  2.1 How far along is the feature store?\n" in out
    assert "      “Pilot only.” → “Two teams use it.”" in out
    assert "Respondent: Ann → Ann, Recs" in out
    assert "Context: Which use cases? \u2013 → Real-time" in out  # a dash: unanswered before


def test_diff_of_the_same_answers(portal, capsys):
    a = results(portal, "a", {"goals": "yes"})
    _, out, _ = run(portal, capsys, "diff", a, a)
    assert "No answer, note, context or respondent changed." in out


# --- bad files ------------------------------------------------------------------------------------


def bad_files(portal: Portal) -> dict[str, tuple[Path, str]]:
    """Each kind of unusable file, and what its one line says."""
    folder = portal.root / "bad"
    folder.mkdir()

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    good = json.loads(results(portal, "template", {"goals": "yes"}).read_text())
    return {
        "not JSON": (write("notes.json", "answers: yes"), "it is not a JSON file"),
        "not UTF-8": (write("latin.json", b'{"format": "\xe9"}'), "it is not a JSON file"),
        "wrong format": (
            write("other.json", json.dumps({"format": "something-else", "answers": {}})),
            "it is not a selfassess results file (format: 'selfassess-results' was expected)",
        ),
        "not an object": (write("list.json", "[1, 2]"), "it is not a selfassess results file"),
        "newer format": (
            write("newer.json", json.dumps(good | {"format_version": 3})),
            "it was written in a newer format (version 3) than this site reads",
        ),
        "unknown questionnaire": (
            write(
                "unknown.json",
                json.dumps(good | {"questionnaire": good["questionnaire"] | {"id": "gone"}}),
            ),
            "it answers “gone”, a questionnaire not found in",
        ),
        "too big": (
            write("big.json", json.dumps(good | {"pad": "x" * (1024 * 1024)})),
            "it is larger than 1 MB, the most a results file can be",
        ),
        "missing": (folder / "nowhere.json", "cannot read it: No such file or directory"),
    }


def test_each_bad_file_gets_one_line_and_good_files_still_count(portal, capsys):
    bad = bad_files(portal)
    good = team(portal)
    status, out, err = run(
        portal, capsys, "aggregate", good[0], *(p for p, _ in bad.values()), *good[1:]
    )
    assert status == 1
    lines = err.splitlines()
    assert len(lines) == len(bad)
    for (path, reason), line in zip(bad.values(), lines, strict=True):
        assert line.startswith(f"{path}: ")
        assert reason in line, line
    assert "3 raters" in out and "1. Basics" in out  # the table of the good ones


def test_a_file_of_another_questionnaire_in_a_team(portal, capsys):
    good = team(portal)
    other = results(portal, "german", {"goals": "yes"}, ident="minimal-de")
    status, out, err = run(portal, capsys, "aggregate", *good, other)
    assert status == 1
    assert err.strip().endswith(
        "german.json: it holds answers to another questionnaire (“minimal-de”), not “minimal” "
        f"like {good[0]}"
    )
    assert "3 raters" in out


@pytest.mark.parametrize("command", ["report", "diff"])
def test_report_and_diff_with_a_bad_file_print_nothing_and_fail(portal, capsys, command):
    bad = portal.root / "broken.json"
    bad.write_text("{", encoding="utf-8")
    good = results(portal, "good", {"goals": "yes"})
    args = [bad] if command == "report" else [good, bad]
    status, out, err = run(portal, capsys, command, *args)
    assert (status, out) == (1, "")
    assert err == f"{bad}: it is not a JSON file\n"


def test_a_file_of_an_older_questionnaire_version_is_used_with_a_note(portal, capsys):
    older = results(
        portal,
        "older",
        {"goals": "yes", "retired-item": "yes", "rating": "maybe"},
        questionnaire={"id": "minimal", "version": "0.9", "digest": "sha256:" + "0" * 64},
    )
    status, out, err = run(portal, capsys, "report", older)
    assert status == 0 and out.startswith("# Results")
    assert err.count("\n") == 1
    assert "made for version 0.9 of “minimal” (this is 1.0)" in err
    assert "answer to “retired-item”, which is not (or no longer) a statement" in err
    assert "answer “maybe” to 2.1, which is not one of its choices" in err
    assert "| 1. Basics | 33.3 |" in out  # goals kept: 1 of weight 3


def test_a_file_of_a_changed_questionnaire_with_the_same_version_says_it_changed(portal, capsys):
    """Its digest differs, its version number does not: "made for version 1.0 (this is 1.0)"
    would contradict itself."""
    changed = results(
        portal,
        "changed",
        {"goals": "yes"},
        questionnaire={"id": "minimal", "version": "1.0", "digest": "sha256:" + "0" * 64},
    )
    _, _, err = run(portal, capsys, "report", changed)
    assert "made before “minimal” changed (version 1.0 then as now): answers to" in err
    assert "this is" not in err


# --- the documentation ----------------------------------------------------------------------------

PAGE = ROOT / "docs" / "command-line.md"


def scorecard_team(portal: Portal) -> list[Path]:
    """The three files of the page's example: each rater answers by a rule of their own."""
    q = questionnaire(portal, "mlops-scorecard")
    rules = {
        "Ana": (lambda n: n % 5, {"name": "Ana", "team": "Platform"}),
        "Ben": (lambda n: (n + 1) % 5 if n % 3 else 4, {"name": "Ben", "team": "Platform"}),
        "Chen": (lambda n: (2 * n) % 5, {"name": "Chen", "team": "Data"}),
    }
    files = []
    for name, (rule, respondent) in rules.items():
        answers = {
            item.id: item.scale.options[rule(n) % len(item.scale.options)].id
            for n, item in enumerate(q.items)
        }
        files.append(results(portal, name.lower(), answers, ident=q.id, respondent=respondent))
    return files


def scorecard_later(portal: Portal, first: Path) -> Path:
    """Ana's file a quarter later: three answers better, a note, and her team renamed."""
    data = json.loads(first.read_text())
    answers = {item: a["value"] for item, a in data["answers"].items()}
    answers |= {"ml-strategy-governance": "mostly", "designated-mlops-team": "fully"}
    answers["central-data-repository"] = ("fully", "Moved to the lakehouse in May.")
    return results(
        portal,
        "ana-q3",
        answers,
        ident="mlops-scorecard",
        respondent={"name": "Ana", "team": "ML Platform"},
        updated="2027-02-20T16:00:00.000Z",
    )


def fenced(title: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(rf"<!-- output: {title} -->\n```text\n(.*?)```", text, re.DOTALL)
    assert match, title
    return match.group(1)


@about_shipped("mlops-scorecard")
def test_the_pages_aggregate_example_is_what_the_command_prints(tmp_path, capsys, monkeypatch):
    portal = make_project(tmp_path / "portal")
    files = scorecard_team(portal)
    monkeypatch.chdir(portal.root / "results")
    _, out, _ = run(portal, capsys, "aggregate", "--top", "3", *(f.name for f in files))
    assert fenced("aggregate") == out


def test_the_page_is_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - your-answers.md\n      - command-line.md\n" in config


@about_shipped("mlops-scorecard")
def test_the_pages_diff_example_is_what_the_command_prints(tmp_path, capsys, monkeypatch):
    portal = make_project(tmp_path / "portal")
    first = scorecard_team(portal)[0]
    later = scorecard_later(portal, first)
    monkeypatch.chdir(portal.root / "results")
    _, out, _ = run(portal, capsys, "diff", first.name, later.name)
    assert fenced("diff") == out
