"""Turn the model into the files of the docs tree: Markdown pages (Jinja2) and browser data (JSON).

Pages are Markdown with HTML blocks: headings stay Markdown so they reach the table of contents and
search, while each item is one HTML block with native form controls. Item explanations are rendered
once (`questionnaire/markdown.py`), so the page and the browser's data carry the same HTML.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..questionnaire.i18n import Text
from ..questionnaire.markdown import to_html, unsafe_parts
from ..questionnaire.model import Item, Questionnaire, Section
from ..questionnaire.portal import GENERATED_MARK
from ..questionnaire.scales import NOT_APPLICABLE
from ..questionnaire.settings import new_issue_address
from .scoring_rules import in_points, rule_paragraphs, unanswered_sentences

_MARKDOWN_ESCAPES = re.compile(r"([\\`*_{}\[\]#!])")  # read by Python-Markdown's escape rule
# Up to this many statements a section is one page; longer ones are paged in the browser, in
# pages of about PAGE_SIZE, evened out (browser/pager.js: its twins). The page comes with the top
# pager's room and with the statements after the first page hidden, as the pager would hide them
# when every statement applies, so that the first paint lays out one page, not all of them.
MOST_ON_ONE_PAGE = 25
PAGE_SIZE = 20


def off_page(section: Section) -> set[str]:
    """The statements after the first page of a section, as the pager shows it when all apply."""
    count = len(section.items)
    if count <= MOST_ON_ONE_PAGE:
        return set()
    first = math.ceil(count / math.ceil(count / PAGE_SIZE))
    return {item.id for item in section.items[first:]}


def most_choices(section: Section) -> int:
    """The last digit the keyboard shortcuts list (keys.js): a statement's most choices, 2 to 9."""
    return min(9, max(2, *(len(i.scale.options) + i.allow_na for i in section.items)))


_AS_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"})


def md_inline(text: str) -> Markup:
    """Plain text placed in Markdown (a heading, a table cell, a navigation title): shown as
    typed, never read as markup.

    Line breaks fold into spaces (a break would end a table row or a heading). Characters of HTML
    and of table syntax become entities, the rest of Markdown's and attr_list's syntax
    (`{: onclick=...}` included) is backslash-escaped; both survive literate-nav's titles too.
    """
    folded = " ".join(str(text).split())
    return Markup(_MARKDOWN_ESCAPES.sub(r"\\\1", folded).translate(_AS_ENTITIES))


def md_block(text: str) -> Markup:
    """Markdown written by the questionnaire's author, passed to the site engine as is, unless
    its HTML is outside the allow-list (validate warns of it): then it is rendered here, under the
    allow-list, and the engine gets that HTML as one block, which it leaves alone."""
    text = text.strip()
    if not unsafe_parts(text):
        return Markup(text)
    return Markup(f'<div class="sa-author">\n{to_html(text)}\n</div>')


def json_attribute(data: Any) -> str:
    """JSON for an HTML attribute (see `serialized` for its escaping).

    An attribute, not a <script type="application/json">: Material's instant navigation re-creates
    the scripts of each new page without their type, which would run the data as code."""
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )


class Serialized(Markup):
    """JSON escaped for an attribute in single quotes (see `serialized`)."""


def serialized(data: Any) -> Serialized:
    """JSON for a single-quoted attribute: its many double quotes stay as they are.

    In double quotes every `"` would become `&#34;`: the model of a 1,000-item questionnaire
    would weigh 300 KB instead of 200 KB on each of its pages, and MkDocs' HTML parser would spend
    a third of the build unescaping them. A questionnaire's model is the same on all its pages,
    so it is serialized once."""
    text = json_attribute(data).replace("&", "&amp;")  # first: the entities below keep their &
    # str.replace, not str.translate: ten times faster on the 1 MB of a large questionnaire.
    return Serialized(text.replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;"))


def _json_attribute_filter(data: Any) -> Serialized:
    return data if isinstance(data, Serialized) else serialized(data)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("selfassess.generate", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(
        percent=lambda value: f"{value * 100:g} %",
        points=lambda value: f"{value:g}",
        html=to_html,
        md_inline=md_inline,
        md_block=md_block,
        json_attribute=_json_attribute_filter,
    )
    env.globals.update(NOT_APPLICABLE=NOT_APPLICABLE, when_json=_when_json)
    return env


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context).strip() + "\n"


def _when_json(item: Item) -> str:
    return json.dumps(item.conditions, sort_keys=True)


def browser_data(
    q: Questionnaire,
    site_id: str,
    *,
    descriptions: bool = False,
    explanations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The questionnaire as the browser app reads it from a page.

    Every page carries the scoring model with labels (to score and show progress anywhere); the
    results page adds what levels and verdicts mean, and questionnaire.json the explanations too
    (`explanations(q)`).
    """
    data = q.scoring_data() | {"digest": q.digest, "title": q.title, "site": site_id}
    labels = {s.id: {o.id: o.label for o in s.options} for s in q.scales.values()}
    data["scale_labels"] = labels
    for question_data, question in zip(data["context"], q.context, strict=True):
        question_data["text"] = question.text
        question_data["labels"] = {o.id: o.label for o in question.options}
    for area_data, area in zip(data.get("areas", []), q.areas, strict=True):
        area_data["title"] = area.title
    if q.tags:
        data["tag_labels"] = {tag.id: tag.label for tag in q.tags}
    for section_data, section in zip(data["sections"], q.sections, strict=True):
        section_data["title"] = section.title
        section_data["number"] = section.number
        for item_data, item in zip(section_data["items"], section.items, strict=True):
            item_data["number"] = item.number
            if explanations is not None:
                item_data["explanation"] = explanations[item.id]
    if descriptions:
        described: Any
        for entry, described in [
            *zip(data["levels"], q.levels, strict=True),
            *zip(data["verdicts"], q.verdicts, strict=True),
        ]:
            entry["description"] = described.description
    return data


def explanations(q: Questionnaire) -> dict[str, str]:
    """Each item's explanation as HTML, by item id: the action plan's, in an attribute of its own
    that the results page parses only when an explanation is first needed."""
    return {item.id: str(to_html(item.explanation)) for item in q.items}


def questionnaire_files(
    q: Questionnaire,
    site_id: str = "selfassess",
    new_issue_url: str | None = None,
    collect_repo: str | None = None,
) -> dict[str, str]:
    """Every file of one questionnaire, by path relative to the docs folder.

    new_issue_url: the portal's new-issue URL template, for the action plan's "Create issue".
    collect_repo: the portal's GitHub repository, for the results page's "Send to the
    facilitator" (a new issue from .github/ISSUE_TEMPLATE/send-results.yml)."""
    t = Text(q.language)
    # Pages also carry the app's text in their language; questionnaire.json is data only.
    text = {"language": t.language, "text": t.app()}
    compact = serialized(browser_data(q, site_id) | text)
    scoring = {
        "points": in_points(q),
        "unanswered": unanswered_sentences(q, t),
        "rules": rule_paragraphs(q, t),
    }
    pages = {"index.md": render("intro.md.j2", q=q, t=t, data=compact, scoring=scoring)}
    for section in q.sections:
        pages[f"{section.id}.md"] = render(
            "section.md.j2",
            q=q,
            t=t,
            section=section,
            data=compact,
            off_page=off_page(section),
            choices=most_choices(section),
        )
    issues: dict[str, Any] = {"new_issue_url": new_issue_url} if new_issue_url else {}
    if collect_repo:
        url, repository = new_issue_address(collect_repo)
        issues["collect"] = {"url": url, "repository": repository}
    html = explanations(q)
    results = browser_data(q, site_id, descriptions=True) | text | issues
    pages["results.md"] = render("results.md.j2", q=q, t=t, data=results, explanations=html)
    pages["team.md"] = render("team.md.j2", q=q, t=t, data=compact)
    for page in q.pages:
        pages[f"{page.id}.md"] = render("page.md.j2", q=q, page=page)
    pages["SUMMARY.md"] = questionnaire_nav(q)
    # Compact, as the pages' data: Python's JSON encoder is ten times slower when it indents.
    full = browser_data(q, site_id, descriptions=True, explanations=html)
    pages["questionnaire.json"] = json_attribute(full) + "\n"
    # Everything in this folder is generated: keep it out of git without listing each questionnaire.
    pages[".gitignore"] = f"{GENERATED_MARK}: edit the questionnaire's YAML instead.\n*\n"
    return {f"{q.id}/{name}": content for name, content in pages.items()}


def questionnaire_nav(q: Questionnaire, dashboard: bool = False) -> str:
    """The questionnaire's navigation (SUMMARY.md); `dashboard`: it has one (results/)."""
    return render("nav.md.j2", q=q, t=Text(q.language), dashboard=dashboard)


def portal_files(
    questionnaires: list[Questionnaire], pages: list[tuple[str, str]], language: str = "en"
) -> dict[str, str]:
    """Files shared by the portal: the home page's cards and the site's navigation."""
    t = Text(language)
    return {
        ".selfassess/cards.md": render("cards.md.j2", questionnaires=questionnaires, t=t),
        "SUMMARY.md": render("portal-nav.md.j2", questionnaires=questionnaires, pages=pages, t=t),
    }
