"""The shipped questionnaires: structure from their sources, statements word for word, and an
explanation of our own under every item."""

from __future__ import annotations

import re

import pytest

from selfassess.questionnaire.check import check

from .conftest import ROOT, about_shipped

pytestmark = about_shipped()

SEEDS = ROOT.parent / "shared" / "seeds"
LEAD_INS = {
    "mlops-maturity": ["**Why it matters.**", "**What a yes looks like.**", "**First step.**"],
    "mlops-scorecard": ["**Why it matters.**", "**What good looks like.**", "**First step.**"],
}


@pytest.fixture(scope="module")
def shipped() -> dict:
    checked = check(sorted((ROOT / "questionnaires").glob("*.yaml")))
    assert checked.problems == []
    return {q.id: q for q in checked.questionnaires}


def test_maturity_structure(shipped: dict):
    q = shipped["mlops-maturity"]
    assert [(s.id, len(s.items)) for s in q.sections] == [
        ("documentation", 8),
        ("traceability", 16),
        ("code-quality", 10),
        ("monitoring", 8),
        ("feature-store", 7),
        ("explainability", 4),
        ("ab-testing", 3),
    ]
    assert [s.advanced for s in q.sections] == [False] * 4 + [True] * 3
    assert all(item.allow_na and item.scale.id == "yes-no" for item in q.items)
    (verdict,) = q.verdicts
    assert verdict.title == "MLOps mature"
    assert verdict.sections == ("documentation", "traceability", "code-quality", "monitoring")


def test_maturity_ties_use_case_statements_to_the_context(shipped: dict):
    q = shipped["mlops-maturity"]
    for item in q.items:
        text = item.text.lower()
        if text.startswith(("for real time", "for real-time")):
            assert item.when == {"use-case": ("real-time",)}, item.id
        elif text.startswith("for batch"):
            assert item.when == {"use-case": ("batch",)}, item.id
        else:
            assert item.when == {}, item.id
    assert sum(bool(i.when) for i in q.items) == 5


def test_scorecard_structure(shipped: dict):
    q = shipped["mlops-scorecard"]
    assert [s.title for s in q.sections] == [
        "Governance",
        "Data Management",
        "Model Development",
        "Deployment",
        "Monitoring and Evaluation",
        "Continuous Improvement",
    ]
    for section in q.sections:
        assert [(g.title, len(g.items), {i.tier for i in g.items}) for g in section.groups] == [
            ("Checklist", 3, {"core"}),
            ("Additional ideas", 5, {"extended"}),
        ]
    assert [(o.label, o.value) for o in q.items[0].scale.options] == [
        ("No", 0),
        ("Started", 0.25),
        ("Partly", 0.5),
        ("Mostly", 0.75),
        ("Fully", 1),
    ]
    (about,) = q.pages
    assert about.title == "About this scorecard"
    for limitation in [
        "Subjectivity",
        "Lack of context",
        "Limited scope",
        "Limited flexibility",
        "Limited actionability",
    ]:
        assert limitation.lower() in about.content.lower()


@pytest.mark.parametrize("qid", sorted(LEAD_INS))
def test_every_item_has_its_own_three_part_explanation(shipped: dict, qid: str):
    q = shipped[qid]
    seen = set()
    for item in q.items:
        paragraphs = [p for p in item.explanation.strip().split("\n\n") if p.strip()]
        assert [p.split("**", 2)[1] for p in paragraphs] == [
            lead.strip("*") for lead in LEAD_INS[qid]
        ], item.id
        words = len(item.explanation.split())
        assert 50 <= words <= 180, (item.id, words)
        assert not re.search(r"\b(TODO|TBD|lorem|placeholder)\b", item.explanation, re.I)
        assert item.explanation not in seen
        seen.add(item.explanation)


def _maturity_statements(text: str) -> list[str]:
    body = text[text.index("\n# Documentation") :]
    return re.findall(r"^\d+\. (.+)$", body, re.M)


def _scorecard_statements(text: str) -> list[str]:
    body = text[text.index("### 1.  Governance") : text.index("## Visualize it!")]
    return re.findall(r"^(?:- \[ \]|\d+\.)\s+(.+\?)$", body, re.M)  # checklist, then ideas


@pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="the source documents of the shipped questionnaires (../shared/seeds) are not beside "
    "the repository; this check runs where they are",
)
@pytest.mark.parametrize(
    ("qid", "seed", "statements", "count"),
    [
        ("mlops-maturity", "000_bb4e95e7729323ef.txt", _maturity_statements, 56),
        ("mlops-scorecard", "002_97c1fa5950c7d77f.txt", _scorecard_statements, 48),
    ],
)
def test_every_statement_of_the_source_appears_word_for_word(shipped, qid, seed, statements, count):
    expected = [s.strip() for s in statements((SEEDS / seed).read_text(encoding="utf-8"))]
    assert len(expected) == count
    texts = [item.text for item in shipped[qid].items]
    assert texts == expected  # same words, same order
