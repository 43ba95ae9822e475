"""What the assessment does when things go wrong, in a real Chromium over HTTP.

Imported results files are untrusted: a file that cannot be used is refused with a message that
says why, a file that partly fits is imported without the parts that do not (and says which), and
nothing in a file reaches the page as markup or an object's prototype. Storage can be blocked,
full, corrupt or from an older version of the questionnaire: each case is said on the page, and no
answer is lost. Every test runs in its own browser context, so storage starts empty.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import about_shipped

# The import dialog's confirmation: "Replace…" over answers, "Import…" into none.
CONFIRM_IMPORT = re.compile("^(Replace my answers|Import the answers)$")

pytestmark = about_shipped()

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

QID = "mlops-maturity"
SECTION = f"/{QID}/documentation/"
RESULTS = f"/{QID}/results/"
MAX_FILE_BYTES = 1024 * 1024
# What each import test starts from, answered by clicking on the section page.
BEFORE = {"business-goals-kpis": "yes", "team-responsibilities": "no", "data-definition": "na"}
BEFORE_ANSWERS = {item: {"value": value} for item, value in BEFORE.items()}
HOSTILE = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>'
LQ, RQ = "\u201c", "\u201d"  # the quotation marks the messages put around names


def quoted(text: str) -> str:
    return f"{LQ}{text}{RQ}"


# --- helpers -------------------------------------------------------------------------------------


def visit(page, url: str) -> None:
    """Open a questionnaire page and wait until the app has taken it over."""
    page.goto(url, wait_until="domcontentloaded")
    page.locator(".sa-page[data-sa-mounted]").wait_for(state="attached")


def reload(page) -> None:
    page.reload(wait_until="domcontentloaded")
    page.locator(".sa-page[data-sa-mounted]").wait_for(state="attached")


def answer(page, item: str, value: str) -> None:
    """Click the label of one choice, as a person does."""
    page.locator(f"#{item} label.sa-option").filter(
        has=page.locator(f'input[value="{value}"]')
    ).click()


def checked(page, item: str) -> str | None:
    """The value of the checked radio of an item, or None."""
    return page.evaluate(
        "name => document.querySelector(`input[name='${name}']:checked`)?.value ?? null",
        f"sa-{item}",
    )


def current(page) -> dict[str, Any]:
    """The record the page works with (`window.selfassess.current()`), as plain JSON."""
    return page.evaluate("() => JSON.parse(JSON.stringify(window.selfassess.current().record))")


def record_key(page) -> str:
    """The storage key of the questionnaire's record, found among the keys after an answer."""
    keys = page.evaluate("() => Object.keys(localStorage)")
    found = [k for k in keys if k.endswith(f":{QID}") and k.startswith("selfassess:")]
    assert len(found) == 1, keys
    return found[0]


def stored(page, key: str) -> dict[str, Any] | None:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def aside_keys(page, key: str) -> list[str]:
    return page.evaluate(
        "key => Object.keys(localStorage).filter((k) => k.startsWith(key + ':aside:'))", key
    )


def results_file(model: dict, answers: dict, **fields: Any) -> dict[str, Any]:
    """A results file for the built questionnaire; `fields` replace or add top-level fields."""
    about = {"id": model["id"], "version": model["version"], "digest": model["digest"]}
    data = {
        "format": "selfassess-results",
        "format_version": 1,
        "questionnaire": about,
        "respondent": {"name": "", "team": ""},
        "context": {},
        "answers": answers,
    }
    data.update(fields)
    return data


def import_file(page, name: str, content: bytes | str | dict | list) -> None:
    """Choose a file in the results page's hidden file input."""
    if isinstance(content, dict | list):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode()
    page.set_input_files(
        ".sa-actions input[type=file]",
        files=[{"name": name, "mimeType": "application/json", "buffer": content}],
    )


def dialog(page):
    return page.locator("dialog.sa-dialog")


def banner(page, kind: str):
    return page.locator(f".sa-messages .sa-banner.{kind}")


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / QID / "questionnaire.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def numbers(model: dict) -> dict[str, str]:
    """Item id -> its number ("1.2"), as the messages name items."""
    return {i["id"]: i["number"] for s in model["sections"] for i in s["items"]}


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def results(context, site_url: str):
    """The results page, after answering BEFORE on the first section page."""
    page = context.new_page()
    visit(page, site_url + SECTION)
    for item, value in BEFORE.items():
        answer(page, item, value)
    page.key = record_key(page)
    visit(page, site_url + RESULTS)
    expect(page.locator(".sa-actions")).to_be_visible()
    assert current(page)["answers"] == BEFORE_ANSWERS
    return page


def assert_unchanged(page) -> None:
    assert current(page)["answers"] == BEFORE_ANSWERS
    assert stored(page, page.key)["answers"] == BEFORE_ANSWERS


# --- import: refused files -----------------------------------------------------------------------


def _padded(model: dict, size: int) -> bytes:
    text = json.dumps(results_file(model, {"business-goals-kpis": {"value": "no"}}))
    return (text + " " * (size - len(text))).encode()


REFUSED = {
    "not-json": ("notes.txt", lambda m: b"these are my answers", ["not a JSON file"]),
    "too-large": ("big.json", lambda m: _padded(m, MAX_FILE_BYTES + 1), ["larger than 1 MB"]),
    "wrong-format": (
        "other.json",
        lambda m: {"format": "something-else"},
        ["not a selfassess results file"],
    ),
    "array": ("list.json", lambda m: [results_file(m, {})], ["not a selfassess results file"]),
    "newer-format": (
        "future.json",
        lambda m: results_file(m, {}, format_version=3),
        ["newer format", "version 3"],
    ),
    "other-questionnaire": (
        "scorecard.json",
        lambda m: results_file(m, {}, questionnaire={"id": "mlops-scorecard", "version": "1.0"}),
        ["another questionnaire", quoted("mlops-scorecard")],
    ),
    # Imported until the depth was scanned, while `selfassess report` called it "not a JSON file".
    "deep-note": (
        "deep.json",
        lambda m: (
            json.dumps(results_file(m, {"business-goals-kpis": {"value": "no"}}))[:-1]
            + ', "x": '
            + "[" * 100_000
            + "]" * 100_000
            + "}"
        ),
        ["nests deeper than 20 levels"],
    ),
    "too-many-answers": (
        "many.json",
        lambda m: results_file(m, {f"x{i}": 0 for i in range(50_001)}),
        ["holds 50001 answers, more than the 50000"],
    ),
}


def test_files_that_cannot_be_used_are_refused_and_change_nothing(results, model):
    # One page tries them all in turn, as a person might; each message replaces the last.
    for case, (name, content, why) in REFUSED.items():
        import_file(results, name, content(model))
        failure = banner(results, "failure")
        expect(failure, case).to_contain_text(f"{quoted(name)} was not imported")
        for words in why:
            expect(failure, case).to_contain_text(words)
        expect(failure, case).to_contain_text("Your answers are unchanged.")
        expect(results.locator(".sa-messages .sa-banner"), case).to_have_count(1)
        expect(dialog(results), case).to_have_count(0)
        assert_unchanged(results)

    import_file(results, "full.json", _padded(model, MAX_FILE_BYTES))  # the limit itself is fine
    expect(dialog(results)).to_be_visible()
    dialog(results).get_by_role("button", name="Cancel").click()
    assert_unchanged(results)


# --- import: partly usable files, confirmation ---------------------------------------------------


def test_unusable_parts_are_listed_before_and_after_import(results, model, numbers):
    data = results_file(
        model,
        {
            "business-goals-kpis": {"value": "no", "note": "Charter only."},
            "team-responsibilities": {"value": "maybe"},
            "model-risk-evaluation": {"value": 3},
            "data-preparation-steps": {"value": "yes", "note": "x" * 20_000},
            "data-definition": {"value": "na"},
            "no-such-statement": {"value": "yes"},
        },
        context={"team-size": ["small"], "use-case": ["batch"]},
    )
    skipped = [
        f"context {quoted('team-size')}, which this questionnaire does not ask",
        f"answer {quoted('maybe')} to {numbers['team-responsibilities']}, which is not one",
        f"answer {quoted('3')} to {numbers['model-risk-evaluation']}, which is not one",
        f"note on {numbers['data-preparation-steps']}: not text, or longer than 10,000",
        f"answer to {quoted('no-such-statement')}, which is not (or no longer) a statement",
    ]
    import_file(results, "mixed.json", data)
    asking = dialog(results)
    expect(asking).to_contain_text("will be skipped")
    expect(asking.locator("li")).to_have_count(len(skipped))
    for text in skipped:
        expect(asking).to_contain_text(text)
    assert_unchanged(results)  # nothing happens before the answer

    asking.get_by_role("button", name=CONFIRM_IMPORT).click()
    expect(asking).to_have_count(0)
    warning = banner(results, "warning")
    expect(warning).to_contain_text(f"Imported 3 answers from {quoted('mixed.json')}")
    expect(warning).to_contain_text("5 parts were skipped")
    expect(warning.locator("li")).to_have_count(len(skipped))
    for text in skipped:
        expect(warning).to_contain_text(text)
    kept = {
        "business-goals-kpis": {"value": "no", "note": "Charter only."},
        "data-preparation-steps": {"value": "yes"},
        "data-definition": {"value": "na"},
    }
    assert current(results)["answers"] == kept
    assert current(results)["context"] == {"use-case": ["batch"]}
    assert stored(results, results.key)["answers"] == kept


def test_thousands_of_unknown_statements_are_counted_and_only_the_first_listed(results, model):
    answers: dict[str, Any] = {f"unknown-statement-{i:06d}": 0 for i in range(31_000)}
    answers["business-goals-kpis"] = {"value": "no"}
    import_file(results, "hostile.json", results_file(model, answers))
    asking = dialog(results)
    expect(asking.locator("li")).to_have_count(21)
    expect(asking.locator("li").first).to_contain_text(quoted("unknown-statement-000000"))
    expect(asking.locator("li").last).to_have_text("…and 30980 more unknown statements")
    asking.get_by_role("button", name=CONFIRM_IMPORT).click()
    warning = banner(results, "warning")
    expect(warning).to_contain_text("31000 parts were skipped")
    expect(warning.locator("li")).to_have_count(21)
    assert current(results)["answers"] == {"business-goals-kpis": {"value": "no"}}


def test_a_file_of_an_older_version_is_imported_with_a_warning(results, model):
    answers = {"model-risk-evaluation": {"value": "yes"}, "model-choice": {"value": "no"}}
    about = {"id": model["id"], "version": "0.9", "digest": "sha256:" + "0" * 64}
    import_file(results, "old.json", results_file(model, answers, questionnaire=about))
    asking = dialog(results)
    expect(asking).to_contain_text(
        f"another version of this questionnaire (0.9; this is {model['version']})"
    )
    asking.get_by_role("button", name=CONFIRM_IMPORT).click()
    warning = banner(results, "warning")
    expect(warning).to_contain_text(f"Imported 2 answers from {quoted('old.json')}")
    expect(warning).to_contain_text("(0.9; this is")
    assert current(results)["answers"] == answers
    saved = stored(results, results.key)
    assert saved["answers"] == answers
    assert saved["questionnaire"]["digest"] == model["digest"]  # now a record of this version
    assert saved["questionnaire"]["version"] == model["version"]


def test_an_older_file_that_fits_is_not_said_to_lose_parts(results, model):
    about = {"id": model["id"], "version": "0.9", "digest": "sha256:" + "0" * 64}
    answers = {"model-choice": {"value": "no"}}
    import_file(results, "old.json", results_file(model, answers, questionnaire=about))
    asking = dialog(results)
    expect(asking).to_be_visible()
    assert "will be skipped" not in asking.inner_text()
    asking.get_by_role("button", name=CONFIRM_IMPORT).click()
    assert "skipped" not in results.locator(".sa-messages .sa-banner").inner_text()


def test_a_file_without_a_date_is_not_given_today(results, model):
    import_file(results, "undated.json", results_file(model, {"model-choice": {"value": "yes"}}))
    asking = dialog(results)
    expect(asking).to_be_visible()
    assert "Answered on" not in asking.inner_text()


def test_cancel_changes_nothing(results, model):
    other = {"business-goals-kpis": {"value": "no"}, "model-choice": {"value": "yes"}}
    import_file(results, "colleague.json", results_file(model, other))
    asking = dialog(results)
    expect(asking).to_contain_text(f"{quoted('colleague.json')} holds 2 answers")
    expect(asking).to_contain_text(
        "4 statements would get a different answer or note"
    )  # 1 changed, 1 new, 2 gone
    asking.get_by_role("button", name="Cancel").click()
    expect(asking).to_have_count(0)
    expect(results.locator(".sa-messages .sa-banner")).to_have_count(0)
    assert_unchanged(results)
    # The same file can be chosen again after Cancel.
    import_file(results, "colleague.json", results_file(model, other))
    expect(dialog(results)).to_be_visible()


# --- import: hostile content ---------------------------------------------------------------------


def test_hostile_text_stays_text_and_prototypes_stay_clean(results, model, site_url):
    item = "business-goals-kpis"
    about = {"id": model["id"], "version": model["version"], "digest": model["digest"]}
    # Written by hand: json.dumps of a dict cannot make "__proto__" an own key of the parsed
    # object, JSON.parse in the page does.
    text = (
        '{"format": "selfassess-results", "format_version": 1,'
        f' "questionnaire": {json.dumps(about)},'
        f' "respondent": {{"name": {json.dumps(HOSTILE)}, "team": "Red team"}},'
        ' "context": {"__proto__": ["batch"], "constructor": ["batch"]},'
        ' "answers": {'
        '  "__proto__": {"value": "yes", "polluted": true},'
        '  "constructor": {"value": "yes"},'
        f'  "{item}": {{"value": "no", "note": {json.dumps(HOSTILE)}}}'
        "}}"
    )
    prototype_before = results.evaluate("() => Object.getOwnPropertyNames(Object.prototype)")
    import_file(results, "hostile.json", text)
    asking = dialog(results)
    for key in ["__proto__", "constructor"]:
        expect(asking).to_contain_text(f"answer to {quoted(key)}, which is not (or no longer)")
        expect(asking).to_contain_text(f"context {quoted(key)}, which this questionnaire does")
    expect(asking).to_contain_text(f"Answered by {HOSTILE}")  # the name, as text
    assert asking.locator("img, script").count() == 0
    asking.get_by_role("button", name=CONFIRM_IMPORT).click()
    expect(banner(results, "warning")).to_contain_text("4 parts were skipped")

    record = current(results)
    assert record["answers"] == {item: {"value": "no", "note": HOSTILE}}
    assert record["context"] == {}
    assert record["respondent"] == {"name": HOSTILE, "team": "Red team"}
    note = results.locator(".sa-gap__note")
    expect(note).to_contain_text(HOSTILE)
    assert note.locator("img, script").count() == 0
    expect(results.locator(".sa-respondent input").first).to_have_value(HOSTILE)

    clean = """() => ({}).value === undefined && ({}).polluted === undefined
        && Object.getPrototypeOf(window.selfassess.current().record.answers) === null
        && typeof ({}).constructor === 'function'"""
    assert results.evaluate(clean)
    assert results.evaluate("() => Object.getOwnPropertyNames(Object.prototype)") == (
        prototype_before
    )

    visit(results, site_url + SECTION)
    textarea = results.locator(f"#sa-note-{item}")
    expect(textarea).to_be_visible()  # a stored note opens its box
    expect(textarea).to_have_value(HOSTILE)
    assert results.locator(f"#{item} img, #{item} script").count() == 0
    assert checked(results, item) == "no"
    results.wait_for_load_state("networkidle")
    assert results.evaluate("() => window.__pwned") is None
    assert results.evaluate(clean)


# --- storage -------------------------------------------------------------------------------------

BLOCKED = """Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() { throw new DOMException('blocked', 'SecurityError'); },
});"""

# The keys refused are listed in window.refused; the real setItem stays reachable as
# localStorage.plant(key, value), to put a record in place.
FULL = """{
    const setItem = Storage.prototype.setItem;
    Storage.prototype.plant = setItem;
    Storage.prototype.setItem = function (key, value) {
        if (String(key).startsWith('selfassess:') && key !== 'selfassess:probe') {
            (window.refused = window.refused || []).push(key);
            throw new DOMException('full', 'QuotaExceededError');
        }
        return setItem.call(this, key, value);
    };
}"""


def section_score(page) -> str:
    return page.locator(".sa-status .sa-score").inner_text()


def expected_score(page) -> str:
    """The section score the page computed, formatted as the page formats it."""
    return page.evaluate(
        """() => {
            const s = window.selfassess.current().scores.sections.documentation.score;
            return s === null ? '\u2013' : String(Math.round(s * 10) / 10);
        }"""
    )


MEMORY_ANSWERS = {"business-goals-kpis": {"value": "yes"}, "team-responsibilities": {"value": "no"}}


def test_blocked_storage_warns_and_answering_still_works(context, site_url):
    context.add_init_script(BLOCKED)
    page = context.new_page()
    visit(page, site_url + SECTION)
    notice = page.locator(".sa-page .sa-banner.warning.sa-storage")
    expect(notice).to_contain_text("does not let the site save your answers")
    expect(notice).to_contain_text("download them as a file")
    before = section_score(page)
    answer(page, "business-goals-kpis", "yes")
    answer(page, "team-responsibilities", "no")
    assert checked(page, "business-goals-kpis") == "yes"
    assert current(page)["answers"] == MEMORY_ANSWERS
    score = page.locator(".sa-status .sa-score")
    expect(score).not_to_have_text(before)
    expect(score).to_have_text(expected_score(page))
    expect(page.locator(".sa-status")).to_contain_text("2 of")

    # Material's instant navigation changes page without reloading: memory survives it.
    page.evaluate("() => { window.__samePage = true; }")
    page.locator(".sa-status").get_by_role("link", name="See your results").click()
    page.wait_for_url("**" + RESULTS)
    expect(page.locator("[data-sa-part='summary']")).to_contain_text("2 of")
    assert page.evaluate("() => window.__samePage") is True  # no page load happened
    assert current(page)["answers"] == MEMORY_ANSWERS
    expect(page.locator(".sa-page .sa-banner.sa-storage")).to_contain_text("download them")


def test_full_storage_says_so_and_keeps_answers(context, site_url):
    context.add_init_script(FULL)
    page = context.new_page()
    visit(page, site_url + SECTION)
    expect(page.locator(".sa-page .sa-storage")).to_have_count(0)  # nothing to say yet
    answer(page, "business-goals-kpis", "yes")
    notice = page.locator(".sa-page .sa-banner.warning.sa-storage")
    expect(notice).to_contain_text("storage for this site is full")
    expect(notice).to_contain_text("download them as a file")
    answer(page, "team-responsibilities", "no")
    expect(page.locator(".sa-page .sa-storage")).to_have_count(1)  # said once
    assert current(page)["answers"] == {
        "business-goals-kpis": {"value": "yes"},
        "team-responsibilities": {"value": "no"},
    }
    assert checked(page, "business-goals-kpis") == "yes"
    assert checked(page, "team-responsibilities") == "no"
    expect(page.locator(".sa-status .sa-score")).to_have_text(expected_score(page))


def test_a_corrupt_record_is_not_lost_when_storage_is_full(context, site_url):
    context.add_init_script(FULL)
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")  # in memory only: storage is full
    [key] = page.evaluate("() => window.refused")
    page.evaluate("key => localStorage.plant(key, '{not json')", key)
    reload(page)
    expect(page.locator(".sa-page .sa-banner.failure")).to_contain_text("kept in this browser")
    kept = page.evaluate(
        """key => Object.keys(localStorage).filter((k) => k.startsWith(key))
            .map((k) => localStorage.getItem(k))""",
        key,
    )
    assert "{not json" in kept


FILL_STORAGE = """() => {
    let size = 1 << 20, n = 0;
    while (size >= 64) {
        try { localStorage.setItem(`filler:${n++}`, "x".repeat(size)); } catch { size >>= 1; }
    }
}"""


def unreadable_in_full_storage(context, site_url: str, size: int) -> tuple[Any, str, str]:
    """A page whose stored record is `size` characters that are not JSON, under storage filled
    to the browser's own quota, loaded again."""
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    raw = "{not json " + "x" * size
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    page.evaluate(FILL_STORAGE)
    reload(page)
    return page, key, raw


def test_a_corrupt_record_with_no_room_to_keep_it_aside_is_offered_before_it_is_replaced(
    context, site_url
):
    """Storage really full (the browser's quota), a 3 MB record that cannot be read: it stays where
    it is until it is downloaded; then the answers given meanwhile are saved, and no more."""
    page, key, raw = unreadable_in_full_storage(context, site_url, 3_000_000)

    failure = page.locator(".sa-page .sa-banner.failure")
    expect(failure).to_contain_text("could not be read")
    expect(failure).to_contain_text("storage has no room for that copy")
    answer(page, "team-responsibilities", "no")  # waits in this tab: the record is not replaced
    assert page.evaluate("key => localStorage.getItem(key)", key) == raw
    reload(page)  # as often as the page loads: still there, still offered
    expect(failure).to_contain_text("storage has no room for that copy")
    answer(page, "team-responsibilities", "no")

    with page.expect_download() as info:
        failure.get_by_role("button", name="Download the unreadable record").click()
    assert Path(info.value.path()).read_text(encoding="utf-8") == raw
    expect(failure.get_by_role("status")).to_have_text(
        "Downloaded. Your new answers are saved from now on."
    )
    assert stored(page, key)["answers"] == {"team-responsibilities": {"value": "no"}}
    expect(page.locator(".sa-storage")).to_have_count(0)  # the 3 MB freed: room again
    answer(page, "business-goals-kpis", "yes")
    reload(page)
    expect(page.locator(".sa-page .sa-banner")).to_have_count(0)
    assert checked(page, "business-goals-kpis") == "yes"
    assert checked(page, "team-responsibilities") == "no"


def test_a_held_record_is_kept_aside_once_there_is_room_again(context, site_url):
    page, key, raw = unreadable_in_full_storage(context, site_url, 1_000_000)
    expect(page.locator(".sa-page .sa-banner.failure")).to_contain_text("no room for that copy")
    answer(page, "team-responsibilities", "no")
    # Another tab or site frees room; the person comes back to this tab.
    page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('filler:'))"
        ".forEach(k => localStorage.removeItem(k))"
    )
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    expect(page.locator(".sa-storage")).to_have_count(0)
    [aside] = aside_keys(page, key)
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    assert stored(page, key)["answers"] == {"team-responsibilities": {"value": "no"}}


def test_parts_of_a_stored_record_that_do_not_fit_are_listed_and_kept_aside(context, site_url):
    """A record of this very version with a note over the limit and an answer that is not a
    choice (another tool wrote it, or a hand): nothing is dropped quietly."""
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    record = stored(page, key)
    record["answers"]["team-responsibilities"] = {"value": "no", "note": "n" * 10_001}
    record["answers"]["model-choice"] = {"value": "perhaps"}
    raw = json.dumps(record)
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    reload(page)

    warning = page.locator(".sa-page .sa-banner.warning")
    expect(warning).to_contain_text("2 parts of your saved answers could not be used")
    expect(warning.locator("li")).to_have_text(
        [
            re.compile(r"note on \d+\.\d+: not text, or longer than 10,000 characters"),
            re.compile(r"answer “perhaps” to \d+\.\d+, which is not one of its choices"),
        ]
    )
    [aside] = aside_keys(page, key)
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    assert stored(page, key)["answers"] == {
        "business-goals-kpis": {"value": "yes"},
        "team-responsibilities": {"value": "no"},
    }
    reload(page)  # said once: the stored record fits now
    expect(page.locator(".sa-page .sa-banner")).to_have_count(0)
    assert aside_keys(page, key) == [aside]


@pytest.mark.parametrize(
    "raw", ["{not json", '{"format": "something-else"}'], ids=["not-json", "not-a-record"]
)
def test_a_corrupt_record_is_kept_aside(context, site_url, raw):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    reload(page)

    failure = page.locator(".sa-page .sa-banner.failure")
    expect(failure).to_contain_text("Your saved answers to this questionnaire could not be read")
    expect(failure).to_contain_text("kept in this browser, untouched")
    [aside] = aside_keys(page, key)
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    assert current(page)["answers"] == {}
    assert checked(page, "business-goals-kpis") is None
    assert stored(page, key) is None  # the record is gone, its text kept aside

    with page.expect_download() as info:
        failure.get_by_role("button", name="Download the unreadable record").click()
    download = info.value
    assert download.suggested_filename == f"{QID}-unreadable.json"
    assert Path(download.path()).read_text(encoding="utf-8") == raw

    answer(page, "team-responsibilities", "no")  # starting afresh leaves the aside alone
    assert stored(page, key)["answers"] == {"team-responsibilities": {"value": "no"}}
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw


def test_a_record_of_an_older_version_is_carried_over(context, site_url, model):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    key = record_key(page)
    about = {"id": model["id"], "version": "0.9", "digest": "sha256:" + "1" * 64}
    old = results_file(
        model,
        {
            "business-goals-kpis": {"value": "yes"},
            "team-responsibilities": {"value": "no", "note": "Only on the wiki."},
            "removed-statement": {"value": "yes"},
        },
        questionnaire=about,
        created="2024-01-01T00:00:00.000Z",
        updated="2024-02-01T00:00:00.000Z",
    )
    raw = json.dumps(old)
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    reload(page)

    warning = page.locator(".sa-page .sa-banner.warning")
    expect(warning).to_contain_text(f"version 0.9, now {model['version']}")
    expect(warning).to_contain_text("2 answers were kept")
    expect(warning).to_contain_text("kept aside")
    expect(warning).to_contain_text("Not carried over:")
    expect(warning.locator("li")).to_have_count(1)
    expect(warning.locator("li")).to_contain_text(quoted("removed-statement"))
    assert checked(page, "business-goals-kpis") == "yes"
    assert checked(page, "team-responsibilities") == "no"
    expect(page.locator("#sa-note-team-responsibilities")).to_have_value("Only on the wiki.")
    [aside] = aside_keys(page, key)
    assert page.evaluate("key => localStorage.getItem(key)", aside) == raw
    saved = stored(page, key)
    assert saved["questionnaire"]["digest"] == model["digest"]
    assert set(saved["answers"]) == {"business-goals-kpis", "team-responsibilities"}

    reload(page)  # carried over once: no warning the second time, the answers stay
    expect(page.locator(".sa-status")).to_be_visible()
    expect(page.locator(".sa-page .sa-banner")).to_have_count(0)
    assert checked(page, "business-goals-kpis") == "yes"
    assert checked(page, "team-responsibilities") == "no"
    assert aside_keys(page, key) == [aside]


def test_an_answer_in_one_tab_shows_in_another(context, site_url):
    first = context.new_page()
    second = context.new_page()
    for page in (first, second):
        visit(page, site_url + SECTION)
        expect(page.locator(".sa-status .sa-score")).to_be_visible()
    before = section_score(second)
    first.bring_to_front()  # a page in the background clicks slowly (no animation frames)
    answer(first, "business-goals-kpis", "yes")
    expect(second.locator('input[name="sa-business-goals-kpis"][value="yes"]')).to_be_checked()
    expect(second.locator(".sa-status .sa-score")).to_have_text(section_score(first))
    assert section_score(second) != before
    assert current(second)["answers"] == {"business-goals-kpis": {"value": "yes"}}

    second.bring_to_front()
    answer(second, "business-goals-kpis", "no")  # and back
    expect(first.locator('input[name="sa-business-goals-kpis"][value="no"]')).to_be_checked()
    expect(first.locator(".sa-status .sa-score")).to_have_text(section_score(second))


def test_two_tabs_answering_at_the_same_moment_keep_both_answers(context, site_url):
    """Each tab answers a different statement at the same millisecond, six rounds: no answer is
    lost, from storage or from either tab (it was lost in 6 of 6 rounds when a save replaced the
    whole record). Records merge part by part (tests/test_merge.py)."""
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        visit(page, site_url + SECTION)
        expect(page.locator(".sa-status .sa-score")).to_be_visible()
    items = first.eval_on_selector_all(".sa-item", "items => items.map(i => i.dataset.saItem)")
    # Both tabs are told first, then click at the same instant: evaluate() returns at once.
    click_at = """([item, value, at]) => { setTimeout(() => {
        window.clickedAt = Date.now();
        document.querySelector(`input[name="sa-${item}"][value="${value}"]`).click();
    }, at - Date.now()); }"""
    want: dict[str, dict[str, str]] = {}
    key = None
    for round in range(6):
        # Two statements a round, each answered in one tab; after all 8, the answers change.
        one, other = (items[(2 * round + n) % len(items)] for n in (0, 1))
        value = "yes" if 2 * round < len(items) else "no"
        at = first.evaluate("() => Date.now()") + 300
        first.evaluate(click_at, [one, value, at])
        second.evaluate(click_at, [other, value, at])
        for page in (first, second):
            page.wait_for_function("at => window.clickedAt >= at", arg=at)
        times = [page.evaluate("() => window.clickedAt") for page in (first, second)]
        # The same moment, give or take a busy timer: before either tab hears of the other's save.
        assert abs(times[0] - times[1]) <= 25, times
        want |= {one: {"value": value}, other: {"value": value}}
        for page in (first, second):
            for item in (one, other):
                expect(page.locator(f'input[name="sa-{item}"][value="{value}"]')).to_be_checked()
        key = key or record_key(first)
        first.wait_for_function(  # a tab that lost the race writes the merged record back
            "([key, n]) => Object.keys(JSON.parse(localStorage.getItem(key)).answers).length >= n",
            arg=[key, len(want)],
            timeout=5000,
        )
        assert stored(first, key)["answers"] == want, round
        assert current(first)["answers"] == current(second)["answers"] == want, round
    reload(second)
    assert {item: checked(second, item) for item in want} == {
        i: a["value"] for i, a in want.items()
    }


# --- found in review ---------------------------------------------------------------------------


def test_storage_full_at_load_still_shows_the_saved_answers(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    context.add_init_script(  # from now on every write fails, the probe's included
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    reload(page)
    assert checked(page, "business-goals-kpis") == "yes"
    expect(page.locator(".sa-page .sa-banner.warning")).to_contain_text(
        "storage for this site is full"
    )


def test_two_tabs_on_different_versions_do_not_rewrite_each_other(context, site_url, model):
    first = context.new_page()
    visit(first, site_url + SECTION)
    answer(first, "business-goals-kpis", "yes")
    key = record_key(first)
    # The second tab shows another version of the questionnaire, as after a new release.
    other = "sha256:" + "2" * 64
    second = context.new_page()
    second.route(
        f"{site_url}{SECTION}",
        lambda route: route.fulfill(
            response=route.fetch(),
            body=route.fetch().text().replace(model["digest"], other),
        ),
    )
    visit(second, site_url + SECTION)
    expect(first.locator(".sa-page .sa-banner.failure")).to_contain_text("This tab no longer saves")
    second.wait_for_timeout(1500)  # time for a loop to show, if there were one
    assert len(aside_keys(first, key)) == 1  # the second tab kept the first record aside, once
    saved = stored(first, key)
    answer(first, "team-responsibilities", "no")  # shown, not saved over the other version
    assert stored(first, key) == saved


def test_open_explanations_stay_open_while_typing_a_name(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    visit(page, f"{site_url}/{QID}/results/")
    explanation = page.locator(".sa-gap details").first
    explanation.locator("summary").click()
    page.get_by_label("Name").fill("Ann")
    expect(explanation).to_have_attribute("open", "")
    expect(page.locator(".sa-respondent-line")).to_contain_text("Ann")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_dialog_open(browser, site_url, scheme):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "no")
    visit(page, f"{site_url}/{QID}/results/")
    page.get_by_role("button", name="Delete all answers…").click()
    expect(dialog(page)).to_be_visible()
    violations = axe.run(page).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


def test_a_results_page_whose_script_cannot_load_says_so(context, site_url):
    # The results page draws itself with a second script (selfassess-reports.js); a site published
    # without it, or a network that drops it, gets a message instead of a blank page.
    page = context.new_page()
    page.route("**/selfassess-reports.js", lambda route: route.abort())
    visit(page, site_url + RESULTS)
    banner = page.locator(".sa-page .sa-banner")
    sync_api.expect(banner).to_be_visible()
    sync_api.expect(banner).to_contain_text("could not load its script (selfassess-reports.js)")


# --- storage that recovers, pages that show what is stored (issue 17) ----------------------------

# Fills the origin's storage to the brim with other keys, as another portal on the same origin
# might; FREE takes them out again.
FILL = """() => {
    let size = 1 << 20;
    for (let i = 0; size >= 16; i += 1) {
        try { localStorage.setItem(`other-portal:${i}`, 'x'.repeat(size)); }
        catch { size >>= 1; }
    }
}"""
FREE = """() => {
    for (const key of Object.keys(localStorage)) {
        if (key.startsWith('other-portal:')) localStorage.removeItem(key);
    }
}"""


def test_storage_that_was_full_saves_again_once_it_has_room(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    page.evaluate(FILL)
    answer(page, "team-responsibilities", "no")
    notice = page.locator(".sa-page .sa-storage-full")
    expect(notice).to_be_visible()
    assert "team-responsibilities" not in stored(page, key)["answers"]  # not saved: no room

    page.evaluate(FREE)  # another tab, another portal on the origin, freed some space
    answer(page, "data-definition", "na")
    expect(page.locator(".sa-page .sa-storage")).to_have_count(0)  # the notice goes
    assert stored(page, key)["answers"] == {
        "business-goals-kpis": {"value": "yes"},
        "team-responsibilities": {"value": "no"},
        "data-definition": {"value": "na"},
    }
    reload(page)
    assert checked(page, "team-responsibilities") == "no"
    assert checked(page, "data-definition") == "na"


def test_a_refused_answer_is_saved_when_the_tab_has_the_focus_again(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    page.evaluate(FILL)
    answer(page, "business-goals-kpis", "yes")
    expect(page.locator(".sa-page .sa-storage-full")).to_be_visible()
    page.evaluate(FREE)
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")  # back from the other tab
    expect(page.locator(".sa-page .sa-storage")).to_have_count(0)
    assert stored(page, record_key(page))["answers"] == {"business-goals-kpis": {"value": "yes"}}


def test_back_shows_what_is_stored_not_what_the_page_showed_before(context, site_url):
    """Answer, leave with a full page load, delete every answer there, come Back: the page
    (restored from the browser's page cache) shows no answer and no note."""
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    page.locator("#business-goals-kpis .sa-note-toggle").click()
    page.locator("#business-goals-kpis textarea").fill("Written down in the wiki.")
    key = record_key(page)
    visit(page, site_url + RESULTS)  # a full load, not Material's instant navigation
    page.evaluate("key => localStorage.removeItem(key)", key)  # all answers deleted
    page.go_back(wait_until="load")
    page.wait_for_url("**" + SECTION)
    expect(page.locator("#business-goals-kpis input[value='yes']")).not_to_be_checked()
    # Its note box is empty, or not made at all (a page drawn anew makes it when first needed).
    notes = page.locator("#business-goals-kpis textarea").evaluate_all("t => t.map(e => e.value)")
    assert notes in ([], [""])
    expect(page.locator("#business-goals-kpis .sa-note-toggle")).not_to_have_class(
        re.compile("sa-note-toggle--written")
    )
    assert current(page)["answers"] == {}


def test_an_open_tab_never_overwrites_a_record_of_a_newer_format(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    newer = {**stored(page, key), "format_version": 3, "answers": {"x": {"future": True}}}
    # A newer version of the site, in another tab, saves in its format.
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [key, json.dumps(newer)])
    answer(page, "team-responsibilities", "no")  # this old tab answers on
    assert stored(page, key) == newer  # left as the newer site wrote it
    expect(page.locator(".sa-page .sa-storage-newer")).to_contain_text("newer version")
    assert checked(page, "team-responsibilities") == "no"  # the answer stays on the page

    fresh = context.new_page()  # and a page opened now does not overwrite it either
    visit(fresh, site_url + SECTION)
    expect(fresh.locator(".sa-page .sa-storage-newer")).to_be_visible()
    answer(fresh, "business-goals-kpis", "no")
    assert stored(fresh, key) == newer
    assert aside_keys(fresh, key) == []  # nothing needed keeping aside: nothing was touched


def test_a_doubled_slash_in_the_address_finds_the_same_answers(context, site_url):
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    key = record_key(page)
    visit(page, site_url + "/" + SECTION)  # http://host//mlops-maturity/documentation/
    assert checked(page, "business-goals-kpis") == "yes"
    answer(page, "team-responsibilities", "no")
    assert record_key(page) == key  # one record, whatever the slashes


def test_a_doubled_slash_inside_the_address_goes_to_the_page_itself(context, site_url):
    """/mlops-maturity//documentation/ serves the section's file, whose relative links to its
    styles and scripts then miss: the page goes to the address with one slash (engines/csp.py:
    ONE_SLASH), query and fragment kept, before anything else loads."""
    page = context.new_page()
    visit(page, site_url + SECTION)
    answer(page, "business-goals-kpis", "yes")
    doubled = (
        site_url + SECTION.replace(f"/{QID}/", f"/{QID}//") + "?from=chat#team-responsibilities"
    )
    visit(page, doubled)
    assert page.url == f"{site_url}{SECTION}?from=chat#team-responsibilities"
    assert checked(page, "business-goals-kpis") == "yes"
    expect(page.locator(".md-header")).to_be_visible()  # Material's styles and script are there
