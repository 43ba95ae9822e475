"""`selfassess collect`: share links into results files, laid out for a repository to keep.

Each link is read by share.py (the browser's rules) and written as the results page's "Download
results" writes a file: the record, the questionnaire's title and the scores. The files go to

    results/<questionnaire id>/<team slug or no-team>/<YYYY-MM-DD>-<name slug or digest>.json

(the date is the link's: when the answers last changed). A different file already at that path
is never overwritten: the new one gets "-2", "-3", …; the same file again is recognised and left
as it is. A link that cannot be used writes nothing and is named in one line.

The links may also come from a GitHub `issues` event (the payload a workflow finds at
$GITHUB_EVENT_PATH): the issue that .github/ISSUE_TEMPLATE/send-results.yml makes holds the link,
and the name and team the person gave in the form, which the file then carries.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from ..questionnaire.score import rules
from .read import (
    MAX_FILE_BYTES,
    MAX_RESPONDENT,
    Questionnaires,
    ResultsFile,
    _no_constant,
    _say,
)
from .share import MAX_FRAGMENT, SHARE_PREFIX, ShareLinkError, read_link

NO_TEAM = "no-team"
SLUG_CHARS = 40
DIGEST_CHARS = 8  # of the file's content, in the name of a file without a respondent's name
MAX_SUFFIX = 1000  # "-2" … : more files of one person on one day than anyone sends
# An event file holds the issue (its body at most 65,536 characters on GitHub) and the repository
# and people around it; a share link inside is at most MAX_FRAGMENT characters.
MAX_EVENT_BYTES = 2 * MAX_FRAGMENT
# A line of standard input holds one link: an address and its fragment.
MAX_LINE = MAX_FRAGMENT + 4096
NO_RESPONSE = "_No response_"  # what GitHub writes for an issue form's field left empty
# The issue form's fields, by the labels GitHub writes as headings of the issue's body.
FORM_LINK, FORM_NAME, FORM_TEAM = "Share link", "Name", "Team"


class CollectError(Exception):
    """A source of links that cannot be used at all (an event file, say): what it is, and why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class Sent:
    """One link to collect: where it came from (for messages), its text, and the name and team an
    issue form gave, which replace the link's own when they are filled in."""

    source: str
    link: str
    name: str = ""
    team: str = ""
    error: str = ""  # known unread: a line longer than any link


@dataclass
class Outcome:
    source: str
    path: Path | None = None  # where the file is (written now or before)
    written: bool = False  # False with a path: the same file was there already
    error: str = ""
    results: ResultsFile | None = None


# --- where links come from -----------------------------------------------------------------------


def from_arguments(links: Iterable[str]) -> list[Sent]:
    return [Sent(f"link {n}", link) for n, link in enumerate(links, 1)]


def from_lines(stream: IO[str]) -> Iterator[Sent]:
    """One link per line; blank lines are skipped, and a line longer than any link can be is cut
    at MAX_LINE characters (read no further) and refused as too large."""
    number = 0
    while line := stream.readline(MAX_LINE):
        number += 1
        if len(line) == MAX_LINE and not line.endswith("\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith("\n"):
                pass
            yield Sent(f"line {number}", "", error=_say("shareErrTooLarge"))
        elif line.strip():
            yield Sent(f"line {number}", line)


def from_issue(event_file: Path) -> list[Sent]:
    """The share link(s) of an issue made with the issue form, and the name and team it gives.

    The form's "Share link" field holds one link; any line of it counts as one. A body without
    that field (a form translated by a fork, say) gives every line that holds "#share="."""
    try:
        if event_file.stat().st_size > MAX_EVENT_BYTES:
            raise CollectError(str(event_file), "larger than a GitHub event can be")
        event = json.loads(event_file.read_bytes().decode("utf-8"), parse_constant=_no_constant)
    except OSError as error:
        raise CollectError(str(event_file), f"cannot read it: {error.strerror}") from None
    except (ValueError, RecursionError):
        raise CollectError(str(event_file), "it is not JSON") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        raise CollectError(str(event_file), "not a GitHub issues event (it has no issue)")
    number = issue.get("number")
    source = f"issue #{number}" if isinstance(number, int) else "the issue"
    body = issue.get("body")
    fields = form_fields(body if isinstance(body, str) else "")
    if FORM_LINK in fields:
        lines = fields[FORM_LINK].splitlines()
    else:
        lines = [line for line in (body or "").splitlines() if SHARE_PREFIX in line]
    links = [line.strip() for line in lines if line.strip()]
    if not links:
        raise CollectError(source, f"it holds no share link (“{SHARE_PREFIX}…”)")
    name, team = (fields.get(label, "") for label in (FORM_NAME, FORM_TEAM))
    for label, value in ((FORM_NAME, name), (FORM_TEAM, team)):
        if len(value) > MAX_RESPONDENT:
            raise CollectError(
                source, f"the {label.lower()} is longer than {MAX_RESPONDENT} characters"
            )
    if len(links) == 1:
        return [Sent(source, links[0], name, team)]
    return [Sent(f"{source}, link {n}", link, name, team) for n, link in enumerate(links, 1)]


def form_fields(body: str) -> dict[str, str]:
    """An issue form's body as GitHub writes it ("### Label", a blank line, the answer), as
    {label: answer}; a field left empty is ""."""
    fields: dict[str, str] = {}
    label = None
    lines: list[str] = []
    for line in [*body.splitlines(), "### "]:
        if line.startswith("### "):
            if label is not None:
                text = "\n".join(lines).strip()
                fields.setdefault(label, "" if text == NO_RESPONSE else text)
            label, lines = line[4:].strip(), []
        elif label is not None:
            lines.append(line)
    return fields


# --- collecting ----------------------------------------------------------------------------------


def collect(sent: Iterable[Sent], questionnaires: Questionnaires, output: Path) -> list[Outcome]:
    """Each link read, checked and written under `output` (a folder: the layout above) or into
    `output` itself (a .json file), in order; what happened to each."""
    outcomes = []
    for one in sent:
        if one.error:
            outcomes.append(Outcome(one.source, error=one.error))
            continue
        try:
            results = read_link(one.link, questionnaires)
        except ShareLinkError as error:
            outcomes.append(Outcome(one.source, error=str(error)))
            continue
        respondent = results.record["respondent"]
        respondent["name"] = one.name or respondent["name"]
        respondent["team"] = one.team or respondent["team"]
        data = results_data(results)
        target = output if output.suffix == ".json" else output / layout(data)
        try:
            path, written = store(data, target)
        except OSError as error:
            outcomes.append(Outcome(one.source, error=f"cannot write {target}: {error.strerror}"))
            continue
        outcomes.append(Outcome(one.source, path, written, results=results))
    return outcomes


def results_data(results: ResultsFile) -> dict[str, Any]:
    """The file "Download results" writes (record.js `resultsFile`): the record, the
    questionnaire's title, and the scores under the questionnaire's rules."""
    scores = results.scores
    counts = ("score", "answered", "included", "applicable", "na")
    record = results.record
    areas = {ident: _node(area) for ident, area in scores["areas"].items()}
    return {
        **record,
        "questionnaire": {**record["questionnaire"], "title": results.questionnaire.title},
        "scores": {
            "overall": scores["overall"],
            "level": scores["level"],
            **{key: scores[key] for key in ("answered", "included", "applicable", "na")},
            "sections": {
                ident: {**{key: section[key] for key in counts}, **_node(section)}
                for ident, section in scores["sections"].items()
            },
            "verdicts": {ident: verdict["holds"] for ident, verdict in scores["verdicts"].items()},
            "rules": rules(results.questionnaire.scoring_data()),
            "whole": _node(scores["whole"]),
            **({"areas": areas} if areas else {}),
        },
    }


def _node(node: dict[str, Any]) -> dict[str, Any]:
    """One scored node as the file carries it: record.js `resultsFile`'s `node`."""
    keys = ("score", "value", "max", "so_far", "level", "target")
    return {
        **{key: node[key] for key in keys},
        **({"stair": node["stair"]["reached"]} if "stair" in node else {}),
    }


def file_text(data: dict[str, Any]) -> str:
    """JSON.stringify(data, null, 2) and a line end: whole numbers without ".0", as JavaScript."""
    return json.dumps(_js_numbers(data), indent=2, ensure_ascii=False) + "\n"


def layout(data: dict[str, Any]) -> Path:
    """<questionnaire id>/<team slug or no-team>/<YYYY-MM-DD>-<name slug or short digest>.json"""
    respondent = data["respondent"]
    team = slug(respondent["team"]) or NO_TEAM
    name = slug(respondent["name"])
    if not name:
        name = hashlib.sha256(file_text(data).encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    return Path(data["questionnaire"]["id"], team, f"{_day(data['updated'])}-{name}.json")


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits between hyphens, accents dropped, at most SLUG_CHARS:
    nothing of a name can leave its folder or mean anything to a shell."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:SLUG_CHARS].rstrip("-")


def store(data: dict[str, Any], target: Path) -> tuple[Path, bool]:
    """Write the file at `target`, or at target-2.json, -3, … when a different file is there;
    (path, False) when the same file is there already."""
    text = file_text(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_SUFFIX + 1):
        path = target if n == 1 else target.with_name(f"{target.stem}-{n}{target.suffix}")
        try:
            with path.open("x", encoding="utf-8") as out:  # never over a file that is there
                out.write(text)
            return path, True
        except FileExistsError:
            if _same(path, data):
                return path, False
    raise OSError(0, f"{MAX_SUFFIX} files of that name are there already")


def _same(path: Path, data: dict[str, Any]) -> bool:
    """Whether the file at `path` holds these results (as JSON: its layout may differ)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return False
        there = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constant)
    except (OSError, ValueError, RecursionError):
        return False
    return bool(there == json.loads(file_text(data)))


def _day(updated: str) -> str:
    try:
        when = datetime.fromisoformat(updated.replace("Z", "+00:00"))
    except ValueError:
        when = datetime.now(UTC)
    return (when.astimezone(UTC) if when.tzinfo else when).date().isoformat()


def _js_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _js_numbers(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    return value


# --- saying what happened ------------------------------------------------------------------------


def summary(outcome: Outcome, shown: str) -> str:
    """One line for the terminal; `shown` is the file's path as messages show it."""
    if outcome.error:
        return f"{outcome.source}: {outcome.error}"
    assert outcome.results is not None
    if not outcome.written:
        return f"{outcome.source}: already collected as {shown}"
    return f"{outcome.source}: collected {shown} ({_about(outcome.results)})"


def markdown(outcomes: list[Outcome], shown: list[str]) -> str:
    """What happened, for a comment on the issue: each line's text from the link escaped, so a
    name or id can neither format, link nor mention anyone."""
    lines = []
    for outcome, path in zip(outcomes, shown, strict=True):
        if outcome.error:
            lines.append(f"- {outcome.source}: not collected: {_escape(outcome.error)}")
        elif outcome.written:
            assert outcome.results is not None
            about = _about(outcome.results, _escape)
            lines.append(f"- {outcome.source}: collected as `{path}` ({about})")
        else:
            lines.append(f"- {outcome.source}: collected before, as `{path}`; nothing new")
    return "\n".join(lines) + "\n"


def _about(results: ResultsFile, shown: Callable[[str], str] = str) -> str:
    respondent = results.record["respondent"]
    who = ", ".join(shown(v) for v in (respondent["name"], respondent["team"]) if v) or "no name"
    answered = sum(1 for a in results.record["answers"].values() if "value" in a)
    return f"{who}; {answered} of {len(results.model.items)} statements answered"


def _escape(text: str) -> str:
    """Markdown that shows `text` as it is: every ASCII punctuation character escaped (CommonMark
    lets a backslash escape any of them), line breaks and other control characters as spaces."""
    flat = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", flat)
