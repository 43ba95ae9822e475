"""Languages: every translation table matches the English one, and a questionnaire's pages and
buttons speak its `language:` (or the site's `theme.language`), in the generator and the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from selfassess.engines import build as site
from selfassess.generate.pipeline import generate
from selfassess.questionnaire import i18n
from selfassess.questionnaire.portal import Portal
from selfassess.questionnaire.validate import schema

from .conftest import make_project, minimal_yaml

PLACEHOLDERS = re.compile(r"\{(\d+)")


@pytest.mark.parametrize("language", [code for code in i18n.languages() if code != "en"])
def test_a_translation_has_every_key_with_the_same_placeholders(language: str):
    english, other = i18n.table("en"), i18n.table(language)
    assert other.keys() == english.keys()
    for part, entries in english.items():
        assert other[part].keys() == entries.keys(), part
        for key, text in entries.items():
            assert set(PLACEHOLDERS.findall(other[part][key])) == set(PLACEHOLDERS.findall(text)), (
                f"{language}.yaml {part}.{key}"
            )


def test_the_schema_offers_exactly_the_languages_that_have_a_table():
    assert sorted(schema()["properties"]["language"]["enum"]) == i18n.languages()


def test_plural_forms_and_values_are_filled_in():
    text = "{0} {0|one:answer|other:answers} in “{1}”"
    assert i18n.format_text(text, 1, "a.json") == "1 answer in “a.json”"
    assert i18n.format_text(text, 0, "b.json") == "0 answers in “b.json”"


def german(project: Portal) -> str:
    path = project.questionnaires_dir / "minimal.yaml"
    path.write_text(minimal_yaml().replace("\nsections:", "\nlanguage: de\nsections:", 1))
    generate(project)
    return (project.docs_dir / "minimal" / "basics.md").read_text(encoding="utf-8")


def test_a_german_questionnaire_in_an_english_portal(project: Portal):
    page = german(project)
    assert (
        "<summary data-search-exclude>Warum das wichtig ist" in page
        and "<summary>Why it matters" not in page
    )
    intro = (project.docs_dir / "minimal" / "index.md").read_text(encoding="utf-8")
    assert "Aussagen in 2 Abschnitten" in intro
    assert '"language":"de"' in page  # the browser app's text comes along
    cards = (project.docs_dir / ".selfassess" / "cards.md").read_text(encoding="utf-8")
    assert "4 items · 2 sections" in cards and 'lang="de"' in cards  # the portal stays English


@pytest.mark.parametrize(("language", "label"), [("de", "Ja"), ("fr", "Yes")])
def test_the_site_language_is_the_default(tmp_path: Path, language: str, label: str):
    project = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    generate(Portal.load(project.root))
    page = (project.docs_dir / "minimal" / "basics.md").read_text(encoding="utf-8")
    # French has no table (yet): the questionnaire falls back to English, Material speaks French.
    assert f'value="yes"> {label}</label>' in page or f"{label}</label>" in page


def test_the_browser_app_speaks_the_questionnaires_language(browser, tmp_path: Path):
    project = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    german(project)
    built = site.build(project, "mkdocs", offline=True)
    page = browser.new_page()
    page.goto((built / "minimal" / "basics.html").as_uri())
    item = page.locator(".sa-item").first
    expect(item.get_by_role("button", name="Notiz hinzufügen")).to_be_visible()
    item.locator("label.sa-option").first.click()
    expect(page.locator(".sa-status")).to_contain_text("1 von")
    assert page.evaluate("document.querySelector('article').lang") == "de"
    page.close()
