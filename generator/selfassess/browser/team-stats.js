// The team view's numbers, without the page: reading several results files of one questionnaire,
// naming their raters, and the statistics per section and per statement. No DOM here, so Node runs
// it as the browser does (tests/test_team.py); `selfassess aggregate` (results/aggregate.py)
// computes the same numbers in Python from the same definitions (docs/team.md).
import { MAX_FILE_BYTES, parseRecord, RecordError } from "./record.js";
import { rules, scoreAssessment } from "./score.js";
import { formatScore, STRINGS } from "./strings.js";

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
      raters.push(raterOf(model, name, parseRecord(model, text)));
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      problems.push({ file: name, why: error.message });
    }
  }
  return { raters, problems };
}

// A checked record (parseRecord's, or a share link's with nothing skipped) as a rater.
export function raterOf(model, file, checked) {
  return {
    file,
    key: raterKey(checked.record),
    record: checked.record,
    scores: scoreAssessment(model, checked.record),
    skipped: checked.skipped || [],
    skippedCount: checked.skippedCount || 0,
    otherVersion: Boolean(checked.otherVersion),
    version: checked.version || model.version,
  };
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

// A scored node (a section, an area, the overall score) over raters, on the node's own scale: the
// mean, min and max of the scores as people read them (node.value: 62.5, or 1.5 of a points
// section's 3), how many raters have one (n); score: the same of the 0-100 score the radar draws;
// most: the lowest and highest top of the scale among them (a points section's top is lower for a
// rater who marked statements not applicable). aggregate.py's node_stat is its twin.
export function nodeStat(nodes) {
  const scored = nodes.filter((node) => node.value !== null);
  const most = stat(scored.map((node) => node.max));
  return {
    ...stat(scored.map((node) => node.value)),
    score: stat(scored.map((node) => node.score)),
    most: { min: most.min, max: most.max },
  };
}

// Per section and per area in questionnaire order, over the raters whose score exists; and the
// overall score's (n 0 where the questionnaire has none).
export function sectionStats(model, raters) {
  return {
    sections: model.sections.map((section) => ({
      id: section.id,
      ...nodeStat(raters.map((r) => r.scores.sections[section.id])),
    })),
    areas: (model.areas || []).map((area) => ({
      id: area.id,
      ...nodeStat(raters.map((r) => r.scores.areas[area.id])),
    })),
    overall: nodeStat(raters.map((r) => r.scores.whole)),
  };
}

// A figure of a node's statistics as the questionnaire writes scores: 62.5 in percent, "1.5 of 3"
// on a scale, "1.5 of 2–3" where the raters' tops differ. results/aggregate.py: stat_score.
export function statScore(model, value, most) {
  if (value === null) return STRINGS.noScore;
  const rule = rules(model);
  const shown = formatScore(value, rule.decimals);
  if (rule.unit === "percent" && rule.out_of === null) return shown;
  const top = formatScore(most.min, rule.decimals);
  const highest = formatScore(most.max, rule.decimals);
  return STRINGS.scoreOf(shown, top === highest ? top : `${top}–${highest}`);
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

// --- Teams beside raters -------------------------------------------------------------------------
// A rater's team is the respondent's team (trimmed; two spellings of one name are one team, see
// teamKey); raters without one are together in the group of no team (""). results/aggregate.py
// has the same definitions (team_stats, team_differences), checked on the same raters by
// tests/test_team.py.

export const teamOf = (rater) => rater.record.respondent.team.trim();

// What makes two spellings one team: "Data Science", "data-science" and "DATA science" are one;
// a name with no letter or digit is itself (results/trends.py team_key, its twin).
export function teamKey(name) {
  const slug = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || name;
}

// The teams in the order they first come, each named as first spelled, with its raters.
export function byTeam(raters) {
  const teams = new Map();
  for (const rater of raters) {
    const team = teamOf(rater);
    const key = teamKey(team);
    if (!teams.has(key)) teams.set(key, { team, raters: [] });
    teams.get(key).raters.push(rater);
  }
  return [...teams.values()];
}

// Per team: its raters' overall score and each section's (mean, min, max, n).
export function teamStats(model, raters) {
  return byTeam(raters).map(({ team, raters: members }) => ({
    team,
    raters: members.length,
    ...sectionStats(model, members),
  }));
}

// How the teams differ on each statement, kept apart from how raters of one team disagree.
// between: statements that two teams or more answered, whose team means (each team's mean score
// of the statement over its raters who answered) differ; spread is their standard deviation,
// range their highest minus their lowest. within: statements on which raters of the same team
// differ; spread is the pooled standard deviation within teams (each answer's distance from its
// own team's mean, over the answers of teams with two answers or more), range the largest range
// inside one team. Both most different first, then by range, then in questionnaire order.
export function teamDifferences(model, raters) {
  const teams = byTeam(raters);
  const between = [];
  const within = [];
  let position = 0;
  for (const section of model.sections) {
    for (const item of section.items) {
      const means = [];
      let squares = 0;
      let count = 0;
      let widest = 0;
      for (const team of teams) {
        const values = team.raters.map((r) => itemScore(r, item.id)).filter((v) => v !== null);
        if (!values.length) continue;
        let sum = 0;
        for (const v of values) sum += v;
        const mean = sum / values.length;
        means.push(mean);
        if (values.length < 2) continue;
        for (const v of values) squares += (v - mean) ** 2;
        count += values.length;
        widest = Math.max(widest, Math.max(...values) - Math.min(...values));
      }
      const entry = { item, section, position };
      if (means.length >= 2) {
        const spread = deviation(means);
        if (spread > TIE)
          between.push({
            ...entry,
            spread,
            range: Math.max(...means) - Math.min(...means),
            n: means.length,
          });
      }
      if (count && squares / count > TIE)
        within.push({ ...entry, spread: Math.sqrt(squares / count), range: widest, n: count });
      position += 1;
    }
  }
  // Spreads equal to six decimals are a tie (as in aggregate.py, whatever the order of sums).
  const key = (d) => Math.round(d.spread * 1e6);
  const order = (a, b) => key(b) - key(a) || b.range - a.range || a.position - b.position;
  return { between: between.sort(order), within: within.sort(order) };
}
