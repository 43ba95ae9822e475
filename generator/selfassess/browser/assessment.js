// One questionnaire being answered: its record, kept in storage, and its scores, kept current.
// Pages subscribe to changes; every change is saved at once, so closing the tab loses nothing.
import {
  checkRecord,
  emptyRecord,
  indexModel,
  isNewerFormat,
  RecordError,
  stamp,
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
    listeners: new Set(),
    record: null,
    scores: null,
  };
  load(assessment);
  return assessment;
}

// Read the stored record. A record that cannot be used is kept aside under another key, never
// overwritten; one from another version of the questionnaire gives back what still fits.
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
        keepAside(assessment, raw);
        const kept = Object.values(record.answers).filter((a) => a.value !== undefined).length;
        assessment.notices.push({
          kind: "warning",
          message:
            checked.version === model.version
              ? STRINGS.edited(kept)
              : STRINGS.upgraded(checked.version, model.version, kept),
          details: checked.skipped,
          raw,
          download: [STRINGS.downloadPrevious, "previous"],
        });
        record.questionnaire = stamp(model);
        write(assessment, JSON.stringify(record));
      }
    } catch (error) {
      if (!(error instanceof RecordError || error instanceof SyntaxError)) throw error;
      assessment.notices.push({
        kind: "failure",
        message: STRINGS.keptAside,
        raw,
        download: [STRINGS.downloadAside, "unreadable"],
      });
      // Free the key only once the copy is safely stored; if storage is full, the record stays
      // where it is (and new answers live in memory), so it is never lost.
      if (keepAside(assessment, raw)) store.remove(key);
    }
  }
  assessment.record = record;
  assessment.scores = scoreAssessment(model, record);
}

// Returns whether the copy reached storage (not just this tab's memory).
function keepAside(assessment, raw) {
  return store.write(`${assessment.key}:aside:${new Date().toISOString()}`, raw);
}

export function subscribe(assessment, listener) {
  assessment.listeners.add(listener);
}

// This tab saves no more: another version of the questionnaire, or a newer format, is stored.
export const stopped = (assessment) => assessment.stale || assessment.newer;

// Save the record's text, unless what storage holds now (written by another tab since this one
// last looked) is of a newer format: that is never overwritten, and this tab stops saving.
function write(assessment, text) {
  const stored = store.readStored(assessment.key);
  if (stored !== null && stored !== assessment.written) {
    let data = null;
    try {
      data = JSON.parse(stored);
    } catch {
      // Not JSON: another tab's problem, which it has kept aside.
    }
    if (isNewerFormat(data)) {
      assessment.newer = true;
      return;
    }
  }
  store.write(assessment.key, text);
  assessment.written = text;
}

// Apply a change to the record, score, save, and tell the page.
export function update(assessment, change, cause = "input") {
  change(assessment.record);
  assessment.record.updated = new Date().toISOString();
  assessment.scores = scoreAssessment(assessment.model, assessment.record);
  if (!stopped(assessment)) write(assessment, JSON.stringify(assessment.record));
  for (const listener of assessment.listeners) listener(cause);
}

// Draw the page again from the record, unchanged (the browser drew over it).
export function redraw(assessment) {
  for (const listener of assessment.listeners) listener("storage");
}

// Storage refused a write before: try again now (the page has the focus again, or shows again),
// and tell the page, whose notice goes once everything is stored.
export function retrySaving(assessment) {
  if (store.storageProblem() === null) return;
  store.retry();
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
  );
}

export const setAnswer = (assessment, id, value) => setPart(assessment, id, "value", value);
export const setNote = (assessment, id, note) => setPart(assessment, id, "note", note);

export function setContext(assessment, question, chosen) {
  update(assessment, (record) => {
    if (chosen.length) record.context[question] = chosen;
    else delete record.context[question];
  });
}

export function setRespondent(assessment, field, value) {
  update(
    assessment,
    (record) => {
      record.respondent = { ...record.respondent, [field]: value };
    },
    "respondent",
  );
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

// Another tab saved this questionnaire: show its record. Never write here: two tabs that each
// rewrote the other's record would do so forever. A record of another version (a tab left open
// across a new release) makes this tab stop saving and ask for a reload.
export function reload(assessment) {
  try {
    const data = JSON.parse(store.read(assessment.key));
    assessment.written = store.readStored(assessment.key);
    if (isNewerFormat(data)) {
      assessment.newer = true;
    } else if (data === null) {
      assessment.record = emptyRecord(assessment.model);
    } else if (data.questionnaire && data.questionnaire.digest !== assessment.model.digest) {
      assessment.stale = true;
    } else {
      assessment.record = checkRecord(assessment.model, data).record;
    }
  } catch {
    return; // the other tab's problem to report; this tab keeps what it shows
  }
  assessment.scores = scoreAssessment(assessment.model, assessment.record);
  for (const listener of assessment.listeners) listener("other-tab");
}
