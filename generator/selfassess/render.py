"""Turn the model into the files of the docs tree: Markdown pages (Jinja2) and browser data (JSON).

Pages are Markdown with HTML blocks: headings stay Markdown so they reach the table of contents and
search, while each item is one HTML block with native form controls. Item explanations are rendered
here with Python-Markdown, once, so the page and the browser's data carry the same HTML.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .model import Item, Questionnaire
from .scales import NOT_APPLICABLE

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


@cache  # an explanation appears on its section page and in the results data
def to_html(text: str) -> Markup:
    """Markdown → HTML without blank lines, so it can sit inside one raw HTML block of a page."""
    html = _markdown().reset().convert(text)
    return Markup("\n".join(line for line in html.splitlines() if line.strip()))


def md_inline(text: str) -> Markup:
    """Plain text placed in Markdown (a heading, a link label): shown as typed, never as markup."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(text)))


def md_block(text: str) -> Markup:
    """Markdown written by the questionnaire's author, passed to the site engine as is."""
    return Markup(text.strip())


def json_script(data: Any) -> Markup:
    """JSON safe inside <script type="application/json">: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("selfassess", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        percent=lambda value: f"{value * 100:g} %",
        html=to_html,
        md_inline=md_inline,
        md_block=md_block,
        json_script=json_script,
    )
    env.globals.update(NOT_APPLICABLE=NOT_APPLICABLE, when_json=_when_json)
    return env


def render(template: str, **context: Any) -> str:
    text = _environment().get_template(template).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _when_json(item: Item) -> str:
    return json.dumps({k: list(v) for k, v in item.when.items()}, sort_keys=True)


def browser_data(q: Questionnaire, *, full: bool) -> dict[str, Any]:
    """The questionnaire as the browser app reads it from a page.

    Every page carries the scoring model with labels (to score and show progress anywhere); the
    results page and questionnaire.json also carry the explanations, for the action plan.
    """
    data = q.scoring_data() | {"digest": q.digest, "title": q.title}
    labels = {s.id: {o.id: o.label for o in s.options} for s in q.scales.values()}
    data["scale_labels"] = labels
    for section_data, section in zip(data["sections"], q.sections, strict=True):
        section_data["title"] = section.title
        section_data["number"] = section.number
        for item_data, item in zip(section_data["items"], section.items, strict=True):
            item_data["number"] = item.number
            if full:
                item_data["explanation"] = str(to_html(item.explanation))
    if full:
        data["levels"] = [
            {"min": lv.min, "label": lv.label, "description": lv.description} for lv in q.levels
        ]
        data["verdicts"] = [
            {
                "id": v.id,
                "title": v.title,
                "sections": list(v.sections),
                "description": v.description,
            }
            for v in q.verdicts
        ]
    return data


def questionnaire_files(q: Questionnaire) -> dict[str, str]:
    """Every file of one questionnaire, by path relative to the docs folder."""
    compact = browser_data(q, full=False)
    full = browser_data(q, full=True)
    pages = {"index.md": render("intro.md.j2", q=q, data=compact)}
    for section in q.sections:
        pages[f"{section.id}.md"] = render("section.md.j2", q=q, section=section, data=compact)
    pages["results.md"] = render("results.md.j2", q=q, data=full)
    for page in q.pages:
        pages[f"{page.id}.md"] = render("page.md.j2", q=q, page=page)
    pages["SUMMARY.md"] = render("nav.md.j2", q=q)
    pages["questionnaire.json"] = (
        json.dumps(full, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    )
    # Everything in this folder is generated: keep it out of git without listing each questionnaire.
    pages[".gitignore"] = "# Generated by selfassess: edit the questionnaire's YAML instead.\n*\n"
    return {f"{q.id}/{name}": content for name, content in pages.items()}


def portal_files(
    questionnaires: list[Questionnaire], pages: list[tuple[str, str]]
) -> dict[str, str]:
    """Files shared by the portal: the home page's cards and the site's navigation."""
    return {
        ".selfassess/cards.md": render("cards.md.j2", questionnaires=questionnaires),
        "SUMMARY.md": render("portal-nav.md.j2", questionnaires=questionnaires, pages=pages),
    }
