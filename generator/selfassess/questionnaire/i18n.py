"""The interface text of the portal in each language: one table per language in text/<code>.yaml.

The generator reads the `pages` and `scales` parts; the `app` part goes to the browser with each
page, which formats it with the same rules (browser/strings.js). A page's language is its
questionnaire's `language:`, else the site's `theme.language`, else English.
"""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .source import FastLoader

DEFAULT = "en"
NONE = "\u2013"  # an en dash: no score, no date, no answer
_PLACEHOLDER = re.compile(r"\{(\d+)(?:\|([^{}]*))?\}")


@cache
def languages() -> list[str]:
    """Codes of the languages with a table, such as ["de", "en"]."""
    folder = resources.files("selfassess") / "text"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def table(language: str) -> dict[str, dict[str, str]]:
    text = (resources.files("selfassess") / "text" / f"{language}.yaml").read_text("utf-8")
    # libyaml: the pure-Python loader takes 50 ms of every build for a table.
    data: dict[str, dict[str, str]] = yaml.load(text, Loader=FastLoader)
    return data


def resolve(language: str | None) -> str:
    """A language with a table: the one asked for when there is one, else English."""
    return language if language in languages() else DEFAULT


def format_text(text: str, *args: Any) -> str:
    """Fill {0}, {1}, ... and choose {0|one:...|other:...} forms (English and German rules)."""

    def fill(match: re.Match[str]) -> str:
        value = args[int(match.group(1))]
        if match.group(2) is None:
            return str(value)
        forms = dict(form.split(":", 1) for form in match.group(2).split("|"))
        return forms.get("one" if value == 1 else "other", forms["other"])

    return _PLACEHOLDER.sub(fill, text)


class Text:
    """The page text of one language, for templates: t("facts", 56, 7, 19, "1.0")."""

    def __init__(self, language: str) -> None:
        self.language = resolve(language)
        self.pages = table(self.language)["pages"]

    def __call__(self, key: str, *args: Any) -> str:
        return format_text(self.pages[key], *args)

    def app(self) -> dict[str, str]:
        return table(self.language)["app"]

    def scale_label(self, option: str) -> str:
        return table(self.language)["scales"][option]


def format_score(score: float | None, language: str = "en", decimals: int = 1) -> str:
    """A score as the browser's formatScore shows it: at most `decimals` decimals (the
    questionnaire's, one by default), rounded half up, in the language's decimal sign; a dash for
    no score."""
    if score is None:
        return NONE
    scale = 10**decimals
    rounded = math.floor(score * scale + 0.5) / scale
    text = f"{rounded:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return text.replace(".", table(resolve(language))["app"]["decimalSign"])
