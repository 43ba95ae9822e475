"""The words and plain-text forms the three reports share (report, aggregate, diff)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..questionnaire.i18n import Text, format_text, table
from .read import format_score


class Words(Text):
    """The text of a language for reports: page text, the app's text and the report block."""

    def app_text(self, key: str, *args: Any) -> str:
        return format_text(table(self.language)["app"][key], *args)

    def report(self, key: str, *args: Any) -> str:
        return format_text(table(self.language)["report"][key], *args)

    def score(self, value: float | None) -> str:
        return format_score(value, self.language)


def iso_date(text: str) -> str:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return ""


def clean(text: str) -> str:
    """Text from a file, safe to print: no control characters (a note could hold terminal escape
    sequences), one line."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def table_lines(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
