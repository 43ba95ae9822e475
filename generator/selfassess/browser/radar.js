// The radar chart of section scores: a small inline SVG drawn from the scores, coloured by
// Material's CSS variables (see selfassess.css), so it follows light, dark and custom palettes.
import { svg } from "./dom.js";
import { formatScore } from "./strings.js";

const RADIUS = 120;
const RINGS = [25, 50, 75, 100];

function point(index, count, value) {
  const angle = (2 * Math.PI * index) / count - Math.PI / 2; // the first axis points up
  const r = (RADIUS * value) / 100;
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

const path = (points) => points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ");

// axes: [{label, score (0–100 or null)}], at least three. Returns the <svg>.
export function radarChart(axes, { title, describedBy }) {
  const n = axes.length;
  const chart = svg("svg", {
    class: "sa-radar__chart",
    role: "img",
    "aria-label": title,
    "aria-describedby": describedBy,
  });
  // The chart's height follows its labels, so no blank band is left above or below it.
  let [low, high] = [-RADIUS - 5, RADIUS + 5];
  for (const ring of RINGS) {
    chart.append(svg("polygon", { class: "sa-radar__ring", points: path(axes.map((_, i) => point(i, n, ring))) }));
  }
  axes.forEach((axis, i) => {
    const [x, y] = point(i, n, 100);
    chart.append(svg("line", { class: "sa-radar__axis", x1: 0, y1: 0, x2: x.toFixed(1), y2: y.toFixed(1) }));
    const [lx, ly] = point(i, n, 112);
    const anchor = Math.abs(lx) < 1 ? "middle" : lx > 0 ? "start" : "end";
    const lines = wrap(axis.label, 22);
    const extra = lines.length * 13; // height of the lines after the first, the score's included
    const top = ly < -1 ? -extra : ly > 1 ? 10 : 4 - extra / 2;
    low = Math.min(low, ly + top - 12);
    high = Math.max(high, ly + top + extra + 4);
    chart.append(svg("text", { class: "sa-radar__label", x: lx.toFixed(1), y: (ly + top).toFixed(1), "text-anchor": anchor },
      lines.map((line, k) => svg("tspan", { x: lx.toFixed(1), dy: k ? 13 : 0 }, line)),
      svg("tspan", { class: "sa-radar__value", x: lx.toFixed(1), dy: 13 }, formatScore(axis.score))));
  });
  const shape = axes.map((axis, i) => point(i, n, axis.score ?? 0));
  chart.append(svg("polygon", { class: "sa-radar__area", points: path(shape) }));
  for (const [x, y] of shape) chart.append(svg("circle", { class: "sa-radar__dot", cx: x.toFixed(1), cy: y.toFixed(1), r: 3 }));
  chart.setAttribute("viewBox", `-250 ${Math.floor(low)} 500 ${Math.ceil(high - low)}`);
  return chart;
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
