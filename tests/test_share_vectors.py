"""One definition of a share link, two implementations: tests/share/vectors.json is run by the
command line's reader and writer (results/share.py) and by the browser's (share.js, in Node).

Both write the same content for a record (the JSON text that is deflated, compared exactly), each
reads the link the other made back to the same record, and both refuse the same bad links with the
same words. Deflate's bytes are left to each compressor; tests/test_share.py opens the links in
Chromium itself.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest

from selfassess.questionnaire.i18n import format_text, table
from selfassess.results import share
from selfassess.results.read import LIMITS, Questionnaires

from .conftest import BROWSER, make_project, run_in_node

FOLDER = Path(__file__).parent / "share"
VECTORS = json.loads((FOLDER / "vectors.json").read_text("utf-8"))
APP = table("en")["app"]
LINKS = [case for case in VECTORS["links"]]
PAGE = "https://portal.example/share-vectors/results/"

# stdin: {model, text, records, python: [fragment], links: [fragment]}; stdout: what share.js
# makes of each.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
globalThis.window = { addEventListener() {} }; // share.js follows the page's address
const folder = process.argv[1];
const { useText } = await import(folder + "/strings.js");
const { indexModel } = await import(folder + "/record.js");
const { readShareLink, shareLink } = await import(folder + "/share.js");
const input = JSON.parse(readFileSync(0, "utf8"));
useText(input.text, "en");
const model = indexModel(input.model);
const read = async (fragment) => {
  try {
    const { answers, context, respondent, updated } = await readShareLink(model, fragment);
    return { answers, context, respondent, updated };
  } catch (error) {
    if (error.details === undefined) throw error;
    return { refused: error.message, details: error.details };
  }
};
const inflated = async (link) => {
  const base64 = link.split("#share=")[1].replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
};
const records = [];
for (const [n, r] of input.records.entries()) {
  const link = await shareLink(model, r.record, r.notes, input.page);
  records.push({
    page: link.split("#")[0],
    payload: await inflated(link),
    vector: await read(r.link),
    python: await read(input.python[n]),
  });
}
const links = [];
for (const fragment of input.links) links.push(await read(fragment));
process.stdout.write(JSON.stringify({ records, links }));
"""


def long_texts(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\{LONG:(\d+)\}", lambda m: "x" * int(m.group(1)), value)
    if isinstance(value, dict):
        return {k: long_texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [long_texts(v) for v in value]
    return value


def packed(raw: bytes) -> str:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(packer.compress(raw) + packer.flush()).decode().rstrip("=")


def make(spec: dict[str, Any]) -> str:
    """The text after "#share=" of a vector's link (see the vectors' "about")."""
    if "fragment" in spec:
        return str(spec["fragment"])
    if "repeat" in spec:
        text, times = spec["repeat"]
        return str(text) * int(times)
    if "bytes_hex" in spec:
        return base64.urlsafe_b64encode(bytes.fromhex(spec["bytes_hex"])).decode().rstrip("=")
    if "cut" in spec:
        record, chars = spec["cut"]
        return str(VECTORS["records"][record]["link"][:-chars])
    if "deflate" in spec:
        how = spec["deflate"]
        if "json" in how:
            raw = json.dumps(how["json"], separators=(",", ":")).encode()
        elif "text" in how:
            raw = how["text"].encode()
        elif "hex" in how:
            raw = bytes.fromhex(how["hex"])
        elif "nest" in how:
            raw = ("[" * how["nest"] + "]" * how["nest"]).encode()
        else:
            text, times = how["repeat"]
            raw = text.encode() * times
        fragment = packed(raw)
        if "junk_hex" in spec:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            deflated = packer.compress(raw) + packer.flush() + bytes.fromhex(spec["junk_hex"])
            fragment = base64.urlsafe_b64encode(deflated).decode().rstrip("=")
        return fragment
    data = dict(VECTORS["base"]) | long_texts(spec["payload"].get("set", {}))
    for key in spec["payload"].get("unset", []):
        del data[key]
    if "many_notes" in spec:
        data["n"] = {f"x{i}": "" for i in range(spec["many_notes"])}
    return packed(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def message(expected: list[Any]) -> str:
    """The expected message in English, without a final dot (the command line drops it)."""
    key, *values = expected
    values = [LIMITS[v[1:]] if isinstance(v, str) and v.startswith("$") else v for v in values]
    text = APP[key]
    return (format_text(text, *values) if values else text).rstrip(".")


FRAGMENTS = [make(case["make"]) for case in LINKS]


@pytest.fixture(scope="module")
def questionnaires(tmp_path_factory: pytest.TempPathFactory) -> Questionnaires:
    yaml_text = (FOLDER / "questionnaire.yaml").read_text(encoding="utf-8")
    portal = make_project(tmp_path_factory.mktemp("vectors") / "p", {"v.yaml": yaml_text})
    found = Questionnaires(portal)
    digest = found.model("share-vectors").data["digest"]
    assert digest == VECTORS["digest"], "tests/share/questionnaire.yaml changed: remake the links"
    return found


@pytest.fixture(scope="module")
def in_node(questionnaires: Questionnaires) -> dict[str, Any]:
    model = questionnaires.model("share-vectors")
    python = [share.fragment(model, r["record"], r["notes"]) for r in VECTORS["records"]]
    data = {
        "model": model.data,
        "text": APP,
        "page": PAGE,
        "records": VECTORS["records"],
        "python": [p.removeprefix(share.SHARE_PREFIX) for p in python],
        "links": [f for f, case in zip(FRAGMENTS, LINKS, strict=True) if "node" not in case],
    }
    result: dict[str, Any] = run_in_node(NODE_SCRIPT, data, BROWSER.as_uri())
    return result


def shown(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ("answers", "context", "respondent", "updated")}


def expected_record(vector: dict[str, Any]) -> dict[str, Any]:
    """What reading a record's link gives: its answers (notes only when they travel)."""
    record = vector["record"]
    answers = {}
    for ident, answer in record["answers"].items():
        kept = {k: v for k, v in answer.items() if k == "value" or vector["notes"]}
        if kept:
            answers[ident] = kept
    return {
        "answers": answers,
        "context": record["context"],
        "respondent": record["respondent"],
        "updated": record["updated"],
    }


RECORDS = VECTORS["records"]


@pytest.mark.parametrize("vector", RECORDS, ids=[r["name"] for r in RECORDS])
def test_python_writes_the_content_share_js_writes_and_reads_its_link(vector, questionnaires):
    model = questionnaires.model("share-vectors")
    content = share.payload(model, vector["record"], vector["notes"])
    assert share.payload_text(content) == vector["payload"]
    assert shown(share.read_fragment(vector["link"], questionnaires).record) == expected_record(
        vector
    )
    own = share.fragment(model, vector["record"], vector["notes"])
    assert shown(share.read_link(PAGE + own, questionnaires).record) == expected_record(vector)


@pytest.mark.parametrize("n", range(len(RECORDS)), ids=[r["name"] for r in RECORDS])
def test_share_js_writes_the_same_content_and_reads_pythons_link(n, in_node):
    vector, got = RECORDS[n], in_node["records"][n]
    assert got["page"] == PAGE
    assert got["payload"] == vector["payload"]
    assert got["vector"] == expected_record(vector)
    assert got["python"] == expected_record(vector)


def check_outcome(case: dict[str, Any], got: dict[str, Any], who: str, kind: str = "") -> None:
    name = f"{who}: {case['name']}"
    if "read" in case:
        assert "refused" not in got, f"{name}: {got.get('refused')}"
        assert {k: got[k] for k in case["read"]} == case["read"], name
        return
    assert "refused" in got, f"{name}: read as {got}"
    if kind == "other-questionnaire":  # the command line names the questionnaires it has
        assert case["refused"][0] == "shareErrOtherQuestionnaire", name
    else:
        assert got["refused"].rstrip(".") == message(case["refused"]), name
    details = [d.rstrip(".") for d in got.get("details", [])]
    assert details == [message(d) for d in case.get("details", [])], name


@pytest.mark.parametrize("n", range(len(LINKS)), ids=[c["name"] for c in LINKS])
def test_results_share_py_reads_every_link_as_defined(n, questionnaires):
    case = LINKS[n]
    try:
        results = share.read_fragment(FRAGMENTS[n], questionnaires)
    except share.ShareLinkError as error:
        got: dict[str, Any] = {"refused": error.reason, "details": error.details}
        check_outcome(case, got, "share.py", error.kind)
    else:
        check_outcome(case, shown(results.record), "share.py")


def test_share_js_reads_every_link_as_defined(in_node):
    cases = [case for case in LINKS if "node" not in case]
    for case, got in zip(cases, in_node["links"], strict=True):
        check_outcome(case, got, "share.js")
