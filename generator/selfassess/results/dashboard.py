"""The dashboard of a questionnaire: static pages made from the results files a fork commits.

`pages` is what `selfassess build`, `serve` and `generate` hand to the generation
(`generate/pipeline.py`): per questionnaire that has results files (`committed.py`), a dashboard
page, `<id>/dashboard/index.md` — teams by sections as a heatmap of each team's latest quarter (the
lowest first, every cell with its number and its change), each team's latest against its previous
quarter, the trend over the quarters (a chart drawn in `charts.py`, and its table), the spread
between teams per section — and a page per quarter listing its files, each opening read-only on the
results page. The pages need no script: they work from file:// and on paper alike.

What a file says (names, teams) is text: escaped in HTML, made literal in Markdown. The pages of a
folder are kept in the build cache by the bytes of its files and of its questionnaire; a folder
with a file to talk about is read again on every build, so its lines are said every time.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..generate.cache import Cache
from ..generate.pipeline import FromResults
from ..generate.render import md_inline, render
from ..questionnaire.check import Checked
from ..questionnaire.model import Questionnaire
from ..questionnaire.portal import Portal
from . import charts, share, trends
from .committed import Read, find, read_folder
from .read import NONE, Questionnaires, ResultsFile
from .words import Words

BANDS = 5  # colours of the heatmap, each a fifth of the scale
SCALE = 100  # the top of every score (questionnaire/score.py)
MINUS = "\u2212"


def pages(
    portal: Portal,
    checked: Checked,
    cache: Cache,
    link: Callable[[ResultsFile], tuple[str, bool]] | None = None,
) -> FromResults:
    """The dashboards of the portal's published questionnaires, and a line for each results file
    that cannot be used or is not wholly used. `link`: a file's read-only link (#share=…), and
    whether it leaves the notes out (default: `read_only_link`)."""
    link = read_only_link if link is None else link
    by_id = {q.id: q for q in checked.questionnaires}
    folders, notes = find(portal, by_id)
    out = FromResults(notes=notes)
    readers = Questionnaires(portal, checked.questionnaires)
    for folder in folders:
        q = by_id[folder.questionnaire]
        where = os.path.relpath(folder.path, portal.root).replace(os.sep, "/")
        key = cache.key(f"dashboard {where}", checked.keys.get(q.id, "").encode() + folder.digest())
        made = cache.pages(key)
        if made is None:
            found = read_folder(portal, folder, readers, link)
            out.errors += found.errors
            out.notes += found.notes
            made = dashboard_files(q, found, where) if found.results else {}
            if not found.errors and not found.notes:  # else read again, to say it again
                cache.keep(key, made)
        if made:
            out.files |= made
            out.dashboards.add(q.id)
    return out


def read_only_link(results: ResultsFile) -> tuple[str, bool]:
    """The file's share link (its fragment), as the results page's "Copy link" makes it, so that
    it opens read-only there: with the notes while the link stays short enough for chat and mail
    programs to keep it whole (share.LONG_LINK), else without them, and True."""
    with_notes = share.fragment(results.model, results.record, True)
    if len(with_notes) <= share.LONG_LINK:
        return with_notes, False
    return share.fragment(results.model, results.record, False), True


def dashboard_files(q: Questionnaire, found: Read, folder: str) -> dict[str, str]:
    """The dashboard page and one page per quarter, by path in the docs folder."""
    w = Words(q.language)
    sections = [(s.id, f"{s.number}. {s.title}") for s in q.sections]
    ids = [s for s, _ in sections]
    teams = trends.teams(found.results, ids)
    points = trends.trend(teams, ids)
    periods = [p.period for p in points]
    files = {
        f"{q.id}/dashboard/index.md": render(
            "dashboard.md.j2",
            q=q,
            t=w,
            facts=_facts(w, found, teams, folder),
            sections=sections,
            heatmap=_heatmap(w, teams, ids),
            bands=_bands(w),
            changes=_changes(w, teams),
            chart=_chart(w, points, sections),
            trend=_trend_rows(w, points, sections),
            spread=_spread_rows(w, teams, sections),
            periods=[
                (p.period, _page(p.period), p.teams, _files_in(teams, p.period)) for p in points
            ],
            links=any(r.link for r in found.results),
        )
    }
    for period in periods:
        files[f"{q.id}/dashboard/{_page(period)}"] = render(
            "dashboard-period.md.j2",
            q=q,
            t=w,
            period=period,
            rows=_period_rows(w, teams, period),
            count=_files_in(teams, period),
            teams=sum(1 for t in teams if any(p.name == period for p in t.periods)),
            links=any(r.link for r in found.results),
        )
    return files


def _page(period: str) -> str:
    return f"{period.lower()}.md"


def _files_in(teams: list[trends.Team], period: str) -> int:
    return sum(
        len(p.counted) + len(p.superseded) for t in teams for p in t.periods if p.name == period
    )


def _facts(w: Words, found: Read, teams: list[trends.Team], folder: str) -> str:
    days = sorted(r.day for r in found.results)
    return w(
        "dashboard_facts",
        len(found.results),
        len(teams),
        f"{folder}/",
        days[0].isoformat(),
        days[-1].isoformat(),
    )


def band(score: float | None) -> str:
    """The heatmap's colour class of a score: 0 to 4, each a fifth of the scale; "none"."""
    if score is None:
        return "none"
    return str(min(BANDS - 1, int(score * BANDS // SCALE)))


def signed(w: Words, change: float | None) -> str:
    """A change as the dashboard writes it: +8, \u22125.2 (a minus sign), ±0; "" for none."""
    if change is None:
        return ""
    shown = w.score(abs(change))
    if shown in ("0", "0,0"):
        return "±0"
    return ("+" if change > 0 else MINUS) + shown


def team_name(w: Words, team: trends.Team) -> str:
    return team.name or w("dashboard_no_team")


def anchor(team: trends.Team) -> str:
    """The id of a team's first row on a quarter's page: ASCII, stable while its name is."""
    plain = re.sub(r"[^a-z0-9]+", "-", team.key).strip("-")[:40]
    if plain and plain == team.key:
        return f"team-{plain}"
    digest = hashlib.sha256(team.key.encode()).hexdigest()[:8]  # two keys, one plain spelling
    return f"team-{plain}-{digest}" if plain else f"team-{digest}"


def _heatmap(w: Words, teams: list[trends.Team], ids: list[str]) -> list[dict[str, Any]]:
    rows = []
    for team in trends.worst_first(teams):
        latest = team.latest
        cells = [(w.score(latest.overall), band(latest.overall), signed(w, team.change()))]
        cells += [
            (w.score(latest.sections[s]), band(latest.sections[s]), signed(w, team.change(s)))
            for s in ids
        ]
        rows.append(
            {
                "team": team_name(w, team),
                "period": latest.name,
                "files": len(latest.counted),
                "cells": cells,
            }
        )
    return rows


def _bands(w: Words) -> list[tuple[str, str]]:
    step = SCALE // BANDS
    return [(str(i), f"{i * step}\u2013{(i + 1) * step}") for i in range(BANDS)]


def _changes(w: Words, teams: list[trends.Team]) -> list[dict[str, str]]:
    rows = []
    for team in sorted(teams, key=lambda t: (team_name(w, t).casefold(), t.key)):
        previous = team.previous
        rows.append(
            {
                "team": md_inline(team_name(w, team)),
                "page": _page(team.latest.name),
                "anchor": anchor(team),
                "latest": team.latest.name,
                "latest_score": w.score(team.latest.overall),
                "previous": previous.name if previous else NONE,
                "previous_score": w.score(previous.overall) if previous else NONE,
                "change": signed(w, team.change()) or NONE,
            }
        )
    return rows


def _series(
    points: list[trends.Point], sections: list[tuple[str, str]], w: Words
) -> list[charts.Series]:
    out = [
        charts.Series(title, [p.sections[s] for p in points], i)
        for i, (s, title) in enumerate(sections)
    ]
    out.append(
        charts.Series(w.app_text("overall"), [p.overall for p in points], len(sections), True)
    )
    return out


def _chart(w: Words, points: list[trends.Point], sections: list[tuple[str, str]]) -> dict[str, Any]:
    series = _series(points, sections, w)
    return {
        # SVG markup made by charts.py, every text in it escaped there
        "svg": Markup(
            charts.line_chart([p.period for p in points], series, w("dashboard_trend_chart"))
        ),
        "legend": [(Markup(charts.legend_sample(s)), s.label) for s in series],
    }


def _trend_rows(
    w: Words, points: list[trends.Point], sections: list[tuple[str, str]]
) -> list[list[str]]:
    rows = [[md_inline(title), *(w.score(p.sections[s]) for p in points)] for s, title in sections]
    bold = Markup("**{}**").format
    rows.append(
        [bold(md_inline(w.app_text("overall"))), *(bold(w.score(p.overall)) for p in points)]
    )
    rows.append([md_inline(w("dashboard_teams_row")), *(str(p.teams) for p in points)])
    return rows


def _spread_rows(
    w: Words, teams: list[trends.Team], sections: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    rows = []
    for s, title in [*sections, ("", w.app_text("overall"))]:
        found = trends.spread(t.latest.sections[s] if s else t.latest.overall for t in teams)
        numbers = (
            [NONE] * 5
            if found is None
            else [w.score(v) for v in (found.low, found.q1, found.median, found.q3, found.high)]
        )
        rows.append(
            {
                "title": title,
                "overall": not s,
                "n": found.n if found else 0,
                "numbers": numbers,
                "plot": Markup(charts.box_plot(found)),
            }
        )
    return rows


def _period_rows(w: Words, teams: list[trends.Team], period: str) -> list[dict[str, Any]]:
    rows = []
    for team in sorted(teams, key=lambda t: (team_name(w, t).casefold(), t.key)):
        for found in team.periods:
            if found.name != period:
                continue
            superseded = {id(r) for r in found.superseded}
            first = True
            for result in sorted(
                [*found.counted, *found.superseded], key=lambda r: (r.when, r.file)
            ):
                name = md_inline(team_name(w, team))
                rows.append(
                    {
                        "team": Markup('<span id="{}"></span>{}').format(anchor(team), name)
                        if first
                        else name,
                        "rater": md_inline(result.rater) if result.rater else NONE,
                        "date": result.day.isoformat(),
                        "overall": w.score(result.overall),
                        "counted": w("dashboard_not_counted")
                        if id(result) in superseded
                        else w("dashboard_counted"),
                        "link": result.link,
                        "without_notes": result.notes_left_out,
                    }
                )
                first = False
    return rows
