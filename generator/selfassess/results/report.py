"""`selfassess report`: a results file as a standalone report, in Markdown, one HTML file or PDF.

The report says what the browser's results page says (browser/results.js), in the same order and
words: who and when, the context, verdicts, overall score and level, a score per section with the
radar chart, what the scoring models add (results/parts.py), and the action plan (the gaps most
worth fixing first, each saying why, or by section, core practices first; with the answer, the
note and the explanation). Scores come from
questionnaire/score.py, the twin of the browser's scoring.
The HTML report ends with every answer and note; printed, and as the PDF WeasyPrint makes of it,
it is laid out like the results page's printed report (browser/print.js): page 1 the summary, then
the plan, then the answers, with the file's name and page numbers in the footer.

Text from the results file (names, notes) is untrusted: escaped in HTML, and in Markdown made
literal with render.md_inline. Explanations are the questionnaire author's Markdown, trusted like
the site: raw in the Markdown report, rendered with markdown.to_html in the HTML one.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from ..questionnaire.markdown import to_html
from ..questionnaire.score import display_unit, rules
from .parts import Part, Staircase, model_parts
from .read import NONE, ResultsFile, format_score, node_score
from .words import Words, iso_date

FORMATS = ("md", "html", "pdf", "json")
SCORES_FORMAT = "selfassess-scores"  # what `report --format json` prints; docs/command-line.md


# --- What the report holds, whatever its format ---------------------------------------------------


@dataclass
class Gap:
    number: str
    text: str
    core: bool
    answer: str
    note: str
    explanation: str  # the author's Markdown
    why: str = ""  # in the ranked plan: why it stands there (rank_reasons)


@dataclass
class Verdict:
    title: str
    answer: str
    kind: str  # success, failure or info, as the browser's admonitions
    description: str
    all_best: bool
    blocking: list[str]  # "1.2 Statement"
    missing: list[str]


def _item_label(item: dict[str, Any]) -> str:
    return f"{item['number']} {item['text']}"


def summary_lines(results: ResultsFile, w: Words) -> list[str]:
    """Who, when, context, and where the figures come from: plain text lines."""
    record, model = results.record, results.model
    lines = []
    who = ", ".join(v for v in (record["respondent"]["name"], record["respondent"]["team"]) if v)
    if who:
        lines.append(w.app_text("assessedBy", who, iso_date(record["updated"]) or NONE))
    context = [
        f"{q['text']} {', '.join(q['labels'].get(o, o) for o in record['context'][q['id']])}"
        for q in model.data["context"]
        if record["context"].get(q["id"])
    ]
    if context:
        lines.append(f"{w.app_text('yourContext')} {' · '.join(context)}")
    return lines


def counts_lines(results: ResultsFile, w: Words) -> list[str]:
    scores = results.scores
    lines = [w.app_text("answered", scores["answered"] + scores["na"], scores["applicable"]) + "."]
    if scores["na"]:
        lines[0] += " " + w.app_text("naCount", scores["na"])
    missing = scores["included"] - scores["answered"]
    if missing:
        excluded = rules(results.questionnaire.scoring_data())["unanswered"] == "excluded"
        lines.append(w.app_text("countsExcluded" if excluded else "countsZero", missing))
    return lines


def level_description(results: ResultsFile) -> str:
    level = results.scores["level"]
    found = [lv for lv in results.model.data["levels"] if lv["label"] == level]
    return str(found[-1].get("description", "")) if found else ""


def verdicts(results: ResultsFile, w: Words) -> list[Verdict]:
    out = []
    for verdict in results.model.data["verdicts"]:
        result = results.scores["verdicts"][verdict["id"]]
        if result["holds"]:
            kind, answer = "success", w.app_text("verdictHolds")
        elif result["blocking"]:
            kind, answer = "failure", w.app_text("verdictFails")
        else:
            kind, answer = "info", w.app_text("verdictPending")
        items = results.model.items
        out.append(
            Verdict(
                verdict["title"],
                answer,
                kind,
                verdict.get("description", ""),
                result["holds"],
                [_item_label(items[i]) for i in result["blocking"]],
                [_item_label(items[i]) for i in result["missing"]],
            )
        )
    return out


def section_rows(results: ResultsFile, w: Words) -> list[tuple[str, float | None, str, str, str]]:
    """(number. title, score 0-100, the score on the section's scale, answered of applicable, the
    score so far on that scale) per section, as the results table."""
    rows = []
    model = results.questionnaire.scoring_data()
    for section in results.model.data["sections"]:
        s = results.scores["sections"][section["id"]]
        so_far = {"value": s["so_far_value"], "max": s["so_far_max"]}
        rows.append(
            (
                f"{section['number']}. {section['title']}",
                s["score"],
                node_score(model, s, w.language),
                w.app_text("answered", s["answered"] + s["na"], s["applicable"]),
                node_score(model, so_far, w.language),
            )
        )
    return rows


def so_far_column(results: ResultsFile) -> bool:
    """Whether the table shows the scores so far: where one of them differs, as results.js."""
    return any(
        s["so_far"] is not None and s["so_far"] != s["score"]
        for s in results.scores["sections"].values()
    )


PLAN_ORDERS = ("rank", "section")  # the browser's BY_RANK and BY_SECTION (plan.js)
_PRIORITY_TEXT = {"high": "priorityHigh", "medium": "priorityMedium", "low": "priorityLow"}


def rank_reasons(results: ResultsFile, rank: dict[str, Any]) -> str:
    """Why a gap stands where it does in the ranked plan, as the browser's rankReasons (plan.js)
    writes it: its section and score, how much it would raise that score on the section's scale,
    its priority, a target it serves."""
    w = Words(results.questionnaire.language)
    scoring = results.questionnaire.scoring_data()
    section = results.model.sections[rank["section"]]
    node = results.scores["sections"][rank["section"]]
    rise = rank["impact"] * (node.get("max") or 100) / 100
    decimals = rules(scoring)["decimals"]
    reasons = [f"{section['number']}. {section['title']} ({node_score(scoring, node, w.language)})"]
    if rise > 0:
        reasons.append(w.app_text("gapImpact", format_score(rise, w.language, decimals)))
    if rank.get("priority"):
        reasons.append(w.app_text(_PRIORITY_TEXT[rank["priority"]]))
    if rank.get("to_target"):
        reasons.append(w.app_text("gapToTarget"))
    return " \u00b7 ".join(reasons)


def action_plan(
    results: ResultsFile, order: str = "rank"
) -> tuple[list[tuple[str, list[Gap]]], list[str]]:
    """The gaps and the unanswered items, as the browser's plan shows them. Ranked ("rank"): one
    group without a heading, the most worth fixing first as the scores rank them, each gap saying
    why. By section: "n. Title (score)" and its gaps, core first, in the questionnaire's order."""
    model, scores, answers = results.model, results.scores, results.record["answers"]
    scoring = results.questionnaire.scoring_data()

    def gap(item_id: str, why: str = "") -> Gap:
        item, answer = model.items[item_id], answers[item_id]
        return Gap(
            item["number"],
            item["text"],
            item["tier"] == "core",
            model.answer_label(item_id, answer["value"]),
            answer.get("note", ""),
            model.explanations[item_id],
            why,
        )

    unanswered = [
        _item_label(item)
        for section in model.data["sections"]
        for item in section["items"]
        if scores["items"][item["id"]]["applies"]
        and not scores["items"][item["id"]]["na"]
        and scores["items"][item["id"]]["value"] is None
    ]
    if order == "rank":
        ranked = [gap(rank["id"], rank_reasons(results, rank)) for rank in scores["plan"]]
        return ([("", ranked)] if ranked else []), unanswered
    in_plan = {rank["id"] for rank in scores["plan"]}
    plan: list[tuple[str, list[Gap]]] = []
    for section in model.data["sections"]:
        gaps = [gap(item["id"]) for item in section["items"] if item["id"] in in_plan]
        if gaps:
            gaps.sort(key=lambda gap: not gap.core)  # stable: questionnaire order within a tier
            node = scores["sections"][section["id"]]
            score = node_score(scoring, node, results.questionnaire.language)
            plan.append((f"{section['number']}. {section['title']} ({score})", gaps))
    return plan, unanswered


def _plan_intro(plan: list[tuple[str, list[Gap]]], order: str, w: Words) -> str:
    count = sum(len(gaps) for _, gaps in plan)
    if not count:
        return w.app_text("planNone")
    return w.app_text("planIntroRanked" if order == "rank" else "planIntro", count)


# --- Markdown -------------------------------------------------------------------------------------

_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]#!|>])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def md_inline(text: str) -> str:
    """Plain text in Markdown, shown as typed wherever the report is rendered: on one line, with
    Markdown's syntax backslash-escaped, `<` and anything that reads as an entity made an entity.
    (Unlike render.md_inline, a bare `&` stays readable in the Markdown file itself.)"""
    folded = " ".join(str(text).split())
    escaped = _MARKDOWN_SYNTAX.sub(r"\\\1", _ENTITY_LIKE.sub("&amp;", folded))
    return escaped.replace("<", "&lt;")


def markdown(results: ResultsFile, today: date | None = None, order: str = "rank") -> str:
    w = Words(results.questionnaire.language)
    scores = results.scores
    q = results.questionnaire
    out: list[str] = [f"# {md_inline(w('results_title', q.title))}", ""]
    out += [f"{md_inline(line)}  " for line in summary_lines(results, w)]
    out += [md_inline(w.report("source", results.path.name, q.version)), ""]
    if scores["answered"] + scores["na"] == 0:
        out += [md_inline(w.app_text("noAnswersYet")), ""]
    else:
        level = (
            f" · {md_inline(w.app_text('level'))}: **{md_inline(scores['level'])}**"
            if scores["level"]
            else ""
        )
        if rules(q.scoring_data())["overall"] == "none":
            out += [md_inline(w.app_text("noOverall")), ""]
        else:
            overall = node_score(q.scoring_data(), scores["whole"], w.language)
            out += [f"{md_inline(w.app_text('overall'))}: **{overall}**{level}", ""]
        if description := level_description(results):
            out += [md_inline(description), ""]
        out += [md_inline(line) for line in counts_lines(results, w)] + [""]
    found = verdicts(results, w)
    if found:
        out += [f"## {md_inline(w('verdicts', len(found)))}", ""]
        for verdict in found:
            out += [f"### {md_inline(verdict.title)}: {md_inline(verdict.answer)}", ""]
            if verdict.description:
                out += [md_inline(verdict.description), ""]
            if verdict.all_best:
                out += [md_inline(w.app_text("verdictAll")), ""]
            for key, items in (
                ("verdictBlocking", verdict.blocking),
                ("verdictMissing", verdict.missing),
            ):
                if items:
                    out += [md_inline(w.app_text(key, len(items))), ""]
                    out += [f"- {md_inline(item)}" for item in items] + [""]
    out += [f"## {md_inline(w('scores_heading'))}", ""]
    so_far = so_far_column(results)
    head = [w.app_text(key) for key in ("sectionColumn", "scoreColumn", "answeredColumn")]
    head += [w.app_text("soFarColumn")] if so_far else []
    out += ["| " + " | ".join(head) + " |", "| --- | --: | --- |" + (" --: |" if so_far else "")]
    for title, _, shown, answered, shown_so_far in section_rows(results, w):
        last = f" {shown_so_far} |" if so_far else ""
        out.append(f"| {md_inline(title)} | {shown} | {md_inline(answered)} |{last}")
    out.append("")
    out += _parts_markdown(model_parts(results, w))
    out += [f"## {md_inline(w('plan_heading'))}", ""]
    plan, unanswered = action_plan(results, order)
    if scores["answered"]:
        out += [md_inline(_plan_intro(plan, order, w)), ""]
    for heading, gaps in plan:
        if heading:
            out += [f"### {md_inline(heading)}", ""]
        for gap in gaps:
            tier = "" if gap.core else f" *({md_inline(w.app_text('extended'))})*"
            out += [f"#### {md_inline(gap.number + ' ' + gap.text)}{tier}", ""]
            if gap.why:
                out += [f"*{md_inline(gap.why)}*", ""]
            out += [f"{md_inline(w.app_text('yourAnswer'))} **{md_inline(gap.answer)}**", ""]
            if gap.note.strip():
                note = [str(md_inline(line)) for line in gap.note.splitlines() if line.strip()]
                note[0] = f"{md_inline(w.app_text('yourNote'))} {note[0]}"
                out += [f"> {line}  " for line in note] + [""]
            out += [gap.explanation.strip(), ""]
    if unanswered:
        out += [f"### {md_inline(w.app_text('unanswered'))}", ""]
        out += [f"- {md_inline(item)}" for item in unanswered] + [""]
    out += ["---", "", md_inline(w.report("made", (today or date.today()).isoformat()))]
    return "\n".join(out) + "\n"


def _parts_markdown(parts: list[Part]) -> list[str]:
    out: list[str] = []
    for part in parts:
        out += [f"### {md_inline(part.heading)}", ""]
        if isinstance(part, Staircase):
            if part.whole:
                out += [md_inline(part.whole), ""]
            for stair in part.stairs:
                out += [f"**{md_inline(stair.title)}**: {md_inline(stair.level)}", ""]
                for sentence, statements in stair.lines:
                    out += [md_inline(sentence), ""]
                    out += [f"- {md_inline(s)}" for s in statements] + ([""] if statements else [])
            continue
        if part.caption != part.heading:
            out += [f"*{md_inline(part.caption)}*", ""]
        out.append("| " + " | ".join(md_inline(cell) for cell in part.head) + " |")
        out.append("| --- |" + (" --: |" if part.heat else " --- |") * (len(part.head) - 1))
        for header, cells in part.rows:
            out.append(
                f"| {md_inline(header)} | " + " | ".join(md_inline(t) for t, _ in cells) + " |"
            )
        out.append("")
    return out


# --- HTML -----------------------------------------------------------------------------------------

RADIUS = 120
RINGS = (25, 50, 75, 100)


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count - math.pi / 2  # the first axis points up
    r = RADIUS * value / 100
    return r * math.cos(angle), r * math.sin(angle)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


# The chart's colours as attributes too: WeasyPrint (the PDF) draws SVG from its attributes only;
# in a browser the stylesheet's rules win over them.
_LINE = 'fill="none" stroke="#d1d9e0" stroke-width="1"'
_AREA = 'fill="#3949ab" fill-opacity="0.2" stroke="#3949ab" stroke-width="2"'
_LABEL = 'fill="#1f2328" font-size="11"'
_TARGET = 'fill="#fff" stroke="#1f2328" stroke-width="1.5"'


def _radar_figure(
    results: ResultsFile,
    w: Words,
    labels: list[str],
    nodes: list[dict[str, Any]],
    title_key: str,
    described_by: str,
) -> str:
    """A radar of scored nodes (sections or areas), as nodesRadar in browser/radar.js: scores in
    the nodes' units under the labels, a diamond and a key where a node has a target."""
    scoring, language = results.questionnaire.scoring_data(), results.questionnaire.language
    axes = [(label, node["score"]) for label, node in zip(labels, nodes, strict=True)]
    texts = [node_score(scoring, node, language) for node in nodes]
    targets = [_share_of_scale(node.get("target"), node.get("max")) for node in nodes]
    title = w.app_text(title_key)
    chart = radar_svg(axes, title, language, texts, targets, described_by)
    key = ""
    if any(target is not None for target in targets):
        target = escape(w.app_text("targetColumn"))
        key = f'<p class="radar-key"><span aria-hidden="true">◇</span> {target}</p>'
    return (
        f"<figure>{chart}{key}<figcaption>"
        f"{escape(title)}. {escape(w.app_text('reportRadarNote'))}</figcaption></figure>"
    )


def _share_of_scale(value: float | None, most: float | None) -> float | None:
    """A target on a node's scale as the 0-100 the radar draws in, as nodesRadar (radar.js): none
    without a scale yet (points, nothing answered, unanswered excluded)."""
    return None if value is None or not most else 100 * value / most


def radar_svg(
    axes: list[tuple[str, float | None]],
    title: str,
    language: str = "en",
    texts: list[str] | None = None,
    targets: list[float | None] | None = None,
    described_by: str = "scores",
) -> str:
    """The radar chart of browser/radar.js as SVG markup: rings, axes, labels with scores, the
    area and its dots, and a hollow diamond where an axis has a target. axes: (label, score from
    0 to 100 or None), at least three; texts: what goes under each label instead of the score
    (the score in its node's units); targets: 0 to 100 or None per axis."""
    n = len(axes)
    low, high = -RADIUS - 5.0, RADIUS + 5.0
    parts = [
        f'<polygon class="ring" {_LINE} points="{_path([_point(i, n, ring) for i in range(n)])}"/>'
        for ring in RINGS
    ]
    for i, (label, score) in enumerate(axes):
        x, y = _point(i, n, 100)
        parts.append(f'<line class="axis" {_LINE} x1="0" y1="0" x2="{_f(x)}" y2="{_f(y)}"/>')
        lx, ly = _point(i, n, 112)
        anchor = "middle" if abs(lx) < 1 else "start" if lx > 0 else "end"
        lines = _wrap(label, 22)
        extra = len(lines) * 13  # height of the lines after the first, the score's included
        top = -extra if ly < -1 else 10 if ly > 1 else 4 - extra / 2
        low = min(low, ly + top - 12)
        high = max(high, ly + top + extra + 4)
        spans = "".join(
            f'<tspan x="{_f(lx)}" dy="{13 if k else 0}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        value = escape(texts[i]) if texts else format_score(score, language)
        parts.append(
            f'<text class="label" {_LABEL} x="{_f(lx)}" y="{_f(ly + top)}" text-anchor="{anchor}">'
            f'{spans}<tspan class="value" font-weight="700" x="{_f(lx)}" dy="13">{value}</tspan>'
            "</text>"
        )
    shape = [_point(i, n, score or 0) for i, (_, score) in enumerate(axes)]
    parts.append(f'<polygon class="area" {_AREA} points="{_path(shape)}"/>')
    parts += [
        f'<circle class="dot" fill="#3949ab" cx="{_f(x)}" cy="{_f(y)}" r="3"/>' for x, y in shape
    ]
    for i, target in enumerate(targets or []):
        if target is not None:
            x, y = _point(i, n, min(max(target, 0), 100))
            diamond = [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
            parts.append(f'<polygon class="target" {_TARGET} points="{_path(diamond)}"/>')
    box = f"-250 {math.floor(low)} 500 {math.ceil(high - low)}"
    return (
        f'<svg class="radar" xmlns="http://www.w3.org/2000/svg" viewBox="{box}" role="img" '
        f'aria-label="{escape(title)}" aria-describedby="{described_by}">'
        + "".join(parts)
        + "</svg>"
    )


STYLE = """
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #3949ab;
  --ok: #1a7f37; --bad: #b3261e; --info: #0b6bcb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font: 16px/1.55 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 0.8rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.6rem; }
.meta { color: var(--muted); margin: 0.2rem 0; }
.overall { display: flex; flex-wrap: wrap; gap: 0.5rem 2.5rem; margin: 1.2rem 0 0.6rem; }
.overall span { display: block; color: var(--muted); font-size: 0.9rem; }
.overall strong { font-size: 1.8rem; }
.verdict { margin: 1rem 0; padding: 0.6rem 1rem; border-left: 4px solid var(--info);
  background: #f4f8fd; break-inside: avoid; }
.verdict.success { border-color: var(--ok); background: #f1f8f3; }
.verdict.failure { border-color: var(--bad); background: #fcf3f2; }
.verdict p.title { font-weight: 700; margin: 0 0 0.4rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { border-bottom: 2px solid var(--line); }
td.score { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.score .num { display: inline-block; min-width: 2.6em; text-align: right; }
.bar { display: inline-block; width: 5rem; height: 0.5rem; margin-right: 0.5rem;
  background: var(--line); vertical-align: middle; }
.bar span { display: block; height: 100%; background: var(--accent); }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.radar-key { margin: 0 0 0.3rem; font-size: 0.9rem; }
svg.radar { width: 100%; max-width: 32rem; height: auto; overflow: visible; display: block; }
.radar .ring, .radar .axis { fill: none; stroke: var(--line); stroke-width: 1; }
.radar .area { fill: var(--accent); fill-opacity: 0.2; stroke: var(--accent); stroke-width: 2; }
.radar .dot { fill: var(--accent); }
.radar .label { fill: var(--fg); font-size: 11px; }
.radar .value { font-weight: 700; }
.gap { margin: 0 0 1.4rem; padding-left: 0.9rem; border-left: 3px solid var(--line);
  break-inside: avoid-page; }
.gap .statement { font-weight: 600; margin-bottom: 0.3rem; }
.gap .rank { color: var(--muted); font-size: 0.85em; margin: 0 0 0.3rem; }
.number { color: var(--muted); margin-right: 0.35em; font-variant-numeric: tabular-nums; }
.tier { margin-left: 0.5em; padding: 0 0.4em; border: 1px solid var(--line); border-radius: 0.2rem;
  color: var(--muted); font-size: 0.8rem; font-weight: 400; }
blockquote { margin: 0.5rem 0; padding: 0.1rem 0.9rem; border-left: 3px solid var(--accent);
  color: var(--muted); white-space: pre-line; }
.why { margin-top: 0.4rem; }
.why > p.title { font-weight: 600; color: var(--muted); margin: 0.2rem 0; font-size: 0.9rem; }
footer { margin-top: 2.5rem; padding-top: 0.6rem; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 0.85rem; }
a { color: var(--accent); }
@media (max-width: 40rem) {
  main { padding: 1.25rem 0.9rem 2rem; }
  h1 { font-size: 1.5rem; }
  th, td { padding: 0.4rem 0.3rem; }
  .bar { display: none; }
}
.overview { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0 1.5rem; }
.overview > div { flex: 1 1 20rem; }
.overview figure { flex: 0 1 22rem; }
.numbers { display: none; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 0.85rem;
  padding-top: 0.3rem; }
table.heat thead th + th { text-align: right; }
table.heat td { text-align: right; font-variant-numeric: tabular-nums; color: #1a1a1a; }
.heat-0 { background: #f4a582; } .heat-1 { background: #fddbc7; } .heat-2 { background: #eee; }
.heat-3 { background: #d1e5f0; } .heat-4 { background: #92c5de; }
ul.stairs { list-style: none; padding: 0; }
ul.stairs > li { margin: 0 0 0.8rem; break-inside: avoid; }
ul.stairs p { margin: 0.2rem 0; }
table.answers { table-layout: fixed; font-size: 0.9rem; }
table.answers th:nth-child(1) { width: 3.5em; }
table.answers th:nth-child(3) { width: 8em; }
table.answers th:nth-child(4) { width: 30%; }
.unset { font-style: italic; color: var(--muted); }
td.note { white-space: pre-wrap; overflow-wrap: anywhere; }
@page { size: A4; margin: 15mm 14mm 16mm;
  @bottom-left { color: #59636e; font: 8pt sans-serif; }
  @bottom-right { content: counter(page) " / " counter(pages); color: #59636e;
    font: 8pt sans-serif; }
}
@media print {
  body { font-size: 9.5pt; line-height: 1.45; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 1.9em; }
  h2 { font-size: 1.35em; margin: 1em 0 0.4em; }
  h2, h3 { break-after: avoid; }
  .verdict, .bar span, table.heat td { print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
  .verdict ul { display: none; }
  .verdict .numbers { display: block; color: var(--muted); }
  .overview { flex-wrap: nowrap; }
  .overview figure { flex: 0 0 8.5cm; margin: 0.5rem 0 0; }
  figcaption { font-size: 0.85em; }
  th, td { padding: 0.3em 0.6em; }
  tr, .verdict, .gap, figure { break-inside: avoid; }
  .plan, .appendix { break-before: page; }
}
"""

# Nothing in the report may reach another site: only inline styles and data: images.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def html(results: ResultsFile, today: date | None = None, order: str = "rank") -> str:
    w = Words(results.questionnaire.language)
    scores = results.scores
    q = results.questionnaire
    title = w("results_title", q.title)
    out = [f"<h1>{escape(title)}</h1>"]
    out += [f'<p class="meta">{escape(line)}</p>' for line in summary_lines(results, w)]
    out.append(f'<p class="meta">{escape(w.report("source", results.path.name, q.version))}</p>')
    figures = []
    if scores["answered"] + scores["na"] == 0:
        figures.append(f"<p>{escape(w.app_text('noAnswersYet'))}</p>")
    else:
        level = (
            f"<p><span>{escape(w.app_text('level'))}</span>"
            f"<strong>{escape(scores['level'])}</strong></p>"
            if scores["level"]
            else ""
        )
        if rules(q.scoring_data())["overall"] == "none":
            figures.append(f"<p>{escape(w.app_text('noOverall'))}</p>")
        else:
            figures.append(
                f'<div class="overall"><p><span>{escape(w.app_text("overall"))}</span>'
                f"<strong>{node_score(q.scoring_data(), scores['whole'], w.language)}</strong></p>"
                f"{level}</div>"
            )
        if description := level_description(results):
            figures.append(f"<p>{escape(description)}</p>")
        figures += [f"<p>{escape(line)}</p>" for line in counts_lines(results, w)]
    found = verdicts(results, w)
    if found:
        figures.append(f"<h2>{escape(w('verdicts', len(found)))}</h2>")
        for verdict in found:
            body = [f'<p class="title">{escape(verdict.title)}: {escape(verdict.answer)}</p>']
            if verdict.description:
                body.append(f"<p>{escape(verdict.description)}</p>")
            if verdict.all_best:
                body.append(f"<p>{escape(w.app_text('verdictAll'))}</p>")
            for key, items in (
                ("verdictBlocking", verdict.blocking),
                ("verdictMissing", verdict.missing),
            ):
                if items:
                    body.append(f"<p>{escape(w.app_text(key, len(items)))}</p>")
                    body.append(_list(items))
                    body.append(f'<p class="numbers">{escape(_numbers(items, w))}</p>')
            figures.append(f'<div class="verdict {verdict.kind}">{"".join(body)}</div>')
    radar = ""
    sections = results.model.data["sections"]
    if len(sections) >= 3:
        nodes = [scores["sections"][s["id"]] for s in sections]
        labels = [f"{s['number']}. {s['title']}" for s in sections]
        radar = _radar_figure(results, w, labels, nodes, "radarTitle", "scores")
    out.append(f'<div class="overview"><div>{"".join(figures)}</div>{radar}</div>')
    out.append(f"<h2>{escape(w('scores_heading'))}</h2>")
    rows = []
    so_far = so_far_column(results)
    for label, score, shown, answered, shown_so_far in section_rows(results, w):
        rows.append(
            f'<tr><th scope="row">{escape(label)}</th><td class="score">'
            f'<span class="bar" aria-hidden="true"><span style="width:{score or 0:.1f}%">'
            f'</span></span><span class="num">{escape(shown)}</span></td>'
            f"<td>{escape(answered)}</td>"
            + (f"<td>{escape(shown_so_far)}</td>" if so_far else "")
            + "</tr>"
        )
    head = [w.app_text(key) for key in ("sectionColumn", "scoreColumn", "answeredColumn")]
    head += [w.app_text("soFarColumn")] if so_far else []
    out.append(
        '<table id="scores"><thead><tr>'
        + "".join(f'<th scope="col">{escape(cell)}</th>' for cell in head)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    out.append(_parts_html(results, w))
    out.append('<section class="plan">')
    out.append(f"<h2>{escape(w('plan_heading'))}</h2>")
    plan, unanswered = action_plan(results, order)
    if scores["answered"]:
        out.append(f"<p>{escape(_plan_intro(plan, order, w))}</p>")
    for heading, gaps in plan:
        if heading:
            out.append(f"<h3>{escape(heading)}</h3>")
        for gap in gaps:
            extended = escape(w.app_text("extended"))
            tier = "" if gap.core else f' <span class="tier">{extended}</span>'
            note = ""
            if gap.note:
                note = f"<blockquote><p>{escape(w.app_text('yourNote'))} {escape(gap.note)}</p>"
                note += "</blockquote>"
            out.append(
                f'<div class="gap"><p class="statement"><span class="number">{escape(gap.number)}'
                f"</span>{escape(gap.text)}{tier}</p>"
                + (f'<p class="rank">{escape(gap.why)}</p>' if gap.why else "")
                + f"<p>{escape(w.app_text('yourAnswer'))} <strong>{escape(gap.answer)}</strong></p>"
                f'{note}<div class="why"><p class="title">{escape(w.app_text("why"))}</p>'
                f"{to_html(gap.explanation)}</div></div>"
            )
    if unanswered:
        out.append(f"<h3>{escape(w.app_text('unanswered'))}</h3>{_list(unanswered)}")
    out.append("</section>")
    out.append(_answers_html(results, w))
    made = escape(w.report("made", (today or date.today()).isoformat()))
    footer = _css_string(w.app_text("reportFrom", results.path.name))
    paged = f"@page {{ @bottom-left {{ content: {footer}; }} }}"
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(w.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}{paged}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(out)
        + f"\n<footer><p>{made}</p></footer>\n</main>\n</body>\n</html>\n"
    )


def _parts_html(results: ResultsFile, w: Words) -> str:
    """The areas (with their radar from three on), staircase, tag and level tables, targets."""
    out = []
    for part in model_parts(results, w):
        out.append(f"<h3>{escape(part.heading)}</h3>")
        if isinstance(part, Staircase):
            if part.whole:
                out.append(f"<p>{escape(part.whole)}</p>")
            out.append('<ul class="stairs">')
            for stair in part.stairs:
                out.append(
                    f"<li><p><strong>{escape(stair.title)}</strong> — {escape(stair.level)}</p>"
                )
                for sentence, statements in stair.lines:
                    out.append(
                        f"<p>{escape(sentence)}</p>" + (_list(statements) if statements else "")
                    )
                out.append("</li>")
            out.append("</ul>")
            continue
        attributes = f' id="{part.ident}"' if part.ident else ""
        attributes += ' class="heat"' if part.heat else ""
        # A caption that would repeat the heading names the table instead.
        if part.caption == part.heading:
            attributes += f' aria-label="{escape(part.caption)}"'
            caption = ""
        else:
            caption = f"<caption>{escape(part.caption)}</caption>"
        head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in part.head)
        rows = []
        for header, cells in part.rows:
            tds = "".join(
                f"<td>{escape(text)}</td>"
                if band is None
                else f'<td class="heat-{band}">{escape(text)}</td>'
                for text, band in cells
            )
            rows.append(f'<tr><th scope="row">{escape(header)}</th>{tds}</tr>')
        out.append(
            f"<table{attributes}>{caption}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        if part.ident == "areas":
            out.append(_areas_radar(results, w))
    return "".join(out)


def _areas_radar(results: ResultsFile, w: Words) -> str:
    areas = results.model.data.get("areas") or []
    if len(areas) < 3:
        return ""
    nodes = [results.scores["areas"][a["id"]] for a in areas]
    labels = [a.get("title") or a["id"] for a in areas]
    return _radar_figure(results, w, labels, nodes, "areasRadarTitle", "areas")


def _answers_html(results: ResultsFile, w: Words) -> str:
    """The appendix: every statement of every section with its answer and note."""
    model, scores, answers = results.model, results.scores, results.record["answers"]
    columns = ("reportNumber", "reportStatement", "reportAnswer", "reportNote")
    head = "".join(f'<th scope="col">{escape(w.app_text(c))}</th>' for c in columns)
    out = [
        '<section class="appendix">',
        f"<h2>{escape(w.app_text('reportAnswers'))}</h2>",
        f"<p>{escape(w.app_text('reportAnswersIntro'))}</p>",
    ]
    for section in model.data["sections"]:
        rows = []
        for item in section["items"]:
            scored = scores["items"][item["id"]]
            answer = answers.get(item["id"], {})
            if not scored["applies"]:
                shown, mark = w.app_text("reportNotAsked"), ' class="unset"'
            elif scored["na"]:
                shown, mark = w.app_text("notApplicable"), ' class="unset"'
            elif scored["value"] is None:
                shown, mark = w.app_text("reportNotAnswered"), ' class="unset"'
            else:
                shown, mark = model.answer_label(item["id"], answer["value"]), ""
            rows.append(
                f'<tr><td class="number">{escape(str(item["number"]))}</td>'
                f"<td>{escape(item['text'])}</td><td{mark}>{escape(shown)}</td>"
                f'<td class="note">{escape(answer.get("note", ""))}</td></tr>'
            )
        out.append(
            f"<h3>{section['number']}. {escape(section['title'])}</h3>"
            f'<table class="answers"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    out.append("</section>")
    return "\n".join(out)


_FIRST_NUMBERS = 30  # as browser/print.js: a verdict lists this many numbers, then a count


def _numbers(labels: list[str], w: Words) -> str:
    """ "1.2 Statement" labels as "Statements 1.2, 3.4." for paper."""
    numbers = [label.split(" ", 1)[0] for label in labels[:_FIRST_NUMBERS]]
    more = len(labels) - len(numbers)
    if more:
        return w.app_text("reportNumbersMore", ", ".join(numbers), more)
    return w.app_text("reportNumbers", ", ".join(numbers))


def _css_string(text: str) -> str:
    """Text as a CSS string inside <style>: quotes, backslashes and "<" escaped, no controls."""
    text = "".join(c for c in text if c.isprintable())
    return '"' + re.sub(r'["\\<]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def pdf(results: ResultsFile, today: date | None = None, order: str = "rank") -> bytes:
    """The HTML report printed by WeasyPrint (the optional extra selfassess[pdf]). It fetches
    nothing: a questionnaire's Markdown could name a file or an address as an image."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except ImportError as error:
        raise ReportError("a PDF report needs WeasyPrint: pip install 'selfassess[pdf]'") from error
    except OSError as error:  # WeasyPrint is there, its system libraries are not
        raise ReportError(
            f"WeasyPrint cannot load Pango ({error}); install it, e.g. on Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from error

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _refuse(url)

    return HTML(string=html(results, today, order), url_fetcher=NoFetching()).write_pdf()


def _refuse(url: str) -> Any:
    raise ValueError(f"a report fetches nothing ({url[:80]})")


class ReportError(Exception):
    """A report that cannot be made here, with what to do about it."""


def _list(items: list[str]) -> str:
    lis = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<ul>{lis}</ul>"


def scores_json(results: ResultsFile) -> str:
    """The scores under the questionnaire's rules, for machines (a CI step, a dashboard): every
    node with its score (0-100), its value and max on the scale people read, its level, reached
    staircase step and target, and the ranked plan. The shape is score_assessment's."""
    model = results.questionnaire.scoring_data()
    document = {
        "format": SCORES_FORMAT,
        "format_version": 1,
        "questionnaire": {
            "id": results.questionnaire.id,
            "version": results.questionnaire.version,
            "digest": results.questionnaire.digest,
        },
        "file_version": results.version or results.questionnaire.version,
        "rules": rules(model),
        "unit": display_unit(model).strip() or f"of {rules(model)['out_of']:g}",
        "scores": results.scores,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(
    results: ResultsFile, fmt: str = "md", today: date | None = None, order: str = "rank"
) -> str | bytes:
    """The report in a format; `order`: the action plan's, ranked or by section (PLAN_ORDERS)."""
    if fmt == "json":
        return scores_json(results)
    if fmt == "pdf":
        return pdf(results, today, order)
    return html(results, today, order) if fmt == "html" else markdown(results, today, order)
