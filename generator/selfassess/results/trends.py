"""The dashboard's statistics: committed results grouped by team and by quarter, pure and small.

A team's result for a quarter is the mean of the scores of its files dated in that quarter; a
person (the same name in the same team) with several files in one quarter counts once, with the
latest. Across teams every team weighs the same: the trend of a quarter is the mean of the results
of the teams that have one then, and the spread between teams is read from each team's latest
result. Scores are 0 to 100, as questionnaire/score.py makes them; None is "no score".
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

Scores = dict[str, float | None]  # by section id


@dataclass(frozen=True, eq=False)
class Result:
    """One usable results file as the dashboard counts it."""

    file: str  # as messages and pages show it
    team: str  # as written in the file (or its folder's name); "" when neither says
    rater: str  # respondent.name; "" when the file has none
    when: str  # `updated`, ISO 8601, as written: orders the files of one quarter
    day: date  # its date as written, whatever its time zone: decides the quarter
    overall: float | None
    sections: Scores
    link: str = ""  # the read-only share link's fragment (#share=…), or ""
    notes_left_out: bool = False  # the link holds no notes: with them it would be too long


def quarter(day: date) -> str:
    """The quarter a date falls in: 2026-Q3."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def team_key(name: str) -> str:
    """What makes two spellings the same team: "Data Science", "data-science" and "DATA science"
    (a folder's slug beside the name in a file) are one; a name with no letter or digit is
    itself. The team view's twin is teamKey in browser/team-stats.js (the same cases run by both,
    tests/test_team.py), and `selfassess aggregate --by-team` groups by it too."""
    slug = re.sub(r"[\W_]+", "-", name.lower()).strip("-")
    return slug or name


def mean(values: Iterable[float | None]) -> float | None:
    scored = [v for v in values if v is not None]
    return statistics.fmean(scored) if scored else None


@dataclass
class Period:
    """A team's result for one quarter: the mean of the files that count."""

    name: str  # 2026-Q3
    counted: list[Result]  # one per person, the latest; unnamed files each count
    superseded: list[Result]  # earlier files of a person who has a later one in the quarter
    overall: float | None
    sections: Scores


@dataclass
class Team:
    key: str
    name: str  # the spelling of its latest file
    periods: list[Period]  # oldest first; every one has a file

    @property
    def latest(self) -> Period:
        return self.periods[-1]

    @property
    def previous(self) -> Period | None:
        return self.periods[-2] if len(self.periods) > 1 else None

    def change(self, section: str | None = None) -> float | None:
        """Latest minus previous, overall or of one section; None unless both have a score."""
        if self.previous is None:
            return None
        now, then = (
            (self.latest.overall, self.previous.overall)
            if section is None
            else (self.latest.sections.get(section), self.previous.sections.get(section))
        )
        return None if now is None or then is None else now - then


def _period(name: str, files: list[Result], sections: Sequence[str]) -> Period:
    latest: dict[str, Result] = {}
    counted: list[Result] = []
    for result in sorted(files, key=lambda r: (r.when, r.file)):
        if result.rater:
            latest[result.rater.casefold()] = result  # a later file of the same person wins
        else:
            counted.append(result)
    counted = sorted([*counted, *latest.values()], key=lambda r: (r.when, r.file))
    kept = {id(r) for r in counted}
    superseded = [r for r in files if id(r) not in kept]
    return Period(
        name,
        counted,
        sorted(superseded, key=lambda r: (r.when, r.file)),
        mean(r.overall for r in counted),
        {s: mean(r.sections.get(s) for r in counted) for s in sections},
    )


def teams(results: Iterable[Result], sections: Sequence[str]) -> list[Team]:
    """The teams of the results, each with its quarters, ordered by key."""
    by_team: dict[str, list[Result]] = {}
    for result in results:
        by_team.setdefault(team_key(result.team), []).append(result)
    out = []
    for key in sorted(by_team):
        files = by_team[key]
        by_period: dict[str, list[Result]] = {}
        for result in files:
            by_period.setdefault(quarter(result.day), []).append(result)
        periods = [_period(p, by_period[p], sections) for p in sorted(by_period)]
        name = max(files, key=lambda r: (r.when, r.file)).team
        out.append(Team(key, name, periods))
    return out


def worst_first(found: list[Team]) -> list[Team]:
    """The teams by their latest overall score, lowest first; no score last, then by name."""
    return sorted(
        found,
        key=lambda t: (t.latest.overall is None, t.latest.overall or 0.0, t.name.casefold()),
    )


@dataclass
class Point:
    """The organisation in one quarter: the mean of the teams' results of that quarter."""

    period: str
    teams: int
    overall: float | None
    sections: Scores = field(default_factory=dict)


def trend(found: list[Team], sections: Sequence[str]) -> list[Point]:
    """One point per quarter that any team has a result in, oldest first."""
    by_period: dict[str, list[Period]] = {}
    for team in found:
        for period in team.periods:
            by_period.setdefault(period.name, []).append(period)
    return [
        Point(
            name,
            len(periods),
            mean(p.overall for p in periods),
            {s: mean(p.sections[s] for p in periods) for s in sections},
        )
        for name, periods in sorted(by_period.items())
    ]


@dataclass(frozen=True)
class Spread:
    """Lowest, quartiles and highest of the teams' scores, and how many teams have one."""

    n: int
    low: float
    q1: float
    median: float
    q3: float
    high: float


def spread(values: Iterable[float | None]) -> Spread | None:
    """Quartiles by the inclusive method (a spreadsheet's QUARTILE.INC): of 10, 20, 30, 40 they
    are 17.5, 25 and 32.5."""
    scored = sorted(v for v in values if v is not None)
    if not scored:
        return None
    if len(scored) == 1:
        q1 = median = q3 = scored[0]
    else:
        q1, median, q3 = statistics.quantiles(scored, n=4, method="inclusive")
    return Spread(len(scored), scored[0], q1, median, q3, scored[-1])
