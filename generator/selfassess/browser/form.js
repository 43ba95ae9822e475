// The pages where people answer: the intro page (context questions, progress) and the section
// pages (statements, notes). The form controls are the generated page's own; this code keeps
// them and the record in step, and shows progress and the section's score as they change.
import { setAnswer, setContext, setNote, subscribe } from "./assessment.js";
import { announce, fill, h, liveRegion } from "./dom.js";
import { mountKeys } from "./keys.js";
import { mountPager } from "./pager.js";
import { MAX_NOTE } from "./record.js";
import { formatScore, STRINGS } from "./strings.js";

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

const MANY_SECTIONS = 12; // more, and the intro's progress table folds away

export function mountIntro(root, assessment, links) {
  const { model } = assessment;
  const content = root.closest("article") || document.body;
  const status = h("div", { class: "sa-status sa-status--intro" });
  root.append(status);

  content.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-sa-context]");
    if (!fieldset) return;
    const chosen = [...fieldset.querySelectorAll("input:checked")].map((input) => input.value);
    setContext(assessment, fieldset.dataset.saContext, chosen);
  });

  // Many sections: their table, as long as the page's own list of them, folds away under the
  // overall progress and "Continue" (and stays open once opened).
  let unfolded = false;
  const folded = (table) => {
    if (model.sections.length <= MANY_SECTIONS) return table;
    const details = h(
      "details",
      { class: "sa-progress-table" },
      h("summary", {}, STRINGS.progressBySection(model.sections.length)),
      table,
    );
    details.open = unfolded;
    details.addEventListener("toggle", () => {
      unfolded = details.open;
    });
    return details;
  };

  const render = () => {
    const { scores, record } = assessment;
    for (const fieldset of content.querySelectorAll("fieldset[data-sa-context]")) {
      const chosen = record.context[fieldset.dataset.saContext] || [];
      for (const input of fieldset.querySelectorAll("input"))
        input.checked = chosen.includes(input.value);
    }
    if (scores.answered + scores.na === 0) {
      fill(status); // nothing to report before the first answer
      return;
    }
    const next = nextSection(assessment);
    const hidden = hiddenCount(
      assessment,
      model.sections.map((s) => s.id),
    );
    fill(
      status,
      h("h2", {}, STRINGS.sectionsHeading),
      progress(STRINGS.overallProgress, scores.answered + scores.na, scores.applicable),
      hidden ? h("p", {}, STRINGS.hiddenByContext(hidden)) : null,
      folded(
        h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", {}, STRINGS.sectionColumn),
              h("th", {}, STRINGS.answeredColumn),
              h("th", {}, STRINGS.scoreColumn),
            ),
          ),
          h(
            "tbody",
            {},
            model.sections.map((section) => {
              const s = scores.sections[section.id];
              return h(
                "tr",
                {},
                h(
                  "td",
                  {},
                  h(
                    "a",
                    { href: links.section(section.id) },
                    `${section.number}. ${section.title}`,
                  ),
                ),
                h("td", {}, STRINGS.answered(finished(s), s.applicable)),
                h("td", {}, s.score === null ? STRINGS.noScore : formatScore(s.score)),
              );
            }),
          ),
        ),
      ),
      h(
        "p",
        {},
        next
          ? h(
              "a",
              { class: "md-button md-button--primary", href: links.section(next.id) },
              STRINGS.continueAt(next.title),
            )
          : STRINGS.allAnswered,
        " ",
        h("a", { class: "md-button", href: links.results }, STRINGS.seeResults),
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

export function mountSection(root, assessment, links) {
  const { model } = assessment;
  const sectionId = root.dataset.saSection;
  const content = root.closest("article") || document.body;
  // Beside the page root, not in it: a sticky element only sticks within its parent.
  const status = h("div", { class: "sa-status sa-status--sticky" });
  const live = liveRegion();
  root.after(status);
  root.append(live);

  // An answer changes its own statement and the figures, nothing else: after a click only that
  // statement is brought in step (a section may hold hundreds), after anything else all of them.
  let changed = null; // the id of the statement just answered or cleared

  const items = [...content.querySelectorAll(".sa-item[data-sa-item]")].map((element) => {
    const id = element.dataset.saItem;
    const item = model.itemIndex.get(id);
    const radios = [...element.querySelectorAll('input[type="radio"]')];
    const clear = h(
      "button",
      {
        type: "button",
        class: "sa-clear",
        onclick: () => {
          changed = id;
          setAnswer(assessment, id, null);
          radios[0].focus();
        },
      },
      STRINGS.clearAnswer,
    );
    element.querySelector(".sa-options").append(clear);
    const noteId = `sa-note-${id}`;
    const textarea = h("textarea", { id: noteId, rows: 3, autocomplete: "off" });
    textarea.maxLength = MAX_NOTE;
    textarea.addEventListener("input", () => setNote(assessment, id, textarea.value));
    const note = h(
      "div",
      { class: "sa-note", id: `${noteId}-box`, hidden: true },
      h("label", { for: noteId }, STRINGS.noteLabel(item.number)),
      textarea,
    );
    const toggle = h(
      "button",
      {
        type: "button",
        class: "sa-note-toggle",
        "aria-expanded": "false",
        "aria-controls": note.id,
        onclick: () => {
          showNote(toggle, note, note.hidden, Boolean(textarea.value));
          if (!note.hidden) textarea.focus();
        },
      },
      STRINGS.addNote,
    );
    element.querySelector(".sa-options").append(toggle);
    element.querySelector("fieldset").after(note);
    return { id, element, radios, clear, note, toggle, textarea };
  });

  const byId = new Map(items.map((entry) => [entry.id, entry]));
  content.addEventListener("change", (event) => {
    const input = event.target;
    const element = input.closest(".sa-item[data-sa-item]");
    if (input.type !== "radio" || !element) return;
    changed = element.dataset.saItem;
    setAnswer(assessment, element.dataset.saItem, input.value);
  });
  const sync = ({ id, radios, clear, note, toggle, textarea }) => {
    const answer = assessment.record.answers[id] || {};
    for (const radio of radios) radio.checked = radio.value === answer.value;
    clear.hidden = answer.value === undefined;
    if (document.activeElement !== textarea) {
      textarea.value = answer.note || "";
      if (answer.note) showNote(toggle, note, true, true);
      else if (note.hidden) showNote(toggle, note, false, false);
    }
  };
  const pages = mountPager(root, items, {
    applies: (id) => assessment.scores.items[id].applies,
    answered: (id) => Boolean(assessment.record.answers[id] && assessment.record.answers[id].value),
    number: (id) => model.itemIndex.get(id).number,
  });
  root.append(mountKeys(content, items, pages));

  const score = h("strong", { class: "sa-score" });
  const inSection = progressLine(STRINGS.thisSection, " · ", STRINGS.score, " ", score);
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
      items.forEach(sync);
      pages.layout(); // what applies may have changed: another tab, another context
      hidden = hiddenCount(assessment, [sectionId]);
    }
    changed = null;
    pages.refresh();
    const section = scores.sections[sectionId];
    inSection.set(finished(section), section.applicable);
    score.textContent = formatScore(section.score);
    overall.set(scores.answered + scores.na, scores.applicable);
    hiddenNote.hidden = !hidden;
    hiddenText.textContent = hidden ? STRINGS.hiddenByContext(hidden) : "";
    if (cause === "input") {
      announce(
        live,
        STRINGS.announce(formatScore(section.score), finished(section), section.applicable),
      );
    }
  };
  subscribe(assessment, render);
  render("load");
}
