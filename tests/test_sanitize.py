"""Author HTML under the allow-list: every text is cleaned before it reaches a page, the validator
says what was taken out and where (an error under `strict_html`), and the policy never lets a
script inside the content run."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess import cli
from selfassess.engines import csp
from selfassess.generate.pipeline import generate
from selfassess.generate.render import md_block
from selfassess.questionnaire.check import check
from selfassess.questionnaire.markdown import author_html, to_html
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.sanitize import clean, removed
from selfassess.questionnaire.source import ProblemsError

from .conftest import built_and_served, free_port, make_project, minimal_yaml, serving
from .test_validate import expected_problems

HOSTILE = {
    "<script>alert(1)</script>": "element <script>",
    '<p onclick="alert(1)">x</p>': "attribute 'onclick' of <p>",
    '<a href="javascript:alert(1)">x</a>': "attribute 'href' of <a>",
    '<a href="JaVaScRiPt:alert(1)">x</a>': "attribute 'href' of <a>",
    '<meta http-equiv="refresh" content="0; url=https://example.org">': "element <meta>",
    '<iframe src="https://example.org"></iframe>': "element <iframe>",
    '<object data="x.swf"></object>': "element <object>",
    '<form action="https://example.org"><input name="q"></form>': "element <form>",
    '<div style="position:fixed;inset:0">over</div>': "attribute 'style' of <div>",
    "<svg><script>alert(1)</script></svg>": "element <svg>",
    '<img src="x.png" onerror="alert(1)">': "attribute 'onerror' of <img>",
    "<style>body{display:none}</style>": "element <style>",
}


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_html_is_cleaned_and_named(html: str) -> None:
    cleaned = clean(html)
    for word in (
        "script",
        "onclick",
        "onerror",
        "javascript",
        "meta",
        "iframe",
        "object",
        "form",
        "style=",
        "<style",
        "<svg",
    ):
        assert word not in cleaned.lower()
    assert HOSTILE[html] in removed(html)


def test_formatting_links_pictures_and_aligned_tables_stay() -> None:
    text = (
        "**Bold** and *em*, `code`, <abbr title='Team lead'>TL</abbr>, [a link](https://example.org"
        ' "Title"){: .external }, ![a picture](img/a.png), [mail](mailto:a@example.org)[^1].\n\n'
        "| Step | Owner |\n|:-----|------:|\n| One | Two |\n\n[^1]: A footnote.\n"
    )
    html = str(to_html(text))
    assert removed(author_html(text)) == []
    for kept in (
        "<strong>Bold</strong>",
        "<code>code</code>",
        'title="Team lead"',
        'href="https://example.org"',
        'class="external"',
        'src="img/a.png"',
        'href="mailto:a@example.org"',
        'style="text-align:right"',
        'class="footnote"',
    ):
        assert kept in html


def test_explanations_are_rendered_clean_even_unvalidated() -> None:
    html = str(to_html('Text <script>alert(1)</script><a href="javascript:x" onclick="y">z</a>'))
    assert "script" not in html and "javascript" not in html and "onclick" not in html
    assert "Text" in html and ">z</a>" in html


WARNINGS = Path(__file__).parent / "questionnaires" / "warnings" / "unsafe-html.yaml"
# What the hostile file tries; none of it may reach a generated page.
UNSAFE_OUTPUT = ("<script", "<meta", "position: fixed", "onerror", "javascript:")


def test_hostile_html_is_a_warning_with_its_position_and_the_questionnaire_stays_valid() -> None:
    checked = check([WARNINGS], display=lambda p: p.name)
    assert checked.problems == []
    assert [q.id for q in checked.questionnaires] == ["unsafe-html"]
    found = [str(p).removeprefix(f"{WARNINGS.name}:") for p in checked.warnings]
    assert found == expected_problems(WARNINGS)


def test_the_portal_is_built_without_the_hostile_html_and_says_what_it_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    portal = make_project(tmp_path, {"unsafe-html.yaml": WARNINGS.read_text()})
    generate(portal)
    said = capsys.readouterr().err
    assert said.count(": warning: HTML that a page may not carry") == 4
    assert "element <script>" in said and "unsafe-html.yaml:14:22" in said
    pages = {p.name: p.read_text() for p in (portal.docs_dir / "unsafe-html").glob("*.md")}
    data = (portal.docs_dir / "unsafe-html" / "basics.md").read_text()
    for page in pages.values():
        assert not [unsafe for unsafe in UNSAFE_OUTPUT if unsafe in page.lower()]
    assert "Welcome." in pages["index.md"]  # the rest of each text stays
    assert "Click anywhere" in data and "Shared goals." in data
    assert 'src="https://example.org/a.png"' in data  # the picture, without its handler


def test_a_clean_description_reaches_the_engine_as_markdown() -> None:
    assert str(md_block("  **Bold** and a [link](https://example.org).\n")) == (
        "**Bold** and a [link](https://example.org)."
    )
    cleaned = str(md_block("**Bold** <script>alert(1)</script>"))
    assert cleaned.startswith('<div class="sa-author">') and "<strong>Bold</strong>" in cleaned
    assert "script" not in cleaned


def test_strict_html_makes_the_warnings_errors_and_nothing_is_written(tmp_path: Path) -> None:
    portal = make_project(tmp_path, {"unsafe-html.yaml": WARNINGS.read_text()})
    config = portal.config_file.read_text()
    portal.config_file.write_text(
        config.replace("  selfassess:\n", "  selfassess:\n    strict_html: true\n")
    )
    portal = Portal.load(tmp_path)
    assert portal.strict_html
    with pytest.raises(ProblemsError) as raised:
        generate(portal)
    assert "element <script>" in str(raised.value) and "warning:" not in str(raised.value)
    assert not list(tmp_path.rglob("unsafe-html/*.md")), "no page of it is written"
    assert cli.main(["--project", str(tmp_path), "validate"]) == 1


def test_strict_html_must_be_true_or_false(tmp_path: Path) -> None:
    portal = make_project(tmp_path, {"minimal.yaml": minimal_yaml()})
    config = portal.config_file.read_text()
    portal.config_file.write_text(
        config.replace("  selfassess:\n", "  selfassess:\n    strict_html: yes please\n")
    )
    with pytest.raises(ProblemsError, match="strict_html"):
        Portal.load(tmp_path)


def test_validate_prints_warnings_and_succeeds(capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["validate", str(WARNINGS)]) == 0
    out = capsys.readouterr().out
    assert out.count("warning: HTML that a page may not carry") == 4


def test_the_policy_allows_the_theme_scripts_and_never_one_in_the_content(tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><head><meta charset=utf-8><script>window.theme = 1</script></head>"
        '<body><article class="md-content__inner md-typeset"><p>Text</p>'
        "<script>window.author = 1</script></article>"
        "<script>window.after = 1</script></body></html>"
    )
    (tmp_path / "index.html").write_text(page)
    policy = csp.secure(tmp_path)
    assert csp.script_hash("window.theme = 1") in policy
    assert csp.script_hash("window.after = 1") in policy
    assert csp.script_hash("window.author = 1") not in policy
    # An </article> written inside the content does not end it early.
    assert csp.theme_scripts(
        page.replace("<p>Text</p>", "</article><script>window.early = 1</script>")
    ) == ["window.theme = 1", "window.after = 1"]


def test_a_script_in_the_content_is_refused_by_the_browser(chromium, tmp_path: Path) -> None:
    page = (
        "<!doctype html><html><head><meta charset=utf-8><script>window.theme = 1</script></head>"
        '<body><article class="md-content__inner md-typeset">'
        "<script>window.author = 1</script></article></body></html>"
    )
    (tmp_path / "index.html").write_text(page)
    csp.secure(tmp_path)
    with serving(tmp_path, free_port()) as url:
        tab = chromium.new_page()
        refused: list[str] = []
        tab.on("console", lambda m: refused.append(m.text))
        tab.goto(url + "/index.html")
        assert tab.evaluate("[window.theme, window.author]") == [1, None]
        assert any("Content Security Policy" in text for text in refused)
        tab.close()


def test_the_hostile_questionnaire_runs_nothing_in_the_browser(chromium, tmp_path: Path) -> None:
    """Built with MkDocs and opened in Chromium: no dialog, no redirect, no overlay, and no
    script was even there to refuse (the policy only refuses the pictures from elsewhere)."""
    portal = make_project(tmp_path, {"unsafe-html.yaml": WARNINGS.read_text()})
    with built_and_served(portal) as url:
        page = chromium.new_page()
        dialogs: list[str] = []
        refused: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: refused.append(m.text))
        for path, text in (
            ("/unsafe-html/", "Welcome."),
            ("/unsafe-html/basics/", "Click anywhere"),
        ):
            page.goto(url + path)
            page.wait_for_timeout(300)  # a refresh after 0 s would have left by now
            assert page.url == url + path
            assert page.get_by_text(text).count() >= 1
            covering = page.evaluate(
                "[...document.querySelectorAll('article *')]"
                ".filter((e) => getComputedStyle(e).position === 'fixed').length"
            )
            assert covering == 0
        assert dialogs == []
        policy = [t for t in refused if "Content Security Policy" in t]
        assert all("Loading the image" in t for t in policy), policy
        page.close()
