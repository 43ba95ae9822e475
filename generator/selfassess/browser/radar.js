// The radar chart of section scores: a small inline SVG drawn from the scores, coloured by
// Material's CSS variables (see selfassess.css), so it follows light, dark and custom palettes.
// It can draw several series over one another: the current answers, a baseline to compare with
// (dashed, so it reads in print and without colour), a team's spread (a band from each
// section's lowest to its highest score), and targets (a hollow diamond on each axis that has one).
import { h, svg } from "./dom.js";
import { nodeScore } from "./nodes.js";
import { formatScore, STRINGS } from "./strings.js";

const RINGS = [25, 50, 75, 100];
const HALF_WIDTH = 250; // the viewBox runs from -250 to 250 across; its height follows the labels

// The chart scales with the page, its labels with it. Drawn for a desktop, they would show at
// 8 px on a phone (11 units in a chart 358 px wide); below NARROW_SCREEN the chart is drawn
// smaller in its box, with labels of 18 units (13 px on a 390 px phone, 12 on a 360 px one)
// wrapped to the room beside it. `font` and `line` are in viewBox units; `chars`, the most
// characters on a line of a label.
const WIDE = { radius: 120, font: 11, line: 13, chars: 22 };
const NARROW = { radius: 96, font: 18, line: 21, chars: 24 };
const NARROW_SCREEN = "screen and (max-width: 37.5em)"; // under 600 px the WIDE labels get < 12 px
const CHAR_WIDTH = 0.5; // the width of an average character, in ems of the label's font

function point(index, count, value, radius) {
  const angle = (2 * Math.PI * index) / count - Math.PI / 2; // the first axis points up
  const r = (radius * value) / 100;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

const path = (points) => points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ");

const narrowScreen = typeof matchMedia === "function" ? matchMedia(NARROW_SCREEN) : null;
const drawn = new WeakMap(); // a chart on the page -> what it was drawn from, to draw it again
// A phone turned sideways, or a window made narrower: each chart is drawn again for its width.
if (narrowScreen)
  narrowScreen.addEventListener("change", () => {
    for (const chart of document.querySelectorAll("svg.sa-radar__chart")) {
      const drawnFrom = drawn.get(chart);
      if (drawnFrom) chart.replaceWith(radarChart(...drawnFrom));
    }
  });

// labels: the axes, at least three. series: [{name, kind: "current" | "baseline" | "spread" |
// "target", values: [score 0–100 or null per axis], and for "spread" low and high as lists too}];
// a target's null is an axis without one, drawn as nothing. Under each label goes options.texts[i]
// (the score in its node's units) or else the first series' value. Returns the <svg>.
export function radarChart(labels, series, options) {
  const { title, describedBy, texts } = options;
  const layout = narrowScreen && narrowScreen.matches ? NARROW : WIDE;
  const { radius, font, line } = layout;
  const n = labels.length;
  const at = (i, value) => point(i, n, value, radius);
  const shape = (values) => values.map((value, i) => at(i, value ?? 0));
  const chart = svg("svg", {
    class: "sa-radar__chart",
    role: "img",
    "aria-label": title,
    "aria-describedby": describedBy,
  });
  drawn.set(chart, [labels, series, options]);
  // The chart's height follows its labels, so no blank band is left above or below it.
  let [low, high] = [-radius - 5, radius + 5];
  for (const ring of RINGS) {
    chart.append(
      svg("polygon", {
        class: "sa-radar__ring",
        points: path(labels.map((_, i) => at(i, ring))),
      }),
    );
  }
  labels.forEach((label, i) => {
    const [x, y] = at(i, 100);
    chart.append(
      svg("line", { class: "sa-radar__axis", x1: 0, y1: 0, x2: x.toFixed(1), y2: y.toFixed(1) }),
    );
    const [lx, ly] = at(i, 112);
    const anchor = Math.abs(lx) < 1 ? "middle" : lx > 0 ? "start" : "end";
    // A label beside the chart has the room from its axis to the edge of the box.
    const room = anchor === "middle" ? 2 * HALF_WIDTH : HALF_WIDTH - Math.abs(lx) - 4;
    const lines = wrap(label, Math.min(layout.chars, Math.floor(room / (CHAR_WIDTH * font))));
    const extra = lines.length * line; // height of the lines after the first, the score's included
    const top = ly < -1 ? -extra : ly > 1 ? font - 1 : Math.round(font / 3) - extra / 2;
    low = Math.min(low, ly + top - font - 1);
    high = Math.max(high, ly + top + extra + 4);
    chart.append(
      svg(
        "text",
        {
          class: "sa-radar__label",
          x: lx.toFixed(1),
          y: (ly + top).toFixed(1),
          "text-anchor": anchor,
          "font-size": font,
        },
        lines.map((text, k) => svg("tspan", { x: lx.toFixed(1), dy: k ? line : 0 }, text)),
        svg(
          "tspan",
          { class: "sa-radar__value", x: lx.toFixed(1), dy: line },
          texts ? texts[i] : formatScore(series[0].values[i]),
        ),
      ),
    );
  });
  // Bands first, then baselines, then the current answers, then the targets on top.
  const order = { spread: 0, baseline: 1, current: 2, target: 3 };
  for (const one of [...series].sort((a, b) => order[a.kind] - order[b.kind])) {
    const kind = `sa-radar__${one.kind}`;
    if (one.kind === "target") {
      one.values.forEach((value, i) => {
        if (value === null) return;
        const [x, y] = at(i, Math.min(Math.max(value, 0), 100));
        const d = 5;
        const diamond = [
          [x, y - d],
          [x + d, y],
          [x, y + d],
          [x - d, y],
        ];
        chart.append(svg("polygon", { class: kind, points: path(diamond) }));
      });
      continue;
    }
    if (one.kind === "spread") {
      // The ring between the lowest and the highest scores: the inner shape cut out of the outer.
      const ring = (values) => `M${path(shape(values)).replaceAll(" ", "L")}Z`;
      chart.append(
        svg("path", { class: kind, "fill-rule": "evenodd", d: ring(one.high) + ring(one.low) }),
      );
    }
    const points = shape(one.values);
    chart.append(svg("polygon", { class: `${kind}-line`, points: path(points) }));
    if (one.kind !== "spread") {
      for (const [x, y] of points)
        chart.append(
          svg("circle", { class: `${kind}-dot`, cx: x.toFixed(1), cy: y.toFixed(1), r: 3 }),
        );
    }
  }
  chart.setAttribute(
    "viewBox",
    `${-HALF_WIDTH} ${Math.floor(low)} ${2 * HALF_WIDTH} ${Math.ceil(high - low)}`,
  );
  return chart;
}

// The key to a chart of several series, as HTML so it wraps and reads like text.
export function radarLegend(series) {
  return h(
    "ul",
    { class: "sa-radar__legend" },
    series.map((one) =>
      h(
        "li",
        {},
        h("span", { class: `sa-radar__key sa-radar__key--${one.kind}`, "aria-hidden": "true" }),
        one.name,
      ),
    ),
  );
}

// Break a label into lines of about `width` characters at spaces. A section's number ("2.") stays
// with the word after it, and a word of one or two letters ("&", "of") with the word before it,
// so that neither makes a line of its own.
function wrap(text, width) {
  const lines = [];
  const words = [];
  for (const word of text.split(" ")) {
    const last = words.length - 1;
    if (last >= 0 && (/^\d+\.$/.test(words[last]) || word.length <= 2)) words[last] += " " + word;
    else words.push(word);
  }
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + " " + word).length <= width) lines[last] += " " + word;
    else lines.push(word);
  }
  return lines;
}

// A radar of scored nodes (the sections, or the areas): each node's score, written under its
// label in the node's units, and a diamond where it has a target. more: series drawn with it (a
// baseline). describedBy: the id of the table that gives the same scores.
export function nodesRadar(model, labels, nodes, { name, more = [], title, describedBy }) {
  const series = [{ kind: "current", name, values: nodes.map((node) => node.score) }, ...more];
  // A target on the node's scale, as the share of the scale the radar draws in; none without a
  // scale yet (points, nothing answered, unanswered excluded).
  const targets = nodes.map(({ target, max }) =>
    target === null || target === undefined || !max ? null : (100 * target) / max,
  );
  if (targets.some((target) => target !== null))
    series.push({ kind: "target", name: STRINGS.targetColumn, values: targets });
  const texts = nodes.map((node) => nodeScore(model, node));
  return h(
    "figure",
    { class: "sa-radar" },
    radarChart(labels, series, { title, describedBy, texts }),
    series.length > 1 ? radarLegend(series) : null,
    h("figcaption", {}, title, ". ", STRINGS.radarNote),
  );
}
