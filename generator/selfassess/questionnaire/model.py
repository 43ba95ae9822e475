"""The in-memory questionnaire: what the renderer, the browser data and scoring work from.

Built only from a document that passed validation, so it can trust the data's shape. Defaults are
resolved here once (an item's scale, tier and "Not applicable"), so no consumer repeats them.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import i18n
from .scales import BUILTIN_SCALES

SECONDS_PER_ITEM = 20  # read a statement, glance at its explanation, answer


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    authors: tuple[str, ...] = ()
    license: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    value: float | None = None  # None for context options, which are not scored
    description: str = ""
    priority: str = ""  # "high", "medium", "low": the plan puts a statement answered so first


@dataclass(frozen=True)
class Scale:
    id: str
    options: tuple[Option, ...]

    @property
    def is_rating(self) -> bool:
        """Options labelled with their own percentage (0, 10, ... 100): a rating, not choices."""
        return all(o.label == f"{(o.value or 0) * 100:g}" for o in self.options)


@dataclass(frozen=True)
class ContextQuestion:
    id: str
    text: str
    options: tuple[Option, ...]
    multiple: bool = False
    help: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    number: str  # "2.7": section and position, for people to refer to
    text: str
    explanation: str
    scale: Scale
    allow_na: bool
    tier: str
    weight: float = 1
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    maturity: int | None = None  # its staircase step, 1 = the first
    tags: tuple[str, ...] = ()
    priority: str = ""

    @property
    def conditions(self) -> dict[str, list[str]]:
        """`when` as plain JSON data."""
        return {question: list(options) for question, options in self.when.items()}


@dataclass(frozen=True)
class Group:
    id: str | None  # None: the section's items stand without a sub-heading
    title: str
    items: tuple[Item, ...]
    description: str = ""
    weight: float = 1


@dataclass(frozen=True)
class Level:
    min: float  # inclusive lower bound, or the exclusive one when `exclusive`
    label: str
    description: str = ""
    exclusive: bool = False  # `above: min` in the YAML: the level starts just above `min`

    def data(self) -> dict[str, Any]:
        return {"above" if self.exclusive else "min": self.min, "label": self.label}


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    title: str
    groups: tuple[Group, ...]
    description: str = ""
    weight: float = 1
    levels: tuple[Level, ...] | None = None  # None: the questionnaire's section_levels
    target: float | None = None

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for group in self.groups for item in group.items)

    @property
    def advanced(self) -> bool:
        """Every item is `extended`: the whole section is beyond the essentials."""
        return all(item.tier == "extended" for item in self.items)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    content: str


@dataclass(frozen=True)
class Area:
    """A scored heading above sections (a business function above its practices)."""

    id: str
    title: str
    sections: tuple[str, ...]
    description: str = ""
    weight: float = 1
    levels: tuple[Level, ...] = ()
    target: float | None = None


@dataclass(frozen=True)
class Step:
    """A staircase maturity step; items carry its number."""

    label: str
    description: str = ""


@dataclass(frozen=True)
class Maturity:
    steps: tuple[Step, ...]
    share: float = 1
    overall: bool = False


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Verdict:
    id: str
    title: str
    sections: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    summary: str
    file: str
    description: str = ""
    source: Source | None = None
    minutes_override: int | None = None
    language: str = "en"  # of its pages and buttons, resolved: the YAML's, else the site's
    context: tuple[ContextQuestion, ...] = ()
    sections: tuple[Section, ...] = ()
    pages: tuple[Page, ...] = ()
    levels: tuple[Level, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    scoring: dict[str, Any] = field(default_factory=dict)  # the rules as written; see score.rules
    section_levels: tuple[Level, ...] = ()
    target: float | None = None
    areas: tuple[Area, ...] = ()
    maturity: Maturity | None = None
    tags: tuple[Tag, ...] = ()

    @cached_property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def scales(self) -> dict[str, Scale]:
        """The scales the items use, by id, in order of first use."""
        return {item.scale.id: item.scale for item in self.items}

    @property
    def minutes(self) -> int:
        return self.minutes_override or max(1, math.ceil(len(self.items) * SECONDS_PER_ITEM / 60))

    def scoring_data(self) -> dict[str, Any]:
        """What scoring needs and nothing more: the browser's model and the digest's input.

        A key of the scoring models appears only when the questionnaire declares it, so a
        questionnaire without them keeps its digest, and its stored answers their standing.
        """
        data = {
            "id": self.id,
            "version": self.version,
            "scales": {
                s.id: [
                    {"id": o.id, "value": o.value, **_given("priority", o.priority)}
                    for o in s.options
                ]
                for s in self.scales.values()
            },
            "context": [
                {"id": q.id, "multiple": q.multiple, "options": [o.id for o in q.options]}
                for q in self.context
            ],
            "sections": [
                {
                    "id": s.id,
                    "weight": s.weight,
                    "items": [
                        {
                            "id": i.id,
                            "text": i.text,
                            "scale": i.scale.id,
                            "weight": i.weight,
                            "tier": i.tier,
                            "na": i.allow_na,
                            "when": i.conditions,
                            **_given("maturity", i.maturity),
                            **_given("tags", list(i.tags)),
                            **_given("priority", i.priority),
                        }
                        for i in s.items
                    ],
                    **_given(
                        "levels", None if s.levels is None else [lv.data() for lv in s.levels]
                    ),
                    **_given("target", s.target),
                    **_given(
                        "groups",
                        [
                            {"id": g.id, "weight": g.weight, "items": [i.id for i in g.items]}
                            for g in s.groups
                            if g.id is not None
                        ]
                        if "group" in self.scoring
                        else None,
                    ),
                }
                for s in self.sections
            ],
            "levels": [lv.data() for lv in self.levels],
            "verdicts": [
                {"id": v.id, "title": v.title, "sections": list(v.sections)} for v in self.verdicts
            ],
        }
        if self.maturity is not None:
            data["maturity"] = {
                "levels": [step.label for step in self.maturity.steps],
                "share": self.maturity.share,
                "overall": self.maturity.overall,
            }
        optional = {
            "scoring": self.scoring,
            "section_levels": [lv.data() for lv in self.section_levels],
            "target": self.target,
            "areas": [
                {
                    "id": a.id,
                    "weight": a.weight,
                    "sections": list(a.sections),
                    **_given("levels", [lv.data() for lv in a.levels]),
                    **_given("target", a.target),
                }
                for a in self.areas
            ],
            "tags": [tag.id for tag in self.tags],
        }
        return data | {key: value for key, value in optional.items() if _declared(value)}

    @cached_property
    def digest(self) -> str:
        """Fingerprint of everything that scoring reads: a stored answer knows what it answered."""
        canonical = json.dumps(self.scoring_data(), sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def build(data: dict[str, Any], file: str, site_language: str = i18n.DEFAULT) -> Questionnaire:
    """Turn validated questionnaire data into the model."""
    language = i18n.resolve(data.get("language", site_language))
    labels = i18n.table(language)[
        "scales"
    ]  # the built-in scales speak the questionnaire's language
    scales = {
        name: _scale(name, [{**o, "label": labels.get(o["id"], o["label"])} for o in options])
        for name, options in BUILTIN_SCALES.items()
    }
    scales |= {name: _scale(name, options) for name, options in data.get("scales", {}).items()}
    defaults = {
        "scale": scales[data.get("scale", "yes-no")],
        "allow_na": data.get("allow_na", False),
    }
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        summary=data["summary"],
        file=file,
        description=data.get("description", ""),
        source=Source(**{**data["source"], "authors": tuple(data["source"].get("authors", ()))})
        if "source" in data
        else None,
        minutes_override=data.get("minutes"),
        language=language,
        context=tuple(
            ContextQuestion(
                q["id"],
                q["text"],
                tuple(Option(o["id"], o["label"]) for o in q["options"]),
                q.get("multiple", False),
                q.get("help", ""),
            )
            for q in data.get("context", [])
        ),
        sections=tuple(
            _section(n, s, scales, defaults) for n, s in enumerate(data["sections"], start=1)
        ),
        pages=tuple(Page(p["id"], p["title"], p["content"]) for p in data.get("pages", [])),
        levels=_levels(data.get("levels", [])),
        verdicts=tuple(
            Verdict(v["id"], v["title"], tuple(v["sections"]), v.get("description", ""))
            for v in data.get("verdicts", [])
        ),
        scoring=dict(data.get("scoring", {})),
        section_levels=_levels(data.get("section_levels", [])),
        target=data.get("target"),
        areas=tuple(
            Area(
                a["id"],
                a["title"],
                tuple(a["sections"]),
                a.get("description", ""),
                a.get("weight", 1),
                _levels(a.get("levels", [])),
                a.get("target"),
            )
            for a in data.get("areas", [])
        ),
        maturity=Maturity(
            tuple(Step(st["label"], st.get("description", "")) for st in m["levels"]),
            m.get("share", 1),
            m.get("overall", False),
        )
        if (m := data.get("maturity"))
        else None,
        tags=tuple(
            Tag(t["id"], t["label"], t.get("description", "")) for t in data.get("tags", [])
        ),
    )


def _levels(entries: list[dict]) -> tuple[Level, ...]:
    return tuple(
        Level(
            lv["above"] if "above" in lv else lv["min"],
            lv["label"],
            lv.get("description", ""),
            "above" in lv,
        )
        for lv in entries
    )


def _declared(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _given(key: str, value: Any) -> dict[str, Any]:
    """{key: value} when the questionnaire declared it, else nothing: the digest stays as it was."""
    return {key: value} if _declared(value) else {}


def _scale(name: str, options: list[dict]) -> Scale:
    return Scale(
        name,
        tuple(
            Option(o["id"], o["label"], o["value"], o.get("description", ""), o.get("priority", ""))
            for o in options
        ),
    )


def _section(number: int, data: dict, scales: dict[str, Scale], defaults: dict) -> Section:
    counter = itertools.count(1)
    tier = data.get("tier", "core")

    def item(raw: dict, group_tier: str) -> Item:
        when = {
            k: tuple(v) if isinstance(v, list) else (v,) for k, v in raw.get("when", {}).items()
        }
        return Item(
            id=raw["id"],
            number=f"{number}.{next(counter)}",
            text=raw["text"],
            explanation=raw["explanation"],
            scale=scales[raw["scale"]] if "scale" in raw else defaults["scale"],
            allow_na=raw.get("allow_na", defaults["allow_na"]),
            tier=raw.get("tier", group_tier),
            weight=raw.get("weight", 1),
            when=when,
            maturity=raw.get("maturity"),
            tags=tuple(raw.get("tags", ())),
            priority=raw.get("priority", ""),
        )

    groups: tuple[Group, ...]
    if "items" in data:
        groups = (Group(None, "", tuple(item(i, tier) for i in data["items"])),)
    else:
        groups = tuple(
            Group(
                g["id"],
                g["title"],
                tuple(item(i, g.get("tier", tier)) for i in g["items"]),
                g.get("description", ""),
                g.get("weight", 1),
            )
            for g in data["groups"]
        )
    return Section(
        data["id"],
        number,
        data["title"],
        groups,
        data.get("description", ""),
        data.get("weight", 1),
        _levels(data["levels"]) if "levels" in data else None,
        data.get("target"),
    )
