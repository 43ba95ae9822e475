"""Share links on the command line: the twin of browser/share.js, read and written alike.

A share link is a results page's address with the answers after "#share=": compact JSON (each
statement's answer one character, in the questionnaire's order, which the digest's first
characters pin), raw deflate, base64url without padding. Reading one is reading untrusted text: the
fragment is size-capped before it is read, inflated piece by piece and stopped at the limit of a
results file, and the record it carries goes through the same check as an imported file (read.py);
a link that does not wholly fit is refused whole, as the browser refuses it, since the site never
makes such a link. tests/share/vectors.json holds the cases both sides must read alike.

Deflate leaves each compressor free in how it packs: the browser's (Chromium's zlib) and Python's
may write different bytes for the same answers, and each reads the other's.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..questionnaire.scales import NOT_APPLICABLE
from .read import (
    FORMAT,
    FORMAT_VERSION,
    LIMITS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Model,
    Questionnaires,
    ResultsFile,
    ResultsFileError,
    _no_constant,
    _say,
    check,
    too_deep,
)

SHARE_PREFIX = "#share="
LINK_VERSION = 1
DIGEST_CHARS = 16  # of the digest's hex: enough to tell versions apart, and short
MAX_FRAGMENT = LIMITS["share_fragment_chars"]  # of the fragment, before it is read at all
# Input is fed to the decompressor this much at a time and the output counted as it comes, as in
# the browser: a piece of deflate inflates to at most about 1,000 times its size.
FEED_BYTES = 4 * 1024
LONG_LINK = 8000  # some chat and mail programs cut longer links
# Each item's answer is one character: its option's position from "0", or one of these.
UNANSWERED = "."
NA = "/"
FIRST_OPTION = 48  # "0"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_ABSENT = object()  # a key the link does not have, as JavaScript's undefined


class ShareLinkError(Exception):
    """A link that cannot be used; `kind` names the rule it breaks (as tests/share/vectors.json
    does), `reason` is the browser's wording, `details` what did not fit."""

    def __init__(self, kind: str, reason: str, details: list[str] | None = None) -> None:
        self.kind = kind
        self.reason = reason
        self.details = details or []
        shown = "; ".join(self.details[:5])
        more = f"; and {len(self.details) - 5} more" if len(self.details) > 5 else ""
        super().__init__(f"{reason} {shown}{more}".strip() if self.details else reason)


def _damaged() -> ShareLinkError:
    return ShareLinkError("damaged", _say("shareErrDamaged"))


def short_digest(model: Model) -> str:
    return str(model.data["digest"]).removeprefix("sha256:")[:DIGEST_CHARS]


def _items(model: Model) -> list[dict[str, Any]]:
    return [item for section in model.data["sections"] for item in section["items"]]


# --- writing --------------------------------------------------------------------------------------


def payload(model: Model, record: dict[str, Any], with_notes: bool) -> dict[str, Any]:
    """The link's content, key for key as share.js's `payload` makes it."""
    answers = []
    for item in _items(model):
        value = record["answers"].get(item["id"], {}).get("value")
        if value is None:
            answers.append(UNANSWERED)
        elif value == NOT_APPLICABLE:
            answers.append(NA)
        else:
            answers.append(chr(FIRST_OPTION + model.items[item["id"]]["options"].index(value)))
    data: dict[str, Any] = {
        "f": LINK_VERSION,
        "q": model.data["id"],
        "v": model.data["version"],
        "d": short_digest(model),
        "a": "".join(answers),
        # A record read from a file without a time gets the time it is read, as an import does.
        "u": record["updated"] or _now(),
    }
    if record["context"]:
        data["c"] = record["context"]
    name, team = record["respondent"]["name"], record["respondent"]["team"]
    if name or team:
        data["r"] = [name, team]
    if with_notes:
        notes = {ident: a["note"] for ident, a in record["answers"].items() if a.get("note")}
        if notes:
            data["n"] = notes
    return data


def payload_text(data: dict[str, Any]) -> str:
    """JSON.stringify's text: no spaces, non-ASCII as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def fragment(model: Model, record: dict[str, Any], with_notes: bool) -> str:
    """ "#share=" and the record, deflated (raw) and base64url encoded without padding."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    text = payload_text(payload(model, record, with_notes)).encode("utf-8")
    packed = packer.compress(text) + packer.flush()
    return SHARE_PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def results_page(base: str, model: Model) -> str:
    """The address of a questionnaire's results page in the portal at `base`."""
    return base.rstrip("/") + f"/{model.data['id']}/results/"


def long_note() -> str:
    return _say("shareLong") + "."


def _now() -> str:
    """The time as JavaScript's toISOString writes it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- reading --------------------------------------------------------------------------------------


def fragment_of(link: str) -> str:
    """The part of a link after "#share=", as the browser finds it in location.hash; raises
    ShareLinkError when the text is no share link."""
    text = link.strip()
    at = text.find("#")
    if at < 0 or not text.startswith(SHARE_PREFIX, at):
        raise ShareLinkError("not-a-link", "it is not a share link (it has no “#share=”)")
    return text[at + len(SHARE_PREFIX) :]


def read_link(link: str, questionnaires: Questionnaires) -> ResultsFile:
    """A share link (a whole address, or its part from "#share=") back to a checked record."""
    return read_fragment(fragment_of(link), questionnaires)


def read_fragment(text: str, questionnaires: Questionnaires) -> ResultsFile:
    """share.js's `readShareLink`: the text after "#share=" to a checked record, or
    ShareLinkError with what a person can act on."""
    if _utf16_length(text) > MAX_FRAGMENT:
        raise ShareLinkError("too-large", _say("shareErrTooLarge"))
    data = _unpack(text)
    if (
        not isinstance(data, dict)
        or not _is_one(data.get("f"))
        or not isinstance(data.get("q"), str)
    ):
        raise _damaged()
    try:
        q = questionnaires.get("link", data["q"])
    except ResultsFileError as error:
        raise ShareLinkError("other-questionnaire", error.reason) from None
    model = questionnaires.model(q.id)
    if data.get("d", _ABSENT) != short_digest(model):
        version = _string(data.get("v", _ABSENT))[:40]
        key = "shareErrOtherVersionSame" if version == q.version else "shareErrOtherVersion"
        raise ShareLinkError("other-version", _say(key, version, q.version))
    items = _items(model)
    answers = data.get("a")
    if not isinstance(answers, str):
        raise _damaged()
    # Positions in UTF-16 code units, as JavaScript indexes a string.
    units = answers.encode("utf-16-le", "surrogatepass")
    codes = [int.from_bytes(units[i : i + 2], "little") for i in range(0, len(units), 2)]
    if len(codes) != len(items):
        raise _damaged()
    # A results file in the shape `check` reads, so a link is held to the rules files are.
    record: dict[str, Any] = {}
    for item, code in zip(items, codes, strict=True):
        if code == ord(UNANSWERED):
            continue
        options = model.items[item["id"]]["options"]
        if code == ord(NA):
            value = NOT_APPLICABLE
        elif 0 <= code - FIRST_OPTION < len(options):
            value = options[code - FIRST_OPTION]
        else:
            value = "\ufffd" if 0xD800 <= code < 0xE000 else chr(code)  # shown, never used
        record[item["id"]] = {"value": value}
    notes = data.get("n", _ABSENT)
    for ident, note in (notes if isinstance(notes, dict) else {}).items():
        record[ident] = {**record.get(ident, {}), "note": note}
    context = data.get("c")
    file: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
        "context": {} if context is None else context,
        "answers": record,
    }
    if "u" in data:
        file["updated"] = data["u"]
    respondent = data.get("r", _ABSENT)
    if isinstance(respondent, list):
        file["respondent"] = dict(zip(("name", "team"), respondent, strict=False))
    elif respondent is not _ABSENT:
        file["respondent"] = respondent
    if (notes is not _ABSENT and not isinstance(notes, dict)) or not isinstance(
        file["context"], dict
    ):
        raise _damaged()
    try:
        checked = check(Path("link"), "link", file, questionnaires)
    except ResultsFileError as error:
        raise ShareLinkError("refused", error.reason) from None
    if checked.skipped:
        raise ShareLinkError("parts", _say("shareErrParts"), checked.skipped)
    # A link says when its answers last changed, not when they were begun: the file gets that time
    # for both, so the same link always makes the same file (the time it is read when it has none,
    # as the browser's record of a link has).
    record_time = checked.record["updated"] or _now()
    checked.record["created"] = checked.record["updated"] = record_time
    return checked


def _unpack(text: str) -> Any:
    """base64url → inflate (capped) → UTF-8 → depth check → JSON."""
    if not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise _damaged()
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise _damaged() from None
    raw = _inflate(packed, MAX_FILE_BYTES)
    try:
        decoded = raw.decode("utf-8-sig")  # TextDecoder drops a leading byte order mark too
    except UnicodeDecodeError:
        raise _damaged() from None
    if too_deep(decoded):
        raise ShareLinkError("too-deep", _say("errTooDeep", MAX_DEPTH))
    try:
        return json.loads(decoded, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise _damaged() from None


def _inflate(packed: bytes, limit: int) -> bytes:
    """Raw deflate, fed FEED_BYTES at a time; stops as soon as the output passes `limit`, so a
    small link that inflates without end (a "zip bomb") never makes more than the limit."""
    inflater = zlib.decompressobj(-15)
    out = bytearray()
    try:
        for at in range(0, len(packed), FEED_BYTES):
            pending = packed[at : at + FEED_BYTES]
            while pending:
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise ShareLinkError("too-large", _say("shareErrTooLarge"))
                pending = inflater.unconsumed_tail
        out += inflater.flush()
    except zlib.error:
        raise _damaged() from None
    if len(out) > limit:
        raise ShareLinkError("too-large", _say("shareErrTooLarge"))
    if not inflater.eof or inflater.unused_data:
        raise _damaged()  # cut short, or something after its end: the browser refuses both
    return bytes(out)


def _is_one(value: Any) -> bool:
    """JavaScript's `value === 1`: a number, not true."""
    return type(value) in (int, float) and value == 1


def _string(value: Any) -> str:
    """JavaScript's String(value), for the version a link names."""
    if value is _ABSENT:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join("" if v is None else _string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)
