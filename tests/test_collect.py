"""`selfassess share FILE` and `selfassess collect LINK…`: a results file to its share link, and
share links (arguments, standard input, a GitHub issue) into results files under results/.

The encoding itself is checked against share.js by tests/test_share_vectors.py; here are the
commands around it: the portal's address, the files' layout, never overwriting, one line per bad
link, and the issue form's fields."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from selfassess import cli
from selfassess.questionnaire.portal import Portal
from selfassess.results import collect, share
from selfassess.results.read import Questionnaires, read

from .conftest import ROOT, about_shipped, make_project

FOLDER = Path(__file__).parent / "share"
VECTORS = json.loads((FOLDER / "vectors.json").read_text("utf-8"))
QID = "share-vectors"
BASE = "https://acme.github.io/assessments/"
RECORD = VECTORS["records"][0]["record"]  # answers of every kind, context, Ann of Platform


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Portal:
    monkeypatch.delenv("SITE_URL", raising=False)
    yaml_text = (FOLDER / "questionnaire.yaml").read_text(encoding="utf-8")
    made = make_project(tmp_path / "portal", {"v.yaml": yaml_text})
    monkeypatch.chdir(made.root)
    return made


def run(portal: Portal, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple:
    status = cli.main(["--project", str(portal.root), *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def results_file(portal: Portal, name: str, **changes: Any) -> Path:
    """A results file of the vectors' questionnaire, as the browser downloads it."""
    q = Questionnaires(portal).by_id[QID]
    data = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": {"id": QID, "version": q.version, "digest": q.digest, "title": q.title},
        "created": "2026-02-20T08:00:00.000Z",
        **RECORD,
    } | changes
    path = portal.root / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def link(portal: Portal, notes: bool = False, **changes: Any) -> str:
    questionnaires = Questionnaires(portal)
    model = questionnaires.model(QID)
    record = {**RECORD, **changes}
    return share.results_page(BASE, model) + share.fragment(model, record, notes)


def files(portal: Portal) -> list[str]:
    return sorted(str(p.relative_to(portal.root)) for p in portal.root.glob("results/**/*.json"))


# --- share -------------------------------------------------------------------------------------


def test_share_prints_the_link_of_a_file_at_the_portals_address(portal, capsys, monkeypatch):
    path = results_file(portal, "ann")
    monkeypatch.setenv("SITE_URL", BASE)  # as the Pages workflow sets it for the build
    status, out, err = run(portal, capsys, "share", path)
    assert (status, err) == (0, "")
    [printed] = out.splitlines()
    assert printed.startswith(f"{BASE}{QID}/results/#share=")
    results = share.read_link(printed, Questionnaires(portal))
    assert results.record["answers"] == {
        k: {"value": a["value"]} for k, a in RECORD["answers"].items()
    }
    assert (results.record["respondent"], results.record["context"]) == (
        RECORD["respondent"],
        RECORD["context"],
    )
    # Notes only when asked for, as the page's "Include my notes"
    status, out, _ = run(portal, capsys, "share", path, "--notes", "--base", "https://x.org/p")
    with_notes = share.read_link(out.strip(), Questionnaires(portal))
    assert out.startswith(f"https://x.org/p/{QID}/results/#share=")
    assert with_notes.record["answers"]["goals"] == {"value": "yes", "note": "Only the charter"}


def test_share_says_when_the_portals_address_is_not_known(portal, capsys):
    config = portal.config_file.read_text(encoding="utf-8")
    config = re.sub(r"^site_url: .*\n", "", config, flags=re.MULTILINE)
    portal.config_file.write_text(config, encoding="utf-8")
    status, out, err = run(portal, capsys, "share", results_file(portal, "ann"))
    assert (status, out) == (2, "")
    assert "the portal's address is not known" in err
    assert "--base" in err


def test_share_notes_that_the_default_address_is_a_local_preview(portal, capsys):
    status, out, err = run(portal, capsys, "share", results_file(portal, "ann"))
    assert status == 0
    assert out.startswith(f"http://127.0.0.1:8000/{QID}/results/#share=")
    assert "local preview" in err and "--base" in err


def test_share_of_a_file_that_cannot_be_used_prints_no_link(portal, capsys):
    path = portal.root / "bad.json"
    path.write_text("{}", encoding="utf-8")
    status, out, err = run(portal, capsys, "share", path, "--base", BASE)
    assert (status, out) == (1, "")
    assert err.startswith(f"{path}: it is not a selfassess results file")


# --- collect -----------------------------------------------------------------------------------


def test_collect_writes_the_file_download_results_writes_in_the_layout(portal, capsys):
    status, out, err = run(portal, capsys, "collect", link(portal, notes=True))
    assert (status, err) == (0, "")
    path = f"results/{QID}/platform/2026-03-02-ann.json"
    assert out == f"link 1: collected {path} (Ann, Platform; 5 of 5 statements answered)\n"
    assert files(portal) == [path]
    text = (portal.root / path).read_text(encoding="utf-8")
    data = json.loads(text)
    schema = json.loads((ROOT / "generator/selfassess/schema/results.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert list(data) == [
        "format",
        "format_version",
        "questionnaire",
        "created",
        "updated",
        "respondent",
        "context",
        "answers",
        "scores",
    ]
    assert data["questionnaire"]["title"] == "Share link vectors"
    assert data["created"] == data["updated"] == RECORD["updated"]  # the link's time
    assert data["answers"] == RECORD["answers"]
    counts = ("score", "answered", "included", "applicable", "na")
    assert {
        ident: {key: section[key] for key in counts}
        for ident, section in data["scores"]["sections"].items()
    } == {
        "basics": {"score": 250 / 3, "answered": 3, "included": 3, "applicable": 3, "na": 0},
        "more": {"score": 0, "answered": 1, "included": 1, "applicable": 2, "na": 1},
    }
    # and each on the questionnaire's scale, with the score of what was answered
    assert data["scores"]["sections"]["more"]["so_far"] == 0
    assert data["scores"]["rules"]["unit"] == "percent"
    assert data["scores"]["whole"]["score"] == data["scores"]["overall"]
    assert '"score": 0,' in text and text.endswith("}\n")  # as JavaScript writes it: no ".0"
    again = read(portal.root / path, Questionnaires(portal))  # imports back, nothing skipped
    assert again.record["answers"] == RECORD["answers"] and again.note() is None


def test_the_same_link_again_is_recognised_and_a_different_one_never_overwrites(portal, capsys):
    first, other = link(portal), link(portal, answers={"goals": {"value": "no"}})
    status, out, _ = run(portal, capsys, "collect", first, first, other)
    assert status == 0
    path = f"results/{QID}/platform/2026-03-02-ann"
    assert out.splitlines() == [
        f"link 1: collected {path}.json (Ann, Platform; 5 of 5 statements answered)",
        f"link 2: already collected as {path}.json",
        f"link 3: collected {path}-2.json (Ann, Platform; 1 of 5 statements answered)",
    ]
    before = {p: (portal.root / p).read_bytes() for p in files(portal)}
    status, out, _ = run(portal, capsys, "collect", other)
    assert out == f"link 1: already collected as {path}-2.json\n"
    assert {p: (portal.root / p).read_bytes() for p in files(portal)} == before


def test_names_teams_and_dates_make_safe_file_names(portal, capsys):
    links = [
        link(portal, respondent={"name": "../../Zoë Müller; rm -rf ~", "team": "$(whoami)"}),
        link(portal, respondent={"name": "", "team": ""}, updated="2026-12-31T23:30:00-02:00"),
        link(portal, respondent={"name": "山田", "team": "データ"}),
    ]
    status, _, _ = run(portal, capsys, "collect", *links)
    assert status == 0
    made = files(portal)
    digest = r"[0-9a-f]{8}\.json"  # of the file: no name to name it by
    assert re.fullmatch(rf"results/{QID}/no-team/2026-03-02-{digest}", made[0])  # 山田, データ
    assert re.fullmatch(rf"results/{QID}/no-team/2027-01-01-{digest}", made[1])  # the UTC date
    assert made[2] == f"results/{QID}/whoami/2026-03-02-zoe-muller-rm-rf.json"
    # Every name is kept as it was in the file.
    names = {json.loads((portal.root / p).read_text())["respondent"]["name"] for p in made}
    assert names == {"", "山田", "../../Zoë Müller; rm -rf ~"}


def test_a_bad_link_gets_one_line_and_writes_nothing_the_others_are_written(portal, capsys):
    good = link(portal)
    status, out, err = run(
        portal,
        capsys,
        "collect",
        good[:-8],
        "not a link",
        good.replace("share-vectors/results/#share=", "x/#share=AAAAA"),
        good,
    )
    assert status == 1
    assert err.splitlines() == [
        "link 1: it is damaged or incomplete (was it copied up to its very end?)",
        "link 2: it is not a share link (it has no “#share=”)",
        "link 3: it is damaged or incomplete (was it copied up to its very end?)",
    ]
    assert out.startswith("link 4: collected ")
    assert len(files(portal)) == 1


def test_a_link_for_another_questionnaire_or_version_is_refused(portal, capsys):
    shipped = make_project(portal.root.parent / "shipped")
    questionnaires = Questionnaires(shipped)
    model = questionnaires.model("mlops-scorecard")
    empty = {"updated": "", "respondent": {"name": "", "team": ""}, "context": {}, "answers": {}}
    other = share.results_page(BASE, model) + share.fragment(model, empty, False)
    data = VECTORS["base"] | {"v": "0.9", "d": "0" * 16}
    older = BASE + share.SHARE_PREFIX + _packed(json.dumps(data, separators=(",", ":")))
    status, out, err = run(portal, capsys, "collect", other, older)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "link 1: it answers “mlops-scorecard”, a questionnaire not found in questionnaires "
        "(it has: share-vectors)",
        "link 2: it was made for another version of this questionnaire (0.9; this is 1.0). Ask "
        "for a new link, or for the results file, which can be imported",
    ]
    assert files(portal) == []


def _packed(text: str) -> str:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return (
        base64.urlsafe_b64encode(packer.compress(text.encode()) + packer.flush())
        .decode()
        .rstrip("=")
    )


def test_links_from_standard_input_one_a_line_into_a_folder_or_a_file(
    portal, capsys, monkeypatch, tmp_path
):
    lines = (
        f"{link(portal)}\n\n   \nnonsense\n{link(portal, respondent={'name': 'Ben', 'team': ''})}"
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    status, out, err = run(portal, capsys, "collect", "-", "-o", tmp_path / "elsewhere")
    assert status == 1
    assert err == "line 4: it is not a share link (it has no “#share=”)\n"
    assert [line.split(" ")[:3] for line in out.splitlines()] == [
        ["line", "1:", "collected"],
        ["line", "5:", "collected"],
    ]
    assert sorted(p.name for p in (tmp_path / "elsewhere").rglob("*.json")) == [
        "2026-03-02-ann.json",
        "2026-03-02-ben.json",
    ]
    status, out, _ = run(portal, capsys, "collect", link(portal), "-o", tmp_path / "ann.json")
    assert status == 0 and (tmp_path / "ann.json").is_file()


def test_a_line_longer_than_any_link_is_refused_unread():
    stream = io.StringIO("#share=" + "A" * (collect.MAX_LINE + 10) + "\nsecond\n")
    sent = list(collect.from_lines(stream))
    assert [(s.source, s.link, s.error) for s in sent] == [
        ("line 1", "", "it holds more than a results file may (1 MB)"),
        ("line 2", "second\n", ""),
    ]


def test_collect_wants_links_or_an_issue(portal, capsys):
    status, _, err = run(portal, capsys, "collect")
    assert status == 2 and "--from-issue" in err


# --- from a GitHub issue -----------------------------------------------------------------------


def issue_body(share_link: str, name: str = "", team: str = "") -> str:
    """The body GitHub writes for an issue made with .github/ISSUE_TEMPLATE/send-results.yml."""
    return (
        f"### Share link\n\n{share_link}\n\n### Name\n\n{name or '_No response_'}\n\n"
        f"### Team\n\n{team or '_No response_'}\n\n### Visibility\n\n- [X] I understand that"
    )


def event(tmp_path: Path, body: Any, number: int = 12) -> Path:
    path = tmp_path / "event.json"
    data = {"action": "opened", "issue": {"number": number, "body": body, "labels": []}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_issue_from_the_form_is_collected_with_its_name_and_team(portal, capsys, tmp_path):
    body = issue_body(link(portal), name="Ann B.", team="")
    status, out, _ = run(
        portal, capsys, "collect", "--from-issue", event(tmp_path, body), "--markdown", "c.md"
    )
    assert status == 0
    path = f"results/{QID}/platform/2026-03-02-ann-b.json"
    assert out == f"issue #12: collected {path} (Ann B., Platform; 5 of 5 statements answered)\n"
    data = json.loads((portal.root / path).read_text())
    assert data["respondent"] == {"name": "Ann B.", "team": "Platform"}  # the form's name wins
    assert (portal.root / "c.md").read_text() == (
        f"- issue #12: collected as `{path}` (Ann B\\., Platform; 5 of 5 statements answered)\n"
    )


def test_an_issue_without_the_forms_headings_gives_its_lines_with_a_link(portal, capsys, tmp_path):
    body = f"Here are my results:\n\n  {link(portal)}  \n\nThanks"
    status, out, _ = run(portal, capsys, "collect", "--from-issue", event(tmp_path, body))
    assert status == 0 and out.startswith("issue #12: collected ")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (None, "issue #12: it holds no share link (“#share=…”)"),
        (issue_body("_No response_"), "issue #12: it holds no share link (“#share=…”)"),
        (issue_body("https://x/#share=AAAA"), "issue #12: it is damaged or incomplete"),
        (issue_body("LINK", name="x" * 201), "issue #12: the name is longer than 200 characters"),
    ],
)
def test_a_bad_issue_writes_nothing_and_says_why(portal, capsys, tmp_path, body, error):
    if isinstance(body, str):
        body = body.replace("LINK", link(portal))
    status, out, err = run(
        portal, capsys, "collect", "--from-issue", event(tmp_path, body), "--markdown", "c.md"
    )
    assert (status, out) == (1, "")
    assert err.startswith(error)
    assert files(portal) == []
    assert (portal.root / "c.md").read_text().startswith("- issue #12: not collected: ")


def test_an_event_file_that_is_not_an_issue_event_is_one_line(portal, capsys, tmp_path):
    path = tmp_path / "event.json"
    for text, error in [
        ("not json", "it is not JSON"),
        ('{"action": "opened"}', "not a GitHub issues event (it has no issue)"),
        ("[" * 100_000 + "]" * 100_000, "it is not JSON"),
    ]:
        path.write_text(text, encoding="utf-8")
        status, _, err = run(portal, capsys, "collect", "--from-issue", path)
        assert (status, err) == (1, f"{path}: {error}\n")
    with path.open("wb") as big:
        big.truncate(collect.MAX_EVENT_BYTES + 1)
    status, _, err = run(portal, capsys, "collect", "--from-issue", path)
    assert (status, err) == (1, f"{path}: larger than a GitHub event can be\n")


def test_the_comment_shows_what_a_link_holds_as_text_never_as_markdown(portal, capsys, tmp_path):
    hostile = "@everyone ![x](https://evil.example/t.png) <img src=x> `code` [l](javascript:1)\n#"
    body = issue_body(link(portal), name=hostile[:60], team="*bold*")
    status, _, _ = run(
        portal, capsys, "collect", "--from-issue", event(tmp_path, body), "--markdown", "c.md"
    )
    assert status == 0
    comment = (portal.root / "c.md").read_text()
    assert "\\@everyone \\!\\[x\\]\\(https\\:\\/\\/evil\\.example" in comment
    assert "\\<img" in comment and "\\*bold\\*" in comment and "\n" not in comment[:-1]
    # A questionnaire id from a link, in an error, is escaped as well.
    data = VECTORS["base"] | {"q": "x`y\n# h @all"}
    bad = BASE + share.SHARE_PREFIX + _packed(json.dumps(data))
    run(
        portal,
        capsys,
        "collect",
        "--from-issue",
        event(tmp_path, issue_body(bad)),
        "--markdown",
        "c.md",
    )
    assert "“x\\`y \\# h \\@all”" in (portal.root / "c.md").read_text()


# --- the documentation -------------------------------------------------------------------------


@about_shipped("mlops-maturity")
def test_the_pages_collect_example_is_what_the_command_prints(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    shipped = make_project(tmp_path / "shipped")
    monkeypatch.chdir(shipped.root)
    model = Questionnaires(shipped).model("mlops-maturity")
    record = {
        "updated": "2026-03-02T09:30:00.000Z",
        "respondent": {"name": "Ann", "team": "Platform"},
        "context": {},
        "answers": {i: {"value": item["options"][0]} for i, item in model.items.items()},
    }
    good = share.results_page(BASE, model) + share.fragment(model, record, False)
    status, out, err = run(shipped, capsys, "collect", good, good, good[:-12])
    assert status == 1
    page = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- output: collect -->\n```text\n(.*?)```", page, re.DOTALL)
    assert example and example.group(1) == out + err
