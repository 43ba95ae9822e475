// The scoring models on the results page: each score on its node's own scale ("1.5 of 3"), the
// score so far, areas, staircase levels with what blocks the next one, the tables across tags and
// maturity levels, and targets. A questionnaire without these keys shows none of it.
import { h, uniqueId } from "./dom.js";
import { rules } from "./score.js";
import { formatScore, STRINGS } from "./strings.js";

// A node's score as people read it: 62.5 in percent, "1.5 of 3" in points or on a 0-N scale.
/**
 * @param {import("./types").Model} model
 * @param {{value: number | null, max: number | null}} node
 */
export function nodeScore(model, node) {
  const rule = rules(model);
  if (node.value === null || node.value === undefined) return STRINGS.noScore;
  const shown = formatScore(node.value, rule.decimals);
  if (rule.unit === "percent" && rule.out_of === null) return shown;
  return STRINGS.scoreOf(shown, formatScore(node.max, rule.decimals));
}

// The score over answered statements alone, on the node's scale.
export function soFarScore(model, node) {
  return nodeScore(model, { value: node.so_far_value, max: node.so_far_max });
}

// "so far 66.7" when answered statements alone give another score than the one shown.
export function soFarText(model, node) {
  if (node.so_far === null || node.so_far === undefined || node.so_far === node.score) return null;
  return STRINGS.soFar(soFarScore(model, node));
}

// What unanswered statements count as, under this questionnaire's rule: one sentence.
export function unansweredSentence(model, open) {
  return rules(model).unanswered === "excluded"
    ? STRINGS.countsExcluded(open)
    : STRINGS.countsZero(open);
}

const table = (caption, head, rows, id = undefined) =>
  h(
    "div",
    { class: "md-typeset__scrollwrap sa-nodes" },
    h(
      "div",
      { class: "md-typeset__table" },
      h(
        "table",
        { id }, // no class: Material styles the tables Markdown makes
        h("caption", {}, caption),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            head.map((cell) => h("th", { scope: "col" }, cell)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
  );

// Everything the scoring models add below the table of section scores. radar: nodesRadar of
// radar.js, which the results page passes in so that section pages, which use this module's
// nodeScore, do not load the chart.
export function modelParts({ model, scores }, links, itemList, radar) {
  return [
    areasTable(model, scores, radar),
    staircase(model, scores, links, itemList),
    crossTable(model, scores, "tags"),
    crossTable(model, scores, "steps"),
    targetsTable(model, scores),
  ];
}

function areasTable(model, scores, radar) {
  if (!model.areas || !model.areas.length) return null;
  const withLevels = model.areas.some((a) => a.levels);
  const id = uniqueId("sa-areas");
  const labels = model.areas.map((area) => area.title || area.id);
  const nodes = model.areas.map((area) => scores.areas[area.id]);
  return [
    h("h3", {}, STRINGS.areasHeading),
    table(
      STRINGS.areasHeading,
      [
        STRINGS.areaColumn,
        STRINGS.scoreColumn,
        withLevels ? STRINGS.levelColumn : null,
        STRINGS.soFarColumn,
      ].filter(Boolean),
      model.areas.map((area, i) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, labels[i]),
          h("td", {}, nodeScore(model, nodes[i])),
          withLevels ? h("td", {}, nodes[i].level || "–") : null,
          h("td", {}, soFarScore(model, nodes[i])),
        ),
      ),
      id,
    ),
    // An axis per area, as the sections have theirs: a business function's view of its practices.
    model.areas.length >= 3
      ? radar(model, labels, nodes, {
          name: STRINGS.yourAnswers,
          title: STRINGS.areasRadarTitle,
          describedBy: id,
        })
      : null,
  ];
}

function staircase(model, scores, links, itemList) {
  if (!model.maturity) return null;
  const labels = model.maturity.levels;
  const rows = model.sections.map((section) => {
    const stair = scores.sections[section.id].stair;
    const reached = stair.reached ? `: ${labels[stair.reached - 1]}` : "";
    const items = (ids) => ids.map((id) => model.itemIndex.get(id));
    return h(
      "li",
      { class: "sa-stair" },
      h(
        "p",
        {},
        h("a", { href: links.section(section.id) }, `${section.number}. ${section.title}`),
        " — ",
        h("strong", {}, STRINGS.stairLevel(stair.reached, stair.of), reached),
      ),
      stair.next === null ? h("p", {}, STRINGS.stairTop) : null,
      stair.blocking.length
        ? [
            h("p", {}, STRINGS.stairBlocking(stair.next, stair.blocking.length)),
            itemList(items(stair.blocking), links),
          ]
        : null,
      stair.missing.length
        ? [
            h("p", {}, STRINGS.stairMissing(stair.next, stair.missing.length)),
            itemList(items(stair.missing), links),
          ]
        : null,
    );
  });
  const whole = scores.whole.stair;
  return [
    h("h3", {}, STRINGS.stairHeading),
    whole
      ? h(
          "p",
          { class: "sa-stair__whole" },
          STRINGS.overall,
          ": ",
          h(
            "strong",
            {},
            STRINGS.stairLevel(whole.reached, whole.of),
            whole.reached ? `: ${labels[whole.reached - 1]}` : "",
          ),
        )
      : null,
    h("ul", { class: "sa-stairs" }, rows),
  ];
}

// Sections × tags (or × maturity levels): each cell the mean score of the section's statements
// there, shaded by score and always written out, so that it reads without colour and in print.
function crossTable(model, scores, kind) {
  const columns =
    kind === "tags"
      ? (model.tags || []).map((id) => [id, (model.tag_labels || {})[id] || id])
      : (model.maturity?.levels || []).map((label, index) => [index, label]);
  if (!columns.length) return null;
  const heading = kind === "tags" ? STRINGS.tagsHeading : STRINGS.stepsHeading;
  const caption = kind === "tags" ? STRINGS.tagsCaption : STRINGS.stepsCaption;
  const decimals = rules(model).decimals;
  return [
    h("h3", {}, heading),
    table(
      caption,
      [STRINGS.sectionColumn, ...columns.map(([, label]) => label)],
      model.sections.map((section) => {
        const cells = scores.sections[section.id][kind];
        return h(
          "tr",
          {},
          h("th", { scope: "row" }, `${section.number}. ${section.title}`),
          columns.map(([key]) => {
            const cell = cells[key];
            if (!cell.included || cell.score === null) return h("td", { class: "sa-cell" }, "–");
            const band = Math.min(4, Math.floor(cell.score / 25));
            return h(
              "td",
              { class: `sa-cell sa-cell--${band}` },
              formatScore(cell.score, decimals),
            );
          }),
        );
      }),
    ),
  ];
}

// The key of a node's standing against its target: below, reached, or no score to tell yet
// (results/parts.py: target_status).
const targetStatus = (node) =>
  node.value === null ? "targetNotScored" : node.below_target ? "belowTarget" : "reachedTarget";

function targetsTable(model, scores) {
  const nodes = [
    ...model.sections.map((s) => [`${s.number}. ${s.title}`, scores.sections[s.id]]),
    ...(model.areas || []).map((a) => [a.title || a.id, scores.areas[a.id]]),
    [STRINGS.overall, scores.whole],
  ].filter(([, node]) => node.target !== null && node.target !== undefined);
  if (!nodes.length) return null;
  const decimals = rules(model).decimals;
  return [
    h("h3", {}, STRINGS.targetsHeading),
    table(
      STRINGS.targetsCaption,
      [STRINGS.sectionColumn, STRINGS.nowColumn, STRINGS.targetColumn, STRINGS.statusColumn],
      nodes.map(([label, node]) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, label),
          h("td", {}, nodeScore(model, node)),
          h(
            "td",
            {},
            formatScore(node.target, decimals),
            " (",
            node.target_by === "you" ? STRINGS.targetByYou : STRINGS.targetByQuestionnaire,
            ")",
          ),
          h("td", {}, STRINGS[targetStatus(node)]),
        ),
      ),
    ),
  ];
}
