// The printed report: what a team lead hands on. The results page is made for a screen (folds,
// filters, buttons, links); paper gets a document of its own, drawn from the same view when the
// page is printed ("beforeprint") and hidden on screen:
//   page 1  who and when, the overall score and level, every verdict with what holds it back,
//           the radar beside them, the section table, and what the scoring models add;
//   then    the action plan, every gap with its answer, note and explanation;
//   then    every answer with its note, by section (unanswered and not applicable marked).
// The print stylesheet (selfassess.css) shows it alone, in the light palette, and keeps headings
// with what follows them. results/report.py lays out the PDF of `selfassess report` the same way.
import { h } from "./dom.js";
import { BY_RANK, bySection, explanation, planItems, rankReasons } from "./plan.js";
import { nodeScore, unansweredSentence } from "./nodes.js";
import { STRINGS } from "./strings.js";
import { contextAnswers, overallFigures } from "./views.js";

const FIRST_NUMBERS = 30; // a verdict lists this many of its blockers' numbers, then a count

// view: {model, record, scores}; scoresPart: {table, radar, parts}, the section table, radar and
// what the scoring models add (areas, maturity levels, tables by tag and level, targets), as the
// page draws them; filter: the action plan's filter on screen ({section, tier}, "" for all),
// printed as chosen. comparison: the comparison with a snapshot, when there is one.
export function printedReport(view, { title, scoresPart, comparison, filter }) {
  const { table, radar, parts } = scoresPart;
  // On paper the table comes after the radar.
  radar
    ?.querySelector("figcaption")
    ?.replaceChildren(`${STRINGS.radarTitle}. ${STRINGS.reportRadarNote}`);
  return [
    h(
      "section",
      { class: "sa-report__summary" },
      head(view, title),
      h("div", { class: "sa-report__overview" }, h("div", {}, figures(view)), radar),
      h("h2", {}, STRINGS.reportScores),
      table,
      parts,
      comparison,
    ),
    plan(view, filter),
    answers(view),
  ];
}

// The page's address without its fragment: a shared link's answers stay off the paper.
export const printedAddress = () => `${location.origin}${location.pathname}`;

// Who, when, which version and in what context.
function head({ model, record }, title) {
  const { name, team } = record.respondent;
  const date = new Date(record.updated).toLocaleDateString();
  const context = contextAnswers(model, record);
  return [
    h("h1", {}, title),
    name || team
      ? h("p", { class: "sa-report__who" }, [name, team].filter(Boolean).join(", "))
      : null,
    h("p", { class: "sa-report__meta" }, STRINGS.reportVersion(model.version, date)),
    context.length
      ? h("p", { class: "sa-report__meta" }, STRINGS.yourContext, " ", context.join(" · "))
      : null,
  ];
}

// The overall score and level, the counts, and the verdicts: beside the radar on page 1.
function figures({ model, scores }) {
  const open = scores.included - scores.answered;
  return [
    scores.answered + scores.na
      ? [
          overallFigures(model, scores),
          h(
            "p",
            {},
            STRINGS.answered(scores.answered + scores.na, scores.applicable),
            ". ",
            scores.na ? STRINGS.naCount(scores.na) : null,
            open ? [" ", unansweredSentence(model, open)] : null,
          ),
        ]
      : h("p", {}, STRINGS.noAnswersYet),
    model.verdicts.length
      ? [h("h2", {}, STRINGS.reportVerdicts(model.verdicts.length)), verdicts(model, scores)]
      : null,
  ];
}

// Each verdict as a box that does not split: its answer, and the numbers of what holds it back.
function verdicts(model, scores) {
  return model.verdicts.map((verdict) => {
    const result = scores.verdicts[verdict.id];
    const [kind, answer] = result.holds
      ? ["success", STRINGS.verdictHolds]
      : result.blocking.length
        ? ["failure", STRINGS.verdictFails]
        : ["info", STRINGS.verdictPending];
    const numbers = (ids) => {
      const shown = ids.slice(0, FIRST_NUMBERS).map((id) => model.itemIndex.get(id).number);
      const more = ids.length - shown.length;
      const text = more
        ? STRINGS.reportNumbersMore(shown.join(", "), more)
        : STRINGS.reportNumbers(shown.join(", "));
      return h("p", { class: "sa-report__numbers" }, text);
    };
    return h(
      "div",
      { class: `admonition ${kind} sa-report__verdict` },
      h("p", { class: "admonition-title" }, `${verdict.title}: ${answer}`),
      verdict.description ? h("p", {}, verdict.description) : null,
      result.holds ? h("p", {}, STRINGS.verdictAll) : null,
      result.blocking.length
        ? [h("p", {}, STRINGS.verdictBlocking(result.blocking.length)), numbers(result.blocking)]
        : null,
      result.missing.length
        ? [h("p", {}, STRINGS.verdictMissing(result.missing.length)), numbers(result.missing)]
        : null,
    );
  });
}

// The gaps in the order on screen (the most worth fixing first, or by section, core practices
// first), each whole: statement, why it ranks there, answer, note, explanation.
function plan({ model, record, scores }, filter) {
  const { gaps, ranks, unanswered } = planItems(model, scores);
  const ranked = filter.order === BY_RANK;
  const shown = (item) =>
    (!filter.section || item.section === filter.section) &&
    (!filter.tier || (item.tier === "core") === (filter.tier === "core"));
  const shownGaps = gaps.filter(shown);
  const shownOpen = unanswered.filter(shown);
  const out = [h("h2", {}, STRINGS.reportPlan)];
  if (scores.answered)
    out.push(
      h(
        "p",
        {},
        gaps.length
          ? (ranked ? STRINGS.planIntroRanked : STRINGS.planIntro)(gaps.length)
          : STRINGS.planNone,
      ),
    );
  if (shownGaps.length < gaps.length || shownOpen.length < unanswered.length)
    out.push(
      h(
        "p",
        { class: "sa-report__filtered" },
        STRINGS.filterShowing(shownGaps.length, gaps.length),
        unanswered.length
          ? [" ", STRINGS.filterShowingUnanswered(shownOpen.length, unanswered.length)]
          : null,
      ),
    );
  const gapBlock = (item, why) => {
    const answer = record.answers[item.id];
    return h(
      "div",
      { class: "sa-report__gap" },
      h(
        "p",
        { class: "sa-report__statement" },
        statement(item),
        item.tier === "core" ? null : h("span", { class: "sa-tier" }, STRINGS.extended),
      ),
      why,
      h(
        "p",
        {},
        STRINGS.yourAnswer,
        " ",
        h("strong", {}, model.scale_labels[item.scale][answer.value]),
      ),
      answer.note
        ? h(
            "blockquote",
            { class: "sa-report__note" },
            h("p", {}, STRINGS.yourNote, " ", answer.note),
          )
        : null,
      h(
        "div",
        { class: "sa-report__why" },
        h("p", { class: "sa-report__why-title" }, STRINGS.why),
        explanation(item),
      ),
    );
  };
  if (ranked) {
    for (const item of shownGaps) {
      const reasons = rankReasons(model, scores, ranks.get(item.id)).join(" · ");
      out.push(gapBlock(item, h("p", { class: "sa-report__rank" }, reasons)));
    }
  } else {
    for (const section of model.sections) {
      const here = bySection(model, shownGaps, section);
      if (!here.length) continue;
      const score = nodeScore(model, scores.sections[section.id]);
      out.push(h("h3", {}, `${section.number}. ${section.title} (${score})`));
      out.push(...here.map((item) => gapBlock(item, null)));
    }
  }
  if (shownOpen.length)
    out.push(
      h("h3", {}, STRINGS.unanswered),
      h(
        "ul",
        { class: "sa-report__unanswered" },
        shownOpen.map((item) => h("li", {}, statement(item))),
      ),
    );
  return h("section", { class: "sa-report__plan" }, out);
}

// The appendix: every statement of every section with its answer and note.
function answers({ model, record, scores }) {
  const out = [h("h2", {}, STRINGS.reportAnswers), h("p", {}, STRINGS.reportAnswersIntro)];
  for (const section of model.sections) {
    const rows = section.items.map((ref) => {
      const item = model.itemIndex.get(ref.id);
      const scored = scores.items[item.id];
      const answer = record.answers[item.id];
      const [text, mark] = !scored.applies
        ? [STRINGS.reportNotAsked, "sa-report__unset"]
        : scored.na
          ? [STRINGS.notApplicable, "sa-report__na"]
          : scored.value === null
            ? [STRINGS.reportNotAnswered, "sa-report__unset"]
            : [model.scale_labels[item.scale][answer.value], null];
      return h(
        "tr",
        {},
        h("td", { class: "sa-report__number" }, item.number),
        h("td", {}, item.text),
        h("td", { class: mark }, text),
        h("td", { class: "sa-report__note" }, answer ? answer.note : ""),
      );
    });
    out.push(
      h("h3", {}, `${section.number}. ${section.title}`),
      h(
        "table",
        { class: "sa-report__answers" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [
              STRINGS.reportNumber,
              STRINGS.reportStatement,
              STRINGS.reportAnswer,
              STRINGS.reportNote,
            ].map((label) => h("th", { scope: "col" }, label)),
          ),
        ),
        h("tbody", {}, rows),
      ),
    );
  }
  return h("section", { class: "sa-report__appendix" }, out);
}

const statement = (item) => [h("span", { class: "sa-number" }, item.number), " ", item.text];
