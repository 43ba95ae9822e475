"""`selfassess new`: the file it writes validates and builds as it is, and it refuses what
`selfassess validate` would refuse (bad ids, ids in use, unknown scales) without writing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from selfassess import cli
from selfassess.engines import build as site
from selfassess.generate.pipeline import generate
from selfassess.questionnaire.check import check
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.scaffold import ScaffoldError, _schema_reference, new_questionnaire
from selfassess.questionnaire.scales import BUILTIN_SCALES

from .conftest import ROOT, about_shipped, make_project, minimal_yaml


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Portal:
    """A portal with the minimal questionnaire, run from its folder as a maintainer would."""
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})


def data_of(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scale", sorted(BUILTIN_SCALES))
def test_the_new_file_validates_with_the_scale_asked(project: Portal, scale: str):
    path = new_questionnaire(project, "team-health", scale=scale)
    assert path == project.questionnaires_dir / "team-health.yaml"
    checked = check([path])
    assert checked.problems == []
    [questionnaire] = checked.questionnaires
    assert (questionnaire.id, questionnaire.title) == ("team-health", "Team health")
    assert data_of(path)["scale"] == scale


@about_shipped()
def test_the_new_file_follows_the_shipped_style(project: Portal):
    text = new_questionnaire(project, "team-health").read_text(encoding="utf-8")
    schema_line = text.splitlines()[0]
    assert schema_line.startswith("# yaml-language-server: $schema=")
    schema_file = project.questionnaires_dir / schema_line.split("$schema=")[1]
    assert schema_file.resolve() == ROOT / "generator/selfassess/schema/questionnaire.schema.json"
    # In the repository's own questionnaires/, exactly the shipped files' line.
    shipped = (ROOT / "questionnaires" / "mlops-maturity.yaml").read_text().splitlines()[0]
    assert shipped.endswith("$schema=" + _schema_reference(ROOT / "questionnaires"))
    for pointer in ("docs/write-a-questionnaire.md", "How scoring works", "selfassess validate"):
        assert pointer in text
    assert "make serve" in text
    data = data_of(project.questionnaires_dir / "team-health.yaml")
    assert data["version"] == "0.1"
    assert data["allow_na"] is True
    assert 2 <= len(data["levels"]) <= 3
    [section] = data["sections"]
    assert len(section["items"]) == 2
    for item in section["items"]:
        parts = re.findall(r"\*\*(.+?)\*\*", item["explanation"])
        assert parts == ["Why it matters.", "What good looks like.", "First step."]
    assert any("weight" in item for item in section["items"])


def test_the_commented_examples_validate_once_uncommented(project: Portal, tmp_path: Path):
    """scales, context, when and verdicts are commented out; uncommented, they must be right."""
    text = new_questionnaire(project, "team-health").read_text(encoding="utf-8")
    # Commented YAML is "# key:" for the three keys, or "#" then indented YAML; prose is "# Word".
    example = re.compile(r"^(\s*)# ((?:scales|context|when|verdicts):.*|\s+\S.*)$", re.MULTILINE)
    uncommented = example.sub(r"\1\2", text)
    path = tmp_path / "uncommented.yaml"
    path.write_text(uncommented, encoding="utf-8")
    checked = check([path])
    assert checked.problems == []
    data = data_of(path)
    assert [o["id"] for o in data["scales"]["maturity-4"]][-1] == "fully"
    assert [c["id"] for c in data["context"]] == ["team-size"]
    assert [v["id"] for v in data["verdicts"]] == ["basics-in-place"]
    assert any("when" in item for item in data["sections"][0]["items"])


@pytest.mark.parametrize(
    "title",
    [
        'Team: "health" # check',
        "It's a #1 check: yes",
        "yes",
        "1.0",
        "- a list?",
        "Équipe santé ✓ 健康",
        "  spaced  ",
        "two\nlines",
    ],
)
def test_any_title_round_trips(project: Portal, title: str):
    path = new_questionnaire(project, "team-health", title=title)
    assert data_of(path)["title"] == title
    assert check([path]).problems == []


def test_generating_the_portal_with_the_new_questionnaire(project: Portal):
    new_questionnaire(project, "team-health", title="Team health check")
    report = generate(project)
    assert "team-health/index.md" in report.written
    cards = (project.docs_dir / ".selfassess" / "cards.md").read_text(encoding="utf-8")
    assert "Team health check" in cards


def test_the_site_builds_with_the_new_questionnaire(tmp_path: Path):
    project = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    new_questionnaire(project, "team-health", scale="yes-partly-no")
    site_dir = site.build(project, "mkdocs")
    assert (site_dir / "team-health" / "basics" / "index.html").is_file()


def test_an_existing_file_is_never_overwritten(project: Portal, capsys: pytest.CaptureFixture[str]):
    path = project.questionnaires_dir / "team-health.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    assert cli.main(["--project", "portal", "new", "team-health"]) == 1
    assert path.read_text(encoding="utf-8") == "# mine\n"
    assert capsys.readouterr().err == (
        "portal/questionnaires/team-health.yaml already exists; "
        "choose another id or edit that file\n"
    )


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("Team", "id 'Team' is not valid (lowercase letters, digits and single hyphens"),
        ("team_health", "id 'team_health' is not valid"),
        ("-x", "id '-x' is not valid"),
        ("x-", "id 'x-' is not valid"),
        ("a--b", "id 'a--b' is not valid"),
        ("", "id '' is not valid"),
        ("../x", "id '../x' is not valid"),
        ("x" * 65, "id is too long (at most 64 characters)"),
        ("minimal", "portal/questionnaires/minimal.yaml already exists; choose another id"),
        ("about", "id 'about' is taken by portal/docs/about.md (another id,"),
    ],
)
def test_bad_ids_are_refused(project: Portal, ident: str, message: str):
    before = sorted(project.questionnaires_dir.iterdir())
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        new_questionnaire(project, ident)
    assert sorted(project.questionnaires_dir.iterdir()) == before


def test_an_id_used_inside_another_file_is_refused(project: Portal):
    """The id is what counts, not the file name."""
    (project.questionnaires_dir / "renamed.yaml").write_text(
        minimal_yaml().replace("id: minimal", "id: team-health"), encoding="utf-8"
    )
    with pytest.raises(ScaffoldError, match=r"already used by portal/questionnaires/renamed\.yaml"):
        new_questionnaire(project, "team-health")


def test_a_hand_written_docs_folder_is_refused_but_a_generated_one_is_not(project: Portal):
    (project.docs_dir / "guides").mkdir()
    (project.docs_dir / "guides" / "setup.md").write_text("# Setup\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="taken by portal/docs/guides"):
        new_questionnaire(project, "guides")
    generate(project)  # docs/minimal/ is generated: moving its YAML aside frees the id
    (project.questionnaires_dir / "minimal.yaml").rename(project.root / "minimal.yaml.bak")
    assert new_questionnaire(project, "minimal").is_file()


def test_an_unknown_scale_is_refused(project: Portal, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--project", "portal", "new", "team-health", "--scale", "yes-maybe"])
    assert exit_info.value.code == 2
    assert "'yes-maybe' (choose from 'rating-100', 'yes-no', 'yes-partly-no')" in (
        capsys.readouterr().err
    )
    with pytest.raises(ScaffoldError, match=r"unknown scale 'custom' \(one of: rating-100, "):
        new_questionnaire(project, "team-health", scale="custom")
    assert not (project.questionnaires_dir / "team-health.yaml").exists()


def test_an_empty_title_is_refused(project: Portal):
    with pytest.raises(ScaffoldError, match=r"the title is empty \(some text\)"):
        new_questionnaire(project, "team-health", title=" ")


def test_the_command_prints_the_file_and_the_next_steps(
    project: Portal, capsys: pytest.CaptureFixture[str]
):
    argv = ["--project", "portal", "new", "team-health", "--title", "Team: health"]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "created portal/questionnaires/team-health.yaml"
    assert len(out) == 3
    assert "edit it" in out[1]
    assert "make serve" in out[2] and "selfassess validate" in out[2]
    assert data_of(project.questionnaires_dir / "team-health.yaml")["title"] == "Team: health"
    # The portal still validates as a whole, the new questionnaire included.
    assert cli.main(["--project", "portal", "validate"]) == 0


def test_the_questionnaires_folder_of_the_config_is_used(tmp_path: Path):
    project = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    config = project.config_file.read_text(encoding="utf-8")
    project.config_file.write_text(
        config.replace("  selfassess:\n", "  selfassess:\n    questionnaires_dir: forms\n"),
        encoding="utf-8",
    )
    assert cli.main(["--project", str(project.root), "new", "team-health"]) == 0
    path = project.root / "forms" / "team-health.yaml"
    assert check([path]).problems == []
