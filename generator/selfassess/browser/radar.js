// The radar chart of section scores: a small inline SVG drawn from the scores, coloured by
// Material's CSS variables (see selfassess.css), so it follows light, dark and custom palettes.
// It can draw several series over one another: the current answers, a baseline to compare with
// (dashed, so it reads in print and without colour), and a team's spread (a band from each
// section's lowest to its highest score).
import { h, svg } from "./dom.js";
import { formatScore } from "./strings.js";

const RADIUS = 120;
const RINGS = [25, 50, 75, 100];

function point(index, count, value) {
  const angle = (2 * Math.PI * index) / count - Math.PI / 2; // the first axis points up
  const r = (RADIUS * value) / 100;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

const path = (points) => points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ");
const shape = (values) => values.map((value, i) => point(i, values.length, value ?? 0));

// labels: the axes, at least three. series: [{name, kind: "current" | "baseline" | "spread",
// values: [score 0–100 or null per axis], and for "spread" low and high as lists too}]; the first
// series' values are written under the labels. Returns the <svg>.
export function radarChart(labels, series, { title, describedBy }) {
  const n = labels.length;
  const chart = svg("svg", {
    class: "sa-radar__chart",
    role: "img",
    "aria-label": title,
    "aria-describedby": describedBy,
  });
  // The chart's height follows its labels, so no blank band is left above or below it.
  let [low, high] = [-RADIUS - 5, RADIUS + 5];
  for (const ring of RINGS) {
    chart.append(
      svg("polygon", {
        class: "sa-radar__ring",
        points: path(labels.map((_, i) => point(i, n, ring))),
      }),
    );
  }
  labels.forEach((label, i) => {
    const [x, y] = point(i, n, 100);
    chart.append(
      svg("line", { class: "sa-radar__axis", x1: 0, y1: 0, x2: x.toFixed(1), y2: y.toFixed(1) }),
    );
    const [lx, ly] = point(i, n, 112);
    const anchor = Math.abs(lx) < 1 ? "middle" : lx > 0 ? "start" : "end";
    const lines = wrap(label, 22);
    const extra = lines.length * 13; // height of the lines after the first, the score's included
    const top = ly < -1 ? -extra : ly > 1 ? 10 : 4 - extra / 2;
    low = Math.min(low, ly + top - 12);
    high = Math.max(high, ly + top + extra + 4);
    chart.append(
      svg(
        "text",
        {
          class: "sa-radar__label",
          x: lx.toFixed(1),
          y: (ly + top).toFixed(1),
          "text-anchor": anchor,
        },
        lines.map((line, k) => svg("tspan", { x: lx.toFixed(1), dy: k ? 13 : 0 }, line)),
        svg(
          "tspan",
          { class: "sa-radar__value", x: lx.toFixed(1), dy: 13 },
          formatScore(series[0].values[i]),
        ),
      ),
    );
  });
  // Bands first, then baselines, then the current answers on top.
  const order = { spread: 0, baseline: 1, current: 2 };
  for (const one of [...series].sort((a, b) => order[a.kind] - order[b.kind])) {
    const kind = `sa-radar__${one.kind}`;
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
  chart.setAttribute("viewBox", `-250 ${Math.floor(low)} 500 ${Math.ceil(high - low)}`);
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

// Break a label into lines of about `width` characters at spaces.
function wrap(text, width) {
  const lines = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] + " " + word).length <= width) lines[last] += " " + word;
    else lines.push(word);
  }
  return lines;
}
