// The team view's numbers, without the page: reading several results files of one questionnaire,
// naming their raters, and the statistics per section and per statement. No DOM here, so Node runs
// it as the browser does (tests/test_team.py); `selfassess aggregate` (results/aggregate.py)
// computes the same numbers in Python from the same definitions (docs/team.md).
import { MAX_FILE_BYTES, parseRecord, RecordError } from "./record.js";
import { scoreAssessment } from "./score.js";
import { STRINGS } from "./strings.js";

// Disagreements closer than this are a tie: the same spread reached by another order of sums.
const TIE = 1e-9;

// files: [{name, size, text}], text read only when the size allows it. Returns the raters that can
// be used ({file, record, scores, skipped, skippedCount, otherVersion,
// version}; skipped is a bounded list, see checkRecord) and one line per file that
// cannot ({file, why}), in input order.
export function readResults(model, files) {
  const raters = [];
  const problems = [];
  for (const { name, size, text } of files) {
    if (size > MAX_FILE_BYTES) {
      problems.push({ file: name, why: STRINGS.errTooLarge });
      continue;
    }
    try {
      const checked = parseRecord(model, text);
      raters.push({
        file: name,
        key: raterKey(checked.record),
        record: checked.record,
        scores: scoreAssessment(model, checked.record),
        skipped: checked.skipped,
        skippedCount: checked.skippedCount,
        otherVersion: checked.otherVersion,
        version: checked.version,
      });
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      problems.push({ file: name, why: error.message });
    }
  }
  return { raters, problems };
}

// What makes two files the same rater's (the same file loaded again, or saved twice): the same
// context, answers and notes, and the same respondent; files without a name or team are the same
// one's only when their answers began at the same moment (`created`). Scores do not count.
export function raterKey(record) {
  const sorted = (object) =>
    Object.keys(object)
      .sort()
      .map((k) => [k, object[k]]);
  const answers = sorted(record.answers).map(([id, a]) => [id, a.value ?? null, a.note ?? ""]);
  const { name, team } = record.respondent;
  const who = name || team ? [name, team] : [record.created];
  return JSON.stringify([who, sorted(record.context), answers]);
}

// respondent.name, else respondent.team, else the file name without .json; a name that comes again
// gets " (2)", " (3)" in input order.
export function raterNames(raters) {
  const seen = new Map();
  return raters.map(({ file, record }) => {
    const name = record.respondent.name || record.respondent.team || file.replace(/\.json$/, "");
    const count = (seen.get(name) || 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

// Mean, min, max and how many of the values are scores (null is no score).
export function stat(values) {
  const scored = values.filter((v) => v !== null);
  if (!scored.length) return { mean: null, min: null, max: null, n: 0 };
  let sum = 0;
  for (const v of scored) sum += v;
  return {
    mean: sum / scored.length,
    min: Math.min(...scored),
    max: Math.max(...scored),
    n: scored.length,
  };
}

// Per section in questionnaire order, over the raters whose section score exists; and the overall.
export function sectionStats(model, raters) {
  return {
    sections: model.sections.map((section) => ({
      id: section.id,
      ...stat(raters.map((r) => r.scores.sections[section.id].score)),
    })),
    overall: stat(raters.map((r) => r.scores.overall)),
  };
}

// A statement's score for one rater: 100 × the chosen option's value; null for not applicable,
// unanswered, and statements that do not apply to the rater's context.
export function itemScore(rater, id) {
  const value = rater.scores.items[id].value;
  return value === null ? null : 100 * value;
}

// Statements answered by at least two raters whose scores differ, most disputed first: by the
// population standard deviation of the scores, then by their range, then in questionnaire order.
export function disputed(model, raters) {
  const found = [];
  let position = 0;
  for (const section of model.sections) {
    for (const item of section.items) {
      const values = raters.map((r) => itemScore(r, item.id)).filter((v) => v !== null);
      if (values.length >= 2) {
        const spread = deviation(values);
        if (spread > 0)
          found.push({
            item,
            section,
            spread,
            range: Math.max(...values) - Math.min(...values),
            n: values.length,
            position,
          });
      }
      position += 1;
    }
  }
  found.sort((a, b) =>
    Math.abs(a.spread - b.spread) > TIE
      ? b.spread - a.spread
      : b.range - a.range || a.position - b.position,
  );
  return found;
}

// Population standard deviation: the spread of the answers given, not an estimate for more raters.
export function deviation(values) {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / values.length);
}
