// The answers of one person to one questionnaire: the record kept in storage and the results
// file that is downloaded and imported. Both are untrusted when read back: every part is checked
// against the questionnaire, and what does not fit is skipped and reported, never guessed.
import LIMITS from "../limits.json" with { type: "json" };
import { NOT_APPLICABLE, rules } from "./score.js";
import { STRINGS } from "./strings.js";

export const FORMAT = "selfassess-results";
// 2: files carry the respondent's own `targets` and the scores of every node under the
// questionnaire's rules. A file of format 1 is the same record without them, and still imports.
export const FORMAT_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
// The limits of what is read, shared with the command line (results/read.py reads limits.json too),
// so a file both accept is the same file.
export const MAX_FILE_BYTES = LIMITS.file_bytes;
export const MAX_NOTE = LIMITS.note_chars;
export const MAX_RESPONDENT = LIMITS.respondent_chars;
export const MAX_DEPTH = LIMITS.json_depth;
export const MAX_ANSWERS = LIMITS.answer_entries;
export const MAX_CONTEXT = LIMITS.context_entries;
export const MAX_LISTED = LIMITS.skipped_listed;
export const MAX_FRAGMENT = LIMITS.share_fragment_chars;
const MAX_SHOWN_ID = 80;

// An id from a file, fit to show in a message: files may hold anything, of any length.
const shown = (id) =>
  String(id).length > MAX_SHOWN_ID ? `${String(id).slice(0, MAX_SHOWN_ID)}…` : String(id);

export class RecordError extends Error {}

// Lookups for checking records; Maps, so no key ("__proto__", "constructor") reaches a prototype.
export function indexModel(model) {
  const items = new Map();
  for (const section of model.sections) {
    for (const item of section.items) {
      const scale = model.scales[item.scale];
      const options = scale.map((o) => o.id);
      const top = Math.max(...scale.map((o) => o.value)); // the best answer's value
      items.set(item.id, { ...item, section: section.id, options, top });
    }
  }
  const context = new Map(model.context.map((q) => [q.id, q]));
  return { ...model, itemIndex: items, contextIndex: context };
}

// Which questionnaire a record answers: carried by every record and results file.
export const stamp = (model) => ({ id: model.id, version: model.version, digest: model.digest });

export function emptyRecord(model) {
  const now = new Date().toISOString();
  return {
    format: FORMAT,
    format_version: FORMAT_VERSION,
    questionnaire: stamp(model),
    created: now,
    updated: now,
    respondent: { name: "", team: "" },
    // No prototype: an item id such as "constructor" finds nothing that was not stored.
    context: Object.create(null),
    answers: Object.create(null),
  };
}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

// Written by a newer version of the site: never to be overwritten by this one.
export const isNewerFormat = (data) =>
  isObject(data) &&
  data.format === FORMAT &&
  Number.isInteger(data.format_version) &&
  data.format_version > FORMAT_VERSION;
const own = (object) => Object.keys(object).map((key) => [key, object[key]]);

// What was skipped: the first MAX_LISTED parts by name, the rest only counted (a hostile file may
// name 100,000 unknown statements); each message is made only when it is listed.
function skipList() {
  const listed = [];
  let count = 0;
  let unknown = 0; // unknown statements beyond the listed ones
  return {
    add(make, isUnknownItem = false) {
      count += 1;
      if (listed.length < MAX_LISTED) listed.push(make());
      else if (isUnknownItem) unknown += 1;
    },
    done() {
      const other = count - listed.length - unknown;
      if (unknown) listed.push(STRINGS.skipMoreUnknownItems(unknown));
      if (other) listed.push(STRINGS.skipMoreParts(other));
      return { skipped: listed, skippedCount: count };
    },
  };
}

// Check untrusted data (parsed JSON) against the questionnaire. Throws RecordError when the whole
// record is unusable; otherwise returns the usable record, what was skipped (a bounded list, see
// skipList; skippedCount counts all), and whether it was made for another version.
export function checkRecord(model, data) {
  if (!isObject(data) || data.format !== FORMAT) throw new RecordError(STRINGS.errNotResults);
  if (!READABLE_VERSIONS.includes(data.format_version)) {
    if (Number.isInteger(data.format_version) && data.format_version > FORMAT_VERSION) {
      throw new RecordError(STRINGS.errNewer(data.format_version));
    }
    throw new RecordError(STRINGS.errNotResults);
  }
  const about = isObject(data.questionnaire) ? data.questionnaire : {};
  if (typeof about.id !== "string") throw new RecordError(STRINGS.errNotResults);
  if (about.id !== model.id) throw new RecordError(STRINGS.errOtherQuestionnaire(shown(about.id)));
  const answers = own(isObject(data.answers) ? data.answers : {});
  if (answers.length > MAX_ANSWERS)
    throw new RecordError(STRINGS.errTooManyAnswers(answers.length, MAX_ANSWERS));
  const context = own(isObject(data.context) ? data.context : {});
  if (context.length > MAX_CONTEXT)
    throw new RecordError(STRINGS.errTooManyContext(context.length, MAX_CONTEXT));

  const record = emptyRecord(model);
  const skips = skipList();
  const otherVersion = about.digest !== model.digest;
  let dated = null; // when the answers were last changed, as far as the data says
  for (const field of ["created", "updated"]) {
    if (typeof data[field] === "string" && !Number.isNaN(Date.parse(data[field]))) {
      record[field] = data[field];
      dated = data[field];
    }
  }
  if (data.respondent !== undefined) {
    const r = data.respondent;
    const text = (v) => typeof v === "string" && v.length <= MAX_RESPONDENT;
    if (isObject(r) && [r.name, r.team].every((v) => v === undefined || text(v))) {
      record.respondent = { name: r.name || "", team: r.team || "" };
    } else {
      skips.add(() => STRINGS.skipBadRespondent);
    }
  }
  for (const [id, chosen] of context) {
    const question = model.contextIndex.get(id);
    if (!question) {
      skips.add(() => STRINGS.skipUnknownContext(shown(id)));
    } else if (
      !Array.isArray(chosen) ||
      !chosen.every((c) => question.options.includes(c)) ||
      (!question.multiple && chosen.length > 1)
    ) {
      skips.add(() => STRINGS.skipBadContext(shown(id)));
    } else {
      record.context[id] = [...new Set(chosen)];
    }
  }
  for (const [id, answer] of answers) {
    const item = model.itemIndex.get(id);
    if (!item) {
      skips.add(() => STRINGS.skipUnknownItem(shown(id)), true);
      continue;
    }
    if (!isObject(answer)) {
      skips.add(() => STRINGS.skipBadAnswer(shown(id)));
      continue;
    }
    const kept = {};
    if (answer.value !== undefined) {
      if (item.options.includes(answer.value) || (answer.value === NOT_APPLICABLE && item.na))
        kept.value = answer.value;
      else skips.add(() => STRINGS.skipBadValue(item.number, shown(answer.value)));
    }
    if (answer.note !== undefined) {
      if (typeof answer.note === "string" && answer.note.length <= MAX_NOTE) {
        if (answer.note) kept.note = answer.note;
      } else {
        skips.add(() => STRINGS.skipBadNote(item.number));
      }
    }
    if (Object.keys(kept).length) record.answers[id] = kept;
  }
  if (data.targets !== undefined) {
    const targets = checkTargets(model, data.targets, (part) =>
      skips.add(() => STRINGS.skipBadTarget(shown(part))),
    );
    if (Object.keys(targets).length) record.targets = targets;
  }
  return { record, ...skips.done(), otherVersion, version: String(about.version), dated };
}

// The respondent's own targets: a number from 0 per node they name (whether it is on the node's
// scale is scoring's to say; a target beyond it counts as none). Anything else is skipped.
function checkTargets(model, data, skip) {
  const kept = {};
  if (!isObject(data)) {
    skip("targets");
    return kept;
  }
  const fits = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;
  if (data.overall !== undefined) {
    if (fits(data.overall)) kept.overall = data.overall;
    else skip("overall");
  }
  const known = {
    sections: new Set(model.sections.map((s) => s.id)),
    areas: new Set((model.areas || []).map((a) => a.id)),
  };
  for (const part of ["sections", "areas"]) {
    if (data[part] === undefined) continue;
    if (!isObject(data[part])) {
      skip(part);
      continue;
    }
    for (const [id, value] of own(data[part])) {
      if (known[part].has(id) && fits(value)) (kept[part] ??= {})[id] = value;
      else skip(id);
    }
  }
  return kept;
}

// --- Two tabs, one record: merging part by part ------------------------------------------------
//
// A record's parts are its answers' values and notes, its context answers and the respondent's
// name and team. The record a browser keeps also says when each part last changed, a removal
// included (`changes`: part → milliseconds since 1970; results files leave it out). Two tabs that
// answer at the same moment each write their own record; merging takes every part from the record
// that changed it last, so neither answer is lost. A part without a time (a record written before
// times were kept) counts as changed at time 0; on a tie, the stored record wins.

// The parts of a record: key → the part's value as JSON text (absent: not there).
export function partsOf(record) {
  const parts = new Map();
  for (const [id, answer] of Object.entries(record.answers)) {
    if (answer.value !== undefined) parts.set(`v:${id}`, JSON.stringify(answer.value));
    if (answer.note) parts.set(`n:${id}`, JSON.stringify(answer.note));
  }
  for (const [id, chosen] of Object.entries(record.context))
    parts.set(`c:${id}`, JSON.stringify(chosen));
  for (const field of ["name", "team"]) {
    if (record.respondent[field]) parts.set(`r:${field}`, JSON.stringify(record.respondent[field]));
  }
  const targets = record.targets || {};
  if (targets.overall !== undefined) parts.set("t:overall", JSON.stringify(targets.overall));
  for (const [part, prefix] of TARGET_PARTS) {
    for (const [id, value] of Object.entries(targets[part] || {}))
      parts.set(`t:${prefix}${id}`, JSON.stringify(value));
  }
  return parts;
}

// A respondent's target is a part too: t:overall, t:s/<section id>, t:a/<area id>.
const TARGET_PARTS = [
  ["sections", "s/"],
  ["areas", "a/"],
];

// The record's own target of a node ("overall", "s/<id>", "a/<id>"), set or, with undefined,
// removed; no target left removes `targets`.
export function setOwnTarget(record, node, value) {
  const targets = { ...(record.targets || {}) };
  if (node === "overall") {
    if (value === undefined) delete targets.overall;
    else targets.overall = value;
  } else {
    const [part] = TARGET_PARTS.find(([, prefix]) => node.startsWith(prefix));
    const id = node.slice(2);
    const nodes = { ...(targets[part] || {}) };
    if (value === undefined) delete nodes[id];
    else nodes[id] = value;
    if (Object.keys(nodes).length) targets[part] = nodes;
    else delete targets[part];
  }
  if (Object.keys(targets).length) record.targets = targets;
  else delete record.targets;
}

// Mark as changed at `now` every part that differs between two states of one record.
export function touch(changes, before, after, now) {
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(key) !== after.get(key)) changes.set(key, now);
  }
}

// The change times of stored data, for the parts this questionnaire has: anything else is
// dropped (storage is untrusted too), and no more entries are read than a record may have parts.
export function checkChanges(model, data) {
  const changes = new Map();
  const given = isObject(data) && isObject(data.changes) ? data.changes : {};
  const nodes = targetNodes(model);
  const most = 2 * model.itemIndex.size + model.contextIndex.size + 2 + nodes.size;
  for (const key of Object.keys(given)) {
    if (changes.size >= most) break;
    const time = given[key];
    const [kind, id] = [key.slice(0, 2), key.slice(2)];
    const known =
      ((kind === "v:" || kind === "n:") && model.itemIndex.has(id)) ||
      (kind === "c:" && model.contextIndex.has(id)) ||
      (kind === "r:" && (id === "name" || id === "team")) ||
      (kind === "t:" && nodes.has(id));
    if (known && Number.isFinite(time) && time > 0) changes.set(key, time);
  }
  return changes;
}

// The nodes a respondent may set a target on, as target parts name them.
export function targetNodes(model) {
  return new Set([
    "overall",
    ...model.sections.map((s) => `s/${s.id}`),
    ...(model.areas || []).map((a) => `a/${a.id}`),
  ]);
}

// Set one part of a record from its JSON text (undefined: remove it).
function setPart(record, key, text) {
  const [kind, id] = [key.slice(0, 2), key.slice(2)];
  const value = text === undefined ? undefined : JSON.parse(text);
  if (kind === "t:") {
    setOwnTarget(record, id, value);
  } else if (kind === "r:") {
    record.respondent = { ...record.respondent, [id]: value || "" };
  } else if (kind === "c:") {
    if (value === undefined) delete record.context[id];
    else record.context[id] = value;
  } else {
    const answer = { ...(record.answers[id] || {}) };
    const part = kind === "v:" ? "value" : "note";
    if (value === undefined) delete answer[part];
    else answer[part] = value;
    if (Object.keys(answer).length) record.answers[id] = answer;
    else delete record.answers[id];
  }
}

// This tab's record and the stored one, merged: each part from whichever changed it last. `mine`
// is left as it is. `kept`: the merge holds something the stored record lacks (it must then be
// written back: storage lost it in a race); `took`: it holds something of the stored one that
// `mine` lacked (the page must draw it).
export function mergeRecords(mine, mineChanges, stored, storedChanges) {
  const record = {
    ...stored,
    respondent: { ...stored.respondent },
    context: Object.assign(Object.create(null), stored.context),
    answers: Object.assign(Object.create(null), stored.answers),
  };
  const changes = new Map(storedChanges);
  const [ours, theirs] = [partsOf(mine), partsOf(stored)];
  let [kept, took] = [false, false];
  for (const key of new Set([...ours.keys(), ...theirs.keys(), ...mineChanges.keys()])) {
    const time = mineChanges.get(key) || 0;
    const differ = ours.get(key) !== theirs.get(key);
    if (time <= (storedChanges.get(key) || 0)) {
      took ||= differ;
      continue;
    }
    changes.set(key, time);
    kept = true;
    if (differ) setPart(record, key, ours.get(key));
  }
  for (const field of ["created", "updated"]) {
    const earlier = mine[field] < stored[field];
    if (field === "created" ? earlier : !earlier) record[field] = mine[field];
  }
  return { record, changes, kept, took };
}

// The text a browser stores: the record and when each of its parts changed.
export const storedText = (record, changes) =>
  JSON.stringify({ ...record, changes: Object.fromEntries(changes) });

// How deep the JSON text nests, up to `limit`: a linear scan of the text, before JSON.parse, so a
// file nested 100,000 deep is refused here as on the command line (results/read.py: too_deep).
export function tooDeep(text, limit = MAX_DEPTH) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i += 1; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 125 || c === 93) {
      depth -= 1;
    }
  }
  return false;
}

// Parse a file's text; the size is checked before reading, by the caller.
export function parseRecord(model, text) {
  if (tooDeep(text)) throw new RecordError(STRINGS.errTooDeep(MAX_DEPTH));
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RecordError(STRINGS.errNotJson);
  }
  return checkRecord(model, data);
}

export function counts(record) {
  const answers = Object.values(record.answers);
  return {
    answers: answers.filter((a) => a.value !== undefined).length,
    notes: answers.filter((a) => a.note).length,
  };
}

// Items whose answer or note differs between two records.
export function changedItems(before, after) {
  const ids = new Set([...Object.keys(before.answers), ...Object.keys(after.answers)]);
  return [...ids].filter((id) => {
    const a = before.answers[id] || {};
    const b = after.answers[id] || {};
    return a.value !== b.value || (a.note || "") !== (b.note || "");
  });
}

// The results file: the record plus its scores, for people and tools to read: every node under the
// questionnaire's rules (score 0-100; value and max on the scale people read; level; staircase
// step; target), and the rules themselves. results/report.py `--format json` prints the same.
export function resultsFile(model, record, scores) {
  const node = (n) => ({
    score: n.score,
    value: n.value,
    max: n.max,
    so_far: n.so_far,
    level: n.level,
    target: n.target,
    ...(n.stair ? { stair: n.stair.reached } : {}),
  });
  const sections = {};
  for (const [id, s] of Object.entries(scores.sections)) {
    sections[id] = {
      score: s.score,
      answered: s.answered,
      included: s.included,
      applicable: s.applicable,
      na: s.na,
      ...node(s),
    };
  }
  const areas = {};
  for (const [id, a] of Object.entries(scores.areas)) areas[id] = node(a);
  const verdicts = {};
  for (const [id, v] of Object.entries(scores.verdicts)) verdicts[id] = v.holds;
  return {
    ...record,
    questionnaire: { ...record.questionnaire, title: model.title },
    scores: {
      overall: scores.overall,
      level: scores.level,
      answered: scores.answered,
      included: scores.included,
      applicable: scores.applicable,
      na: scores.na,
      sections,
      verdicts,
      rules: rules(model),
      whole: node(scores.whole),
      ...(Object.keys(areas).length ? { areas } : {}),
    },
  };
}
