// Scoring: one assessment record against a questionnaire's scoring model, in the browser.
//
// Twin of generator/selfassess/questionnaire/score.py. Shared vectors (tests/scoring/vectors.json)
// and a cross-language property test hold the two to identical results, floats included, so every
// sum runs in the same order with the same formula here and there: change both or neither.
//
// The tree and its rules are described in score.py and docs/scoring.md ("Scoring models"): items ->
// (scored groups) -> sections -> (areas) -> overall, every node a score on 0-100 and the points
// behind it (value of max).
//
// The model comes from the generator and is trusted. The record comes from browser storage or an
// imported file, so any part of it with the wrong type counts as absent and nothing here throws.

// Same id as scales.NOT_APPLICABLE in Python; no scale may use it for an option.
export const NOT_APPLICABLE = "na";

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Own keys only: a record key such as "constructor" or "__proto__" must never reach the prototype.
function ownValue(data, key) {
  return isMapping(data) && Object.hasOwn(data, key) ? data[key] : undefined;
}

function chosenOptions(context, question) {
  const chosen = ownValue(context, question);
  if (!Array.isArray(chosen)) return [];
  return chosen.filter((option) => typeof option === "string");
}

// The rules of a model without a `scoring` block: the first version's, and the shipped ones'.
export const DEFAULT_RULES = Object.freeze({
  group: null,
  section: "mean",
  area: "mean",
  overall: "mean",
  unanswered: "zero",
  unit: "percent",
  out_of: null,
  decimals: 1,
});
const PRIORITIES = ["high", "medium", "low"];

/** The model's scoring rules with every default filled in. */
export function rules(model) {
  return { ...DEFAULT_RULES, ...(model.scoring ?? {}) };
}

// [an option's value, NOT_APPLICABLE or null for unanswered; the chosen option or null].
function answerValue(item, options, answers) {
  const value = ownValue(ownValue(answers, item.id), "value");
  if (typeof value !== "string") return [null, null];
  if (value === NOT_APPLICABLE && item.na === true) return [NOT_APPLICABLE, null];
  for (const option of options) {
    if (option.id === value) return [option.value, option];
  }
  return [null, null];
}

// An unanswered context question excludes nothing: until people say what their project is, they
// see every item.
/**
 * @param {import("./types").ModelItem} item
 * @param {import("./types").AnswerRecord["context"]} context
 */
export function itemApplies(item, context) {
  for (const [question, options] of Object.entries(item.when)) {
    const chosen = chosenOptions(context, question);
    if (chosen.length > 0 && !chosen.some((option) => options.includes(option))) return false;
  }
  return true;
}

/**
 * @param {import("./types").Model} model
 * @param {Partial<import("./types").AnswerRecord>} record
 * @returns {import("./types").Scores}
 */
export function scoreAssessment(model, record) {
  const rule = rules(model);
  const context = ownValue(record, "context");
  const answers = ownValue(record, "answers");
  const maturity = model.maturity ?? null;
  const tags = model.tags ?? [];
  const items = {};
  const sections = {};
  // Per section in order: its included items as {item, value (null: unanswered), top, option}.
  const includedBySection = [];
  const totals = { answered: 0, included: 0, applicable: 0, na: 0 };
  for (const section of model.sections) {
    const counts = { answered: 0, included: 0, applicable: 0, na: 0 };
    const included = [];
    for (const item of section.items) {
      const options = ownValue(model.scales, item.scale) ?? [];
      const applies = itemApplies(item, context);
      const [answer, option] = applies ? answerValue(item, options, answers) : [null, null];
      const value = typeof answer === "number" ? answer : null;
      // Ids are validated kebab-case, so assigning by id cannot touch a prototype.
      items[item.id] = { applies, value, na: answer === NOT_APPLICABLE };
      if (!applies) continue;
      counts.applicable += 1;
      if (answer === NOT_APPLICABLE) {
        counts.na += 1;
        continue;
      }
      counts.included += 1;
      if (value !== null) counts.answered += 1;
      const top = options.length ? Math.max(...options.map((o) => o.value)) : 1;
      included.push({ item, value, top, option });
    }
    sections[section.id] = { ...counts };
    includedBySection.push({ section, included });
    for (const key of Object.keys(counts)) totals[key] += counts[key];
  }

  // Every node twice: with unanswered items counted 0 ("zero") and left out ("excluded").
  // The questionnaire's rule picks one; "so far" is always the second; targets are checked
  // against the first's maximum, the most a node can reach.
  const trees = {
    zero: tree(model, rule, includedBySection, "zero"),
    excluded: tree(model, rule, includedBySection, "excluded"),
  };
  const chosen = trees[rule.unanswered];
  const soFar = trees.excluded;
  const full = trees.zero;
  const targets = ownValue(record, "targets");

  function node(key, levels, declared, own) {
    const [score, value, most] = chosen.get(key);
    const [shown, shownMax] = display(rule, score, value, most);
    const [soScore, soValue, soMost] = soFar.get(key);
    const [soShown, soShownMax] = display(rule, soScore, soValue, soMost);
    const fullMax = display(rule, ...full.get(key))[1];
    let target = null;
    let targetBy = null;
    if (validTarget(own, fullMax)) {
      target = own;
      targetBy = "you";
    } else if (declared !== undefined && declared !== null) {
      target = declared;
      targetBy = "questionnaire";
    }
    return {
      score,
      value: shown,
      max: shownMax,
      so_far: soScore,
      so_far_value: soShown,
      so_far_max: soShownMax,
      level: levelOf(levels, shown),
      target,
      target_by: targetBy,
      below_target: target !== null && shown !== null && shown < target,
    };
  }

  const ownSections = ownValue(targets, "sections");
  const sectionLevels = model.section_levels;
  for (const { section, included } of includedBySection) {
    const entry = sections[section.id];
    Object.assign(
      entry,
      node(
        `section/${section.id}`,
        section.levels ?? sectionLevels,
        section.target,
        ownValue(ownSections, section.id),
      ),
    );
    if (rule.group !== null) {
      entry.groups = {};
      for (const group of section.groups ?? []) {
        entry.groups[group.id] = node(`group/${section.id}/${group.id}`, null, null, undefined);
      }
    }
    if (maturity) entry.stair = stair(included, maturity);
    Object.assign(entry, cells(included, maturity, tags, rule.unanswered));
  }

  const areas = {};
  const ownAreas = ownValue(targets, "areas");
  for (const area of model.areas ?? []) {
    const counts = {};
    for (const key of Object.keys(totals)) {
      counts[key] = area.sections.reduce((sum, id) => sum + sections[id][key], 0);
    }
    const own = ownValue(ownAreas, area.id);
    areas[area.id] = { ...counts, ...node(`area/${area.id}`, area.levels, area.target, own) };
  }

  const whole = node("overall", model.levels, model.target, ownValue(targets, "overall"));
  const everything = includedBySection.flatMap(({ included }) => included);
  if (maturity && maturity.overall) whole.stair = stair(everything, maturity);
  Object.assign(whole, cells(everything, maturity, tags, rule.unanswered));

  const verdicts = {};
  for (const verdict of model.verdicts) {
    const blocking = [];
    const missing = [];
    // In questionnaire order, whatever the verdict's order, and each section once.
    for (const { section, included } of includedBySection) {
      if (!verdict.sections.includes(section.id)) continue;
      for (const { item, value, top } of included) {
        if (value === null) missing.push(item.id);
        else if (value < top) blocking.push(item.id);
      }
    }
    verdicts[verdict.id] = {
      holds: blocking.length === 0 && missing.length === 0,
      blocking,
      missing,
    };
  }

  return {
    overall: whole.score,
    level: whole.level,
    ...totals,
    sections,
    areas,
    whole,
    verdicts,
    items,
    plan: plan(model, rule, includedBySection, sections, areas, whole),
  };
}

// The tree: [score, value, max] of every node, with unanswered items counted as `way` says.
function tree(model, rule, includedBySection, way) {
  const nodes = new Map();
  const sectionNodes = [];
  const byId = new Map();
  for (const { section, included } of includedBySection) {
    const result = sectionNode(rule, section, included, way, nodes);
    nodes.set(`section/${section.id}`, result);
    sectionNodes.push([section.weight, result]);
    byId.set(section.id, [section.weight, result]);
  }
  let tops = sectionNodes;
  if (model.areas?.length) {
    tops = [];
    for (const area of model.areas) {
      const result = fromNodes(
        rule.area,
        area.sections.map((id) => byId.get(id)),
      );
      nodes.set(`area/${area.id}`, result);
      tops.push([area.weight ?? 1, result]);
    }
  }
  nodes.set("overall", rule.overall === "none" ? NONE : fromNodes(rule.overall, tops));
  return nodes;
}

const NONE = Object.freeze([null, null, null]);

// A section from its included items, directly or through its scored groups (kept in nodes).
function sectionNode(rule, section, included, way, nodes = null) {
  const entries = included.map(({ item, value, top }) => [item.weight, value, top]);
  if (rule.group === null) return fromItems(rule.section, entries, way);
  // A section without sub-headings is one group.
  if (!section.groups?.length)
    return fromNodes(rule.section, [[1, fromItems(rule.group, entries, way)]]);
  const groups = [];
  for (const group of section.groups ?? []) {
    const members = new Set(group.items);
    const grouped = entries.filter((_, index) => members.has(included[index].item.id));
    const scored = fromItems(rule.group, grouped, way);
    if (nodes !== null) nodes.set(`group/${section.id}/${group.id}`, scored);
    groups.push([group.weight ?? 1, scored]);
  }
  return fromNodes(rule.section, groups);
}

// A node from its items' [weight, value or null, top]: score 0-100, value and max in points. An
// item is worth 1 point at full marks (times its weight under `sum`).
function fromItems(how, entries, way) {
  if (how === "min") {
    let lowest = null;
    for (const [, entryValue] of entries) {
      let value = entryValue;
      if (value === null) {
        if (way === "excluded") continue;
        value = 0;
      }
      if (lowest === null || value < lowest) lowest = value;
    }
    return lowest === null ? NONE : [100 * lowest, lowest, 1];
  }
  const [num, den] = sums(entries, way);
  if (den <= 0) return NONE;
  if (how === "sum") return [(100 * num) / den, num, den];
  return [(100 * num) / den, num / den, 1];
}

// sum(w * v) and sum(w) of the items that count: unanswered ones count 0, or not at all.
function sums(entries, way) {
  let num = 0;
  let den = 0;
  for (const [weight, value] of entries) {
    if (value === null && way === "excluded") continue;
    den += weight;
    if (value !== null) num += weight * value;
  }
  return [num, den];
}

// A node from its scored children's [weight, [score, value, max]]; unscored ones drop out.
function fromNodes(how, children) {
  const scored = children.filter(([, child]) => child[0] !== null);
  if (!scored.length) return NONE;
  if (how === "min") {
    let weakest = scored[0][1];
    for (const [, child] of scored.slice(1)) {
      if (child[0] < weakest[0]) weakest = child;
    }
    return weakest;
  }
  if (how === "sum") {
    let value = 0;
    let most = 0;
    for (const [weight, [, v, m]] of scored) {
      value += weight * v;
      most += weight * m;
    }
    return most > 0 ? [(100 * value) / most, value, most] : NONE;
  }
  let num = 0;
  let den = 0;
  let value = 0;
  let most = 0;
  let alike = true; // every child on the same scale
  for (const [weight, [s, v, m]] of scored) {
    num += weight * s;
    den += weight;
    value += weight * v;
    most += weight * m;
    alike = alike && m === scored[0][1][2];
  }
  // On mixed scales the mean of the points would disagree with the mean of the scores:
  // the value follows the score, so that value / max is always score / 100.
  const score = num / den;
  return [score, alike ? value / den : (score * (most / den)) / 100, most / den];
}

// A node's [value, max] on the scale people read: percent, points, or 0-N.
function display(rule, score, value, most) {
  if (rule.out_of !== null) {
    return [score === null ? null : (rule.out_of * score) / 100, rule.out_of];
  }
  if (rule.unit === "points") return [value, most];
  return [score, 100];
}

// The last level whose bound the value passes: `min` inclusive, `above` exclusive.
function levelOf(levels, value) {
  if (value === null || !levels || !levels.length) return null;
  let reached = null;
  for (const level of levels) {
    if ("above" in level ? value > level.above : level.min <= value) reached = level.label;
  }
  return reached;
}

// A respondent's own target: a finite number on the node's scale.
function validTarget(target, most) {
  return (
    typeof target === "number" &&
    Number.isFinite(target) &&
    most !== null &&
    target >= 0 &&
    target <= most
  );
}

// The highest step L whose items at steps 1..L are at their top value (or `share` of them). Every
// step below must hold as well: a staircase, climbed from the bottom. What blocks the next step:
// its items and the lower ones not at the top (answered lower, or unanswered).
function stair(included, maturity) {
  const share = maturity.share ?? 1;
  const steps = maturity.levels.length;
  let reached = 0;
  for (let step = 1; step <= steps; step += 1) {
    const below = included.filter(({ item }) => (item.maturity ?? 0) > 0 && item.maturity <= step);
    const atTop = below.filter(({ value, top }) => value !== null && value >= top).length;
    if (below.length && atTop < share * below.length) break;
    reached = step;
  }
  const blocking = [];
  const missing = [];
  const following = reached < steps ? reached + 1 : null;
  if (following !== null) {
    for (const { item, value, top } of included) {
      if ((item.maturity ?? 0) > 0 && item.maturity <= following) {
        if (value === null) missing.push(item.id);
        else if (value < top) blocking.push(item.id);
      }
    }
  }
  return { reached, of: steps, next: following, blocking, missing };
}

// The cells of the tables across sections: one per maturity step, one per tag.
function cells(included, maturity, tags, way) {
  const out = {};
  if (maturity) {
    out.steps = maturity.levels.map((_, index) =>
      cell(
        included.filter(({ item }) => item.maturity === index + 1),
        way,
      ),
    );
  }
  if (tags.length) {
    out.tags = {};
    for (const tag of tags) {
      out.tags[tag] = cell(
        included.filter(({ item }) => (item.tags ?? []).includes(tag)),
        way,
      );
    }
  }
  return out;
}

// The mean score of some included items (a tag's, a step's), and how many are at the top.
function cell(entries, way) {
  const [score] = fromItems(
    "mean",
    entries.map(({ item, value, top }) => [item.weight, value, top]),
    way,
  );
  return {
    score,
    included: entries.length,
    answered: entries.filter(({ value }) => value !== null).length,
    top: entries.filter(({ value, top }) => value !== null && value >= top).length,
  };
}

// The gaps (answered below the top), most worth fixing first: what reaches a target not yet
// reached (the section's, its area's or the overall one), then by declared priority (the chosen
// answer's, else the item's), then by how much the section's score would rise with that one
// statement at its top value; ties keep the questionnaire's order.
function plan(model, rule, includedBySection, sections, areas, whole) {
  const areaOf = new Map();
  for (const area of model.areas ?? []) for (const id of area.sections) areaOf.set(id, area.id);
  const way = rule.unanswered;
  const gaps = [];
  for (const { section, included } of includedBySection) {
    const before = sections[section.id].score;
    const area = areaOf.has(section.id) ? areas[areaOf.get(section.id)] : null;
    const toTarget = Boolean(
      sections[section.id].below_target || area?.below_target || whole.below_target,
    );
    // Means and sums of items rise in closed form; anything else is scored again.
    const direct = rule.group === null && rule.section !== "min";
    const [num, den] = sums(
      included.map(({ item, value, top }) => [item.weight, value, top]),
      way,
    );
    included.forEach(({ item, value, top, option }, index) => {
      if (value === null || value >= top) return;
      let after;
      if (direct) {
        after = (100 * (num + item.weight * (top - value))) / den;
      } else {
        const raised = included.slice();
        raised[index] = { item, value: top, top, option };
        after = sectionNode(rule, section, raised, way)[0];
      }
      const impact = after === null || before === null ? 0 : after - before;
      const declared = option?.priority || item.priority;
      const rank = PRIORITIES.includes(declared) ? PRIORITIES.indexOf(declared) : PRIORITIES.length;
      gaps.push({
        // Impacts equal but for float noise are ties: a millionth of a point decides.
        key: [!toTarget, rank, -Math.floor(impact * 1e6 + 0.5), gaps.length],
        gap: {
          id: item.id,
          section: section.id,
          impact,
          priority: rank < PRIORITIES.length ? declared : null,
          to_target: toTarget,
        },
      });
    });
  }
  gaps.sort((a, b) => {
    for (let index = 0; index < a.key.length; index += 1) {
      if (a.key[index] < b.key[index]) return -1;
      if (a.key[index] > b.key[index]) return 1;
    }
    return 0;
  });
  return gaps.map(({ gap }) => gap);
}
