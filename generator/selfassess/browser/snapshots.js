// Snapshots: named, dated copies of the record (answers, notes, context, respondent), kept in this
// browser beside the answers themselves, under "<the answers' key>:snapshots", to open read-only,
// compare with, download or delete. What is stored there is untrusted like any stored record:
// an entry that cannot be read is left as it is and not listed; nothing is ever dropped unasked.
import { mountCompare } from "./compare.js";
import { banner, confirmDialog, download, fill, h, jsonFileInput, uniqueId } from "./dom.js";
import { checkRecord, RecordError, resultsFile } from "./record.js";
import { nodeScore } from "./nodes.js";
import { rules, scoreAssessment } from "./score.js";
import { STRINGS } from "./strings.js";
import * as store from "./store.js";
import { viewOf } from "./views.js";

export const MAX_SNAPSHOTS = 50;
const MAX_NAME = 200;

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

// The snapshots list showing, kept fresh when another tab saves or deletes one.
let showing = null;
store.watch((key) => {
  if (showing && showing.key === key && showing.container.isConnected) showing.refresh();
});

// What is stored: the list as saved (entries kept as they are, read or not), or the whole text
// when it is not a list at all.
function readStored(key) {
  const raw = store.read(key);
  if (raw === null) return { entries: [], broken: null };
  try {
    const entries = JSON.parse(raw);
    if (Array.isArray(entries)) return { entries, broken: null };
  } catch {
    // Not JSON: reported below like any other unreadable list.
  }
  return { entries: [], broken: raw };
}

// One stored entry as a snapshot to show, or null when it cannot be used. Snapshots of an older
// version of the questionnaire keep the answers that still fit, like an import.
function checkEntry(model, entry) {
  if (
    !isObject(entry) ||
    typeof entry.id !== "string" ||
    typeof entry.name !== "string" ||
    entry.name.length > MAX_NAME ||
    typeof entry.saved !== "string" ||
    Number.isNaN(Date.parse(entry.saved))
  )
    return null;
  try {
    const checked = checkRecord(model, entry.record);
    return {
      id: entry.id,
      name: entry.name,
      saved: entry.saved,
      record: checked.record,
      otherVersion: checked.otherVersion,
      version: checked.version,
    };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return null;
  }
}

export function mountSnapshots(page) {
  const { model } = page.assessment;
  const content = page.parts.summary.closest("article") || document.body;
  const container = content.querySelector('[data-sa-part="snapshots"]');
  let comparePart = content.querySelector('[data-sa-part="compare"]');
  if (!comparePart) page.parts.sections.after((comparePart = h("div")));
  const compare = mountCompare(page, comparePart);
  if (!container) return;

  const key = `${page.assessment.key}:snapshots`;
  const messages = h("div", { class: "sa-snapshots__messages" });
  const notices = h("div");
  const list = h("div");
  const when = (iso) =>
    new Date(iso).toLocaleString(model.language, { dateStyle: "medium", timeStyle: "short" });
  const say = (kind, message, ...extra) => fill(messages, banner(kind, message, ...extra));
  const snapshotView = (snapshot) =>
    viewOf(model, snapshot.record, STRINGS.quoted(snapshot.name), { snapshot: snapshot.id });
  const downloadOne = (record, saved) =>
    download(
      `${model.id}-snapshot-${saved.slice(0, 10)}.json`,
      JSON.stringify(resultsFile(model, record, scoreAssessment(model, record)), null, 2) + "\n",
    );

  const refresh = () => {
    const { entries, broken } = readStored(key);
    const snapshots = entries.map((entry) => checkEntry(model, entry)).filter(Boolean);
    const unreadable = entries.length - snapshots.length;
    fill(
      notices,
      broken !== null ? banner("failure", STRINGS.snapshotsUnreadable) : null,
      unreadable ? banner("warning", STRINGS.snapshotsSkipped(unreadable)) : null,
    );
    fill(
      list,
      snapshots.length
        ? h("ul", { class: "sa-snapshots" }, snapshots.reverse().map(item))
        : h("p", {}, STRINGS.snapshotsNone),
    );
    return snapshots;
  };

  const item = (snapshot) => {
    const nameId = uniqueId("sa-snapshot");
    const view = snapshotView(snapshot);
    const button = (label, onclick, kind = "md-button") =>
      h("button", { type: "button", class: kind, "aria-describedby": nameId, onclick }, label);
    const facts = [
      STRINGS.snapshotSavedOn(when(snapshot.saved)),
      rules(model).overall === "none"
        ? null
        : STRINGS.snapshotOverall(nodeScore(model, view.scores.whole)),
      view.scores.level,
      snapshot.otherVersion ? STRINGS.snapshotVersion(snapshot.version) : null,
    ];
    return h(
      "li",
      { class: "sa-snapshot" },
      h("p", { class: "sa-snapshot__name", id: nameId }, snapshot.name),
      h("p", { class: "sa-snapshot__facts" }, facts.filter(Boolean).join(" · ")),
      h(
        "p",
        { class: "sa-buttons" },
        button(STRINGS.openSnapshot, () => {
          page.show(snapshotView(snapshot));
          const back = content.querySelector(".sa-viewing button");
          if (back) back.focus(); // the banner with the way back is where the page now starts
        }),
        button(STRINGS.compareSnapshot, () => compare.use(snapshotView(snapshot))),
        button(STRINGS.downloadSnapshot, () => downloadOne(snapshot.record, snapshot.saved)),
        button(STRINGS.deleteSnapshot, () => remove(snapshot), "md-button sa-danger"),
      ),
    );
  };

  const save = async () => {
    if (readStored(key).entries.length >= MAX_SNAPSHOTS) {
      say("warning", STRINGS.snapshotsCap(MAX_SNAPSHOTS));
      return;
    }
    const names = new Set(refresh().map((s) => s.name));
    const today = new Date().toLocaleDateString(model.language);
    let name = today;
    for (let n = 2; names.has(name); n += 1) name = `${today} (${n})`;
    const id = uniqueId("sa-snapshot-name");
    const input = h("input", {
      id,
      type: "text",
      value: name,
      maxlength: MAX_NAME,
      autocomplete: "off",
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      input.closest("dialog").close("confirm");
    });
    const answer = confirmDialog({
      title: STRINGS.snapshotDialogTitle,
      body: [
        h("p", {}, STRINGS.snapshotDialogText),
        h("p", { class: "sa-field" }, h("label", { for: id }, STRINGS.snapshotName), input),
      ],
      confirm: STRINGS.saveSnapshotConfirm,
      cancel: STRINGS.cancel,
    });
    input.focus();
    input.select();
    if (!(await answer)) return;
    keep(input.value.trim() || name);
  };

  // The copy is taken when the person confirms, so it holds exactly the answers showing then.
  const keep = (name) => {
    const { entries, broken } = readStored(key);
    if (entries.length >= MAX_SNAPSHOTS) {
      say("warning", STRINGS.snapshotsCap(MAX_SNAPSHOTS));
      return;
    }
    const saved = new Date().toISOString();
    const entry = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      name,
      saved,
      record: JSON.parse(JSON.stringify(page.assessment.record)),
    };
    const offer = h(
      "p",
      {},
      h(
        "button",
        { type: "button", class: "md-button", onclick: () => downloadOne(entry.record, saved) },
        STRINGS.downloadInstead,
      ),
    );
    // An unreadable list is kept aside first, so saving never overwrites it.
    const aside = broken === null ? null : store.tryWrite(`${key}:aside:${saved}`, broken);
    const problem =
      aside === "full" ? aside : store.tryWrite(key, JSON.stringify([...entries, entry]));
    if (problem === "full") say("failure", STRINGS.snapshotFull(name), offer);
    else if (problem === "unavailable") say("warning", STRINGS.snapshotMemory(name), offer);
    else say("success", STRINGS.snapshotSaved(name));
    refresh();
  };

  const remove = async (snapshot) => {
    const confirmed = await confirmDialog({
      title: STRINGS.deleteSnapshotTitle,
      body: [h("p", {}, STRINGS.deleteSnapshotText(snapshot.name, when(snapshot.saved)))],
      confirm: STRINGS.deleteSnapshotConfirm,
      cancel: STRINGS.cancel,
      danger: true,
    });
    if (!confirmed) return;
    const kept = readStored(key).entries.filter(
      (entry) => !(isObject(entry) && entry.id === snapshot.id),
    );
    if (kept.length) {
      if (store.tryWrite(key, JSON.stringify(kept)) === "full") {
        say("failure", STRINGS.snapshotNotDeleted(snapshot.name));
        return;
      }
    } else {
      store.remove(key);
    }
    // What showed the deleted snapshot goes with it.
    if (page.viewing && page.viewing.snapshot === snapshot.id) page.show(null);
    if (page.baseline && page.baseline.snapshot === snapshot.id) page.compare(null);
    say("success", STRINGS.snapshotDeleted(snapshot.name));
    refresh();
    saveButton.focus(); // the button that opened the dialog is gone
  };

  const fileInput = jsonFileInput();
  fileInput.addEventListener("change", () => {
    const [file] = fileInput.files;
    fileInput.value = ""; // choosing the same file again must fire "change" again
    if (file) compare.file(file, messages);
  });
  const saveButton = h(
    "button",
    { type: "button", class: "md-button md-button--primary", onclick: save },
    STRINGS.saveSnapshot,
  );
  fill(
    container,
    h(
      "p",
      { class: "sa-buttons" },
      saveButton,
      h(
        "button",
        { type: "button", class: "md-button", onclick: () => fileInput.click() },
        STRINGS.compareFile,
      ),
    ),
    fileInput,
    messages,
    notices,
    list,
  );
  showing = { key, container, refresh };
  refresh();
}
