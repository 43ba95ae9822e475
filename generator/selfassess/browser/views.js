// For the pages that show results (the reports bundle only): views of a record, the files a person
// chooses to import or compare with, and what such a file could not carry over.
import { h } from "./dom.js";
import { MAX_FILE_BYTES, parseRecord, RecordError } from "./record.js";
import { nodeScore, soFarText } from "./nodes.js";
import { rules, scoreAssessment } from "./score.js";
import { STRINGS } from "./strings.js";

// A file a person chose (import, compare): refused unread when too large, then parsed and checked.
/**
 * @param {import("./types").IndexedModel} model
 * @param {File} file
 */
export async function readFile(model, file) {
  if (file.size > MAX_FILE_BYTES) throw new RecordError(STRINGS.errTooLarge);
  return parseRecord(model, await file.text());
}

// What the results page shows (see results.js): a record with its scores and a title, and where
// it came from (`snapshot`: the id of the snapshot it shows) or what to do when it closes.
/**
 * @param {import("./types").IndexedModel} model
 * @param {import("./types").AnswerRecord} record
 * @param {string} title
 * @param {object} [more]
 * @returns {import("./types").View}
 */
export function viewOf(model, record, title, more = {}) {
  return { model, record, scores: scoreAssessment(model, record), title, ...more };
}

// What a file or link could not carry over: checkRecord already cut the list short (a hostile file
// may hold thousands) and ended it with how many more there were.
export function skippedList(skipped) {
  if (!skipped.length) return null;
  return h(
    "ul",
    {},
    skipped.map((s) => h("li", {}, s)),
  );
}

// The context answers a record's scores rest on, one "question: answers" text each.
export function contextAnswers(model, record) {
  return model.context
    .filter((q) => (record.context[q.id] || []).length)
    .map((q) => `${q.text} ${record.context[q.id].map((id) => q.labels[id]).join(", ")}`);
}

// The overall score and level, large, and what the level means (results page and its printout).
export function overallFigures(model, scores) {
  if (rules(model).overall === "none") return [h("p", { class: "sa-overall" }, STRINGS.noOverall)];
  const level = model.levels.find((l) => l.label === scores.level);
  const soFar = soFarText(model, scores.whole);
  return [
    h(
      "p",
      { class: "sa-overall" },
      h(
        "span",
        { class: "sa-overall__score" },
        h("span", {}, STRINGS.overall),
        h("strong", {}, nodeScore(model, scores.whole)),
        soFar ? h("span", { class: "sa-so-far" }, soFar) : null,
      ),
      scores.level
        ? h(
            "span",
            { class: "sa-overall__level" },
            h("span", {}, STRINGS.level),
            h("strong", {}, scores.level),
          )
        : null,
    ),
    level && level.description ? h("p", {}, level.description) : null,
  ];
}
