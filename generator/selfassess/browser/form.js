// The pages where people answer: the intro page (context questions, progress) and the section
// pages (statements, notes). The form controls are the generated page's own; this code keeps
// them and the record in step, and shows progress and the section's score as they change.
import { setAnswer, setContext, setNote, subscribe } from "./assessment.js";
import { announce, fill, h, liveRegion } from "./dom.js";
import { mountKeys } from "./keys.js";
import { mountPager } from "./pager.js";
import { nodeScore, soFarText } from "./nodes.js";
import { MAX_NOTE } from "./record.js";
import { STRINGS } from "./strings.js";

function progress(label, done, total, ...extra) {
  return h(
    "div",
    { class: "sa-progress" },
    h("span", { class: "sa-progress__label" }, label),
    h("progress", { max: Math.max(total, 1), value: done, "aria-label": label }),
    h("span", {}, STRINGS.answered(done, total), ...extra),
  );
}

// The same, drawn once and then brought up to date in place: a section page changes it on every
// answer, and rebuilding it each time would make the browser lay out more of the page.
function progressLine(label, ...extra) {
  const bar = h("progress", { max: 1, value: 0, "aria-label": label });
  const count = h("span", {});
  return {
    element: h(
      "div",
      { class: "sa-progress" },
      h("span", { class: "sa-progress__label" }, label),
      bar,
      h("span", {}, count, ...extra),
    ),
    set(done, total) {
      bar.max = Math.max(total, 1);
      bar.value = done;
      count.textContent = STRINGS.answered(done, total);
    },
  };
}

const finished = (s) => s.answered + s.na;

// The first section with a statement left to answer, for "Continue".
function nextSection(assessment) {
  const { model, scores } = assessment;
  return model.sections.find(
    (s) => finished(scores.sections[s.id]) < scores.sections[s.id].applicable,
  );
}

function hiddenCount(assessment, sectionIds) {
  return Object.entries(assessment.scores.items).filter(
    ([id, item]) =>
      !item.applies && sectionIds.includes(assessment.model.itemIndex.get(id).section),
  ).length;
}

// The page's own table of sections (intro.md.j2: No., Section, Items[, Weight]) gains each
// section's progress and score once there are answers, "2 of 8 answered" taking the place of the
// count of items, so that it still fits a phone. One table, not a second one above it. Returns
// what brings it up to date; a table that does not match the model (an edited page) stays as it is.
const ITEMS_COLUMN = 2;
function progressColumns(content, model) {
  const table = content.querySelector(".sa-sections table");
  const rows = table && table.tBodies.length ? [...table.tBodies[0].rows] : [];
  if (!table || !table.tHead || rows.length !== model.sections.length) return () => {};
  const heads = [h("th", {}, STRINGS.answeredColumn), h("th", {}, STRINGS.scoreColumn)];
  table.tHead.rows[0].append(...heads);
  const cells = rows.map((row) => {
    const pair = [h("td", {}), h("td", {})];
    row.append(...pair);
    return pair;
  });
  const items = [table.tHead.rows[0], ...rows].map((row) => row.cells[ITEMS_COLUMN]);
  return (scores, shown) => {
    for (const cell of [...heads, ...cells.flat()]) cell.hidden = !shown;
    for (const cell of items) cell.hidden = shown;
    if (!shown) return;
    model.sections.forEach((section, i) => {
      const s = scores.sections[section.id];
      cells[i][0].textContent = STRINGS.answered(finished(s), s.applicable);
      cells[i][1].textContent = nodeScore(model, s);
    });
  };
}

export function mountIntro(root, assessment, links) {
  const { model } = assessment;
  const content = root.closest("article") || document.body;
  const status = h("div", { class: "sa-status sa-status--intro" });
  root.append(status);
  const columns = progressColumns(content, model);
  // The first visit's "Start with…": once there are answers, the next step above replaces it.
  const start = content.querySelector(".sa-start");

  content.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-sa-context]");
    if (!fieldset) return;
    const chosen = [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
    setContext(assessment, fieldset.dataset.saContext, chosen);
  });

  const render = () => {
    const { scores, record } = assessment;
    for (const fieldset of content.querySelectorAll("fieldset[data-sa-context]")) {
      const chosen = record.context[fieldset.dataset.saContext] || [];
      for (const input of fieldset.querySelectorAll("input"))
        input.checked = chosen.includes(input.value);
    }
    const begun = scores.answered + scores.na > 0;
    columns(scores, begun);
    if (start) start.hidden = begun;
    if (!begun) {
      fill(status); // nothing to report before the first answer
      return;
    }
    const next = nextSection(assessment);
    const hidden = hiddenCount(
      assessment,
      model.sections.map((s) => s.id),
    );
    // One next step: continue where they left off, the results beside it; with every statement
    // answered, the results are the step.
    fill(
      status,
      h("h2", {}, STRINGS.sectionsHeading),
      progress(STRINGS.overallProgress, scores.answered + scores.na, scores.applicable),
      hidden ? h("p", {}, STRINGS.hiddenByContext(hidden)) : null,
      next ? null : h("p", {}, STRINGS.allAnswered),
      h(
        "p",
        { class: "sa-next" },
        next
          ? h(
              "a",
              { class: "md-button md-button--primary", href: links.section(next.id) },
              STRINGS.continueAt(next.title),
            )
          : null,
        h(
          "a",
          { class: next ? "md-button" : "md-button md-button--primary", href: links.results },
          STRINGS.seeResults,
        ),
      ),
    );
  };
  subscribe(assessment, render);
  render();
}

// The note's button says what a click does: add a note, show the one written, or hide it.
function showNote(toggle, note, open, written) {
  note.hidden = !open;
  toggle.setAttribute("aria-expanded", String(open));
  toggle.textContent = open ? STRINGS.hideNote : written ? STRINGS.showNote : STRINGS.addNote;
  toggle.classList.toggle("sa-note-toggle--written", written);
}

// Printed, a long section shows every statement, and so every note: the section page showing
// draws the notes of its other pages when it is printed (app.js sends "selfassess:print").
let drawAllNotes = null;
window.addEventListener("selfassess:print", () => drawAllNotes && drawAllNotes());

export function mountSection(root, assessment, links) {
  const { model } = assessment;
  const sectionId = root.dataset.saSection;
  const content = root.closest("article") || document.body;
  // The progress bar: the page holds it empty, beside the page root (a sticky element only
  // sticks within its parent), and the style sheet keeps its room until it is filled.
  const status = /** @type {HTMLElement} */ (content.querySelector(".sa-status--sticky"));
  const live = liveRegion();
  root.append(live);

  // An answer changes its own statement and the figures, nothing else: after a click only that
  // statement is brought in step (a section may hold hundreds), after anything else all of them.
  let changed = null; // the id of the statement just answered or cleared

  const items = [...content.querySelectorAll(".sa-item[data-sa-item]")].map((element) => {
    const id = element.dataset.saItem;
    const item = model.itemIndex.get(id);
    const radios = [...element.querySelectorAll('input[type="radio"]')];
    // The page holds both buttons (generate/templates/macros.j2); the note's box is noteBox's.
    const clear = /** @type {HTMLButtonElement} */ (element.querySelector(".sa-clear"));
    const toggle = /** @type {HTMLButtonElement} */ (element.querySelector(".sa-note-toggle"));
    clear.addEventListener("click", () => {
      changed = id;
      setAnswer(assessment, id, null);
      radios[0].focus();
    });
    const entry = {
      id,
      element,
      radios,
      clear,
      toggle,
      number: item.number,
      note: /** @type {HTMLElement | null} */ (null),
      textarea: /** @type {HTMLTextAreaElement | null} */ (null),
    };
    toggle.addEventListener("click", () => {
      const { note, textarea } = noteBox(entry);
      showNote(toggle, note, note.hidden, Boolean(textarea.value));
      if (!note.hidden) textarea.focus();
    });
    return entry;
  });

  // A statement's note box, made when first needed (its button, a note stored). Made up front,
  // each box put into a statement hidden until found cost Chromium a layout of the whole page:
  // 193 of them on a section of 200 statements.
  function noteBox(entry) {
    if (!entry.note) {
      const noteId = `sa-note-${entry.id}`;
      const textarea = h("textarea", { id: noteId, rows: 3, autocomplete: "off" });
      textarea.maxLength = MAX_NOTE;
      textarea.addEventListener("input", () => setNote(assessment, entry.id, textarea.value));
      entry.textarea = textarea;
      entry.note = h(
        "div",
        { class: "sa-note", id: `${noteId}-box`, hidden: true },
        h("label", { for: noteId }, STRINGS.noteLabel(entry.number)),
        textarea,
      );
      entry.element.querySelector("fieldset").after(entry.note);
      entry.toggle.setAttribute("aria-controls", entry.note.id);
    }
    return { note: entry.note, textarea: entry.textarea };
  }

  const byId = new Map(items.map((entry) => [entry.id, entry]));
  content.addEventListener("change", (event) => {
    const input = event.target;
    const element = input.closest(".sa-item[data-sa-item]");
    if (input.type !== "radio" || !element) return;
    changed = element.dataset.saItem;
    setAnswer(assessment, element.dataset.saItem, input.value);
  });
  // all: also the note of a statement on another page (for print).
  const sync = (entry, all = false) => {
    const { id, element, radios, clear, toggle } = entry;
    const answer = assessment.record.answers[id] || {};
    for (const radio of radios) radio.checked = radio.value === answer.value;
    clear.hidden = answer.value === undefined;
    if (entry.textarea && document.activeElement === entry.textarea) return;
    // Another page's statement gets its note when its page shows (the pager's shown): a box put
    // into a statement hidden until found costs a layout of the whole page (200 notes: 0.6 s).
    if (!all && element.classList.contains("sa-off-page")) return;
    if (answer.note) {
      const { note, textarea } = noteBox(entry);
      textarea.value = answer.note;
      showNote(toggle, note, true, true);
    } else if (entry.note) {
      entry.textarea.value = "";
      if (entry.note.hidden) showNote(toggle, entry.note, false, false);
    }
  };
  const pages = mountPager(root, items, {
    applies: (id) => assessment.scores.items[id].applies,
    answered: (id) => Boolean(assessment.record.answers[id] && assessment.record.answers[id].value),
    number: (id) => model.itemIndex.get(id).number,
    shown: (entry) => sync(entry),
  });
  drawAllNotes = () => root.isConnected && items.forEach((entry) => sync(entry, true));
  mountKeys(content, items, pages);

  const score = h("strong", { class: "sa-score" });
  // What the answered statements alone score, while unanswered ones count as the lowest answer.
  const soFar = h("span", { class: "sa-so-far" });
  const inSection = progressLine(STRINGS.thisSection, " · ", STRINGS.score, " ", score, soFar);
  const overall = progressLine(
    STRINGS.overallProgress,
    " · ",
    h("a", { href: links.results }, STRINGS.seeResults),
  );
  const hiddenText = h("span", {});
  const hiddenNote = h(
    "p",
    { class: "sa-hidden-note" },
    hiddenText,
    " ",
    h("a", { href: `${links.start}#context` }, STRINGS.changeContext),
  );
  // Only a questionnaire with context questions can hide statements (and has #context to link to).
  fill(status, inSection.element, overall.element, model.context.length ? hiddenNote : null);

  let hidden = 0;
  const render = (cause) => {
    if (cause === "note") return; // typed into a textarea: nothing else on the page changes
    const { scores } = assessment;
    if (cause === "input" && byId.has(changed)) {
      sync(byId.get(changed));
    } else {
      items.forEach((entry) => sync(entry));
      pages.layout(); // what applies may have changed: another tab, another context
      hidden = hiddenCount(assessment, [sectionId]);
    }
    changed = null;
    pages.refresh();
    const section = scores.sections[sectionId];
    inSection.set(finished(section), section.applicable);
    score.textContent = nodeScore(model, section);
    const so = soFarText(model, section);
    soFar.textContent = so ? ` · ${so}` : "";
    overall.set(scores.answered + scores.na, scores.applicable);
    hiddenNote.hidden = !hidden;
    hiddenText.textContent = hidden ? STRINGS.hiddenByContext(hidden) : "";
    if (cause === "input") {
      announce(
        live,
        STRINGS.announce(nodeScore(model, section), finished(section), section.applicable),
      );
    }
  };
  subscribe(assessment, render);
  render("load");
}
