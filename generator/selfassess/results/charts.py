"""The dashboard's charts as SVG markup, drawn here (no library): the trend as lines over the
quarters, and the spread between teams as a small box plot per section.

Each series of the trend is told apart without its colour: its own marker shape and its own dash
pattern, which the legend shows beside the name; the overall score is the thick solid line. The
colours come from the stylesheet (classes `sa-series--N`), so they follow the light and dark
palettes and print light. The charts are pictures of tables that come right after them on the page:
the numbers are there, read by everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .trends import Spread

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 40, 24, 14, 40
TICKS = (0, 25, 50, 75, 100)
MARKERS = 8  # shapes, below
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2 1 2")
_MOST_LABELS = 12  # x-axis labels; with more quarters every second (third, ...) is written


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per quarter; None: no score then
    style: int  # its marker, dash and colour: see `marker` and `dash`
    overall: bool = False  # the thick solid line


def _f(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def marker(shape: int, x: float, y: float, size: float = 4.0) -> str:
    """One of MARKERS shapes centred on x, y: circle, square, triangle, diamond, triangle down,
    plus, cross, and a bar."""
    s = size
    shapes = {
        0: f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s)}"/>',
        1: f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}"/>',
        2: _polygon([(x, y - s * 1.2), (x + s * 1.15, y + s * 0.9), (x - s * 1.15, y + s * 0.9)]),
        3: _polygon([(x, y - s * 1.3), (x + s * 1.3, y), (x, y + s * 1.3), (x - s * 1.3, y)]),
        4: _polygon([(x, y + s * 1.2), (x + s * 1.15, y - s * 0.9), (x - s * 1.15, y - s * 0.9)]),
        5: _plus(x, y, s * 1.3, s * 0.45),
        6: _cross(x, y, s * 1.1),
        7: f'<rect x="{_f(x - s * 1.4)}" y="{_f(y - s * 0.55)}" width="{_f(2.8 * s)}" '
        f'height="{_f(1.1 * s)}"/>',
    }
    return shapes[shape % MARKERS]


def _polygon(points: list[tuple[float, float]]) -> str:
    return f'<polygon points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in points)}"/>'


def _plus(x: float, y: float, arm: float, half: float) -> str:
    a, h = arm, half
    return _polygon(
        [
            (x - h, y - a),
            (x + h, y - a),
            (x + h, y - h),
            (x + a, y - h),
            (x + a, y + h),
            (x + h, y + h),
            (x + h, y + a),
            (x - h, y + a),
            (x - h, y + h),
            (x - a, y + h),
            (x - a, y - h),
            (x - h, y - h),
        ]
    )


def _cross(x: float, y: float, arm: float) -> str:
    return (
        f'<path d="M{_f(x - arm)},{_f(y - arm)}L{_f(x + arm)},{_f(y + arm)}'
        f'M{_f(x + arm)},{_f(y - arm)}L{_f(x - arm)},{_f(y + arm)}" class="sa-stroke"/>'
    )


def dash(style: int) -> str:
    return DASHES[style % len(DASHES)]


def _series_class(series: Series) -> str:
    return (
        "sa-series sa-series--overall" if series.overall else f"sa-series sa-series--{series.style}"
    )


def line_chart(periods: Sequence[str], series: Sequence[Series], title: str) -> str:
    """Lines of scores (0 to 100) over the quarters; a quarter without a score breaks the line."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(periods)

    def x_at(i: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * i / (count - 1))

    def y_at(v: float) -> float:
        return TOP + plot_h * (1 - v / 100)

    parts = []
    for tick in TICKS:
        y = y_at(tick)
        parts.append(
            f'<line class="sa-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y)}" y2="{_f(y)}"/>'
            f'<text class="sa-axis" x="{LEFT - 6}" y="{_f(y + 4)}" text-anchor="end">{tick}</text>'
        )
    every = -(-count // _MOST_LABELS)
    for i, period in enumerate(periods):
        if i % every == 0 or i == count - 1:
            anchor = "middle" if 0 < i < count - 1 or count == 1 else "start" if i == 0 else "end"
            parts.append(
                f'<text class="sa-axis" x="{_f(x_at(i))}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="{anchor}">{escape(period)}</text>'
            )
    # The overall line last: on top of the sections'.
    for s in sorted(series, key=lambda s: s.overall):
        points = [(x_at(i), y_at(v)) for i, v in enumerate(s.values) if v is not None]
        path, pen = [], "M"
        for i, v in enumerate(s.values):
            if v is None:
                pen = "M"
                continue
            path.append(f"{pen}{_f(x_at(i))},{_f(y_at(v))}")
            pen = "L"
        pattern = "" if s.overall else dash(s.style)
        dashes = f' stroke-dasharray="{pattern}"' if pattern else ""
        shapes = "".join(
            marker(0 if s.overall else s.style, x, y, 5 if s.overall else 4) for x, y in points
        )
        parts.append(
            f'<g class="{_series_class(s)}"><path class="sa-line" d="{"".join(path)}"{dashes}/>'
            f'<g class="sa-markers">{shapes}</g></g>'
        )
    return (
        f'<svg class="sa-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">' + "".join(parts) + "</svg>"
    )


def legend_sample(series: Series) -> str:
    """The line and marker of a series, small, for the legend beside its name."""
    pattern = "" if series.overall else dash(series.style)
    dashes = f' stroke-dasharray="{pattern}"' if pattern else ""
    shape = marker(0 if series.overall else series.style, 18, 8, 4.5 if series.overall else 3.6)
    return (
        f'<svg class="sa-legend__sample" viewBox="0 0 36 16" width="36" height="16" '
        f'aria-hidden="true" focusable="false"><g class="{_series_class(series)}">'
        f'<path class="sa-line" d="M1,8L35,8"{dashes}/><g class="sa-markers">{shape}</g></g></svg>'
    )


BOX_W, BOX_H = 200, 22


def box_plot(found: Spread | None) -> str:
    """Lowest to highest as a whisker, the middle half as a box, the median as a bar, on 0 to 100;
    decoration beside the numbers of its table row."""
    frame = "".join(
        f'<line class="sa-grid" x1="{_f(_box_x(t))}" x2="{_f(_box_x(t))}" y1="2" y2="{BOX_H - 2}"/>'
        for t in (0, 50, 100)
    )
    shapes = ""
    if found is not None:
        mid = BOX_H / 2
        shapes = (
            f'<line class="sa-whisker" x1="{_f(_box_x(found.low))}" x2="{_f(_box_x(found.high))}" '
            f'y1="{_f(mid)}" y2="{_f(mid)}"/>'
            f'<rect class="sa-box" x="{_f(_box_x(found.q1))}" y="5" '
            f'width="{_f(max(_box_x(found.q3) - _box_x(found.q1), 1))}" height="{BOX_H - 10}"/>'
            f'<line class="sa-median" x1="{_f(_box_x(found.median))}" '
            f'x2="{_f(_box_x(found.median))}" y1="3" y2="{BOX_H - 3}"/>'
        )
    return (
        f'<svg class="sa-boxplot" viewBox="0 0 {BOX_W} {BOX_H}" aria-hidden="true" '
        f'focusable="false">{frame}{shapes}</svg>'
    )


def _box_x(value: float) -> float:
    return 4 + (BOX_W - 8) * value / 100
