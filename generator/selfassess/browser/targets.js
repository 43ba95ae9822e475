// The respondent's own targets on the results page: one number field per scored node (sections,
// areas, the overall score), on the node's own scale. An empty field gives the node back the
// questionnaire's target; what is not a number on the scale is named and changes nothing.
import { setTarget, subscribe } from "./assessment.js";
import { h, uniqueId } from "./dom.js";
import { rules } from "./score.js";
import { formatScore, STRINGS } from "./strings.js";

// [node key, label, the questionnaire's target or undefined, the node's scores] of each node.
function nodesWithTargets({ model, scores }) {
  return [
    ...model.sections.map((s) => [
      `s/${s.id}`,
      `${s.number}. ${s.title}`,
      s.target,
      scores.sections[s.id],
      (t) => t.sections?.[s.id],
    ]),
    ...(model.areas || []).map((a) => [
      `a/${a.id}`,
      a.title || a.id,
      a.target,
      scores.areas[a.id],
      (t) => t.areas?.[a.id],
    ]),
    ...(rules(model).overall === "none"
      ? []
      : [["overall", STRINGS.overall, model.target, scores.whole, (t) => t.overall]]),
  ];
}

export function ownTargets(assessment) {
  const { model } = assessment;
  const decimals = rules(model).decimals;
  const hintId = uniqueId("sa-own-targets-hint");
  const fields = nodesWithTargets(assessment).map(([node, label, , , own]) => {
    const id = uniqueId("sa-target");
    const scale = h("span", { class: "sa-own-targets__scale", id: `${id}-scale` });
    const error = h("span", { class: "sa-own-targets__error", id: `${id}-error` });
    const input = h("input", {
      id,
      type: "number",
      min: "0",
      step: "any",
      inputmode: "decimal",
      "aria-describedby": `${id}-scale ${hintId} ${id}-error`,
    });
    const most = () => assessment.scores && nodeMax(assessment, node);
    input.addEventListener("change", () => {
      const max = most();
      const value = input.valueAsNumber;
      if (input.value === "" && !input.validity.badInput) {
        shown(input, error, null);
        setTarget(assessment, node, undefined);
      } else if (!Number.isFinite(value) || value < 0 || (max !== null && value > max)) {
        shown(input, error, STRINGS.targetInvalid(input.value || "?", formatScore(max ?? 0)));
      } else {
        shown(input, error, null);
        setTarget(assessment, node, value);
      }
    });
    const row = h("div", {}, h("label", { for: id }, label), input, scale, error);
    return { node, input, scale, error, own, row };
  });
  const element = h(
    "details",
    { class: "sa-own-targets" },
    h("summary", {}, STRINGS.ownTargets),
    h("p", { id: hintId }, STRINGS.ownTargetsHint),
    h("div", { class: "sa-own-targets__fields" }, ...fields.map((f) => f.row)),
  );
  const show = () => {
    const mine = assessment.record.targets || {};
    const given = new Map(nodesWithTargets(assessment).map(([node, , target]) => [node, target]));
    for (const { node, input, scale, error, own } of fields) {
      const max = nodeMax(assessment, node);
      if (max === null) input.removeAttribute("max");
      else input.max = String(max);
      scale.textContent = max === null ? "" : STRINGS.targetOutOf(formatScore(max, decimals));
      const theirs = given.get(node);
      input.placeholder = theirs === undefined ? "" : formatScore(theirs, decimals);
      if (document.activeElement === input || error.textContent) continue;
      const value = own(mine);
      input.value = value === undefined ? "" : String(value);
    }
  };
  subscribe(assessment, show);
  show();
  return element;
}

function nodeMax({ scores }, node) {
  const found =
    node === "overall"
      ? scores.whole
      : node.startsWith("s/")
        ? scores.sections[node.slice(2)]
        : scores.areas[node.slice(2)];
  return found && typeof found.max === "number" ? found.max : null;
}

function shown(input, error, message) {
  error.textContent = message || "";
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}
