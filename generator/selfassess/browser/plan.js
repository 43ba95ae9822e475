// The action plan: the gaps (statements answered below their scale's best) by section, core
// practices first, each with the answer, the note and the explanation; then what is unanswered.
import { h } from "./dom.js";
import { formatScore, STRINGS } from "./strings.js";

const itemLabel = (item) => [h("span", { class: "sa-number" }, item.number), " ", item.text];

export function itemLink(item, links) {
  return h("a", { href: links.item(item.section, item.id) }, itemLabel(item));
}

export function actionPlan({ model, scores, record }, links) {
  const tiers = (a, b) => (a.tier === "core" ? 0 : 1) - (b.tier === "core" ? 0 : 1);
  const out = [];
  let gapCount = 0;
  const unanswered = [];
  for (const section of model.sections) {
    const gaps = [];
    for (const item of section.items) {
      const scored = scores.items[item.id];
      const full = model.itemIndex.get(item.id);
      if (!scored.applies || scored.na) continue;
      if (scored.value === null) unanswered.push(full);
      else if (scored.value < full.top) gaps.push(full);
    }
    if (!gaps.length) continue;
    gapCount += gaps.length;
    gaps.sort(tiers);
    out.push(h("h3", {}, `${section.number}. ${section.title} (${formatScore(scores.sections[section.id].score)})`));
    out.push(...gaps.map((item) => gap(model, item, record.answers[item.id], links)));
  }
  if (scores.answered) out.unshift(h("p", {}, gapCount ? STRINGS.planIntro(gapCount) : STRINGS.planNone));
  if (unanswered.length) {
    out.push(h("h3", {}, STRINGS.unanswered),
      h("ul", { class: "sa-unanswered" }, unanswered.map((item) => h("li", {}, itemLink(item, links)))));
  }
  return out;
}

function gap(model, item, answer, links) {
  const explanation = h("div");
  // Explanations are the questionnaire's own Markdown, rendered by the generator at build time:
  // trusted like the rest of the site, unlike imported files, which never reach innerHTML.
  explanation.innerHTML = item.explanation || "";
  return h("div", { class: "sa-gap" },
    h("p", { class: "sa-gap__statement" }, itemLink(item, links),
      item.tier === "core" ? null : h("span", { class: "sa-tier" }, STRINGS.extended)),
    h("p", {}, STRINGS.yourAnswer, " ", h("strong", {}, model.scale_labels[item.scale][answer.value])),
    answer.note ? h("blockquote", { class: "sa-gap__note" }, h("p", {}, STRINGS.yourNote, " ", answer.note)) : null,
    h("details", { class: "sa-explanation info", "data-sa-key": `gap:${item.id}` }, h("summary", {}, STRINGS.why), explanation));
}
