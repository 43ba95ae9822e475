"""Share link, Create issue, CSV download and the action plan's filter, in a real Chromium.

A share link carries the answers in the results page's fragment, deflated and base64url encoded;
whoever opens it sees the results read-only, in a browser with nothing stored, and only an
explicit "Use these answers…" writes them. A damaged or hostile link says so and changes nothing.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from selfassess.questionnaire.portal import Portal

from .conftest import about_shipped, built_and_served, make_project

# The import dialog's confirmation: "Replace…" over answers, "Import…" into none.
CONFIRM_IMPORT = re.compile("^(Replace my answers|Import the answers)$")

pytestmark = about_shipped("mlops-maturity")

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

QID = "mlops-maturity"
SECTION = f"/{QID}/documentation/"
RESULTS = f"/{QID}/results/"
ISSUES = "https://github.com/acme/platform/issues/new?title={title}&body={body}"
# What the person who shares has answered: a gap with a note, a yes, a not applicable, an extended
# statement with a gap in section 7, and the context.
ANSWERS = {
    "business-goals-kpis": "no",
    "team-responsibilities": "yes",
    "data-definition": "na",
}
NOTE = 'Only the charter, "v2", for now'


# --- helpers -------------------------------------------------------------------------------------


def visit(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.locator(".sa-page[data-sa-mounted]").wait_for(state="attached")


def answer(page, item: str, value: str) -> None:
    page.locator(f"#{item} label.sa-option").filter(
        has=page.locator(f'input[value="{value}"]')
    ).click()


def write_note(page, item: str, text: str) -> None:
    page.locator(f"#{item} .sa-note-toggle").click()
    page.locator(f"#{item} textarea").fill(text)


def record(page) -> dict[str, Any]:
    return page.evaluate("() => JSON.parse(JSON.stringify(window.selfassess.current().record))")


def stored_keys(page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage)")


def stored(page) -> dict[str, str]:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def scores_shown(page) -> list[str]:
    """The overall score and each row of the score table, as a person reads them."""
    rows = page.locator("[data-sa-part=sections] tbody tr").all_inner_texts()
    return [page.locator(".sa-overall").inner_text(), *rows]


def answered(page, url: str, *, name: str = "", note: str = "") -> None:
    """Answer ANSWERS (and a note on the gap) on the first section page, then open the results."""
    visit(page, url + SECTION)
    for item, value in ANSWERS.items():
        answer(page, item, value)
    if note:
        write_note(page, "business-goals-kpis", note)
    visit(page, url + RESULTS)
    if name:
        page.get_by_label("Name").fill(name)


def copy_link(page, *, notes: bool = False) -> str:
    if notes:
        page.get_by_label("Include my notes").check()
    # Emptied first: the status of an earlier copy still says "Link copied" while this one works.
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".sa-share__status")).to_contain_text("Link copied")
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    return page.evaluate("() => navigator.clipboard.readText()")


def fragment(data: Any, *, raw: bytes | None = None) -> str:
    """A share fragment as the site makes one: JSON, raw deflate, base64url without padding."""
    text = raw if raw is not None else json.dumps(data).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(text) + packer.flush()
    return "#share=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))


@pytest.fixture
def sharer(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()


@pytest.fixture
def colleague(browser):
    """A second browser context: its own, empty storage, as on a colleague's machine."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture(scope="module")
def issue_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped portal built with extra.selfassess.new_issue_url set, served over HTTP."""
    portal = make_project(tmp_path_factory.mktemp("issues") / "portal")
    config = portal.config_file.read_text(encoding="utf-8")
    config = config.replace("  selfassess:\n", f"  selfassess:\n    new_issue_url: {ISSUES}\n", 1)
    portal.config_file.write_text(config, encoding="utf-8")
    with built_and_served(Portal.load(portal.root)) as url:
        yield url


# --- share link: round trip ----------------------------------------------------------------------


def test_a_shared_link_shows_the_same_results_read_only_and_imports_on_request(
    sharer, colleague, site_url: str
):
    page = sharer.new_page()
    answered(page, site_url, name="Ann", note=NOTE)
    expect(page.locator(".sa-share")).to_contain_text("never send to a server")
    link = copy_link(page)
    assert link.startswith(f"{site_url}{RESULTS}#share=")
    shared_record, shared_scores = record(page), scores_shown(page)

    other = colleague.new_page()
    visit(other, link)
    viewing = other.locator(".sa-viewing .sa-banner")
    expect(viewing).to_contain_text("You are looking at “Link from Ann”, read-only.")
    assert scores_shown(other) == shared_scores
    expect(other.locator(".sa-respondent-line")).to_contain_text("Ann")
    expect(other.locator("[data-sa-part=plan]")).to_contain_text("Your answer: No")
    expect(other.locator("[data-sa-part=plan]")).not_to_contain_text(NOTE)  # not ticked
    assert not any(k.startswith("selfassess:") for k in stored_keys(other))  # nothing written

    # The link stays in the address while it shows: a reload shows it again, still unstored.
    other.reload(wait_until="domcontentloaded")
    expect(viewing).to_contain_text("read-only")
    assert not any(k.startswith("selfassess:") for k in stored_keys(other))

    viewing.get_by_role("button", name="Use these answers…").click()
    dialog = other.locator("dialog.sa-dialog")
    expect(dialog).to_contain_text("“Link from Ann” holds 3 answers")
    dialog.get_by_role("button", name="Cancel").click()
    assert not any(k.startswith("selfassess:") for k in stored_keys(other))
    viewing.get_by_role("button", name="Use these answers…").click()
    dialog.get_by_role("button", name=CONFIRM_IMPORT).click()
    expect(other.locator(".sa-viewing .sa-banner")).to_have_count(0)
    assert "#" not in other.url  # the fragment is gone: a reload shows the person's own answers
    mine = record(other)
    assert mine["answers"] == {k: {"value": v} for k, v in ANSWERS.items()}
    assert mine["respondent"] == shared_record["respondent"] == {"name": "Ann", "team": ""}
    [key] = [k for k in stored_keys(other) if k.startswith("selfassess:")]
    assert json.loads(stored(other)[key])["answers"] == mine["answers"]
    other.reload(wait_until="domcontentloaded")
    expect(other.locator(".sa-viewing .sa-banner")).to_have_count(0)
    assert scores_shown(other) == shared_scores


def test_notes_travel_only_when_ticked_and_back_drops_the_fragment(
    sharer, colleague, site_url: str
):
    page = sharer.new_page()
    answered(page, site_url, note=NOTE)
    without, with_notes = copy_link(page), copy_link(page, notes=True)
    assert len(with_notes) > len(without)

    other = colleague.new_page()
    visit(other, with_notes)
    expect(other.locator(".sa-viewing")).to_contain_text("“Shared link”")
    expect(other.locator(".sa-gap__note")).to_have_text(f"Your note: {NOTE}")
    other.get_by_role("button", name="Back to your answers").click()
    expect(other.locator(".sa-viewing .sa-banner")).to_have_count(0)
    assert "#" not in other.url
    expect(other.locator("[data-sa-part=summary]")).to_contain_text("not answered any statement")

    # A link pasted into the address bar of an open results page shows at once.
    other.goto(without)
    expect(other.locator(".sa-viewing")).to_contain_text("“Shared link”")
    expect(other.locator(".sa-gap__note")).to_have_count(0)


def test_the_link_is_offered_in_a_field_when_the_clipboard_is_refused(colleague, site_url: str):
    colleague.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new Error('NotAllowedError'));"
    )
    page = colleague.new_page()
    answered(page, site_url)
    page.get_by_role("button", name="Copy link").click()
    field = page.get_by_label("The browser did not let the page copy the link.")
    expect(field).to_be_visible()
    expect(field).to_be_focused()
    link = field.input_value()
    assert link.startswith(f"{site_url}{RESULTS}#share=")
    selected = "e => e.value.slice(e.selectionStart, e.selectionEnd)"
    assert field.evaluate(selected) == link  # selected, ready to copy
    other = colleague.new_page()
    visit(other, link)
    expect(other.locator(".sa-viewing")).to_contain_text("read-only")


# --- share link: damaged and hostile links -------------------------------------------------------


def _payload(model: dict, **fields: Any) -> dict[str, Any]:
    items = [i for s in model["sections"] for i in s["items"]]
    data = {
        "f": 1,
        "q": model["id"],
        "v": model["version"],
        "d": model["digest"].removeprefix("sha256:")[:16],
        "a": "1" + "." * (len(items) - 1),  # the first statement answered "No" (option 1)
        "u": "2026-01-01T00:00:00.000Z",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


DAMAGED = "damaged or incomplete"
TAMPERED: dict[str, tuple[Any, list[str]]] = {
    "not base64": (lambda m: "#share=%%%not*base64", [DAMAGED]),
    "not deflate": (
        lambda m: "#share=" + base64.urlsafe_b64encode(b"\xff" * 40).decode().rstrip("="),
        [DAMAGED],
    ),
    "zip bomb": (lambda m: fragment(None, raw=b" " * (8 * 1024 * 1024)), ["more than", "1 MB"]),
    "not JSON": (lambda m: fragment(None, raw=b"answers: yes"), [DAMAGED]),
    "a list": (lambda m: fragment([_payload(m)]), [DAMAGED]),
    "answers too short": (lambda m: fragment(_payload(m, a="11")), [DAMAGED]),
    "answers not text": (
        lambda m: fragment(_payload(m, a={"business-goals-kpis": "no"})),
        [DAMAGED],
    ),
    "no such option": (
        lambda m: fragment(_payload(m, a="9" + _payload(m)["a"][1:])),
        ["do not fit", "answer “9” to 1.1"],
    ),
    "unknown item": (
        lambda m: fragment(_payload(m, n={"no-such-statement": "hi"})),
        ["do not fit", "“no-such-statement”"],
    ),
    "__proto__": (
        lambda m: fragment(
            _payload(m, n={"__proto__": "x"}, c={"__proto__": ["batch"]}, r={"__proto__": 1})
        ),
        ["do not fit", "“__proto__”"],
    ),
    "other questionnaire": (
        lambda m: fragment(_payload(m, q="mlops-scorecard")),
        ["another questionnaire", "“mlops-scorecard”"],
    ),
    "other version": (
        lambda m: fragment(_payload(m, v="0.9", d="0123456789abcdef")),
        ["another version", "(0.9; this is 1.0)"],
    ),
}


def test_a_damaged_or_hostile_link_says_so_and_changes_nothing(colleague, site_url, model):
    page = colleague.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    before = stored(page)
    for case, (make, words) in TAMPERED.items():
        page.goto("about:blank")  # a fresh page load each time, as opening a link is
        visit(page, site_url + RESULTS + make(model))
        failure = page.locator(".sa-share-messages .sa-banner.failure")
        expect(failure, case).to_contain_text("This shared link cannot be shown:")
        for text in words:
            expect(failure, case).to_contain_text(text)
        expect(failure, case).to_contain_text("Your answers are unchanged.")
        expect(page.locator(".sa-viewing .sa-banner"), case).to_have_count(0)
        assert record(page)["answers"] == {"business-goals-kpis": {"value": "yes"}}, case
        assert stored(page) == before, case
        assert page.evaluate("() => Object.keys(Object.prototype).length") == 0, case

    # A well-formed link made here, as a check of the helpers above: it shows.
    visit(page, site_url + RESULTS + fragment(_payload(model)))
    expect(page.locator(".sa-viewing")).to_contain_text("read-only")
    expect(page.locator("[data-sa-part=plan]")).to_contain_text("Your answer: No")
    assert stored(page) == before


# --- a link that inflates without end is stopped while it inflates ------------------------------


def inflating_fragment(zeros: int) -> str:
    """A link of a few hundred KB that inflates to `zeros` bytes, packed without holding them."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = bytes(1024 * 1024)
    packed = b"".join(packer.compress(piece) for _ in range(zeros // len(piece))) + packer.flush()
    return "#share=" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def renderers() -> dict[int, Path]:
    """Chromium's renderer processes started by this test run, by pid."""
    mine, found = os.getpid(), {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if b"--type=renderer" not in (status.parent / "cmdline").read_bytes():
                continue
            pid = int(status.parent.name)
            parent = pid
            while parent > 1 and parent != mine:
                stat = (Path("/proc") / str(parent) / "stat").read_text()
                parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == mine:
                found[pid] = status
        except (OSError, ValueError):
            continue
    return found


def memory_kb(status: Path, field: str) -> int:
    line = next(x for x in status.read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1])


def test_a_link_that_inflates_to_400_mb_stops_at_the_limit_with_bounded_memory(colleague, site_url):
    bomb = inflating_fragment(400 * 1024 * 1024)
    assert len(bomb) < 600_000  # well under the 2,097,152 characters a fragment may have
    page = colleague.new_page()
    visit(page, site_url + RESULTS)
    tabs = renderers()
    if not tabs:
        pytest.skip("Chromium's renderer processes cannot be found in /proc")
    for status in tabs.values():  # the peak resident size starts again from now
        (status.parent / "clear_refs").write_text("5")
    before = {pid: memory_kb(status, "VmRSS") for pid, status in tabs.items()}
    cdp = page.context.new_cdp_session(page)
    heap_before = cdp.send("Runtime.getHeapUsage")["usedSize"]
    # The longest time the page did not run a timer: what a person sees as a frozen tab.
    page.evaluate("""() => {
      window.longestStall = 0;
      let last = performance.now();
      window.stallProbe = setInterval(() => {
        const now = performance.now();
        window.longestStall = Math.max(window.longestStall, now - last);
        last = now;
      }, 10);
    }""")
    started = time.perf_counter()
    page.evaluate("(fragment) => { window.location.hash = fragment; }", bomb)
    failure = page.locator(".sa-share-messages .sa-banner.failure")
    expect(failure).to_contain_text("This shared link cannot be shown:")
    expect(failure).to_contain_text("more than a results file may (1 MB)")
    seconds = time.perf_counter() - started
    stall = page.evaluate("() => { clearInterval(window.stallProbe); return window.longestStall; }")
    heap_after = cdp.send("Runtime.getHeapUsage")["usedSize"]
    growth = max(memory_kb(status, "VmHWM") - before[pid] for pid, status in tabs.items())
    print(
        f"\n400 MB share bomb: peak growth of the tab {growth / 1024:.0f} MB, JS heap "
        f"{(heap_after - heap_before) / 2**20:+.1f} MB, longest stall {stall:.0f} ms, "
        f"message after {seconds:.2f} s"
    )
    assert growth < 200 * 1024  # about 50 MB; 850 MB when it was checked only after inflating
    assert record(page)["answers"] == {}


# --- Create issue --------------------------------------------------------------------------------


def test_each_gap_links_to_a_prefilled_new_issue_without_a_request(browser, issue_site_url, model):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(issue_site_url) else None
    )
    visit(page, issue_site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    write_note(page, "business-goals-kpis", NOTE)
    answer(page, "team-responsibilities", "no")
    write_note(page, "team-responsibilities", "x" * 10_000)  # too long for an address: cut
    visit(page, issue_site_url + RESULTS)
    links = page.get_by_role("link", name="Create issue")
    expect(links).to_have_count(2)
    first = page.get_by_role("link", name="Create issue for statement 1.1 (opens in a new tab)")
    expect(first).to_have_attribute("target", "_blank")
    expect(first).to_have_attribute("rel", "noopener")
    href = first.get_attribute("href")
    assert href.startswith("https://github.com/acme/platform/issues/new?title=")
    query = parse_qs(urlsplit(href).query)
    item = model["sections"][0]["items"][0]
    assert query["title"] == [item["text"]]
    [body] = query["body"]
    assert body.startswith(
        "Statement 1.1 of the self-assessment “MLOps Maturity Assessment” (version 1.0).\n"
        f"Current answer: No\nNote: {NOTE}\n\nWhy it matters."
    )
    assert "<" not in body  # the explanation as plain text, not its HTML
    second = page.get_by_role("link", name="Create issue for statement 1.2 (opens in a new tab)")
    long = second.get_attribute("href")
    assert len(long) <= 8000
    assert parse_qs(urlsplit(long).query)["body"][0].endswith("… (shortened)")
    assert outside == []  # nothing is sent before a click
    page.emulate_media(media="print")  # paper cannot follow links
    expect(first).to_be_hidden()
    context.close()


def test_no_create_issue_link_without_the_setting(colleague, site_url: str):
    page = colleague.new_page()
    answered(page, site_url)
    expect(page.locator(".sa-gap")).to_have_count(1)
    expect(page.get_by_role("link", name="Create issue")).to_have_count(0)


# --- CSV -----------------------------------------------------------------------------------------


def test_the_csv_download_has_every_statement_quoted_for_a_spreadsheet(colleague, site_url, model):
    page = colleague.new_page()
    visit(page, site_url + SECTION)
    for item, value in ANSWERS.items():
        answer(page, item, value)
    write_note(page, "business-goals-kpis", 'Two lines,\n"quoted"')
    write_note(page, "team-responsibilities", '=HYPERLINK("http://evil")')
    visit(page, site_url + RESULTS)
    page.get_by_label("Team or project").fill("Recommendations")  # no name: the team rates
    with page.expect_download() as info:
        page.get_by_role("button", name="Download answers (CSV)").click()
    download = info.value
    assert download.suggested_filename.startswith(f"{QID}-answers-")
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text
    assert text.splitlines()[0] == (
        "rater,file,questionnaire,version,section_id,section,item_id,number,statement,"
        "answer_id,answer,score,note"
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    items = [i for s in model["sections"] for i in s["items"]]
    assert [r["item_id"] for r in rows] == [i["id"] for i in items]  # every statement, in order
    by_id = {r["item_id"]: r for r in rows}
    first = by_id["business-goals-kpis"]
    assert first["rater"] == "Recommendations"
    assert (first["file"], first["questionnaire"], first["version"]) == ("", QID, "1.0")
    assert (first["section_id"], first["number"]) == ("documentation", "1.1")
    assert (first["answer_id"], first["answer"], first["score"]) == ("no", "No", "0")
    assert first["note"] == 'Two lines,\n"quoted"'
    assert '"Two lines,\n""quoted"""' in text  # RFC 4180: doubled quotes, a quoted line break
    assert by_id["team-responsibilities"]["score"] == "100"
    assert by_id["team-responsibilities"]["note"] == '\'=HYPERLINK("http://evil")'
    assert (by_id["data-definition"]["answer_id"], by_id["data-definition"]["answer"]) == (
        "na",
        "Not applicable",
    )
    assert by_id["data-definition"]["score"] == ""
    unanswered = by_id[items[-1]["id"]]
    assert (unanswered["answer_id"], unanswered["answer"], unanswered["score"]) == ("", "", "")


# --- the action plan: counts and filter ----------------------------------------------------------


def test_the_plan_states_its_counts_and_filters_by_section_and_tier(colleague, site_url, model):
    page = colleague.new_page()
    sections = {s["id"]: s for s in model["sections"]}
    extended = next(i for s in model["sections"] for i in s["items"] if i["tier"] == "extended")
    ext_section = next(s for s in model["sections"] if extended in s["items"])
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    answer(page, "team-responsibilities", "no")
    answer(page, "data-definition", "yes")
    visit(page, f"{site_url}/{QID}/{ext_section['id']}/")
    answer(page, extended["id"], "no")
    visit(page, site_url + RESULTS)
    total = sum(len(s["items"]) for s in sections.values())
    plan = page.locator("[data-sa-part=plan]")
    expect(plan.locator(".sa-plan-counts")).to_have_text(
        f"{total} statements: {total} apply to you, 4 answered, 3 gaps, "
        f"{total - 4} not answered yet."
    )
    showing = plan.locator(".sa-plan-showing")
    expect(showing).to_have_text(
        f"Showing 3 of 3 gaps. Showing {total - 4} of {total - 4} unanswered statements."
    )
    # Long unanswered lists start folded.
    folded = plan.locator("details.sa-unanswered-all")
    expect(folded.locator("summary")).to_have_text(f"Show the {total - 4} statements")
    expect(folded).not_to_have_attribute("open", "")

    plan.get_by_label("Section").select_option(label="1. Documentation")
    n_doc = len(sections["documentation"]["items"])
    expect(showing).to_have_text(
        f"Showing 2 of 3 gaps. Showing {n_doc - 3} of {total - 4} unanswered statements."
    )
    expect(plan.locator(".sa-gap")).to_have_count(2)
    plan.get_by_label("Practices").select_option(label="Extended only")
    expect(plan.locator(".sa-gap")).to_have_count(0)
    expect(plan).to_contain_text("Nothing in the plan matches this filter.")
    plan.get_by_label("Section").select_option(label="All sections")
    expect(plan.locator(".sa-gap")).to_have_count(1)
    expect(plan.locator(".sa-gap")).to_contain_text(extended["text"])

    # Answers changing (here in another tab) keep the filter and update the counts.
    tab = colleague.new_page()
    visit(tab, f"{site_url}/{QID}/{ext_section['id']}/")
    for item in ext_section["items"]:
        if item["tier"] == "extended" and item["id"] != extended["id"]:
            answer(tab, item["id"], "no")
            break
    expect(plan.locator(".sa-plan-counts")).to_contain_text("5 answered, 4 gaps")
    expect(plan.get_by_label("Practices")).to_have_value("extended")
    expect(plan.locator(".sa-gap")).to_have_count(2)
    expect(showing).to_contain_text("Showing 2 of 4 gaps.")
    # Printed as filtered, with the line that says so; the controls stay on screen.
    on_screen = showing.inner_text()
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(plan).to_be_hidden()
    report = page.locator(".sa-print")
    expect(report.locator(".sa-report__filtered")).to_have_text(on_screen)
    expect(report.locator(".sa-report__gap")).to_have_count(2)
    expect(report.locator(".sa-plan-filter, select")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_filter_share_and_issue_links(
    browser, issue_site_url, scheme
):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    visit(page, issue_site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    visit(page, issue_site_url + RESULTS)
    plan = page.locator("[data-sa-part=plan]")
    plan.get_by_label("Practices").select_option(label="Core only")
    plan.locator("details.sa-unanswered-all summary").click()
    page.get_by_role("button", name="Copy link").click()  # and what it says after
    expect(page.locator(".sa-share__status")).not_to_be_empty()
    violations = axe.run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
