"""Author HTML under the allow-list: explanations are cleaned where we render them, and the
validator refuses what a page may not carry, wherever an engine renders it instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfassess.portal import generate
from selfassess.render import author_html, to_html
from selfassess.sanitize import clean, removed
from selfassess.source import ProblemsError

from .conftest import make_project

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


def test_a_portal_with_script_in_an_explanation_is_not_built(tmp_path: Path) -> None:
    hostile = (
        Path(__file__).parent / "questionnaires" / "invalid" / "unsafe-html.yaml"
    ).read_text()
    portal = make_project(tmp_path, {"unsafe-html.yaml": hostile})
    with pytest.raises(ProblemsError) as raised:
        generate(portal)
    assert "element <script>" in str(raised.value)
    assert not list(tmp_path.rglob("unsafe-html/*.md")), "no page of it is written"
