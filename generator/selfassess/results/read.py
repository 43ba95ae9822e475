"""Reading results files on the command line: the same acceptance rules as the browser's import
(`checkRecord` and `parseRecord` in browser/record.js), and one line per file that cannot be used.

A results file is untrusted: it may be anything, of any size. What cannot be used at all is a
`ResultsFileError` ("FILE: what is wrong"); parts that do not fit the questionnaire are skipped and
listed, as the browser lists them before an import. The questionnaire a file answers is found by
its id among the portal's questionnaires, and the file's answers are scored again with
questionnaire/score.py.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any

import jsonschema

from ..generate.render import browser_data
from ..questionnaire.check import check as check_questionnaires
from ..questionnaire.i18n import NONE, format_score, format_text, table
from ..questionnaire.model import Questionnaire
from ..questionnaire.portal import Portal
from ..questionnaire.scales import NOT_APPLICABLE
from ..questionnaire.score import rules, score_assessment

FORMAT = "selfassess-results"
# 2: files carry the respondent's own `targets` and the scores of every node under the
# questionnaire's rules. A file of format 1 is the same record without them, and still reads.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
# The limits of what is read: limits.json, which browser/record.js imports too.
LIMITS: dict[str, int] = json.loads(
    (resources.files("selfassess") / "limits.json").read_text(encoding="utf-8")
)
MAX_FILE_BYTES = LIMITS["file_bytes"]
MAX_NOTE = LIMITS["note_chars"]
MAX_RESPONDENT = LIMITS["respondent_chars"]
MAX_DEPTH = LIMITS["json_depth"]
MAX_ANSWERS = LIMITS["answer_entries"]
MAX_CONTEXT = LIMITS["context_entries"]
MAX_LISTED = LIMITS["skipped_listed"]
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"{": 1, "[": 1, "}": -1, "]": -1}
_MAX_SHOWN_ID = 80


class ResultsFileError(Exception):
    """A file that cannot be used at all; str() is its one line: "FILE: what is wrong"."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


def _say(key: str, *args: Any) -> str:
    """The browser's own wording of a problem (text/en.yaml, part "app"), without its final dot."""
    return format_text(table("en")["app"][key], *args).rstrip(".")


def _shown(ident: Any) -> str:
    text = str(ident)
    return text[:_MAX_SHOWN_ID] + "…" if len(text) > _MAX_SHOWN_ID else text


@cache
def _frame_validators() -> dict[str, jsonschema.Draft202012Validator]:
    """Validators of the results schema's properties that make a file a results file at all."""
    text = (resources.files("selfassess") / "schema" / "results.schema.json").read_text("utf-8")
    properties = json.loads(text)["properties"]
    return {
        key: jsonschema.Draft202012Validator(properties[key])
        for key in ("format", "format_version", "questionnaire")
    }


def _why_not_results(data: dict[str, Any]) -> str:
    """The first thing the schema finds wrong with the file's frame, as " (key: what)"."""
    for key, validator in _frame_validators().items():
        if key not in data:
            return f" ({key}: missing)"
        error = jsonschema.exceptions.best_match(validator.iter_errors(data[key]))
        if error is not None:
            where = ".".join([key, *map(str, error.absolute_path)])
            return f" ({where}: {_shown(error.message)})"
    return ""


class Questionnaires:
    """The portal's valid questionnaires by id, loaded once, with their models for scoring."""

    def __init__(self, portal: Portal, checked: Iterable[Questionnaire] | None = None) -> None:
        """`checked`: the portal's questionnaires as a generation has just checked them, so they
        are not read again (the dashboards, `dashboard.py`)."""
        self.portal = portal
        # An id whose file has problems: named as such, rather than as unknown.
        self.broken: set[str] = set()
        if checked is None:
            found = check_questionnaires(
                portal.questionnaire_paths(), portal.display, portal.language
            )
            checked, self.broken = found.questionnaires, {p.file for p in found.problems}
        self.by_id: dict[str, Questionnaire] = {q.id: q for q in checked}
        self._models: dict[str, Model] = {}

    def get(self, file: str, ident: str) -> Questionnaire:
        if ident in self.by_id:
            return self.by_id[ident]
        folder = self.portal.display(self.portal.questionnaires_dir)
        if self.broken:
            hint = f"; {len(self.broken)} file(s) there have problems: run selfassess validate"
        else:
            hint = f" (it has: {', '.join(sorted(self.by_id)) or 'none'})"
        raise ResultsFileError(
            file, f"it answers “{_shown(ident)}”, a questionnaire not found in {folder}{hint}"
        )

    def model(self, ident: str) -> Model:
        if ident not in self._models:
            self._models[ident] = Model(self.by_id[ident], self.portal.site_id)
        return self._models[ident]


class Model:
    """A questionnaire as the browser's results page sees it: `render.browser_data`,
    with look-ups by id."""

    def __init__(self, q: Questionnaire, site_id: str) -> None:
        self.questionnaire = q
        self.data = browser_data(q, site_id, descriptions=True)
        self.items: dict[str, dict[str, Any]] = {}
        self.sections: dict[str, dict[str, Any]] = {}
        for section in self.data["sections"]:
            self.sections[section["id"]] = section
            for item in section["items"]:
                options = self.data["scales"][item["scale"]]
                self.items[item["id"]] = item | {
                    "section": section["id"],
                    "options": [o["id"] for o in options],
                    "top": max(float(o["value"]) for o in options),
                }
        self.context = {question["id"]: question for question in self.data["context"]}
        self.explanations = {item.id: item.explanation for item in q.items}  # Markdown
        na_label = table(q.language)["scales"][NOT_APPLICABLE]
        self.labels = {
            scale: labels | {NOT_APPLICABLE: na_label}
            for scale, labels in self.data["scale_labels"].items()
        }

    def answer_label(self, item_id: str, value: str | None) -> str:
        if value is None:
            return ""
        return self.labels[self.items[item_id]["scale"]].get(value, value)


@dataclass
class ResultsFile:
    """One usable results file: the record as the browser would import it, and its scores."""

    path: Path
    file: str  # as messages show it
    model: Model
    record: dict[str, Any]
    skipped: list[str] = field(default_factory=list)  # bounded: see _Skips
    skipped_count: int = 0  # all parts skipped, listed or not
    other_version: bool = False
    version: str = ""  # of the questionnaire the file was made with

    @cached_property
    def scores(self) -> dict[str, Any]:
        return score_assessment(self.model.data, self.record)

    @property
    def questionnaire(self) -> Questionnaire:
        return self.model.questionnaire

    def note(self) -> str | None:
        """The one line that tells what of the file was not used, or None when all of it was."""
        parts = []
        if self.other_version:
            q = self.questionnaire
            made = (
                f"made before “{q.id}” changed (version {q.version} then as now)"
                if self.version == q.version
                else f"made for version {_shown(self.version)} of “{q.id}” (this is {q.version})"
            )
            parts.append(f"{made}: answers to statements that still exist are used")
        if self.skipped_count:
            shown = "; ".join(self.skipped[:5])
            more = f"; and {self.skipped_count - 5} more" if self.skipped_count > 5 else ""
            parts.append(f"{self.skipped_count} part(s) skipped: {shown}{more}")
        return f"{self.file}: note: {'; '.join(parts)}" if parts else None


def read(path: Path, questionnaires: Questionnaires, file: str | None = None) -> ResultsFile:
    """Read and check one results file; raises ResultsFileError with the reason. `file`: the
    file's name in messages (default: the path as the person wrote it on the command line)."""
    file = str(path) if file is None else file
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ResultsFileError(file, _say("errTooLarge"))
        raw = path.read_bytes()
    except OSError as error:
        raise ResultsFileError(file, f"cannot read it: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultsFileError(file, _say("errNotJson")) from None
    if too_deep(text):
        raise ResultsFileError(file, _say("errTooDeep", MAX_DEPTH))
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ResultsFileError(file, _say("errNotJson")) from None
    return check(path, file, data, questionnaires)


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests deeper than `limit`, found before parsing, as the browser's
    `tooDeep` does (browser/record.js): strings dropped, then the brackets' running depth."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > limit


class _Skips:
    """What was skipped: the first MAX_LISTED parts by name, the rest only counted, as the
    browser's skipList; each message (`_say(key, *args)`, each value cut by `_shown`) is made
    only when it is listed."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0
        self.unknown = 0  # unknown statements beyond the listed ones

    def add(self, key: str, *args: Any, unknown_item: bool = False) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(_say(key, *map(_shown, args)))
        elif unknown_item:
            self.unknown += 1

    def done(self) -> list[str]:
        other = self.count - len(self.listed) - self.unknown
        if self.unknown:
            self.listed.append(_say("skipMoreUnknownItems", self.unknown))
        if other:
            self.listed.append(_say("skipMoreParts", other))
        return self.listed


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: Python accepts them, JSON does not


def check(path: Path, file: str, data: Any, questionnaires: Questionnaires) -> ResultsFile:
    """The browser's `checkRecord`: the frame decides whether the file is usable at all; each
    answer, context answer and the respondent is then kept or skipped on its own."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ResultsFileError(file, _say("errNotResults") + _why_not_results(_dict(data)))
    version = data.get("format_version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise ResultsFileError(file, _say("errNewer", version))
        raise ResultsFileError(file, _say("errNotResults") + _why_not_results(data))
    about = _dict(data.get("questionnaire"))
    if not isinstance(about.get("id"), str):
        raise ResultsFileError(file, _say("errNotResults") + _why_not_results(data))
    model = questionnaires.model(questionnaires.get(file, about["id"]).id)
    answers = _dict(data.get("answers"))
    if len(answers) > MAX_ANSWERS:
        raise ResultsFileError(file, _say("errTooManyAnswers", len(answers), MAX_ANSWERS))
    context = _dict(data.get("context"))
    if len(context) > MAX_CONTEXT:
        raise ResultsFileError(file, _say("errTooManyContext", len(context), MAX_CONTEXT))
    q = model.questionnaire
    record: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "questionnaire": {"id": q.id, "version": q.version, "digest": q.digest},
        "created": "",
        "updated": "",
        "respondent": {"name": "", "team": ""},
        "context": {},
        "answers": {},
    }
    skips = _Skips()
    for key in ("created", "updated"):
        if isinstance(data.get(key), str) and _is_date(data[key]):
            record[key] = data[key]
    if "respondent" in data:
        r = data["respondent"]
        # A key left out is no name; one that is there must be text (null is not, as in JS).
        fits = all(
            key not in _dict(r) or (isinstance(r[key], str) and len(r[key]) <= MAX_RESPONDENT)
            for key in ("name", "team")
        )
        if isinstance(r, dict) and fits:
            record["respondent"] = {"name": r.get("name") or "", "team": r.get("team") or ""}
        else:
            skips.add("skipBadRespondent")
    for ident, chosen in context.items():
        question = model.context.get(ident)
        if question is None:
            skips.add("skipUnknownContext", ident)
        elif (
            not isinstance(chosen, list)
            or not all(isinstance(c, str) and c in question["options"] for c in chosen)
            or (not question["multiple"] and len(chosen) > 1)
        ):
            skips.add("skipBadContext", ident)
        else:
            record["context"][ident] = list(dict.fromkeys(chosen))
    for ident, answer in answers.items():
        item = model.items.get(ident)
        if item is None:
            skips.add("skipUnknownItem", ident, unknown_item=True)
            continue
        if not isinstance(answer, dict):
            skips.add("skipBadAnswer", ident)
            continue
        kept = {}
        if "value" in answer:
            value = answer["value"]
            if isinstance(value, str) and (
                value in item["options"] or (value == NOT_APPLICABLE and item["na"])
            ):
                kept["value"] = value
            else:
                skips.add("skipBadValue", item["number"], _js(value))
        if "note" in answer:
            note = answer["note"]
            if isinstance(note, str) and len(note) <= MAX_NOTE:
                if note:
                    kept["note"] = note
            else:
                skips.add("skipBadNote", item["number"])
        if kept:
            record["answers"][ident] = kept
    if "targets" in data:
        targets = _targets(model, data["targets"], lambda part: skips.add("skipBadTarget", part))
        if targets:
            record["targets"] = targets
    return ResultsFile(
        path=path,
        file=file,
        model=model,
        record=record,
        skipped=skips.done(),
        skipped_count=skips.count,
        other_version=about.get("digest") != q.digest,
        version=_js(about.get("version")),
    )


def _targets(model: Model, data: Any, skip: Callable[[str], None]) -> dict[str, Any]:
    """The browser's checkTargets: a number from 0 per node named; anything else is skipped."""
    kept: dict[str, Any] = {}
    if not isinstance(data, dict):
        skip("targets")
        return kept

    def fits(value: Any) -> bool:
        return (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0
        )

    if "overall" in data:
        if fits(data["overall"]):
            kept["overall"] = data["overall"]
        else:
            skip("overall")
    known = {
        "sections": set(model.sections),
        "areas": {area["id"] for area in model.data.get("areas", [])},
    }
    for part in ("sections", "areas"):
        if part not in data:
            continue
        if not isinstance(data[part], dict):
            skip(part)
            continue
        for ident, value in data[part].items():
            if ident in known[part] and fits(value):
                kept.setdefault(part, {})[ident] = value
            else:
                skip(ident)
    return kept


def read_all(
    paths: Iterable[Path], questionnaires: Questionnaires
) -> tuple[list[ResultsFile], list[str], list[str]]:
    """The usable files answering one questionnaire (the first usable file's), one error line for
    each other file, and one note line for each usable file that is not wholly used."""
    good: list[ResultsFile] = []
    errors: list[str] = []
    notes: list[str] = []
    for path in paths:
        try:
            results = read(path, questionnaires)
        except ResultsFileError as error:
            errors.append(str(error))
            continue
        first = good[0] if good else results
        if results.questionnaire.id != first.questionnaire.id:
            reason = _say("errOtherQuestionnaire", _shown(results.questionnaire.id))
            errors.append(
                f"{results.file}: {reason}, not “{first.questionnaire.id}” like {first.file}"
            )
            continue
        good.append(results)
        if note := results.note():
            notes.append(note)
    return good, errors, notes


def rater_names(files: list[ResultsFile]) -> list[str]:
    """respondent.name, else respondent.team, else the file name without .json; a name that
    comes again gets " (2)", " (3)" in input order."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for results in files:
        respondent = results.record["respondent"]
        name = respondent["name"] or respondent["team"] or results.path.name.removesuffix(".json")
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def node_score(model: dict[str, Any], node: dict[str, Any], language: str = "en") -> str:
    """A node's score as people read it, the browser's nodeScore (nodes.js): 62.5 in percent,
    "1.5 of 3" in points or on a 0-N scale, with the questionnaire's decimals."""
    rule = rules(model)
    app = table(language)["app"]
    if node.get("value") is None:
        return str(app["noScore"])
    shown = format_score(node["value"], language, rule["decimals"])
    if rule["unit"] == "percent" and rule["out_of"] is None:
        return shown
    return format_text(app["scoreOf"], shown, format_score(node["max"], language, rule["decimals"]))


def format_change(
    then: float | None, now: float | None, language: str = "en", decimals: int = 1
) -> str:
    """The change from one score to another as the browser's formatChange shows it: the difference
    of the two figures as shown, so that 37.8 → 40.9 reads +3.1 whatever decimals lie behind them;
    signed (a minus sign, not a hyphen), ±0 for none, a dash when either has no score. `decimals`:
    the questionnaire's, as for format_score."""
    if then is None or now is None:
        return NONE
    scale = 10**decimals
    steps = math.floor(now * scale + 0.5) - math.floor(then * scale + 0.5)
    if steps == 0:
        return "\u00b10"
    return ("+" if steps > 0 else "\u2212") + format_score(abs(steps) / scale, language, decimals)


def _dict(data: Any) -> dict[str, Any]:
    return data if isinstance(data, dict) else {}


def _js(value: Any) -> str:
    """A value as JavaScript's String() writes it, for messages shared with the browser."""
    if value is None:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _is_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
