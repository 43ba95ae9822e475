"""The printed report of the results page, read back from the PDF Chromium makes of it: page 1 is
the summary, no page ends with a heading, nothing of the screen's controls is on paper, every note
is, and printing changes nothing that was answered. Light on paper whatever the screen's palette.

Page counts (A4, Chromium 156, light and dark alike): Maturity Assessment 14 fully answered, 13
half; Scorecard 16 and 11. The test prints them rather than asserts them: they follow the
questionnaires' text."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import about_shipped

SHIPPED = {"mlops-maturity": "documentation", "mlops-scorecard": "governance"}

# What the screen shows and paper must not: controls, folds, counters, prompts to go on.
SCREEN_ONLY = [
    "Continue with",
    "Show the other",
    "Show the ",
    "Download",
    "Import results",
    "Delete all answers",
    "Print or save as PDF",
    "Copy link",
    "Create issue",
    "Stop comparing",
    "Section and practices",
    "¶",
]

# Answers for a whole questionnaire, or its first half of sections: every scale's options in
# turn, a note on every third statement (on best answers too), and a respondent.
FILL = """([qid, part]) => {
  const key = Object.keys(localStorage).find((k) => k.endsWith(":" + qid));
  const record = JSON.parse(localStorage.getItem(key));
  const model = JSON.parse(document.querySelector(".sa-page").dataset.saModel);
  const half = Math.ceil(model.sections.length / 2);
  const sections = part === "half" ? model.sections.slice(0, half) : model.sections;
  let n = 0;
  for (const section of sections)
    for (const item of section.items) {
      const options = Object.keys(model.scale_labels[item.scale]);
      const value = options[(n * 7) % options.length];
      const note = `Note ${n} on ${item.id}: agreed with the platform team.`;
      record.answers[item.id] = n % 3 === 0 ? { value, note } : { value };
      n += 1;
    }
  record.respondent = { name: "Ana Example", team: "Payments ML" };
  localStorage.setItem(key, JSON.stringify(record));
  return record;
}"""


def answered(page: Page, site_url: str, qid: str, part: str) -> dict[str, Any]:
    page.goto(f"{site_url}/{qid}/{SHIPPED[qid]}/")
    page.locator(".sa-item label.sa-option").first.click()  # makes the stored record
    record = page.evaluate(FILL, [qid, part])
    page.goto(f"{site_url}/{qid}/results/")
    expect(page.locator(".sa-page[data-sa-mounted]")).to_have_count(1)
    return record


def print_pdf(page: Page) -> tuple[PdfReader, list[str]]:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    return pdf, [p.extract_text() for p in pdf.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def content_lines(text: str) -> list[str]:
    """A page's lines without its footer (the address and 'n / m')."""
    text = re.sub(r"\d+ / \d+|From http\S+/results/", "\n", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(params=["light", "dark"])
def scheme(request) -> str:
    return request.param


@about_shipped(*SHIPPED)
@pytest.mark.parametrize("qid", SHIPPED)
@pytest.mark.parametrize("part", ["full", "half"])
def test_the_printed_report_reads_as_a_report(browser, site_url, qid, part, scheme, capsys):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    record = answered(page, site_url, qid, part)
    stored = page.evaluate("() => ({...localStorage})")

    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    report = page.locator(".sa-print")
    # Light on paper: dark text whatever the screen's palette.
    assert report.locator("h1").evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    expect(page.locator(".md-content .sa-results")).to_be_hidden()
    headings = [flat(t) for t in report.locator("h1, h2, h3").all_inner_texts()]
    sections = report.locator(".sa-report__summary tbody th").all_inner_texts()
    verdicts = report.locator(".sa-report__verdict .admonition-title").all_inner_texts()
    pdf, pages = print_pdf(page)
    with capsys.disabled():
        print(f"\n{qid} {part} {scheme}: {len(pdf.pages)} pages")

    # Page 1 holds the whole summary; the action plan starts page 2.
    first = flat(pages[0])
    for text in ["Results:", "Ana Example, Payments ML", "Overall score", *verdicts, *sections]:
        assert flat(text) in first, text
    assert flat("Section scores.") in first
    assert content_lines(pages[1])[0] == "Action plan"
    # No page ends with a heading; nothing of the screen's controls is printed.
    for number, text in enumerate(pages, 1):
        last = content_lines(text)[-1]
        assert flat(last) not in headings, f"page {number} ends with the heading {last!r}"
        for words in SCREEN_ONLY:
            assert words not in text, f"{words!r} printed on page {number}"
    # Every note is on paper, and the appendix lists every statement.
    whole = flat("".join(pages))
    notes = [a["note"] for a in record["answers"].values() if a.get("note")]
    assert notes and all(flat(note) in whole for note in notes)
    assert "Allanswers" in whole
    if part == "half":
        assert "Notanswered" in whole
    # The address in the footer, without a fragment; printing changed nothing stored.
    assert f"From {site_url}/{qid}/results/" in pages[-1]
    assert page.evaluate("() => ({...localStorage})") == stored
    assert errors == []
    context.close()


@about_shipped("mlops-maturity")
def test_printing_a_shared_link_keeps_its_answers_off_the_footer(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    answered(page, site_url, "mlops-maturity", "half")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".sa-share__status")).to_contain_text("Link copied")
    link = page.evaluate("() => navigator.clipboard.readText()")
    assert "#share=" in link
    page.evaluate("() => localStorage.clear()")
    page.goto(link)
    page.reload()
    expect(page.locator(".sa-viewing .sa-banner")).to_be_visible()
    _, pages = print_pdf(page)
    footer = re.findall(r"From \S+/results/\S*", pages[0])
    assert footer == [f"From {site_url}/mlops-maturity/results/"]
    assert "Ana Example" in pages[0]  # the shared answers are the ones printed
    context.close()
