"""`selfassess aggregate`: the team view of several results files of one questionnaire.

Pure statistics first (per section: mean, min, max and n over the raters with a score; the items
raters disagree on most), then their two outputs: a table for the terminal and the CSV file whose
format the browser's downloads share (see docs/command-line.md).
"""

from __future__ import annotations

import csv
import json
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..questionnaire.i18n import format_text, table
from ..questionnaire.score import rules
from .read import NONE, ResultsFile, format_score
from .trends import team_key
from .words import Words, clean, table_lines

TOP = 10  # most disputed items shown by default
CSV_HEADER = [
    *("rater", "file", "questionnaire", "version", "section_id", "section", "item_id", "number"),
    *("statement", "answer_id", "answer", "score", "note"),
]
_FORMULA_START = ("=", "+", "-", "@")


def rater_key(record: dict[str, Any]) -> str:
    """What makes two files the same rater's (the same file given twice, or saved twice): the
    same context, answers and notes, and the same respondent; files without a name or team are
    the same one's only when their answers began at the same moment (`created`). The browser's
    twin is raterKey in browser/team-stats.js."""
    answers = [
        [ident, answer.get("value"), answer.get("note", "")]
        for ident, answer in sorted(record["answers"].items())
    ]
    name, team = record["respondent"]["name"], record["respondent"]["team"]
    who = [name, team] if name or team else [record.get("created")]
    return json.dumps([who, sorted(record["context"].items()), answers])


def distinct_raters(files: list[ResultsFile]) -> tuple[list[ResultsFile], list[str]]:
    """The files without a second file of the same rater, and one line for each left out."""
    first: dict[str, ResultsFile] = {}
    lines = []
    for results in files:
        key = rater_key(results.record)
        if key in first:
            same = format_text(table("en")["app"]["teamSameAs"], first[key].file)
            lines.append(f"{results.file}: {same}; not counted again")
        else:
            first[key] = results
    return list(first.values()), lines


@dataclass
class Stat:
    """A scored node over raters, on its own scale: mean, min and max of the scores people read
    (62.5, or 1.5 of a points section's 3), how many raters have one (n), and the lowest and
    highest top of the scale among them (a points section's top is lower for a rater who marked
    statements not applicable). The browser's twin is nodeStat in team-stats.js."""

    label: str
    mean: float | None
    min: float | None
    max: float | None
    n: int
    most: tuple[float, float] | None = None


def node_stat(label: str, nodes: list[dict[str, Any]]) -> Stat:
    scored = [node for node in nodes if node["value"] is not None]
    if not scored:
        return Stat(label, None, None, None, 0)
    values = [node["value"] for node in scored]
    tops = [node["max"] for node in scored]
    return Stat(
        label,
        statistics.fmean(values),
        min(values),
        max(values),
        len(values),
        (min(tops), max(tops)),
    )


@dataclass
class NodeStats:
    sections: list[Stat]
    areas: list[Stat]
    overall: Stat | None  # None where the questionnaire gives no overall score


def section_stats(files: list[ResultsFile]) -> NodeStats:
    """Per section and per area in questionnaire order, and the overall score's."""
    model = files[0].model.data
    return NodeStats(
        [
            node_stat(
                f"{s['number']}. {s['title']}", [f.scores["sections"][s["id"]] for f in files]
            )
            for s in model["sections"]
        ],
        [
            node_stat(a["title"], [f.scores["areas"][a["id"]] for f in files])
            for a in model.get("areas", [])
        ],
        None
        if rules(model)["overall"] == "none"
        else node_stat("", [f.scores["whole"] for f in files]),
    )


def stat_score(model: dict[str, Any], value: float | None, stat: Stat, language: str) -> str:
    """A figure of a node's statistics as the questionnaire writes scores: 62.5 in percent,
    "1.5 of 3" on a scale, "1.5 of 2-3" (an en dash) where the raters' tops differ (statScore in
    team-stats.js)."""
    if value is None or stat.most is None:
        return NONE
    rule = rules(model)
    shown = format_score(value, language, rule["decimals"])
    if rule["unit"] == "percent" and rule["out_of"] is None:
        return shown
    top, highest = (format_score(m, language, rule["decimals"]) for m in stat.most)
    return format_text(
        table(language)["app"]["scoreOf"], shown, top if top == highest else f"{top}\u2013{highest}"
    )


@dataclass
class Disputed:
    item: dict[str, Any]  # the item of the browser's model: id, number, text, ...
    spread: float  # population standard deviation of the raters' item scores (0 to 100)
    range: float
    position: int  # in the questionnaire


def item_score(results: ResultsFile, item_id: str) -> float | None:
    """100 times the chosen option's value; None for N/A, unanswered and items that do not apply."""
    value = results.scores["items"][item_id]["value"]
    return None if value is None else 100 * value


def disputed(files: list[ResultsFile]) -> list[Disputed]:
    """Items with a disagreement above 0 among at least two raters' answers, most disputed first
    (then the larger range, then questionnaire order)."""
    found = []
    for position, item in enumerate(files[0].model.items.values()):
        values = [v for f in files if (v := item_score(f, item["id"])) is not None]
        if len(values) < 2:
            continue
        spread = statistics.pstdev(values)
        if spread > 0:
            found.append(Disputed(item, spread, max(values) - min(values), position))
    found.sort(key=lambda d: (-d.spread, -d.range, d.position))
    return found


# --- Teams beside raters --------------------------------------------------------------------------
# The browser's twins are byTeam, teamStats and teamDifferences in browser/team-stats.js.

_TIE = 1e-9  # differences closer than this are a tie (as TIE in team-stats.js)


def team_of(results: ResultsFile) -> str:
    """The respondent's team as typed, trimmed; "" for the raters without one."""
    return str(results.record["respondent"]["team"]).strip()


def by_team(files: list[ResultsFile]) -> list[tuple[str, list[ResultsFile]]]:
    """The teams in the order they first come, each named as first spelled, with its raters'
    files; two spellings of one team (trends.team_key) are one team."""
    teams: dict[str, tuple[str, list[ResultsFile]]] = {}
    for results in files:
        name = team_of(results)
        teams.setdefault(team_key(name), (name, []))[1].append(results)
    return list(teams.values())


@dataclass
class TeamStat:
    team: str
    raters: int
    sections: NodeStats


def team_stats(files: list[ResultsFile]) -> list[TeamStat]:
    return [
        TeamStat(team, len(members), section_stats(members)) for team, members in by_team(files)
    ]


@dataclass
class Difference:
    item: dict[str, Any]
    spread: float
    range: float
    n: int  # teams (between) or answers (within)
    position: int


def team_differences(files: list[ResultsFile]) -> tuple[list[Difference], list[Difference]]:
    """(between, within): statements whose team means differ (their standard deviation), and
    statements on which raters of one team differ (the pooled standard deviation within teams,
    over the answers of teams with two or more); most different first, then by range, then in
    questionnaire order."""
    teams = by_team(files)
    between, within = [], []
    for position, item in enumerate(files[0].model.items.values()):
        means: list[float] = []
        squares, count, widest = 0.0, 0, 0.0
        for _, members in teams:
            values = [v for f in members if (v := item_score(f, item["id"])) is not None]
            if not values:
                continue
            mean = sum(values) / len(values)
            means.append(mean)
            if len(values) < 2:
                continue
            squares += sum((v - mean) ** 2 for v in values)
            count += len(values)
            widest = max(widest, max(values) - min(values))
        if len(means) >= 2 and (spread := statistics.pstdev(means)) > _TIE:
            between.append(Difference(item, spread, max(means) - min(means), len(means), position))
        if count and squares / count > _TIE:
            within.append(Difference(item, (squares / count) ** 0.5, widest, count, position))
    for found in (between, within):  # spreads equal to 6 decimals are a tie, as in the browser
        found.sort(key=lambda d: (-round(d.spread * 1e6), -d.range, d.position))
    return between, within


# --- The terminal ---------------------------------------------------------------------------------


def team_view(files: list[ResultsFile], names: list[str], top: int = TOP) -> str:
    q = files[0].questionnaire
    w = Words(q.language)
    stats = section_stats(files)
    out = [w.report("team_title", clean(q.title)), w.report("raters", len(files)), ""]
    header = [
        w.app_text("sectionColumn"),
        w.report("mean_column"),
        w.report("min_column"),
        w.report("max_column"),
        w.report("n_column"),
    ]
    model = files[0].model.data

    def row(label: str, stat: Stat) -> list[str]:
        figures = (stat_score(model, v, stat, q.language) for v in (stat.mean, stat.min, stat.max))
        return [clean(label), *figures, str(stat.n)]

    rows = [header, *(row(s.label, s) for s in stats.sections)]
    if stats.overall is not None:
        rows.append(row(w.app_text("overall"), stats.overall))
    lines = table_lines(rows, right={1, 2, 3, 4})
    rule = "-" * max(len(line) for line in lines)
    if stats.overall is None:  # the sections alone, and a sentence in place of the overall row
        out += [lines[0], rule, *lines[1:], "", w.app_text("noOverall"), ""]
    else:
        out += [lines[0], rule, *lines[1:-1], rule, lines[-1], ""]
    if stats.areas:
        areas = [[w.app_text("areaColumn"), *header[1:]], *(row(s.label, s) for s in stats.areas)]
        lines = table_lines(areas, right={1, 2, 3, 4})
        out += [lines[0], "-" * max(len(line) for line in lines), *lines[1:], ""]
    found = disputed(files)
    out.append(w.report("disputed_heading"))
    out.append("")
    if not found:
        out.append(w.report("no_disputes"))
    for d in found[:top]:
        spread = w.report("spread", w.score(d.spread), w.score(d.range))
        out.append(f"{d.item['number']} {clean(d.item['text'])} ({spread})")
        for results, name in zip(files, names, strict=True):
            answer = results.record["answers"].get(d.item["id"], {})
            label = results.model.answer_label(d.item["id"], answer.get("value"))
            note = f" — {clean(answer['note'])}" if answer.get("note") else ""
            out.append(f"   {clean(name)}: {clean(label) or w.report('not_answered')}{note}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def by_team_view(files: list[ResultsFile], names: list[str], top: int = TOP) -> str:
    """The team view grouped by team: a row per team, then the statements on which the teams
    differ, then those on which raters of one team disagree (browser: team.js, grouped)."""
    q = files[0].questionnaire
    model = files[0].model.data
    w = Words(q.language)
    teams = team_stats(files)
    name_of = {id(f): n for f, n in zip(files, names, strict=True)}

    def team_name(team: str) -> str:
        return clean(team) or w.app_text("teamNoTeam")

    out = [
        w.report("team_title", clean(q.title)),
        w.app_text("teamRatersInTeams", len(files), len(teams)),
    ]
    out += [
        "",
        f"{w.app_text('teamSectionsKey')} "
        + " · ".join(f"{s['number']}. {clean(s['title'])}" for s in model["sections"]),
        "",
    ]
    has_overall = teams[0].sections.overall is not None
    header = [
        w.app_text("teamColumn"),
        w.report("n_column"),
        *(
            (w.report("mean_column"), w.report("min_column"), w.report("max_column"))
            if has_overall
            else ()
        ),
        *(f"{s['number']}." for s in model["sections"]),
    ]
    rows = [header]
    for t in teams:
        cells = [team_name(t.team), str(t.raters)]
        if (overall := t.sections.overall) is not None:
            spread = (overall.mean, overall.min, overall.max)
            cells += [stat_score(model, v, overall, q.language) for v in spread]
        cells += [stat_score(model, s.mean, s, q.language) for s in t.sections.sections]
        rows.append(cells)
    lines = table_lines(rows, right=set(range(1, len(header))))
    out += [lines[0], "-" * max(len(line) for line in lines), *lines[1:], ""]
    between, within = team_differences(files)
    grouped = by_team(files)

    def answer(results: ResultsFile, item_id: str) -> str:
        value = results.record["answers"].get(item_id, {}).get("value")
        return clean(results.model.answer_label(item_id, value)) or w.report("not_answered")

    out += [w.app_text("teamBetween"), ""]
    if not between:
        out.append(w.app_text("teamBetweenNone"))
    for d in between[:top]:
        means = []
        for team, members in grouped:
            values = [v for f in members if (v := item_score(f, d.item["id"])) is not None]
            if values:
                means.append((team, sum(values) / len(values), members))
        figures = w.app_text(
            "teamBetweenFigures",
            w.score(d.spread),
            w.score(min(m for _, m, _ in means)),
            w.score(max(m for _, m, _ in means)),
            d.n,
        )
        out.append(f"{d.item['number']} {clean(d.item['text'])} ({figures})")
        for team, mean, members in means:
            answers = ", ".join(
                answer(f, d.item["id"]) for f in members if item_score(f, d.item["id"]) is not None
            )
            out.append(f"   {team_name(team)}: {w.score(mean)} ({answers})")
        out.append("")
    out += ["", w.app_text("teamWithin"), ""]
    if not within:
        out.append(w.app_text("teamWithinNone"))
    for d in within[:top]:
        figures = w.app_text("teamWithinFigures", w.score(d.spread), w.score(d.range), d.n)
        out.append(f"{d.item['number']} {clean(d.item['text'])} ({figures})")
        for team, members in grouped:
            answered = [f for f in members if item_score(f, d.item["id"]) is not None]
            if len(answered) < 2:
                continue
            for results in members:
                note = results.record["answers"].get(d.item["id"], {}).get("note")
                more = f" — {clean(note)}" if note else ""
                who = f"{team_name(team)} · {clean(name_of[id(results)])}"
                out.append(f"   {who}: {answer(results, d.item['id'])}{more}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- CSV ------------------------------------------------------------------------------------------


def _guard(cell: str) -> str:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def statement_score(model: dict[str, Any], item: dict[str, Any], value: float) -> float:
    """A statement's score on the questionnaire's scale, the score it would give its section
    alone: 0-100 in percent, 0-N under out_of, its points under unit: points (its weight at full
    marks where points are summed). The browser's twin is statementScore in csv.js."""
    rule = rules(model)
    if rule["out_of"] is not None:
        return float(rule["out_of"] * value)
    if rule["unit"] != "points":
        return 100 * value
    return float(item["weight"]) * value if (rule["group"] or rule["section"]) == "sum" else value


def csv_rows(files: list[ResultsFile], names: list[str]) -> Iterator[list[str]]:
    """One row per rater per item of the questionnaire, unanswered items with an empty answer."""
    yield CSV_HEADER
    if not files:
        return
    q = files[0].questionnaire
    model = files[0].model
    # What depends only on the questionnaire is made (and guarded) once, not once per rater.
    decimals = rules(model.data)["decimals"]
    items = [
        (
            item,
            [_guard(str(c)) for c in (section["id"], section["title"])]
            + [_guard(str(c)) for c in (item["id"], item["number"], item["text"])],
            {v: _guard(model.answer_label(item["id"], v)) for v in model.labels[item["scale"]]},
        )
        for section in model.data["sections"]
        for item in section["items"]
    ]
    about = [_guard(q.id), _guard(q.version)]
    for results, name in zip(files, names, strict=True):
        rater = [_guard(name), _guard(results.path.name), *about]
        answers = results.record["answers"]
        scored = results.scores["items"]
        for item, fixed, labels in items:
            answer = answers.get(item["id"], {})
            value = answer.get("value")
            score = scored[item["id"]]["value"]
            yield [
                *rater,
                *fixed,
                value or "",  # an option id: lowercase letters, digits and hyphens inside
                labels[value] if value else "",
                ""
                if score is None
                else format_score(statement_score(model.data, item, score), "en", decimals),
                _guard(answer.get("note", "")),
            ]


def write_csv(path: Path, files: list[ResultsFile], names: list[str]) -> None:
    """UTF-8 with a byte order mark (spreadsheets then read it as UTF-8), CRLF line ends, RFC 4180
    quoting."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(csv_rows(files, names))
