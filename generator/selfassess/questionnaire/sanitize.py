"""Author HTML under an allow-list: what a questionnaire's Markdown may put into a page.

Questionnaire authors are semi-trusted (a fork may merge their pull requests): their Markdown may
format text, link and show pictures, never run script, redirect the page or draw over it. The
allow-list is nh3's (the Ammonia sanitizer), narrowed: no inline `style` but a table cell's
alignment (which Python-Markdown writes), and links only to web, mail and relative addresses.
`removed` names what the sanitizer would take out, so the validator can tell the author where.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import nh3

_GLOBAL = {"id", "class", "title", "lang", "dir"}  # what attr_list and footnotes write
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": _GLOBAL,
    "a": {"href", "hreflang", "title", "rel"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},
    "ol": {"start", "type"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list taken out."""
    return nh3.clean(
        html,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel=None,
    )


def removed(html: str) -> list[str]:
    """What `clean` takes out of the HTML, each as a short phrase ("element <script>",
    "attribute 'onclick' of <a>"), in the order of first appearance; empty when nothing is."""
    before, after = _Inventory.of(html), _Inventory.of(clean(html))
    lost = before - after
    gone = {thing.split("<", 1)[1] for thing in lost if thing.startswith("element")}
    # The attributes of an element taken out whole go without saying.
    return [
        thing
        for thing in before.order
        if lost[thing] > 0 and (thing.startswith("element") or thing.split("<", 1)[1] not in gone)
    ]


class _Inventory(HTMLParser):
    """The elements and attribute names of some HTML, counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()
        self.order: list[str] = []

    @classmethod
    def of(cls, html: str) -> _Inventory:
        inventory = cls()
        inventory.feed(html)
        inventory.close()
        return inventory

    def __sub__(self, other: _Inventory) -> Counter[str]:
        return self.counts - other.counts

    def _count(self, thing: str) -> None:
        if thing not in self.counts:
            self.order.append(thing)
        self.counts[thing] += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count(f"element <{tag}>")
        for name, value in attrs:
            # A style that only aligns a table cell survives; any other style is taken out.
            if name == "style" and (value or "").replace(" ", "").strip(";") != "":
                kept = {p.split(":")[0].strip() for p in (value or "").split(";") if p.strip()}
                if kept <= {"text-align"}:
                    continue
            self._count(f"attribute '{name}' of <{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
