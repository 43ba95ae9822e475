// One questionnaire being answered: its record, kept in storage, and its scores, kept current.
// Pages subscribe to changes; every change is saved at once, so closing the tab loses nothing, and
// merged part by part with what another tab of the site saved meanwhile, so neither loses either.
import {
  checkChanges,
  checkRecord,
  emptyRecord,
  indexModel,
  isNewerFormat,
  mergeRecords,
  partsOf,
  RecordError,
  setOwnTarget,
  stamp,
  storedText,
  touch,
} from "./record.js";
import { scoreAssessment } from "./score.js";
import { STRINGS } from "./strings.js";
import * as store from "./store.js";

export function openAssessment(data) {
  const model = indexModel(data);
  const key = store.storageKey(model.site, model.id);
  const assessment = {
    model,
    key,
    notices: [], // {kind, message, details, raw, download: [label, file name]} for the page
    stale: false, // another tab holds another version of this questionnaire: stop saving
    newer: false, // storage holds a record of a newer format than this page reads: stop saving
    written: null, // the text this tab last read or wrote under its key
    // A stored text this tab must not overwrite, {raw, aside}: it could not be used whole and
    // storage had no room for its copy under the key `aside` (which waits in memory). Answers
    // wait in memory too, until it is downloaded or the copy is stored.
    held: null,
    listeners: new Set(),
    record: null,
    changes: new Map(), // when each part of the record last changed (record.js: mergeRecords)
    scores: null,
  };
  load(assessment);
  return assessment;
}

// Read the stored record. What cannot be used of it is listed and the whole text kept aside
// under another key before anything overwrites it; one from another version of the questionnaire
// gives back what still fits. With no room to keep it aside, it is held (see `held`).
function load(assessment) {
  const { model, key } = assessment;
  const raw = store.read(key);
  let record = emptyRecord(model);
  assessment.written = raw;
  if (raw !== null) {
    try {
      const data = JSON.parse(raw);
      if (isNewerFormat(data)) {
        // Written by a newer version of the site: left as it is, and this page does not save.
        assessment.newer = true;
        assessment.record = record;
        assessment.scores = scoreAssessment(model, record);
        return;
      }
      const checked = checkRecord(model, data);
      record = checked.record;
      if (checked.otherVersion) {
        const kept = Object.values(record.answers).filter((a) => a.value !== undefined).length;
        const message =
          checked.version === model.version
            ? STRINGS.edited(kept)
            : STRINGS.upgraded(checked.version, model.version, kept);
        record.questionnaire = stamp(model);
        setAside(assessment, raw, "warning", message, checked.skipped, PREVIOUS);
      } else {
        assessment.changes = checkChanges(model, data);
        // This version's record, yet parts of it do not fit (a note over the limit, written by
        // another tool or by hand): they are listed too.
        if (checked.skippedCount) {
          const message = STRINGS.partsDropped(checked.skippedCount);
          setAside(assessment, raw, "warning", message, checked.skipped, PREVIOUS);
        }
      }
      assessment.record = record;
      if (assessment.notices.length) write(assessment); // once: the next load finds it done
    } catch (error) {
      if (!(error instanceof RecordError || error instanceof SyntaxError)) throw error;
      if (setAside(assessment, raw, "failure", STRINGS.keptAside, [], UNREADABLE))
        store.remove(key);
    }
  }
  assessment.record = record;
  assessment.scores = scoreAssessment(model, record);
}

// Keep a stored text aside and tell the page, with a download of it. Returns whether the copy
// reached storage; if not, the text is held where it is and offered as a download, and once it is
// downloaded (or there is room to keep it aside) its key is freed and the answers are saved.
// `download`: the label of its button, and what its file name says it is.
const PREVIOUS = () => [STRINGS.downloadPrevious, "previous"];
const UNREADABLE = () => [STRINGS.downloadAside, "unreadable"];
function setAside(assessment, raw, kind, message, details, download) {
  const key = `${assessment.key}:aside:${new Date().toISOString()}`;
  const aside = store.write(key, raw);
  if (!aside) assessment.held = { raw, aside: key };
  assessment.notices.push({
    kind,
    message: aside ? message : `${message} ${STRINGS.noRoomAside}`,
    details,
    raw,
    download: download(),
    ...(aside ? {} : { downloaded: () => release(assessment) }),
  });
  return aside;
}

export function subscribe(assessment, listener) {
  assessment.listeners.add(listener);
}

// This tab saves no more: another version of the questionnaire, or a newer format, is stored.
export const stopped = (assessment) => assessment.stale || assessment.newer;

// Save the record. What storage holds now, when another tab wrote it since this one last looked,
// is merged in first (returns true when that brought something in); a record of a newer format is
// never overwritten, and this tab stops saving.
function write(assessment) {
  if (assessment.held !== null) {
    store.keep(assessment.key, storedText(assessment.record, assessment.changes));
    return false;
  }
  const stored = store.readStored(assessment.key);
  let merged = false;
  if (stored !== null && stored !== assessment.written) {
    let data = null;
    try {
      data = JSON.parse(stored);
    } catch {
      // Not JSON: another tab's problem, which it has kept aside.
    }
    if (isNewerFormat(data)) {
      assessment.newer = true;
      return false;
    }
    merged = Boolean(mergeStored(assessment, data)?.took);
  }
  const text = storedText(assessment.record, assessment.changes);
  store.write(assessment.key, text);
  assessment.written = text;
  return merged;
}

// Merge a stored record of this questionnaire's version into this tab's; null when it is not one
// (unreadable, or another version: reload() tells the page). See mergeRecords for what it returns.
function mergeStored(assessment, data) {
  const { model } = assessment;
  if (!data || !data.questionnaire || data.questionnaire.digest !== model.digest) return null;
  let stored;
  try {
    stored = checkRecord(model, data).record;
  } catch (error) {
    if (error instanceof RecordError) return null;
    throw error;
  }
  const merged = mergeRecords(
    assessment.record,
    assessment.changes,
    stored,
    checkChanges(model, data),
  );
  assessment.record = merged.record;
  assessment.changes = merged.changes;
  return merged;
}

// Apply a change to the record, score, save, and tell the page (twice when another tab's answers
// came in with the save: the page then draws them too).
// `parts` names the parts the change sets (record.js: partsOf); without it, every part is compared
// before and after, which costs milliseconds on a large record: the clicks and keystrokes name
// theirs.
export function update(assessment, change, cause = "input", parts = null) {
  const before = parts ? null : partsOf(assessment.record);
  change(assessment.record);
  const now = Date.now();
  if (parts) for (const part of parts) assessment.changes.set(part, now);
  else touch(assessment.changes, before, partsOf(assessment.record), now);
  assessment.record.updated = new Date(now).toISOString();
  const merged = !stopped(assessment) && write(assessment);
  assessment.scores = scoreAssessment(assessment.model, assessment.record);
  for (const listener of assessment.listeners) listener(cause);
  if (merged) for (const listener of assessment.listeners) listener("other-tab");
}

// Draw the page again from the record, unchanged (the browser drew over it).
export function redraw(assessment) {
  for (const listener of assessment.listeners) listener("storage");
}

// Storage refused a write before: try again now (the page has the focus again, or shows again),
// and tell the page, whose notice goes once everything is stored. A held record is kept aside
// now if there is room.
export function retrySaving(assessment) {
  const { held } = assessment;
  if (store.storageProblem() === null && held === null) return;
  store.retry(); // the held record's copy first: it waits in memory since before the answers
  if (held !== null && store.readStored(held.aside) === held.raw) release(assessment);
  redraw(assessment);
}

// The held record is safe (downloaded, or its copy stored): free its key and save this tab's
// answers. A copy that never reached storage is forgotten: it was downloaded.
export function release(assessment) {
  const { held } = assessment;
  if (held === null) return;
  assessment.held = null;
  if (store.readStored(held.aside) !== held.raw) store.remove(held.aside);
  store.remove(assessment.key);
  assessment.written = null;
  write(assessment);
  redraw(assessment);
}

// One part of an item's answer, "value" or "note"; an empty value removes the part, and an
// answer with no part left is removed.
function setPart(assessment, id, part, value) {
  update(
    assessment,
    (record) => {
      const answer = { ...(record.answers[id] || {}) };
      if (value) answer[part] = value;
      else delete answer[part];
      if (Object.keys(answer).length) record.answers[id] = answer;
      else delete record.answers[id];
    },
    part === "note" ? "note" : "input",
    [`${part === "note" ? "n" : "v"}:${id}`],
  );
}

export const setAnswer = (assessment, id, value) => setPart(assessment, id, "value", value);
export const setNote = (assessment, id, note) => setPart(assessment, id, "note", note);

export function setContext(assessment, question, chosen) {
  update(
    assessment,
    (record) => {
      if (chosen.length) record.context[question] = chosen;
      else delete record.context[question];
    },
    "input",
    [`c:${question}`],
  );
}

export function setRespondent(assessment, field, value) {
  update(
    assessment,
    (record) => {
      record.respondent = { ...record.respondent, [field]: value };
    },
    "respondent",
    [`r:${field}`],
  );
}

// The respondent's own target of a node ("overall", "s/<id>", "a/<id>"); undefined removes it,
// and the questionnaire's target, if any, applies again.
export function setTarget(assessment, node, value) {
  update(assessment, (record) => setOwnTarget(record, node, value), "target", [`t:${node}`]);
}

export function replaceRecord(assessment, record, cause) {
  update(
    assessment,
    (current) => {
      Object.assign(current, record, { questionnaire: stamp(assessment.model) });
    },
    cause,
  );
}

export function reset(assessment) {
  replaceRecord(assessment, emptyRecord(assessment.model), "reset");
}

// Another tab saved this questionnaire: merge its record into this one and show it. Write back
// only what the other tab's record lacks (it saved without seeing this tab's latest answer); two
// tabs then agree after one round, never rewriting each other's record for ever. A record of
// another version (a tab left open across a new release) makes this tab stop saving and ask for
// a reload.
export function reload(assessment) {
  try {
    const data = JSON.parse(store.read(assessment.key));
    assessment.written = store.readStored(assessment.key);
    if (isNewerFormat(data)) {
      assessment.newer = true;
    } else if (data === null) {
      assessment.record = emptyRecord(assessment.model);
      assessment.changes = new Map();
    } else if (data.questionnaire && data.questionnaire.digest !== assessment.model.digest) {
      assessment.stale = true;
    } else if (mergeStored(assessment, data)?.kept && !stopped(assessment)) {
      write(assessment);
    }
  } catch {
    return; // the other tab's problem to report; this tab keeps what it shows
  }
  assessment.scores = scoreAssessment(assessment.model, assessment.record);
  for (const listener of assessment.listeners) listener("other-tab");
}
