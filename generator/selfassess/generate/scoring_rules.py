"""What an intro page says about a questionnaire's scoring rules, so a respondent knows what a
number means before answering: what unanswered statements count, and, for a questionnaire with
rules of its own (a `scoring` block, areas, staircase levels, targets), one sentence per rule in the
order a score is built. Without them the page keeps the first version's paragraph (intro.md.j2)."""

from __future__ import annotations

from ..questionnaire.i18n import Text, format_score
from ..questionnaire.model import Questionnaire
from ..questionnaire.score import rules


def has_own_rules(q: Questionnaire) -> bool:
    """The questionnaire declares rules or models the default paragraph does not describe."""
    targets = [q.target, *(a.target for a in q.areas), *(s.target for s in q.sections)]
    return bool(q.scoring or q.areas or q.maturity or q.section_levels) or any(
        target is not None for target in targets
    )


def in_points(q: Questionnaire) -> bool:
    """Scores read as points, so the answers' values are listed as points, not percentages."""
    rule = rules({"scoring": q.scoring})
    return rule["unit"] == "points" and rule["out_of"] is None


def unanswered_sentences(q: Questionnaire, t: Text) -> list[str]:
    """What a statement not answered yet counts, under the questionnaire's rule, and the score so
    far beside every score."""
    if rules({"scoring": q.scoring})["unanswered"] == "excluded":
        first = t("unanswered_rule_excluded")
    else:
        first = t("unanswered_rule_points" if in_points(q) else "unanswered_rule")
    return [first, t("so_far_rule")]


def rule_paragraphs(q: Questionnaire, t: Text) -> list[str]:
    """Paragraphs of plain text: how a score is built (groups, sections, areas, overall) and the
    unit it is read in; staircase levels; targets. None where the default paragraph says it all."""
    if not has_own_rules(q):
        return []
    rule = rules({"scoring": q.scoring})
    built = []
    if rule["group"] is not None:
        built.append(t(f"rule_group_{rule['group']}"))
    grouped = "groups_" if rule["group"] is not None else ""
    built.append(t(f"rule_section_{grouped}{rule['section']}"))
    if q.areas:
        built.append(t(f"rule_area_{rule['area']}"))
    if rule["overall"] == "none":
        built.append(t("rule_overall_none"))
    else:
        parts = t("of_areas" if q.areas else "of_sections")
        built.append(t(f"rule_overall_{rule['overall']}", parts))
    if rule["out_of"] is not None:
        top = rule["out_of"]
        built.append(t("rule_out_of", *(_shown(q, t, v) for v in (top, 0.75 * top))))
    else:
        built.append(t("rule_points" if rule["unit"] == "points" else "rule_percent"))
    paragraphs = [" ".join(built)]
    if (maturity := q.maturity) is not None:
        steps = len(maturity.steps)
        names = ", ".join(f"{n} {step.label}" for n, step in enumerate(maturity.steps, 1))
        if maturity.share < 1:
            share = format_score(100 * maturity.share, t.language)
            stair = t("stair_share_rule", steps, names, share)
        else:
            stair = t("stair_rule", steps, names)
        paragraphs.append(f"{stair} {t('stair_overall_rule')}" if maturity.overall else stair)
    if targets := _targets(q, t):
        paragraphs.append(t("targets_rule", ", ".join(targets)))
    return paragraphs


def _shown(q: Questionnaire, t: Text, value: float) -> str:
    return format_score(value, t.language, rules({"scoring": q.scoring})["decimals"])


def _targets(q: Questionnaire, t: Text) -> list[str]:
    """The questionnaire's targets as "overall score 3", "Design 2", "2. Model checks 2.5"."""
    found = [f"{t('target_overall')} {_shown(q, t, q.target)}"] if q.target is not None else []
    found += [f"{a.title} {_shown(q, t, a.target)}" for a in q.areas if a.target is not None]
    found += [
        f"{s.number}. {s.title} {_shown(q, t, s.target)}"
        for s in q.sections
        if s.target is not None
    ]
    return found
