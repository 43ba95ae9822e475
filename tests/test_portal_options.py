"""The portal's settings in mkdocs.yml (extra.selfassess): declared, checked with their positions,
and the new-issue URL that reaches the browser."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from selfassess.generate.pipeline import generate
from selfassess.questionnaire import settings
from selfassess.questionnaire.portal import Portal, PortalError

from .conftest import ROOT, make_project, minimal_yaml

GITHUB = "https://github.com/acme/platform/issues/new?title={title}&body={body}"


def with_setting(portal: Portal, line: str) -> Portal:
    """The portal with one more line under extra.selfassess in its mkdocs.yml."""
    config = portal.config_file.read_text(encoding="utf-8")
    config = config.replace("  selfassess:\n", f"  selfassess:\n    {line}\n", 1)
    portal.config_file.write_text(config, encoding="utf-8")
    return Portal.load(portal.root)


def results_data(portal: Portal) -> dict:
    page = (portal.docs_dir / "minimal" / "results.md").read_text(encoding="utf-8")
    found = re.search(r"data-sa-model='([^']*)'", page)
    assert found, page
    return json.loads(unescape(found.group(1)))


def test_no_new_issue_url_by_default(project: Portal):
    assert project.new_issue_url is None
    generate(project)
    assert "new_issue_url" not in results_data(project)


@pytest.mark.parametrize(
    "url",
    [
        GITHUB,
        "https://gitlab.com/acme/platform/-/issues/new?issue[title]={title}&issue[description]={body}",
        "https://jira.example.com/secure/CreateIssueDetails!init.jspa?pid=10000&issuetype=3"
        "&summary={title}&description={body}",
        "http://tracker.internal/new?t={title}",  # {body} is optional
    ],
)
def test_a_new_issue_url_reaches_the_results_page_only(tmp_path: Path, url: str):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    portal = with_setting(portal, f"new_issue_url: {json.dumps(url)}")
    assert portal.new_issue_url == url
    generate(portal)
    assert results_data(portal)["new_issue_url"] == url
    # Section pages and questionnaire.json do not need it.
    folder = portal.docs_dir / "minimal"
    assert "new_issue_url" not in (folder / "questionnaire.json").read_text(encoding="utf-8")
    for page in folder.glob("*.md"):
        if page.name != "results.md":
            assert "new_issue_url" not in page.read_text(encoding="utf-8"), page.name


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("42", "new_issue_url is not text"),
        ("[a, b]", "new_issue_url is not text"),
        ("ftp://tracker/new?title={title}", "'ftp://tracker/new?title={title}' is not an http"),
        ("javascript:alert(1)//{title}", "is not an http:// or https:// address"),
        ("https:///new?title={title}", "is not an http:// or https:// address"),
        ("https://github.com/acme/x/issues/new?body={body}", "has no {title} placeholder"),
        ("https://github.com/acme/x/issues/new?title={titel}", "unknown placeholder {titel}"),
    ],
)
def test_a_wrong_new_issue_url_is_refused_with_its_position(
    tmp_path: Path, value: str, message: str
):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    with pytest.raises(PortalError) as raised:
        with_setting(portal, f"new_issue_url: {value}")
    [problem] = raised.value.problems
    assert message in problem.message
    assert "https://github.com/ORG/REPO/issues/new?title={title}&body={body}" in problem.expected
    lines = portal.config_file.read_text(encoding="utf-8").splitlines()
    assert lines[problem.position.line - 1].strip().startswith("new_issue_url:")
    column = len("    new_issue_url: ") + 1  # the value, under extra: selfassess:
    assert problem.position.column == column
    assert str(problem).startswith(f"{portal.config_file}:{problem.position.line}:{column}: ")


@pytest.mark.parametrize(
    ("line", "message", "expected"),
    [
        ("strict_htm: true", "unknown setting extra.selfassess.strict_htm", "'strict_html'?"),
        ("colour: blue", "unknown setting extra.selfassess.colour", "one of: questionnaires_dir"),
        ("strict_html: maybe", "strict_html 'maybe' is not true or false", "true or false"),
        ("site_id: my portal", "site_id 'my portal' has characters other than", "letters"),
        ("questionnaires: mlops", "questionnaires is not a list of names", "questionnaire ids"),
        ("questionnaires_dir: [a]", "questionnaires_dir is not a name", "a folder name"),
    ],
)
def test_every_setting_is_declared_and_a_wrong_one_is_named_where_it_is_written(
    tmp_path: Path, line: str, message: str, expected: str
):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    with pytest.raises(PortalError) as raised:
        with_setting(portal, line)
    [problem] = raised.value.problems
    assert message in problem.message and expected in problem.expected
    written = portal.config_file.read_text(encoding="utf-8").splitlines()[problem.position.line - 1]
    assert written == f"    {line}"
    unknown = message.startswith("unknown")
    assert problem.position.column == (5 if unknown else len(line.split(":")[0]) + 7)


def test_a_setting_without_a_value_takes_its_default(tmp_path: Path):
    portal = make_project(tmp_path / "p", {"minimal.yaml": minimal_yaml()})
    assert with_setting(portal, "strict_html:").strict_html is False
    assert settings.OPTIONS["questionnaires_dir"].default == "questionnaires"


def test_the_sample_configuration_names_every_setting():
    """mkdocs.yml is where a maintainer meets the settings: each one is there, set or commented."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in settings.OPTIONS:
        assert re.search(rf"^    #? ?{name}:", config, re.MULTILINE), name
