// Scoring: one assessment record against a questionnaire's scoring model, in the browser.
//
// Twin of generator/selfassess/questionnaire/score.py. Shared vectors (tests/scoring/vectors.json)
// and a cross-language property test hold the two to identical results, floats included, so every
// sum runs in the same order with the same formula here and there: change both or neither.
//
// The model comes from the generator and is trusted. The record comes from browser storage or an
// imported file, so any part of it with the wrong type counts as absent and nothing here throws.

// Same id as scales.NOT_APPLICABLE in Python; no scale may use it for an option.
export const NOT_APPLICABLE = "na";

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Own keys only: a record key such as "constructor" or "__proto__" must never reach the prototype.
function ownValue(data, key) {
  return isMapping(data) && Object.hasOwn(data, key) ? data[key] : undefined;
}

function chosenOptions(context, question) {
  const chosen = ownValue(context, question);
  if (!Array.isArray(chosen)) return [];
  return chosen.filter((option) => typeof option === "string");
}

// An option's value, NOT_APPLICABLE, or null for unanswered.
function answerValue(item, options, answers) {
  const value = ownValue(ownValue(answers, item.id), "value");
  if (typeof value !== "string") return null;
  if (value === NOT_APPLICABLE && item.na === true) return NOT_APPLICABLE;
  for (const option of options) {
    if (option.id === value) return option.value;
  }
  return null;
}

// An unanswered context question excludes nothing: until people say what their project is, they
// see every item.
/**
 * @param {import("./types").ModelItem} item
 * @param {import("./types").AnswerRecord["context"]} context
 */
export function itemApplies(item, context) {
  for (const [question, options] of Object.entries(item.when)) {
    const chosen = chosenOptions(context, question);
    if (chosen.length > 0 && !chosen.some((option) => options.includes(option))) return false;
  }
  return true;
}

/**
 * @param {import("./types").Model} model
 * @param {Partial<import("./types").AnswerRecord>} record
 * @returns {import("./types").Scores}
 */
export function scoreAssessment(model, record) {
  const context = ownValue(record, "context");
  const answers = ownValue(record, "answers");
  const items = {};
  const sections = {};
  const sectionScores = [];
  // Per section in order, its included items: id, value (null: unanswered), scale options.
  const verdictInputs = [];
  const totals = { answered: 0, included: 0, applicable: 0, na: 0 };
  for (const section of model.sections) {
    let num = 0;
    let den = 0;
    const counts = { answered: 0, included: 0, applicable: 0, na: 0 };
    const included = [];
    for (const item of section.items) {
      const options = ownValue(model.scales, item.scale) ?? [];
      const applies = itemApplies(item, context);
      const answer = applies ? answerValue(item, options, answers) : null;
      const value = typeof answer === "number" ? answer : null;
      // Ids are validated kebab-case, so assigning by id cannot touch a prototype.
      items[item.id] = { applies, value, na: answer === NOT_APPLICABLE };
      if (!applies) continue;
      counts.applicable += 1;
      if (answer === NOT_APPLICABLE) {
        counts.na += 1;
        continue;
      }
      counts.included += 1;
      den += item.weight;
      if (value !== null) {
        counts.answered += 1;
        num += item.weight * value;
      }
      included.push({ id: item.id, value, options });
    }
    const score = den > 0 ? (100 * num) / den : null;
    sections[section.id] = { score, ...counts };
    sectionScores.push({ weight: section.weight, score });
    verdictInputs.push({ sectionId: section.id, included });
    for (const key of Object.keys(counts)) totals[key] += counts[key];
  }

  let num = 0;
  let den = 0;
  for (const { weight, score } of sectionScores) {
    if (score !== null) {
      num += weight * score;
      den += weight;
    }
  }
  const overall = den > 0 ? num / den : null;

  let level = null;
  if (overall !== null) {
    for (const candidate of model.levels) {
      if (candidate.min <= overall) level = candidate.label;
    }
  }

  const verdicts = {};
  for (const verdict of model.verdicts) {
    const blocking = [];
    const missing = [];
    // In questionnaire order, whatever the verdict's order, and each section once.
    for (const { sectionId, included } of verdictInputs) {
      if (!verdict.sections.includes(sectionId)) continue;
      for (const { id, value, options } of included) {
        if (value === null) missing.push(id);
        else if (value < Math.max(...options.map((option) => option.value))) blocking.push(id);
      }
    }
    verdicts[verdict.id] = {
      holds: blocking.length === 0 && missing.length === 0,
      blocking,
      missing,
    };
  }

  return { overall, level, ...totals, sections, verdicts, items };
}
