// Answers as CSV for a spreadsheet: one row per rater per statement, in the format the command
// line's `selfassess aggregate --csv` writes too (docs/your-answers.md): UTF-8 with a byte order
// mark (so Excel reads the accents), CRLF line ends, RFC 4180 quoting.
import { download } from "./dom.js";
import { NOT_APPLICABLE, rules } from "./score.js";
import { STRINGS } from "./strings.js";

export const CSV_COLUMNS = [
  "rater",
  "file",
  "questionnaire",
  "version",
  "section_id",
  "section",
  "item_id",
  "number",
  "statement",
  "answer_id",
  "answer",
  "score",
  "note",
];

// A cell a spreadsheet would run as a formula (=, +, -, @) starts with a quote instead.
function cell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// A statement's score on the questionnaire's scale, the score it would give its section alone:
// 0-100 in percent, 0-N under out_of, its points under unit: points (its weight at full marks
// where points are summed). value: the chosen option's, 0 to 1. aggregate.py: statement_score.
export function statementScore(model, item, value) {
  const rule = rules(model);
  if (rule.out_of !== null) return rule.out_of * value;
  if (rule.unit !== "points") return 100 * value;
  return (rule.group ?? rule.section) === "sum" ? item.weight * value : value;
}

// raters: [{name, file, record, scores}], scores from scoreAssessment of that record.
export function answersCsv(model, raters) {
  const scale = 10 ** rules(model).decimals;
  const rows = [CSV_COLUMNS];
  for (const { name, file, record, scores } of raters) {
    for (const section of model.sections) {
      for (const item of section.items) {
        const answer = record.answers[item.id] || {};
        const value = scores.items[item.id].value;
        const label =
          answer.value === NOT_APPLICABLE
            ? STRINGS.notApplicable
            : (model.scale_labels[item.scale] || {})[answer.value];
        rows.push([
          name,
          file || "",
          model.id,
          model.version,
          section.id,
          section.title,
          item.id,
          item.number,
          item.text,
          answer.value || "",
          answer.value ? label : "",
          value === null ? "" : Math.round(statementScore(model, item, value) * scale) / scale,
          answer.note || "",
        ]);
      }
    }
  }
  return "\ufeff" + rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

// The single person's download: the rater is named as everywhere (name, else team, else empty).
export function downloadCsv({ model, record, scores }) {
  const { name, team } = record.respondent;
  const date = new Date().toISOString().slice(0, 10);
  download(
    `${model.id}-answers-${date}.csv`,
    answersCsv(model, [{ name: name || team, file: "", record, scores }]),
    "text/csv;charset=utf-8",
  );
}
