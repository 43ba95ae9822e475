// The action plan: the gaps (statements answered below their scale's best), the most worth fixing
// first as the scores rank them (scores.plan: toward a target, by priority, by how much each would
// raise its section's score), or by section, core practices first; each with the answer, the note
// and the explanation; then what is unanswered. Above it, the counts it rests on and a filter by
// section and tier, so a questionnaire of a thousand statements still gives a plan one can work
// through. When the portal names an issue
// tracker (extra.selfassess.new_issue_url), each gap links to a pre-filled new issue.
import { h, uniqueId } from "./dom.js";
import { nodeScore } from "./nodes.js";
import { formatScore, STRINGS } from "./strings.js";
import { rules } from "./score.js";

const itemLabel = (item) => [h("span", { class: "sa-number" }, item.number), " ", item.text];
export const LONG_LIST = 10; // a list of statements longer than this starts folded
const MAX_ISSUE_URL = 8000; // trackers and proxies refuse longer addresses
const ALL = "";
export const BY_RANK = "rank";
export const BY_SECTION = "section";
const FIRST_GAPS = 25; // drawn at first; the rest a button away (paper has them all: print.js)

// The filter of each questionnaire's plan, kept while the answers (and so the plan) change.
const filters = new Map();

export function itemLink(item, links) {
  return h("a", { href: links.item(item.section, item.id) }, itemLabel(item));
}

export function itemList(items, links, attributes = {}) {
  return h(
    "ul",
    attributes,
    items.map((item) => h("li", {}, itemLink(item, links))),
  );
}

// The gaps (answered below the scale's best) in the order the scores rank them, each gap's rank
// (its entry of scores.plan) by id, and the unanswered statements that apply, in order.
export function planItems(model, scores) {
  const gaps = scores.plan.map((gap) => model.itemIndex.get(gap.id));
  const ranks = new Map(scores.plan.map((gap) => [gap.id, gap]));
  const unanswered = [];
  for (const section of model.sections) {
    for (const item of section.items) {
      const scored = scores.items[item.id];
      if (scored.applies && !scored.na && scored.value === null)
        unanswered.push(model.itemIndex.get(item.id));
    }
  }
  return { gaps, ranks, unanswered };
}

// The gaps of one section: core practices first, each tier in the questionnaire's order.
export function bySection(model, gaps, section) {
  const here = new Set(gaps.filter((item) => item.section === section.id).map((item) => item.id));
  const items = section.items.filter((item) => here.has(item.id));
  const core = (item) => (item.tier === "core" ? 0 : 1);
  return items.map((item) => model.itemIndex.get(item.id)).sort((a, b) => core(a) - core(b));
}

// Why a gap stands where it does in the ranked plan, as short phrases: its section, how much it
// would raise the section's score (on the section's scale), its priority, a target it serves.
export function rankReasons(model, scores, rank) {
  const section = model.sections.find((s) => s.id === rank.section);
  const node = scores.sections[rank.section];
  const rise = (rank.impact * (node.max ?? 100)) / 100;
  const priority = { high: "priorityHigh", medium: "priorityMedium", low: "priorityLow" };
  return [
    `${section.number}. ${section.title} (${nodeScore(model, node)})`,
    rise > 0 ? STRINGS.gapImpact(formatScore(rise, rules(model).decimals)) : null,
    rank.priority ? STRINGS[priority[rank.priority]] : null,
    rank.to_target ? STRINGS.gapToTarget : null,
  ].filter(Boolean);
}

// The plan's filter of a questionnaire on screen, which the printed report follows.
export const planFilter = (modelId) =>
  filters.get(modelId) || { order: BY_RANK, section: ALL, tier: ALL, limit: FIRST_GAPS };

export function actionPlan(view, links) {
  const { model, scores } = view;
  const { gaps, ranks, unanswered } = planItems(model, scores);
  const statements = model.itemIndex.size;
  const out = [
    h(
      "p",
      { class: "sa-plan-counts" },
      STRINGS.planCounts(
        statements,
        scores.applicable,
        scores.answered + scores.na,
        gaps.length,
        scores.included - scores.answered,
      ),
    ),
  ];
  const intro = h("p", {});
  if (scores.answered) out.push(intro);
  intro.textContent = STRINGS.planNone;
  if (!gaps.length && !unanswered.length) return out;

  const filter = planFilter(model.id);
  filters.set(model.id, filter);
  if (!model.sections.some((s) => s.id === filter.section)) filter.section = ALL;
  const list = h("div", { class: "sa-plan-list" });
  const showing = h("p", { class: "sa-plan-showing", "aria-live": "polite" });
  const draw = () => {
    const shown = (item) =>
      (filter.section === ALL || item.section === filter.section) &&
      (filter.tier === ALL || (item.tier === "core") === (filter.tier === "core"));
    const shownGaps = gaps.filter(shown);
    const shownOpen = unanswered.filter(shown);
    const ranked = filter.order === BY_RANK;
    if (gaps.length)
      intro.textContent = (ranked ? STRINGS.planIntroRanked : STRINGS.planIntro)(gaps.length);
    showing.textContent = [
      STRINGS.filterShowing(shownGaps.length, gaps.length),
      unanswered.length ? STRINGS.filterShowingUnanswered(shownOpen.length, unanswered.length) : "",
    ]
      .join(" ")
      .trim();
    const drawGaps = ranked ? rankedList : sectionList;
    list.replaceChildren(
      ...drawGaps(view, links, shownGaps, ranks, filter.limit),
      ...moreAndUnanswered(links, shownGaps, shownOpen, filter.limit, drawAll),
    );
  };
  const drawAll = () => {
    filter.limit = Infinity;
    draw();
  };
  const choose = (label, key, options) => {
    const id = uniqueId("sa-filter");
    const select = h(
      "select",
      {
        id,
        onchange: () => {
          filter[key] = select.value;
          draw();
        },
      },
      options.map(([value, text]) => h("option", { value }, text)),
    );
    select.value = filter[key];
    return h("div", {}, h("label", { for: id }, label), select);
  };
  const tiers = new Set([...model.itemIndex.values()].map((item) => item.tier === "core"));
  out.push(
    h(
      "div",
      { class: "sa-plan-filter", role: "group", "aria-label": STRINGS.filterLabel },
      choose(STRINGS.planOrder, "order", [
        [BY_RANK, STRINGS.planByRank],
        [BY_SECTION, STRINGS.planBySection],
      ]),
      choose(STRINGS.filterSection, "section", [
        [ALL, STRINGS.filterAllSections],
        ...model.sections.map((s) => [s.id, `${s.number}. ${s.title}`]),
      ]),
      tiers.size > 1
        ? choose(STRINGS.filterTier, "tier", [
            [ALL, STRINGS.filterAllTiers],
            ["core", STRINGS.filterCore],
            ["extended", STRINGS.filterExtended],
          ])
        : null,
    ),
    showing,
    list,
  );
  draw();
  return out;
}

// The first `limit` gaps, the most worth fixing first, each with why it stands there.
function rankedList({ model, scores, record }, links, gaps, ranks, limit) {
  return gaps.slice(0, limit).map((item) => {
    const reasons = rankReasons(model, scores, ranks.get(item.id));
    const why = h("p", { class: "sa-gap__rank" }, reasons.join(" · "));
    return gap(model, item, record.answers[item.id], links, why);
  });
}

// The first `limit` gaps by section, core first, under their section's heading and score.
function sectionList({ model, scores, record }, links, gaps, ranks, limit) {
  const out = [];
  let drawn = 0;
  for (const section of model.sections) {
    const here = bySection(model, gaps, section).slice(0, Math.max(limit - drawn, 0));
    if (!here.length) continue;
    drawn += here.length;
    const score = nodeScore(model, scores.sections[section.id]);
    out.push(h("h3", {}, `${section.number}. ${section.title} (${score})`));
    out.push(...here.map((item) => gap(model, item, record.answers[item.id], links)));
  }
  return out;
}

// Below the gaps drawn: a button for the rest, then the unanswered statements (folded when many).
function moreAndUnanswered(links, gaps, unanswered, limit, more) {
  const out = [];
  const drawn = Math.min(limit, gaps.length);
  if (drawn < gaps.length) {
    const button = h(
      "button",
      { type: "button", class: "md-button sa-plan-more" },
      STRINGS.planMore(gaps.length - drawn),
    );
    button.addEventListener("click", () => {
      more();
      // Focus goes to the first gap that was not drawn before, where reading goes on.
      document.querySelectorAll(".sa-plan-list .sa-gap")[drawn]?.querySelector("a")?.focus();
    });
    out.push(h("p", {}, button));
  }
  if (!gaps.length && !unanswered.length) out.push(h("p", {}, STRINGS.filterNone));
  if (unanswered.length) {
    const items = () => itemList(unanswered, links, { class: "sa-unanswered" });
    out.push(
      h("h3", {}, STRINGS.unanswered),
      unanswered.length > LONG_LIST
        ? lazyDetails(
            { class: "sa-unanswered-all", "data-sa-key": "unanswered" },
            STRINGS.unansweredShow(unanswered.length),
            items,
          )
        : items(),
    );
  }
  return out;
}

// A <details> whose content is made when it first opens: a plan of
// hundreds of gaps, or a verdict blocked by hundreds of statements, would otherwise build
// thousands of elements nobody has asked to see. `content` returns the elements.
const unopened = new WeakMap(); // <details> -> its content function, until it is filled in

export function lazyDetails(attributes, summary, content) {
  const details = h("details", attributes, h("summary", {}, summary));
  unopened.set(details, content);
  details.addEventListener("toggle", () => fillDetails(details));
  return details;
}

function fillDetails(details) {
  const content = unopened.get(details);
  if (!content) return;
  unopened.delete(details);
  details.append(...[content()].flat(Infinity).filter(Boolean));
}

// The explanations ride in an attribute of their own on the results page (a 1,000-item
// questionnaire has 700 KB of them), parsed the first time one is needed.
const explanationsOf = new WeakMap(); // the page's root element -> {item id: HTML}

function explanationHtml(item) {
  const root = /** @type {HTMLElement | null} */ (
    document.querySelector(".sa-page[data-sa-explanations]")
  );
  if (!root) return "";
  if (!explanationsOf.has(root)) explanationsOf.set(root, JSON.parse(root.dataset.saExplanations));
  return explanationsOf.get(root)[item.id] || "";
}

// Explanations are the questionnaire's own Markdown, rendered by the generator at build time:
// trusted like the rest of the site, unlike imported files, which never reach innerHTML.
export function explanation(item) {
  const box = h("div");
  box.innerHTML = explanationHtml(item);
  return box;
}

function gap(model, item, answer, links, why = null) {
  const details = lazyDetails(
    { class: "sa-explanation info", "data-sa-key": `gap:${item.id}` },
    STRINGS.why,
    () => explanation(item),
  );
  const label = model.scale_labels[item.scale][answer.value];
  return h(
    "div",
    { class: "sa-gap" },
    h(
      "p",
      { class: "sa-gap__statement" },
      itemLink(item, links),
      item.tier === "core" ? null : h("span", { class: "sa-tier" }, STRINGS.extended),
    ),
    why,
    h("p", {}, STRINGS.yourAnswer, " ", h("strong", {}, label)),
    answer.note
      ? h("blockquote", { class: "sa-gap__note" }, h("p", {}, STRINGS.yourNote, " ", answer.note))
      : null,
    model.new_issue_url
      ? h(
          "p",
          { class: "sa-gap__issue" },
          h(
            "a",
            { href: issueUrl(model, item, label, answer.note), target: "_blank", rel: "noopener" },
            STRINGS.createIssue,
            h("span", { class: "sa-sr-only" }, " ", STRINGS.createIssueFor(item.number)),
          ),
        )
      : null,
    details,
  );
}

// The portal's new-issue address with the statement as the title and, as the body, where it comes
// from, the answer, the note and the explanation as plain text, cut so the address stays short.
export function issueUrl(model, item, answer, note) {
  const fill = (body) =>
    model.new_issue_url
      .split("{title}")
      .join(encodeURIComponent(item.text))
      .split("{body}")
      .join(encodeURIComponent(body));
  const head = [
    STRINGS.issueFrom(item.number, model.title, model.version),
    `${STRINGS.issueAnswer} ${answer}`,
    note ? `${STRINGS.issueNote} ${note}` : null,
  ]
    .filter(Boolean)
    .join("\n");
  let body = `${head}\n\n${plainText(explanationHtml(item))}`.trim();
  let url = fill(body);
  while (url.length > MAX_ISSUE_URL && body.length) {
    // Encoding makes some characters longer than others: shrink in proportion, then check again.
    const keep = Math.floor(body.length * (MAX_ISSUE_URL / url.length)) - 20;
    body = keep > 0 ? `${[...body].slice(0, keep).join("").trimEnd()} … ${STRINGS.issueCut}` : "";
    url = fill(body);
  }
  return url;
}

// The explanation's HTML (the generator's, trusted) as text for an issue: paragraphs apart, list
// items as "- ", links with their address. A template's content is inert: nothing loads or runs.
export function plainText(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const blocks = [];
  const inline = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent.replace(/\s+/g, " ");
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    const text = [...node.childNodes].map(inline).join("");
    const href = node.tagName === "A" ? node.getAttribute("href") || "" : "";
    return /^https?:/.test(href) && href !== text ? `${text} (${href})` : text;
  };
  const walk = (parent) => {
    for (const node of parent.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && /^(UL|OL|DIV|BLOCKQUOTE)$/.test(node.tagName))
        walk(node);
      else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "LI")
        blocks.push(`- ${inline(node).trim()}`);
      else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "PRE")
        blocks.push(node.textContent.trimEnd());
      else {
        const text = inline(node).trim();
        if (text) blocks.push(text);
      }
    }
  };
  walk(template.content);
  return blocks.join("\n\n").replace(/\n\n(?=- )/g, "\n");
}
