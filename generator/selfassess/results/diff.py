"""`selfassess diff`: what changed between two results files of one questionnaire.

Both files are read like an import (read.py) and scored again with the current
questionnaire, so the figures compare like with like even when one file is older.
"""

from __future__ import annotations

from typing import Any

from ..questionnaire.score import rules
from .read import NONE, ResultsFile, format_change, node_score
from .words import Words, clean, iso_date, table_lines


def _then_now(then: str, now: str) -> str:
    return f"{then} → {now}"


def _respondent(results: ResultsFile) -> str:
    r = results.record["respondent"]
    return ", ".join(clean(v) for v in (r["name"], r["team"]) if v) or NONE


def _context(results: ResultsFile, question: dict[str, Any]) -> str:
    chosen = results.record["context"].get(question["id"], [])
    return ", ".join(question["labels"].get(c, c) for c in chosen) or NONE


def changes(old: ResultsFile, new: ResultsFile) -> str:
    q = new.questionnaire
    w = Words(q.language)
    model = new.model
    then, now = old.scores, new.scores
    out = [w.report("diff_title", clean(q.title))]
    out.append(
        _then_now(
            f"{clean(old.file)} ({iso_date(old.record['updated']) or NONE})",
            f"{clean(new.file)} ({iso_date(new.record['updated']) or NONE})",
        )
    )
    out.append("")
    # Each score on its node's scale ("1.5 of 3"), as the results page's comparison shows it.
    scoring = q.scoring_data()
    decimals = rules(scoring)["decimals"]
    pairs = []
    for section in model.data["sections"]:
        a, b = then["sections"][section["id"]], now["sections"][section["id"]]
        texts = (node_score(scoring, a, w.language), node_score(scoring, b, w.language))
        change = format_change(a["value"], b["value"], w.language, decimals)
        pairs.append((clean(f"{section['number']}. {section['title']}"), *texts, change))
    width_a = max(len(a) for _, a, _, _ in pairs)
    width_b = max(len(b) for _, _, b, _ in pairs)
    rows = [[w.app_text("sectionColumn"), w.report("then_now"), w.report("change_column")]]
    rows += [
        [label, _then_now(a.rjust(width_a), b.rjust(width_b)), change]
        for label, a, b, change in pairs
    ]
    lines = table_lines(rows, right={1, 2})
    rule = "-" * max(len(line) for line in lines)
    out += [lines[0], rule, *lines[1:], rule]
    # In the words of the results page's comparison; nothing where there is no overall score.
    if rules(scoring)["overall"] != "none":
        a, b = then["whole"], now["whole"]
        overall = [node_score(scoring, a, w.language), node_score(scoring, b, w.language)]
        change = format_change(a["value"], b["value"], w.language, decimals)
        out.append(w.app_text("overallChange", *overall, change))
    if then["level"] != now["level"]:
        levels = _then_now(then["level"] or NONE, now["level"] or NONE)
        out.append(f"{w.app_text('level')}: {levels}")
    out.append("")

    verdicts = []
    for verdict in model.data["verdicts"]:
        a, b = then["verdicts"][verdict["id"]], now["verdicts"][verdict["id"]]
        if (a["holds"], bool(a["blocking"])) != (b["holds"], bool(b["blocking"])):
            verdicts.append(
                f"  {clean(verdict['title'])}: {_then_now(_verdict(a, w), _verdict(b, w))}"
            )
    if verdicts:
        out += [f"{w('verdicts', len(verdicts))}:", *verdicts, ""]

    answers, notes = [], []
    before, after = old.record["answers"], new.record["answers"]
    for item_id, item in model.items.items():
        a, b = before.get(item_id, {}), after.get(item_id, {})
        label = f"  {item['number']} {clean(item['text'])}\n     "
        if a.get("value") != b.get("value"):
            shown = [
                clean(model.answer_label(item_id, x.get("value"))) or w.report("not_answered")
                for x in (a, b)
            ]
            answers.append(f"{label} {_then_now(*shown)}")
        if a.get("note", "") != b.get("note", ""):
            shown = [
                f"“{clean(x['note'])}”" if x.get("note") else w.report("no_note") for x in (a, b)
            ]
            notes.append(f"{label} {_then_now(*shown)}")
    if answers:
        out += [w.report("answers_changed", len(answers)), *answers, ""]
    if notes:
        out += [w.report("notes_changed", len(notes)), *notes, ""]

    others = []
    if _respondent(old) != _respondent(new):
        others.append(f"{w.report('respondent')} {_then_now(_respondent(old), _respondent(new))}")
    for question in model.data["context"]:
        a_text, b_text = _context(old, question), _context(new, question)
        if a_text != b_text:
            others.append(
                f"{w.report('context')} {clean(question['text'])} {_then_now(a_text, b_text)}"
            )
    out += others
    if not (answers or notes or others):
        out.append(w.report("no_change"))
    return "\n".join(out).rstrip("\n") + "\n"


def _verdict(result: dict[str, Any], w: Words) -> str:
    if result["holds"]:
        return w.app_text("verdictHolds")
    return w.app_text("verdictFails") if result["blocking"] else w.app_text("verdictPending")
