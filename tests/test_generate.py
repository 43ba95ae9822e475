"""Generation: the pages and data written into docs/, their stable URLs and markup, determinism,
and that only changed files are written and stale ones removed."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from selfassess.generate.pipeline import generate
from selfassess.questionnaire import model
from selfassess.questionnaire.portal import Portal, PortalError
from selfassess.questionnaire.source import parse

from .conftest import FIXTURES, HAND_WRITTEN_DOCS, make_project, minimal_yaml


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_one_page_per_section_plus_intro_results_team_and_extra_pages(project: Portal):
    generate(project)
    files = {
        str(p.relative_to(project.docs_dir)) for p in project.docs_dir.rglob("*") if p.is_file()
    }
    assert {
        "minimal/index.md",
        "minimal/basics.md",
        "minimal/advanced.md",
        "minimal/results.md",
        "minimal/team.md",
        "minimal/about.md",
        "minimal/SUMMARY.md",
        "minimal/questionnaire.json",
        "minimal/.gitignore",
        "SUMMARY.md",
        ".selfassess/cards.md",
        ".selfassess/manifest.json",
        "schema/questionnaire.schema.json",
    } <= files
    nav = (project.docs_dir / "minimal" / "SUMMARY.md").read_text()
    assert nav == (
        "- [Overview](index.md)\n- [1. Basics](basics.md)\n"
        "- [2. Advanced &lt;practice&gt;](advanced.md)\n- [Results](results.md)\n"
        "- [Team view](team.md)\n- [About it](about.md)\n"
    )


def test_items_are_native_radios_in_a_fieldset_with_the_statement_as_legend(project: Portal):
    generate(project)
    page = (project.docs_dir / "minimal" / "basics.md").read_text()
    item = re.search(
        r'<div class="sa-item" id="api-docs".*?</details>\n</div>\n', page, re.S
    ).group(0)
    assert (
        '<legend><span class="sa-number">1.2</span> For real time use cases, the API is '
        "documented: requests &amp; responses.</legend>" in item
    )
    assert re.findall(r'<input type="radio" name="sa-api-docs" value="(\w+)">', item) == [
        "yes",
        "no",
        "na",
    ]
    assert 'data-sa-when="{&#34;use-case&#34;: [&#34;real-time&#34;]}"' in item
    assert '<details class="sa-explanation info">' in item
    assert '<p class="sa-weight">Counts 2 times as much as a statement of weight 1.</p>' in item
    assert "\n\n" not in item  # one HTML block for Markdown
    assert "## First group { #first-group }" in page


def test_item_overrides_of_scale_and_not_applicable(project: Portal):
    generate(project)
    page = (project.docs_dir / "minimal" / "advanced.md").read_text()
    assert re.findall(r'name="sa-rating" value="([\w-]+)"', page) == ["none", "some", "done", "na"]
    assert re.findall(r'name="sa-percent" value="(\d+)"', page) == [
        str(n) for n in range(0, 101, 10)
    ]
    assert 'name="sa-percent" value="na"' not in page
    assert "# Advanced &lt;practice&gt; { #advanced }" in page


def test_explanations_are_rendered_markdown(project: Portal):
    generate(project)
    page = (project.docs_dir / "minimal" / "basics.md").read_text()
    assert "<p><strong>Why it matters.</strong> Everyone pulls the same way.</p>" in page
    data = json.loads((project.docs_dir / "minimal" / "questionnaire.json").read_text())
    explanation = data["sections"][1]["items"][0]["explanation"]
    assert explanation == '<p>See <a href="https://example.org/docs">the docs</a>.</p>'


def test_intro_page_has_context_questions_scoring_and_source(project: Portal):
    generate(project)
    page = (project.docs_dir / "minimal" / "index.md").read_text()
    assert '<fieldset class="sa-context" data-sa-context="use-case">' in page
    assert re.findall(
        r'<input type="checkbox" name="sa-context-use-case" value="([\w-]+)">', page
    ) == ["real-time", "batch"]
    assert "| 50 | Established | Most things are in place. |" in page
    assert "**Ready.** Every basic is a yes. Sections: [Basics](basics.md)." in page
    assert "[The test suite](https://example.org/source) by Test Author." in page
    assert "4 items in 2 sections · about 2 minutes · version 1.0" in page
    assert "- **Not started** 0 %, **Under way** 50 %, **Done** 100 %.\n" in page
    assert "- A rating from 0 to 100 counts as that percentage: 70 is 70 %.\n" in page
    assert "| 2 | [Advanced &lt;practice&gt;](advanced.md) *(advanced)* | 2 | 0.5 |" in page


def test_an_intro_page_states_the_questionnaire_s_own_scoring_rules(tmp_path: Path):
    """Before answering, a respondent reads how the numbers are made: points, the weakest section,
    half-open bands typed as published, staircase levels, targets; the shipped rules keep their
    paragraph, and every page says what unanswered statements count."""
    files = {p.name: p.read_text("utf-8") for p in (FIXTURES / "models").glob("*.yaml")}
    portal = make_project(tmp_path / "portal", files)
    generate(portal)
    rubric = (portal.docs_dir / "rubric" / "index.md").read_text()
    assert (
        "Each answer is worth points:\n\n- **Not done** 0, **Done by hand** 0.5, **Automated** 1.\n"
        in rubric
    )
    assert "- A statement not answered yet counts 0 points.\n" in rubric
    assert "A section's score is the sum of its statements' points" in rubric
    assert "The overall score is the lowest of the sections' scores" in rubric
    assert "Targets to reach: 2. Model checks 2.5." in rubric
    assert "weighted share of the best answers" not in rubric
    # An exclusive bound reads "> 1", once escaped (it read "&gt; 1" on the page before).
    assert "| &gt; 1 | Basic checks |\n" in rubric and "&amp;gt;" not in rubric
    assert "Each section also gets a level, on its own scale:" in rubric
    platform = (portal.docs_dir / "platform" / "index.md").read_text()
    assert "Each answer has a value from 0 to 100 %:" in platform
    assert (
        "- A statement not answered yet is left out of the scores until it is answered.\n"
        in platform
    )
    assert "A section's score is the weighted mean of its groups' scores." in platform
    assert "The overall score is the weighted mean of the areas' scores." in platform
    assert "from 0 to 4: three quarters of the most there could be reads 3 of 4." in platform
    assert "a maturity level from 1 to 3 (1 Foundations, 2 Managed, 3 Automated)" in platform
    assert "The questionnaire as a whole reaches a level the same way" in platform
    assert "Targets to reach: overall score 3, Build 3.5, 2. Testing 3." in platform
    functions = (portal.docs_dir / "functions" / "index.md").read_text()
    assert "An area (a heading above several sections) scores the weighted mean" in functions
    # A questionnaire without rules of its own keeps the first version's paragraph.
    minimal = make_project(tmp_path / "minimal", {"minimal.yaml": minimal_yaml()})
    generate(minimal)
    page = (minimal.docs_dir / "minimal" / "index.md").read_text()
    assert "- A statement not answered yet counts 0 %.\n" in page
    assert "weighted share of the best answers" in page and "Targets to reach" not in page


def test_pages_carry_the_data_as_json_that_cannot_break_out_of_its_attribute(project: Portal):
    hostile = minimal_yaml().replace(
        "Goals are written down.", '"Goals </script><script>alert(1)</script> & more."'
    )
    (project.questionnaires_dir / "minimal.yaml").write_text(hostile)
    generate(project)
    page = (project.docs_dir / "minimal" / "basics.md").read_text()
    data = json.loads(html.unescape(re.search(r"data-sa-model='([^']*)'", page).group(1)))
    assert data["sections"][0]["items"][0]["text"].startswith("Goals </script>")
    assert "<script>alert" not in page
    assert (
        data["digest"].startswith("sha256:")
        and "explanation" not in data["sections"][0]["items"][0]
    )
    # The results page carries the explanations apart, parsed when the action plan needs one.
    results = (project.docs_dir / "minimal" / "results.md").read_text()
    assert "explanation" not in re.search(r"data-sa-model='([^']*)'", results).group(1)
    explanations = re.search(r"data-sa-explanations='([^']*)'", results).group(1)
    assert json.loads(html.unescape(explanations))["goals"].startswith("<p>")


def test_the_digest_follows_what_scoring_reads():
    def digest(text: str) -> str:
        return model.build(parse(text, "m.yaml").data, "m.yaml").digest

    base = minimal_yaml()
    assert digest(base) == digest(base.replace("Everyone pulls the same way.", "Reworded."))
    assert digest(base) != digest(base.replace("Goals are written down.", "Goals exist."))
    assert digest(base) != digest(base.replace("weight: 2", "weight: 3"))


def test_home_cards_and_site_navigation(project: Portal):
    generate(project)
    cards = (project.docs_dir / ".selfassess" / "cards.md").read_text()
    assert "-   **[Minimal questionnaire](minimal/index.md)**" in cards
    assert "4 items · 2 sections · about 2 minutes" in cards
    nav = (project.docs_dir / "SUMMARY.md").read_text().splitlines()
    assert nav[:2] == ["- [Home](index.md)", "- [Minimal questionnaire](minimal/)"]
    # Then the hand-written pages, in the order mkdocs.yml gives, titled by their headings.
    pages = project.nav or [n for n in HAND_WRITTEN_DOCS if n != "index.md"]
    assert [line.rsplit("](", 1)[1].rstrip(")") for line in nav[2:]] == pages


def test_output_is_byte_identical_across_runs_and_places(tmp_path: Path):
    first = make_project(tmp_path / "one")
    second = make_project(tmp_path / "two")
    generate(first)
    generate(second)
    assert snapshot(first.docs_dir) == snapshot(second.docs_dir)


def test_a_second_run_writes_nothing(project: Portal):
    generate(project)
    before = {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*") if p.is_file()}
    report = generate(project)
    assert report.written == [] and report.removed == []
    assert before == {p: p.stat().st_mtime_ns for p in project.docs_dir.rglob("*") if p.is_file()}


def test_an_edit_rewrites_only_the_pages_it_changes(project: Portal):
    generate(project)
    path = project.questionnaires_dir / "minimal.yaml"
    path.write_text(path.read_text().replace("A rating.", "A rating from 0 to 100."))
    report = generate(project)
    assert report.written == [
        "minimal/advanced.md",
        "minimal/questionnaire.json",
        "minimal/results.md",
    ]


def test_removed_sections_and_questionnaires_leave_no_stale_pages(project: Portal):
    generate(project)
    second = minimal_yaml().replace("id: minimal", "id: second")
    (project.questionnaires_dir / "second.yaml").write_text(second)
    generate(project)
    assert (project.docs_dir / "second" / "basics.md").is_file()
    (project.questionnaires_dir / "second.yaml").unlink()
    report = generate(project)
    assert not (project.docs_dir / "second").exists()
    assert "second/basics.md" in report.removed
    assert sorted(p.name for p in project.docs_dir.glob("*.md")) == sorted(
        ["SUMMARY.md", *HAND_WRITTEN_DOCS]
    )


def test_an_invalid_questionnaire_writes_nothing(project: Portal):
    generate(project)
    before = snapshot(project.docs_dir)
    path = project.questionnaires_dir / "minimal.yaml"
    path.write_text(path.read_text().replace("weight: 2", "weight: 0"))
    with pytest.raises(PortalError) as raised:
        generate(project)
    assert "'weight' is 0 (a number greater than 0)" in str(raised.value)
    assert snapshot(project.docs_dir) == before


def test_a_portal_without_questionnaires_says_so(tmp_path: Path):
    portal = make_project(tmp_path / "empty", {})
    with pytest.raises(PortalError, match="no questionnaire found"):
        generate(portal)


def test_navigation_names_a_missing_page(project: Portal):
    project.nav = ["scoring.md", "missing.md"]
    with pytest.raises(PortalError, match=r"extra\.selfassess\.nav names 'missing\.md'"):
        generate(project)


def test_text_fields_cannot_inject_markup_or_break_tables(project: Portal):
    path = project.questionnaires_dir / "minimal.yaml"
    text = path.read_text()
    text = text.replace(
        "title: Minimal questionnaire", "title: 'Evil {: onclick=\"alert(1)\" } & <b>'"
    )
    text = text.replace(
        "{min: 50, label: Established, description: Most things are in place.}",
        '{min: 50, label: Established, description: "Two\\n\\nparagraphs | here"}',
    )
    path.write_text(text)
    generate(project)
    intro = (project.docs_dir / "minimal" / "index.md").read_text()
    assert '# Evil \\{: onclick="alert(1)" \\} &amp; &lt;b&gt;\n' in intro
    assert "| 50 | Established | Two paragraphs &#124; here |" in intro


def test_a_questionnaire_id_cannot_take_a_hand_written_page(project: Portal):
    (project.questionnaires_dir / "minimal.yaml").write_text(
        minimal_yaml().replace("id: minimal", "id: scoring")
    )
    with pytest.raises(
        PortalError, match=r"questionnaire id 'scoring' is taken by .*docs/scoring\.md"
    ):
        generate(project)
    (project.docs_dir / "scoring.md").unlink()
    (project.docs_dir / "scoring").mkdir()
    (project.docs_dir / "scoring" / "index.md").write_text("# Hand-written\n")
    with pytest.raises(PortalError, match=r"taken by .*docs/scoring"):
        generate(project)
    assert (project.docs_dir / "scoring" / "index.md").read_text() == "# Hand-written\n"


def test_the_config_chooses_and_orders_the_published_questionnaires(project: Portal):
    second = (
        minimal_yaml()
        .replace("id: minimal", "id: second")
        .replace("title: Minimal questionnaire", "title: Second questionnaire")
    )
    (project.questionnaires_dir / "second.yaml").write_text(second)
    config = project.config_file
    text = config.read_text().replace(
        "  selfassess:\n", "  selfassess:\n    questionnaires: [second]\n"
    )
    config.write_text(text)
    generate(Portal.load(project.root))
    nav = (project.docs_dir / "SUMMARY.md").read_text()
    assert "second/" in nav and "minimal/" not in nav
    assert not (project.docs_dir / "minimal").exists()

    config.write_text(text.replace("[second]", "[second, minimal]"))
    generate(Portal.load(project.root))
    nav = (project.docs_dir / "SUMMARY.md").read_text()
    assert nav.index("second/") < nav.index("minimal/")

    config.write_text(text.replace("[second]", "[second, third]"))
    with pytest.raises(PortalError, match="names 'third', which no file"):
        generate(Portal.load(project.root))


def test_each_questionnaire_file_is_read_once_and_never_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The build cache's key and the pages come from the same bytes: an edit in between cannot
    mismatch them. A file far over the size limit costs the limit, not its size."""
    import tracemalloc

    from selfassess.questionnaire import check as check_module
    from selfassess.questionnaire.source import MAX_FILE_BYTES

    portal = make_project(tmp_path / "portal", {"minimal.yaml": minimal_yaml()})
    huge = portal.questionnaires_dir / "huge.yaml"
    with huge.open("w") as out:
        out.write("id: huge\n" + "# padding\n" * (5 * MAX_FILE_BYTES // 10))
    reads: list[str] = []
    read_bytes = check_module.read_bytes

    def counted(path: Path) -> bytes:
        reads.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(check_module, "read_bytes", counted)
    tracemalloc.start()
    checked = check_module.check_portal(portal)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert sorted(reads) == ["huge.yaml", "minimal.yaml"]
    assert [p.message.split(":")[0] for p in checked.problems] == [
        f"the file is larger than {MAX_FILE_BYTES:,} bytes (2 MB)"
    ]
    assert peak < 3 * MAX_FILE_BYTES, peak  # the 10 MB file was never read whole
