"""`selfassess report FILE --format pdf`: the HTML report printed by WeasyPrint, read back with
pypdf. Laid out like the results page's printed report (tests/test_print_report.py checks that
one): page 1 the summary, the plan from page 2, then every answer; no page ends with a heading;
every note is there; nothing is fetched, whatever a questionnaire's Markdown names.

Page counts (A4, WeasyPrint 70): the Maturity Assessment fully answered 14 pages, half 12."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from selfassess.questionnaire.portal import Portal
from selfassess.results import report

from .conftest import about_shipped, make_project
from .test_reports import questionnaire, results, run

pytestmark = about_shipped("mlops-maturity")


@pytest.fixture
def portal(tmp_path: Path) -> Portal:
    return make_project(tmp_path / "portal")


def answers_of(portal: Portal, part: str) -> dict[str, Any]:
    """Every scale's options in turn, a note on every third statement (best answers too)."""
    q = questionnaire(portal, "mlops-maturity")
    sections = q.sections[: (len(q.sections) + 1) // 2] if part == "half" else q.sections
    answers: dict[str, Any] = {}
    n = 0
    for section in sections:
        for item in section.items:
            value = item.scale.options[(n * 7) % len(item.scale.options)].id
            note = f"Note {n} on {item.id}: agreed with the platform team."
            answers[item.id] = (value, note) if n % 3 == 0 else value
            n += 1
    return answers


def made(portal: Portal, capsys, tmp_path: Path, part: str) -> tuple[list[str], dict]:
    answers = answers_of(portal, part)
    path = results(
        portal,
        "ana",
        answers,
        ident="mlops-maturity",
        respondent={"name": "Ana Example", "team": "Payments ML"},
    )
    target = tmp_path / "report.pdf"
    status, out, err = run(portal, capsys, "report", path, "--format", "pdf", "-o", target)
    assert (status, out) == (0, "") and err.startswith("wrote "), err
    pdf = PdfReader(io.BytesIO(target.read_bytes()))
    with capsys.disabled():
        print(f"\nPDF report, {part}: {len(pdf.pages)} pages")
    return [page.extract_text() for page in pdf.pages], answers


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("part", ["full", "half"])
def test_the_pdf_report_is_laid_out_like_the_printed_one(portal, capsys, tmp_path, part):
    pages, answers = made(portal, capsys, tmp_path, part)
    q = questionnaire(portal, "mlops-maturity")
    first = flat(pages[0])
    for text in ("Results: MLOps Maturity Assessment", "Ana Example, Payments ML", "Overall score"):
        assert flat(text) in first
    for section in q.sections:  # the section table, whole on page 1
        assert flat(f"{section.number}. {section.title}") in first
    assert flat("Section scores.") in first
    assert pages[1].lstrip().startswith("Action plan")
    headings = {flat(f"{s.number}. {s.title}") for s in q.sections} | {
        flat(t) for t in ("Action plan", "All answers", "Verdict", "Score per section")
    }
    for number, text in enumerate(pages, 1):
        body = re.sub(r"From ana\.json|\d+ / \d+", "", text)
        last = [line for line in body.splitlines() if line.strip()][-1]
        assert flat(re.sub(r" \(\d+(\.\d)?\)$", "", last)) not in headings, (number, last)
        assert "From ana.json" in text and f"{number} / {len(pages)}" in text
    whole = flat("".join(pages))
    notes = [a[1] for a in answers.values() if isinstance(a, tuple)]
    assert notes and all(flat(note) in whole for note in notes)
    assert flat("All answers") in whole
    assert (flat("Not answered") in whole) == (part == "half")


def test_a_pdf_report_fetches_nothing_an_explanation_names(portal, capsys, tmp_path, monkeypatch):
    fetched: list[str] = []
    html = report.html

    def with_images(results: Any, today: Any = None, order: str = "rank") -> str:
        images = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        return html(results, today, order).replace("</main>", images + "</main>")

    monkeypatch.setattr(report, "html", with_images)
    refuse = report._refuse

    def spy(url: str) -> Any:
        fetched.append(url)
        return refuse(url)

    monkeypatch.setattr(report, "_refuse", spy)
    path = results(portal, "ana", {}, ident="mlops-maturity")
    status, _, err = run(
        portal, capsys, "report", path, "--format", "pdf", "-o", tmp_path / "r.pdf"
    )
    assert status == 0, err
    assert fetched == ["file:///etc/passwd", "http://127.0.0.1:9/x.png"]  # asked, and refused
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_without_weasyprint_the_pdf_report_says_how_to_get_it(
    portal, capsys, tmp_path, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when not installed
    path = results(portal, "ana", {}, ident="mlops-maturity")
    status, out, err = run(
        portal, capsys, "report", path, "--format", "pdf", "-o", tmp_path / "r.pdf"
    )
    assert (status, out) == (1, "")
    assert "pip install 'selfassess[pdf]'" in err
    assert not (tmp_path / "r.pdf").exists()


def test_a_pdf_report_needs_a_file_to_go_to(portal, capsys):
    path = results(portal, "ana", {}, ident="mlops-maturity")
    status, out, err = run(portal, capsys, "report", path, "--format", "pdf")
    assert (status, out) == (2, "")
    assert "-o FILE.pdf" in err
