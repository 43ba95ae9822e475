// Every sentence the assessment shows. The page brings the table of its language (made from
// generator/selfassess/text/<language>.yaml, part "app"); this turns each entry into what the code
// reads: a plain text, or a function of the values the text names ({0}, {1}, and plural forms
// such as {0|one:answer|other:answers}, chosen by the language's own plural rules).
export const STRINGS = {};

const PLACEHOLDER = /\{(\d+)(?:\|([^{}]*))?\}/g;
let language = "en";
let decimalSign = "."; // the language's, from its table

// Scores are shown with the questionnaire's decimals (one by default), rounded half up, with the
// language's decimal sign and no grouping: 62.5, 62,5. questionnaire/i18n.py: format_score is its
// twin. Not Intl.NumberFormat: making one costs a phone about 100 ms, the most of a section
// page's start. A whole number over a power of ten prints as its shortest decimal.
/** @param {number | null} score @param {number} [decimals] */
export function formatScore(score, decimals = 1) {
  if (score === null) return "–";
  const scale = 10 ** decimals;
  const rounded = Math.round(score * scale) / scale;
  return String(rounded === 0 ? 0 : rounded).replace(".", decimalSign);
}

// The change from one score to another: the difference of the two figures as shown, so that
// 37.8 → 40.9 reads +3.1 whatever decimals lie behind them; signed (a minus sign, not a hyphen),
// ±0 for none, a dash when either has no score. results/read.py: format_change is its twin.
// `decimals`: the questionnaire's, as for formatScore.
/** @param {number | null} then @param {number | null} now @param {number} [decimals] */
export function formatChange(then, now, decimals = 1) {
  if (then === null || now === null) return "–";
  const scale = 10 ** decimals;
  const steps = Math.round(now * scale) - Math.round(then * scale);
  if (steps === 0) return "±0";
  return (steps > 0 ? "+" : "−") + formatScore(Math.abs(steps) / scale, decimals);
}

export function useText(table, pageLanguage) {
  language = pageLanguage;
  decimalSign = table.decimalSign || ".";
  const plural = new Intl.PluralRules(language);
  const choose = (forms, value) => {
    const byCategory = Object.fromEntries(
      forms.split("|").map((form) => {
        const colon = form.indexOf(":");
        return [form.slice(0, colon), form.slice(colon + 1)];
      }),
    );
    return byCategory[plural.select(value)] ?? byCategory.other;
  };
  const format = (text, values) =>
    text.replace(PLACEHOLDER, (_, index, forms) => {
      const value = values[Number(index)];
      return forms === undefined ? String(value) : choose(forms, value);
    });
  for (const key of Object.keys(STRINGS)) delete STRINGS[key];
  for (const [key, text] of Object.entries(table)) {
    STRINGS[key] = /\{\d/.test(text) ? (...values) => format(text, values) : text;
  }
}

// The sentence for a file or link made for another version of the questionnaire; when the version
// number is the same, the questionnaire changed without a new one, and the sentence says so.
/** @param {string} kind @param {string} version @param {string} current */
export function otherVersion(kind, version, current) {
  return version === current ? STRINGS[`${kind}Same`](version) : STRINGS[kind](version, current);
}
