"""The author's Markdown as HTML, under the allow-list of `sanitize`: one conversion of each text.

The validator inspects what the allow-list takes out, the pages carry what it keeps, and the
reports show the same HTML: each asks here, and the text is converted once.
"""

from __future__ import annotations

from functools import cache

import markdown
from markupsafe import Markup

from . import sanitize

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


@cache  # the validator inspects what the page then carries: one conversion for both
def author_html(text: str) -> str:
    """The author's Markdown as HTML, before the sanitizer: what the validator inspects."""
    return _markdown().reset().convert(text)


@cache  # an explanation appears on its section page and in the results data
def to_html(text: str) -> Markup:
    """The author's Markdown as HTML under the allow-list of `sanitize`."""
    return Markup(sanitize.clean(author_html(text)))


@cache  # the validator asks, and then the page's renderer asks again
def unsafe_parts(text: str) -> tuple[str, ...]:
    """What the allow-list takes out of the author's Markdown (`sanitize.removed`), or ()."""
    return tuple(sanitize.removed(author_html(text)))
