"""Check a loaded questionnaire: the JSON Schema first, then the rules a schema cannot express.

Every problem is reported with the file, line and column of the offending YAML, what is wrong and
what was expected, like a compiler. Checks never stop at the first problem, and the semantic checks
tolerate any shape of data, since they also run on documents that broke the schema.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .markdown import to_html, unsafe_parts
from .scales import BUILTIN_SCALES, NOT_APPLICABLE
from .source import SPLIT_HINT, Document, Location, Problem

RESERVED_PAGE_IDS = {
    "index": "the intro page",
    "results": "the results page",
    "team": "the team view",
    "dashboard": "the dashboard of committed results (its folder)",
    "summary": "the navigation file SUMMARY.md",
}
# What each pattern of the schema asks for, in words.
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase letters, digits and single hyphens, e.g. 'code-quality'",
    '^https?://[^\\s<>"]+$': "a web address starting with http:// or https://, without spaces",
}
# Size limits, far above the shipped questionnaires (56 items, sections of 14, texts of 3,300
# characters at most): a section is one page holding all its items, the results page all items.
MAX_ITEMS = 2_000
MAX_SECTION_ITEMS = 500
MAX_TEXT = 20_000  # characters of one text: an explanation, a description, a statement, ...
MAX_PAGE_TEXT = 100_000  # the content of a questionnaire's page
_RELATIVE_URL = re.compile(r'(?:href|src)="(?![a-z][a-z0-9+.-]*:|#)([^"]*)"', re.IGNORECASE)


@cache
def schema_text() -> str:
    """The questionnaire JSON Schema, as shipped in the package and published with the site."""
    path = resources.files("selfassess").joinpath("schema/questionnaire.schema.json")
    return path.read_text(encoding="utf-8")


@cache
def schema() -> dict[str, Any]:
    return json.loads(schema_text())


def validate(document: Document) -> list[Problem]:
    """Every problem of the document: from loading, from the schema, from the semantic rules."""
    # A value refused while loading is None now: the schema would only repeat the news.
    loaded = {p.position for p in document.problems}
    found = [*_schema_problems(document), *_semantic_problems(document)]
    problems = document.problems + [p for p in found if p.position not in loaded]
    unique = {str(p): p for p in problems}  # one schema mistake may trip two keywords
    return sorted(unique.values(), key=lambda p: (p.position, p.message))


# --- JSON Schema ------------------------------------------------------------------------------


def _schema_problems(document: Document) -> Iterator[Problem]:
    if _quick_check().is_valid(document.data):
        return
    validator = jsonschema.Draft202012Validator(schema())
    for error in validator.iter_errors(document.data):
        yield from _describe(document, error)


@cache
def _quick_check() -> jsonschema.protocols.Validator:
    """The schema with each `$ref` to its `$defs` written out in place: half the time to check a
    questionnaire without mistakes (the reference look-ups go). Mistakes are described from the
    schema as written, whose error paths name the definitions."""
    definitions = schema()["$defs"]

    def written_out(node: Any, expanding: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [written_out(value, expanding) for value in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        name = ref.removeprefix("#/$defs/")
        if ref.startswith("#/$defs/") and name not in expanding:  # a cycle keeps its $ref
            rest = {k: written_out(v, expanding) for k, v in node.items() if k != "$ref"}
            expanded = written_out(definitions[name], (*expanding, name))
            return {"allOf": [expanded], **rest} if rest else expanded
        return {k: written_out(v, expanding) for k, v in node.items()}

    return jsonschema.Draft202012Validator(written_out(schema(), ()))


def _describe(document: Document, error: jsonschema.ValidationError) -> Iterator[Problem]:
    location: Location = tuple(error.absolute_path)
    keyword = error.validator
    instance: Any = error.instance
    value: Any = error.validator_value
    subschema: Any = error.schema
    name = _name(location)
    if "propertyNames" in error.schema_path and isinstance(instance, str):
        yield document.problem(
            (*location, instance), f"name '{instance}' is not valid", _pattern_hint(value), key=True
        )
    elif keyword == "additionalProperties" and isinstance(instance, dict):
        known = sorted(subschema.get("properties", {}))
        for key in sorted(set(instance) - set(known)):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "one of: " + ", ".join(known)
            if " " in key.strip():  # {label: Done, and checked}: YAML read ", and checked" as a key
                hint = "a comma inside { } ends a value: put text with commas in quotes"
            yield document.problem((*location, key), f"unknown key '{key}'", hint, key=True)
    elif keyword == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                yield document.problem(
                    location, f"missing key '{key}' in {name}", "required keys: " + ", ".join(value)
                )
    elif keyword == "type":
        yield document.problem(
            location,
            f"{name} is {_kind(instance)}",
            _expected_type(value, quotable=not isinstance(instance, list | dict)),
        )
    elif keyword == "pattern":
        yield document.problem(location, f"{name} '{instance}' is not valid", _pattern_hint(value))
    elif keyword == "enum":
        yield document.problem(
            location, f"{name} '{instance}' is not allowed", "one of: " + ", ".join(map(str, value))
        )
    elif keyword in ("minimum", "exclusiveMinimum", "maximum"):
        relation = {
            "minimum": "at least",
            "exclusiveMinimum": "greater than",
            "maximum": "at most",
        }[keyword]
        yield document.problem(location, f"{name} is {instance}", f"a number {relation} {value}")
    elif keyword == "minItems":
        count = len(instance)
        yield document.problem(
            location,
            f"{name} has {count} {'entry' if count == 1 else 'entries'}",
            f"at least {value}",
        )
    elif keyword == "minLength":
        yield document.problem(location, f"{name} is empty", "some text")
    elif keyword == "minProperties":
        yield document.problem(location, f"{name} is empty", "at least one entry")
    elif keyword == "maxLength":
        yield document.problem(location, f"{name} is too long", f"at most {value} characters")
    elif keyword == "anyOf":
        yield document.problem(
            location, f"{name} is {_kind(instance)}", "an option id or a list of option ids"
        )
    else:
        yield document.problem(location, f"{name}: {error.message}")


def _pattern_hint(pattern: Any) -> str:
    return PATTERN_HINTS.get(pattern, f"text matching {pattern}")


def _name(location: Location) -> str:
    """'weight' or 'sections[2]', the way a reader would name the place."""
    if not location:
        return "the questionnaire"
    last = location[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(location) if isinstance(p, str)), "list")
        return f"{parent}[{last + 1}]"
    return f"'{last}'"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a text ('{value[:40]}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value})"


def _expected_type(expected: str | list[str], quotable: bool) -> str:
    names = {
        "string": "a text",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping of keys",
    }
    types = [expected] if isinstance(expected, str) else expected
    text = " or ".join(names.get(t, t) for t in types)
    if quotable and "string" in types:
        text += '; put numbers, dates and yes/no words meant as text in quotes, e.g. "1.0"'
    return text


# --- Semantic checks ---------------------------------------------------------------------------


def _semantic_problems(document: Document) -> Iterator[Problem]:
    data = document.data
    if not isinstance(data, dict):
        return  # the schema has said so
    over_limits = list(_size_limits(document, data))
    if over_limits:  # the other checks render every text: not for a file that is too large
        yield from over_limits
        return
    yield from _unique_ids(document)
    yield from _scales(document, data)
    yield from _sections(document, data)
    yield from _conditions(document, data)
    yield from _levels(document, data)
    yield from _scoring(document, data)
    yield from _verdicts(document, data)
    yield from _explanation_links(document, data)
    yield from _author_html(document, data)


def _size_limits(document: Document, data: dict) -> Iterator[Problem]:
    """Items per questionnaire and per section, characters per text: a cost the build, the
    pages and the browser can bear. Each problem points at the first thing over the limit."""
    items = list(items_of(data))
    if len(items) > MAX_ITEMS:
        yield document.problem(
            items[MAX_ITEMS][0],
            f"the questionnaire has {len(items):,} items, more than the limit of {MAX_ITEMS:,}: "
            "this is the first item over it",
            f"at most {MAX_ITEMS:,} items per questionnaire; split it into two questionnaires",
        )
    for location, section in _entries(data, "sections"):
        in_section = list(items_of({"sections": [section]}))
        if len(in_section) > MAX_SECTION_ITEMS:
            first_over = (*location, *in_section[MAX_SECTION_ITEMS][0][2:])
            yield document.problem(
                first_over,
                f"section '{section.get('id')}' has {len(in_section):,} items, more than the "
                f"limit of {MAX_SECTION_ITEMS:,}: this is the first item over it",
                f"at most {MAX_SECTION_ITEMS:,} items per section; split it into two sections",
            )
    for location, text in _texts(data, ()):
        page = location[:1] == ("pages",) and location[-1] == "content"
        limit = MAX_PAGE_TEXT if page else MAX_TEXT
        if len(text) > limit:
            yield document.problem(
                location,
                f"'{location[-1]}' is {len(text):,} characters long, more than the limit of "
                f"{limit:,}",
                f"at most {limit:,} characters per text; "
                + ("split it into two pages" if page else SPLIT_HINT),
            )


def _texts(value: Any, location: Location) -> Iterator[tuple[Location, str]]:
    """Every text of the document (not the keys), with its location."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, (*location, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _texts(child, (*location, i))


def _entries(data: Any, key: str, location: Location = ()) -> Iterator[tuple[Location, dict]]:
    """The mappings in data[key] (a list), with their locations; skips malformed entries."""
    yield from _mappings(data.get(key) if isinstance(data, dict) else None, (*location, key))


def _mappings(values: Any, location: Location) -> Iterator[tuple[Location, dict]]:
    if isinstance(values, list):
        for i, value in enumerate(values):
            if isinstance(value, dict):
                yield (*location, i), value


def items_of(data: Any) -> Iterator[tuple[Location, dict]]:
    """Every item of the questionnaire, directly under a section or inside a group."""
    for section_location, section in _entries(data, "sections"):
        yield from _entries(section, "items", section_location)
        for group_location, group in _entries(section, "groups", section_location):
            yield from _entries(group, "items", group_location)


def _id_bearers(data: dict) -> Iterator[tuple[Location, dict]]:
    for section_location, section in _entries(data, "sections"):
        yield section_location, section
        yield from _entries(section, "groups", section_location)
    yield from items_of(data)
    for key in ("context", "pages", "verdicts", "areas"):
        yield from _entries(data, key)


def _unique_ids(document: Document) -> Iterator[Problem]:
    first: dict[str, Location] = {}
    if isinstance(document.data.get("id"), str):
        first[document.data["id"]] = ("id",)
    for location, entry in sorted(
        _id_bearers(document.data), key=lambda e: document.value_at(e[0])
    ):
        ident = entry.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            line = document.value_at(first[ident]).line
            yield document.problem(
                (*location, "id"),
                f"duplicate id '{ident}'",
                f"ids are unique in a questionnaire; first used on line {line}",
            )
        else:
            first[ident] = (*location, "id")
    for location, entry in [
        *_entries(document.data, "sections"),
        *_entries(document.data, "pages"),
    ]:
        ident = entry.get("id")
        if isinstance(ident, str) and ident in RESERVED_PAGE_IDS:
            yield document.problem(
                (*location, "id"),
                f"id '{ident}' is reserved for {RESERVED_PAGE_IDS[ident]}",
                "another id",
            )


def _option_ids(document: Document, options: Any, location: Location) -> Iterator[Problem]:
    seen: set[str] = set()
    for option_location, option in _mappings(options, location):
        ident = option.get("id")
        if not isinstance(ident, str):
            continue
        where = (*option_location, "id")
        if ident == NOT_APPLICABLE:
            yield document.problem(
                where,
                f"option id '{ident}' is reserved for \"Not applicable\"",
                "another id; set allow_na to offer it",
            )
        elif ident in seen:
            yield document.problem(
                where, f"duplicate option id '{ident}'", "option ids are unique within their list"
            )
        seen.add(ident)


def _scales(document: Document, data: dict) -> Iterator[Problem]:
    custom: dict = data["scales"] if isinstance(data.get("scales"), dict) else {}
    for name, options in custom.items():
        if name in BUILTIN_SCALES:
            yield document.problem(
                ("scales", name),
                f"scale '{name}' is a built-in scale",
                "another name for a custom scale",
                key=True,
            )
        yield from _option_ids(document, options, ("scales", name))
        values = [o.get("value") for _, o in _mappings(options, ())]
        numbers = [v for v in values if isinstance(v, int | float)]
        if values and len(numbers) == len(values) and max(numbers) < 1:
            yield document.problem(
                ("scales", name),
                f"scale '{name}' has no option worth 1",
                "a best option with value: 1, so that full marks and verdicts are possible",
                key=True,
            )
    known = sorted({*BUILTIN_SCALES, *custom})
    references: list[tuple[Location, Any]] = [(("scale",), data.get("scale"))]
    references += [((*loc, "scale"), item.get("scale")) for loc, item in items_of(data)]
    for location, name in references:
        if isinstance(name, str) and name not in known:
            yield document.problem(
                location, f"unknown scale '{name}'", "one of: " + ", ".join(known)
            )


def _sections(document: Document, data: dict) -> Iterator[Problem]:
    for location, section in _entries(data, "sections"):
        has_items, has_groups = "items" in section, "groups" in section
        if has_items and has_groups:
            yield document.problem(
                location,
                f"section '{section.get('id')}' has both items and groups",
                "either items, or groups of items",
            )
        elif not has_items and not has_groups:
            yield document.problem(
                location,
                f"section '{section.get('id')}' has no items",
                "an 'items' list or a 'groups' list",
            )


def _conditions(document: Document, data: dict) -> Iterator[Problem]:
    questions = {q["id"]: q for _, q in _entries(data, "context") if isinstance(q.get("id"), str)}
    for location, question in _entries(data, "context"):
        yield from _option_ids(document, question.get("options"), (*location, "options"))
    for location, item in items_of(data):
        when = item.get("when")
        if not isinstance(when, dict):
            continue
        for key, wanted in when.items():
            where = (*location, "when", key)
            if key not in questions:
                known = ", ".join(str(k) for k in questions) or "none defined under 'context'"
                yield document.problem(
                    where,
                    f"unknown context question '{key}' in 'when'",
                    f"one of: {known}",
                    key=True,
                )
                continue
            options = [
                o["id"]
                for _, o in _entries(questions[key], "options")
                if isinstance(o.get("id"), str)
            ]
            for option in wanted if isinstance(wanted, list) else [wanted]:
                if isinstance(option, str) and option not in options:
                    yield document.problem(
                        where,
                        f"unknown option '{option}' of context question '{key}'",
                        "one of: " + ", ".join(options),
                    )


def _levels(document: Document, data: dict) -> Iterator[Problem]:
    """Every level table starts at `min: 0` and ascends; `above: x` comes right after `min: x`."""
    tables: list[Location] = [("levels",), ("section_levels",)]
    tables += [(*loc, "levels") for loc, _ in _entries(data, "sections")]
    tables += [(*loc, "levels") for loc, _ in _entries(data, "areas")]
    for table in tables:
        previous: tuple[float, int] | None = None
        for location, level in _mappings(_at(data, table), table):
            key = "above" if "above" in level else "min"
            bound = level.get(key)
            if not isinstance(bound, int | float) or isinstance(bound, bool):
                continue
            rank = (bound, key == "above")
            if previous is None and rank != (0, False):
                yield document.problem(
                    (*location, key),
                    f"the first level starts {'at' if key == 'min' else 'above'} {bound}",
                    "min: 0, so that every score has a level",
                )
            if previous is not None and rank <= previous:
                yield document.problem(
                    (*location, key),
                    f"levels are not ascending: {key}: {bound} follows "
                    f"{'above' if previous[1] else 'min'}: {previous[0]}",
                    f"a min greater than {previous[0]}, or above: {previous[0]}"
                    if not previous[1]
                    else f"a bound greater than {previous[0]}",
                )
            previous = rank


def _bound(key: str, value: float) -> str:
    return f"at {value}" if key == "min" else f"above {value}"


# --- Scoring models ----------------------------------------------------------------------------


def _scoring(document: Document, data: dict) -> Iterator[Problem]:
    """Rules that contradict each other, or the tree they score."""
    rules = data.get("scoring") if isinstance(data.get("scoring"), dict) else {}
    assert isinstance(rules, dict)
    if rules.get("unit") == "points" and "out_of" in rules:
        yield document.problem(
            ("scoring", "out_of"),
            "'out_of' rescales every score to 0-N, and 'unit: points' shows raw points",
            "one of the two",
        )
    if rules.get("overall") == "none":
        for key in ("levels", "target"):
            if key in data:
                yield document.problem(
                    (key,),
                    f"overall '{key}' with no overall score ('overall: none' under 'scoring')",
                    "another overall rule, or no overall " + key,
                    key=True,
                )
    yield from _ignored_weights(document, data, rules)
    yield from _areas(document, data)
    yield from _maturity(document, data)
    yield from _tags(document, data)


def _ignored_weights(document: Document, data: dict, rules: dict) -> Iterator[Problem]:
    """A weight other than 1 where the rule that combines it does not weigh (min, none)."""
    scored_groups = "group" in rules
    # Which rule combines each kind of node, named as under `scoring`.
    parent_of_section = "area" if "areas" in data else "overall"
    parent_of_item = "group" if scored_groups else "section"

    def check(location: Location, entry: dict, parent: str) -> Iterator[Problem]:
        weight = entry.get("weight", 1)
        rule = rules.get(parent, "mean")
        if rule in ("min", "none") and weight != 1:
            yield document.problem(
                (*location, "weight"),
                f"weight {weight} is ignored: {_IGNORES[parent]} ('{parent}: {rule}' under "
                "'scoring')",
                "no weight here, or the rule 'mean' or 'sum'",
            )

    for location, section in _entries(data, "sections"):
        yield from check(location, section, parent_of_section)
        for group_location, group in _entries(section, "groups", location):
            if scored_groups:
                yield from check(group_location, group, "section")
            elif group.get("weight", 1) != 1:
                yield document.problem(
                    (*group_location, "weight"),
                    "a group weight, but groups are not scored",
                    "'group: mean' (or sum, min) under 'scoring', or no weight",
                )
        for item_location, item in items_of({"sections": [section]}):
            yield from check((*location, *item_location[2:]), item, parent_of_item)
    for location, area in _entries(data, "areas"):
        yield from check(location, area, "overall")


_IGNORES = {
    "group": "a group's score is its lowest item's",
    "section": "a section's score is its weakest part's",
    "area": "an area's score is its weakest section's",
    "overall": "the overall score is not a weighted one",
}


def _areas(document: Document, data: dict) -> Iterator[Problem]:
    """Every section in exactly one area, in the questionnaire's order."""
    areas = list(_entries(data, "areas"))
    if not areas:
        return
    sections = [s.get("id") for _, s in _entries(data, "sections")]
    section_ids = {s for s in sections if isinstance(s, str)}
    placed: dict[str, str] = {}
    listed: list[str] = []
    for location, area in areas:
        aid = area.get("id")  # unique among every id: _unique_ids
        names = area.get("sections")
        for i, name in enumerate(names if isinstance(names, list) else []):
            if not isinstance(name, str):
                continue
            if name not in section_ids:
                yield document.problem(
                    (*location, "sections", i),
                    f"unknown section '{name}'",
                    "one of: " + ", ".join(s for s in sections if isinstance(s, str)),
                )
            elif name in placed:
                yield document.problem(
                    (*location, "sections", i),
                    f"section '{name}' is already in area '{placed[name]}'",
                    "each section in one area",
                )
            else:
                placed[name] = str(aid)
                listed.append(name)
    for location, section in _entries(data, "sections"):
        if isinstance(section.get("id"), str) and section["id"] not in placed:
            yield document.problem(
                (*location, "id"),
                f"section '{section['id']}' is in no area",
                "every section in the 'sections' of one area",
            )
    in_order = list(dict.fromkeys(s for s in sections if s in placed))  # a duplicate id: once
    if listed != in_order:
        first = next(i for i, (a, b) in enumerate(zip(listed, in_order, strict=True)) if a != b)
        location = next(
            (*loc, "sections", i)
            for loc, area in areas
            for i, name in enumerate(area.get("sections") or [])
            if name == listed[first]
        )
        yield document.problem(
            location,
            f"section '{listed[first]}' is out of order: the areas take the sections as the "
            "questionnaire lists them, so that each area is one stretch of pages",
            f"'{in_order[first]}' here",
        )


def _maturity(document: Document, data: dict) -> Iterator[Problem]:
    """Staircase steps: every declared step has items, every item's step is declared."""
    maturity = data.get("maturity")
    steps = maturity.get("levels") if isinstance(maturity, dict) else None
    count = len(steps) if isinstance(steps, list) else 0
    used: set[int] = set()
    for location, item in items_of(data):
        step = item.get("maturity")
        if not isinstance(step, int) or isinstance(step, bool):
            continue
        used.add(step)
        if maturity is None:
            yield document.problem(
                (*location, "maturity"),
                "a maturity step, but the questionnaire declares no staircase",
                "a top-level 'maturity' with its 'levels', or no step on the item",
            )
        elif count and step > count:
            yield document.problem(
                (*location, "maturity"),
                f"step {step}, but 'maturity' declares {count} steps",
                f"a step from 1 to {count}",
            )
    for number, (location, step) in enumerate(_mappings(steps, ("maturity", "levels")), 1):
        if number not in used:
            yield document.problem(
                location,
                f"no item is at step {number} ('{step.get('label')}')",
                f"an item with 'maturity: {number}', or fewer steps",
            )


def _tags(document: Document, data: dict) -> Iterator[Problem]:
    declared = [t.get("id") for _, t in _entries(data, "tags")]
    known = ", ".join(str(t) for t in declared) or "none declared under 'tags'"
    for location, item in items_of(data):
        tags = item.get("tags")
        for i, tag in enumerate(tags if isinstance(tags, list) else []):
            if isinstance(tag, str) and tag not in declared:
                yield document.problem(
                    (*location, "tags", i), f"unknown tag '{tag}'", "one of: " + known
                )


def scale_problems(document: Document, model: dict[str, Any]) -> list[Problem]:
    """Level bounds and targets beyond the most their node can score, on the node's own scale.

    Run on the scoring model of a valid file: the most a node can score depends on its rules,
    weights and items, so it is the node's score with every statement at its top answer.
    """
    from .score import display_unit, score_assessment  # the one definition of a score

    scales = model["scales"]
    best = {
        item["id"]: {"value": max(scales[item["scale"]], key=lambda o: o["value"])["id"]}
        for section in model["sections"]
        for item in section["items"]
    }
    scores = score_assessment(model, {"answers": best})
    unit = display_unit(model)
    data = document.data
    found: list[Problem] = []

    def against(location: Location, most: float | None, node: str, levels: str = "levels") -> None:
        entry = _at(data, location)
        if most is None or not isinstance(entry, dict):
            return
        scale = f"0 to {_number(most)}{unit}"
        for level_location, level in _entries(entry, levels, location):
            key = "above" if "above" in level else "min"
            bound = level[key]
            if bound > most or (key == "above" and bound == most):
                found.append(
                    document.problem(
                        (*level_location, key),
                        f"level '{level['label']}' starts {_bound(key, bound)}, beyond the "
                        f"scale of {node} ({scale})",
                        f"a bound on {scale}",
                    )
                )
        target = entry.get("target") if levels == "levels" else None
        if isinstance(target, int | float) and target > most:
            found.append(
                document.problem(
                    (*location, "target"),
                    f"target {_number(target)} is beyond the scale of {node} ({scale})",
                    f"a target on {scale}",
                )
            )

    sections = list(zip(_entries(data, "sections"), scores["sections"].values(), strict=True))
    for (location, section), entry in sections:
        against(location, entry["max"], f"section '{section['id']}'")
    areas = zip(_entries(data, "areas"), scores["areas"].values(), strict=True)
    for (location, area), entry in areas:
        against(location, entry["max"], f"area '{area['id']}'")
    against((), scores["whole"]["max"], "the overall score")
    # The shared table serves every section without its own: the largest of their scales.
    sharing = [e["max"] for (_, s), e in sections if "levels" not in s and e["max"] is not None]
    if sharing:
        against((), max(sharing), "the sections without levels of their own", "section_levels")
    return sorted(found, key=lambda p: p.position)


def _at(data: Any, location: Location) -> Any:
    """What is at the location, or None: the semantic checks take any shape of data."""
    for step in location:
        if isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def _number(value: float) -> str:
    return f"{value:g}"


def _verdicts(document: Document, data: dict) -> Iterator[Problem]:
    sections = [s.get("id") for _, s in _entries(data, "sections")]
    for location, verdict in _entries(data, "verdicts"):
        names = verdict.get("sections")
        for i, name in enumerate(names if isinstance(names, list) else []):
            if isinstance(name, str) and name not in sections:
                yield document.problem(
                    (*location, "sections", i),
                    f"unknown section '{name}' in verdict",
                    "one of: " + ", ".join(map(str, sections)),
                )


def _explanation_links(document: Document, data: dict) -> Iterator[Problem]:
    """Explanations and help are rendered by us, not by the site engine, which rewrites the links
    of pages; and explanations reappear on the results page. A relative link would point nowhere."""
    texts = [((*loc, "explanation"), item.get("explanation")) for loc, item in items_of(data)]
    texts += [((*loc, "help"), q.get("help")) for loc, q in _entries(data, "context")]
    for location, text in texts:
        for target in _RELATIVE_URL.findall(to_html(text) if isinstance(text, str) else ""):
            yield document.problem(
                location,
                f"relative link '{target}' in '{location[-1]}'",
                "a full address such as https://...; this text appears on more than one page",
            )


def _author_texts(data: dict) -> Iterator[tuple[Location, Any]]:
    """Every text written in Markdown, with its location."""
    yield ("description",), data.get("description")
    for location, section in _entries(data, "sections"):
        yield (*location, "description"), section.get("description")
        for group_location, group in _entries(section, "groups", location):
            yield (*group_location, "description"), group.get("description")
    for location, item in items_of(data):
        yield (*location, "explanation"), item.get("explanation")
    for location, question in _entries(data, "context"):
        yield (*location, "help"), question.get("help")
    for location, page in _entries(data, "pages"):
        yield (*location, "content"), page.get("content")


def _author_html(document: Document, data: dict) -> Iterator[Problem]:
    """HTML outside the allow-list of `sanitize` (script, event handlers, `javascript:` links,
    meta, frames, forms, inline style) is a warning: the build takes it out (`markdown.to_html`,
    `render.md_block`), and the author learns where. A portal with `strict_html` makes it an
    error (`portal.check`)."""
    for location, text in _author_texts(data):
        if not isinstance(text, str):
            continue
        found = unsafe_parts(text)
        if found:
            shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
            problem = document.problem(
                location,
                f"HTML that a page may not carry in '{location[-1]}': {shown}",
                "Markdown, or HTML without scripts, event handlers, javascript: links, meta, "
                "frames, forms, embedded objects or inline style (docs/write-a-questionnaire.md)",
            )
            yield dataclasses.replace(problem, warning=True)
