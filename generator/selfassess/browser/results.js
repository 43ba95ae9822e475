// The results page: verdicts, overall score and level, a score per section (table, bars and a
// radar chart), the action plan made of the gaps, and the answers as a file (download, import,
// reset, print). Everything is drawn from the record in this browser; nothing is sent anywhere.
//
// The page shows a "view": {model, record, scores, title}. Mostly that is the live assessment;
// it can also show another record read-only (a snapshot, a shared link) with show(view), and
// compare the one showing with a baseline view with compare(view).
import { replaceRecord, reset, setRespondent, subscribe } from "./assessment.js";
import { banner, confirmDialog, download, fill, h, jsonFileInput, uniqueId } from "./dom.js";
import { downloadCsv } from "./csv.js";
import { actionPlan, itemList, lazyDetails, LONG_LIST, planFilter } from "./plan.js";
import { printedAddress, printedReport } from "./print.js";
import { nodesRadar } from "./radar.js";
import { changedItems, counts, MAX_RESPONDENT, RecordError, resultsFile } from "./record.js";
import { openShared, shareControls } from "./share.js";
import { mountSnapshots } from "./snapshots.js";
import { ownTargets } from "./targets.js";
import { rules } from "./score.js";
import { STRINGS, formatChange, otherVersion } from "./strings.js";
import { contextAnswers, overallFigures, readFile, skippedList } from "./views.js";
import { modelParts, nodeScore, soFarScore, soFarText, unansweredSentence } from "./nodes.js";

// The printed report of the results page showing, drawn when it is printed (app.js sends
// "selfassess:print" before the browser lays the page out for paper) and let go afterwards.
let drawReport = null;
let printedPart = null;
window.addEventListener("selfassess:print", () => drawReport && drawReport());
window.addEventListener("afterprint", () => printedPart && fill(printedPart));

export function mountResults(root, assessment, links) {
  const content = root.closest("article") || document.body;
  const part = (name) => content.querySelector(`[data-sa-part="${name}"]`) || h("div");
  const viewing = h("div", { class: "sa-viewing" });
  const page = {
    assessment,
    links,
    parts: {
      summary: part("summary"),
      verdicts: part("verdicts"),
      sections: part("sections"),
      plan: part("plan"),
      compare: part("compare"),
      actions: part("actions"),
    },
    viewing: null, // a read-only view shown instead of the live answers, or null
    baseline: null, // a view the scores are compared with, or null
    show(view) {
      if (page.viewing && page.viewing !== view && page.viewing.onClose) page.viewing.onClose();
      page.viewing = view;
      render("view");
    },
    compare(view) {
      page.baseline = view;
      render("compare");
    },
    current: () => page.viewing || assessment,
    // Parts drawn by other modules (compare.js) follow each redraw: onRender(draw).
    drawers: [],
    onRender: (draw) => page.drawers.push(draw),
  };
  page.parts.summary.before(viewing);
  mountActions(page.parts.actions, assessment);
  const render = (cause) => {
    draw(cause);
    for (const drawer of page.drawers) drawer(cause);
  };
  const draw = (cause) => {
    const view = page.current();
    fill(viewing, page.viewing ? viewingBanner(page) : null);
    // The actions' fields and buttons act on the live answers.
    page.parts.actions.hidden = Boolean(page.viewing);
    fill(page.parts.summary, ...summary(view, links));
    if (cause === "respondent") return; // the rest does not show who answered
    // Another record is showing, not the live answers: what changed in them waits.
    if (cause !== "view" && cause !== "compare" && page.viewing) return;
    // Explanations a person opened stay open when the results change under them.
    const open = new Set(
      [...content.querySelectorAll("details[data-sa-key][open]")].map((d) => d.dataset.saKey),
    );
    fill(page.parts.verdicts, ...verdicts(view, links));
    const { table, radar, parts } = sectionScores(view, links, page.baseline);
    fill(page.parts.sections, table, radar, ...parts);
    fill(page.parts.plan, ...actionPlan(view, links));
    for (const details of content.querySelectorAll("details[data-sa-key]"))
      details.open = open.has(details.dataset.saKey);
  };
  subscribe(assessment, render);
  render();
  const report = h("div", { class: "sa-print" });
  content.prepend(report);
  printedPart = report;
  const heading = content.querySelector("h1");
  drawReport = () => {
    const view = page.current();
    fill(
      report,
      ...printedReport(view, {
        title: heading ? heading.firstChild.textContent.trim() : view.model.title,
        scoresPart: sectionScores(view, links, page.baseline),
        comparison: printedComparison(page.parts.compare),
        filter: planFilter(view.model.id),
      }),
    );
    // The footer of every page names where the report comes from (print stylesheet, @page).
    const address = STRINGS.reportFrom(printedAddress()).replace(/["\\]/g, "\\$&");
    document.documentElement.style.setProperty("--sa-print-from", `"${address}"`);
  };
  mountSnapshots(page);
  openShared(page); // a shared link's answers, when the address holds one
  return page;
}

// The comparison with a snapshot as compare.js draws it, without its buttons, or null.
function printedComparison(part) {
  const drawn = part.querySelector(".sa-compare");
  if (!drawn) return null;
  const copy = /** @type {HTMLElement} */ (drawn.cloneNode(true));
  for (const control of copy.querySelectorAll(".sa-buttons")) control.remove();
  return copy;
}

// Above a read-only view: what it is, the way back, and what can be done with it.
function viewingBanner(page) {
  const view = page.viewing;
  const messages = h("div", { class: "sa-messages" });
  const adopt = async () => {
    const current = counts(page.assessment.record).answers;
    const confirmed = await confirmDialog({
      title: STRINGS.adoptTitle,
      body: [
        h(
          "p",
          {},
          STRINGS.adoptHolds(view.title, counts(view.record).answers),
          " ",
          current ? STRINGS.importReplaces(current) : STRINGS.importFills,
        ),
      ],
      confirm: STRINGS.importConfirm,
      cancel: STRINGS.cancel,
    });
    if (!confirmed) return;
    replaceRecord(page.assessment, structuredClone(view.record), "import");
    page.show(null);
  };
  return [
    banner(
      "info",
      STRINGS.viewingReadOnly(view.title),
      h(
        "p",
        { class: "sa-actions" },
        h(
          "button",
          { type: "button", class: "md-button md-button--primary", onclick: () => page.show(null) },
          STRINGS.backToYours,
        ),
        h(
          "button",
          { type: "button", class: "md-button", onclick: () => downloadResults(view) },
          STRINGS.download,
        ),
        h("button", { type: "button", class: "md-button", onclick: adopt }, STRINGS.adopt),
      ),
    ),
    messages,
  ];
}

function summary({ model, scores, record }, links) {
  const { name, team } = record.respondent;
  const who =
    name || team
      ? h(
          "p",
          { class: "sa-respondent-line" },
          STRINGS.assessedBy(
            [name, team].filter(Boolean).join(", "),
            new Date(record.updated).toLocaleDateString(),
          ),
        )
      : null;
  if (scores.answered + scores.na === 0) {
    return [
      h(
        "p",
        {},
        STRINGS.noAnswersYet,
        " ",
        h(
          "a",
          { href: links.section(model.sections[0].id) },
          STRINGS.continueAt(model.sections[0].title),
        ),
      ),
    ];
  }
  const open = scores.included - scores.answered;
  const next = model.sections.find((s) => {
    const section = scores.sections[s.id];
    return section.answered < section.included;
  });
  // The context the scores rest on.
  const context = contextAnswers(model, record);
  return [
    who,
    context.length
      ? h("p", { class: "sa-context-line" }, STRINGS.yourContext, " ", context.join(" · "))
      : null,
    overallFigures(model, scores),
    h(
      "p",
      {},
      STRINGS.answered(scores.answered + scores.na, scores.applicable),
      ". ",
      scores.na ? STRINGS.naCount(scores.na) : null,
    ),
    open
      ? h(
          "p",
          { class: "sa-incomplete" },
          unansweredSentence(model, open),
          " ",
          next ? h("a", { href: links.section(next.id) }, STRINGS.continueAt(next.title)) : null,
        )
      : null,
  ];
}

function verdicts({ model, scores }, links) {
  return model.verdicts.map((verdict) => {
    const result = scores.verdicts[verdict.id];
    const [kind, answer] = result.holds
      ? ["success", STRINGS.verdictHolds]
      : result.blocking.length
        ? ["failure", STRINGS.verdictFails]
        : ["info", STRINGS.verdictPending];
    const items = (ids) => ids.map((id) => model.itemIndex.get(id));
    const key = (part) => `verdict:${verdict.id}:${part}`;
    const blocking = items(result.blocking);
    return h(
      "div",
      { class: `admonition ${kind} sa-verdict` },
      h("p", { class: "admonition-title" }, `${verdict.title}: ${answer}`),
      verdict.description ? h("p", {}, verdict.description) : null,
      result.holds ? h("p", {}, STRINGS.verdictAll) : null,
      blocking.length
        ? [
            h("p", {}, STRINGS.verdictBlocking(blocking.length)),
            itemList(blocking.slice(0, LONG_LIST), links),
          ]
        : null,
      blocking.length > LONG_LIST
        ? lazyDetails(
            { "data-sa-key": key("blocking") },
            STRINGS.verdictBlockingMore(blocking.length - LONG_LIST),
            () => itemList(blocking.slice(LONG_LIST), links),
          )
        : null,
      result.missing.length
        ? lazyDetails(
            { "data-sa-key": key("missing") },
            STRINGS.verdictMissing(result.missing.length),
            () => itemList(items(result.missing), links),
          )
        : null,
    );
  });
}

// The section table, the sections' radar (from three sections on, else null) and what the
// scoring models add (modelParts); the page shows them in this order, the printed report puts the
// radar beside the figures. With a baseline, the table adds the score then and the change, and
// the radar overlays the two.
function sectionScores({ model, scores, title }, links, baseline) {
  const tableId = uniqueId("sa-scores");
  const then = (id) => baseline.scores.sections[id].score;
  // A column of the scores over answered statements, where one of them differs.
  const soFar = model.sections.some((section) => soFarText(model, scores.sections[section.id]));
  // Material styles the tables Markdown makes: the same wrappers, and no class on the table.
  const table = h(
    "table",
    { id: tableId },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, STRINGS.sectionColumn),
        h("th", { scope: "col" }, STRINGS.scoreColumn),
        baseline
          ? [
              h("th", { scope: "col" }, STRINGS.thenColumn(baseline.title)),
              h("th", { scope: "col" }, STRINGS.changeColumn),
            ]
          : null,
        h("th", { scope: "col" }, STRINGS.answeredColumn),
        soFar ? h("th", { scope: "col" }, STRINGS.soFarColumn) : null,
      ),
    ),
    h(
      "tbody",
      {},
      model.sections.map((section) => {
        const s = scores.sections[section.id];
        const bar = h("span", { class: "sa-bar__fill" });
        bar.style.width = `${s.score ?? 0}%`;
        return h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            h("a", { href: links.section(section.id) }, `${section.number}. ${section.title}`),
          ),
          h(
            "td",
            {},
            h(
              "span",
              { class: "sa-scores__score" },
              h("span", { class: "sa-bar", "aria-hidden": "true" }, bar),
              h("span", {}, nodeScore(model, s)),
            ),
          ),
          baseline
            ? [
                h("td", {}, nodeScore(model, baseline.scores.sections[section.id])),
                h(
                  "td",
                  {},
                  formatChange(
                    baseline.scores.sections[section.id].value,
                    s.value,
                    rules(model).decimals,
                  ),
                ),
              ]
            : null,
          h("td", {}, STRINGS.answered(s.answered + s.na, s.applicable)),
          soFar ? h("td", {}, soFarScore(model, s)) : null,
        );
      }),
    ),
  );
  const wrapped = h(
    "div",
    { class: "md-typeset__scrollwrap sa-scores" },
    h("div", { class: "md-typeset__table" }, table),
  );
  const parts = modelParts({ model, scores }, links, itemList, nodesRadar);
  let radar = null;
  if (model.sections.length >= 3) {
    const labels = model.sections.map((section) => `${section.number}. ${section.title}`);
    const more = baseline
      ? [{ kind: "baseline", name: baseline.title, values: model.sections.map((s) => then(s.id)) }]
      : [];
    const nodes = model.sections.map((section) => scores.sections[section.id]);
    radar = nodesRadar(model, labels, nodes, {
      name: title || STRINGS.yourAnswers,
      more,
      title: STRINGS.radarTitle,
      describedBy: tableId,
    });
  }
  return { table: wrapped, radar, parts };
}

function mountActions(container, assessment) {
  const messages = h("div", { class: "sa-messages" });
  const field = (name, label) => {
    const id = uniqueId(`sa-${name}`);
    const input = h("input", {
      id,
      type: "text",
      autocomplete: name === "name" ? "name" : "organization",
    });
    input.addEventListener("input", () => setRespondent(assessment, name, input.value));
    input.maxLength = MAX_RESPONDENT;
    return [h("label", { for: id }, label), input];
  };
  const [nameLabel, nameInput] = field("name", STRINGS.name);
  const [teamLabel, teamInput] = field("team", STRINGS.team);
  const fileInput = jsonFileInput();
  fileInput.addEventListener("change", () => {
    const [file] = fileInput.files;
    fileInput.value = ""; // choosing the same file again must fire "change" again
    if (file) importFile(assessment, file, messages);
  });
  fill(
    container,
    h(
      "fieldset",
      { class: "sa-respondent" },
      h("legend", {}, STRINGS.respondent),
      h(
        "div",
        { class: "sa-respondent__fields" },
        h("div", {}, nameLabel, nameInput),
        h("div", {}, teamLabel, teamInput),
      ),
    ),
    ownTargets(assessment),
    h(
      "p",
      { class: "sa-actions" },
      h(
        "button",
        {
          type: "button",
          class: "md-button md-button--primary",
          onclick: () => downloadResults(assessment),
        },
        STRINGS.download,
      ),
      h(
        "button",
        { type: "button", class: "md-button", onclick: () => downloadCsv(assessment) },
        STRINGS.downloadCsv,
      ),
      h(
        "button",
        { type: "button", class: "md-button", onclick: () => fileInput.click() },
        STRINGS.importFile,
      ),
      h(
        "button",
        { type: "button", class: "md-button", onclick: () => window.print() },
        STRINGS.print,
      ),
      h(
        "button",
        {
          type: "button",
          class: "md-button sa-danger",
          onclick: () => confirmReset(assessment, messages),
        },
        STRINGS.reset,
      ),
      fileInput,
    ),
    messages,
    shareControls(assessment),
  );
  const show = () => {
    for (const [input, value] of [
      [nameInput, assessment.record.respondent.name],
      [teamInput, assessment.record.respondent.team],
    ]) {
      if (document.activeElement !== input) input.value = value;
    }
  };
  subscribe(assessment, show);
  show();
}

function downloadResults({ model, record, scores }) {
  const date = new Date().toISOString().slice(0, 10);
  download(
    `${model.id}-results-${date}.json`,
    JSON.stringify(resultsFile(model, record, scores), null, 2) + "\n",
  );
}

async function importFile(assessment, file, messages) {
  let checked;
  try {
    checked = await readFile(assessment.model, file);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    fill(messages, banner("failure", STRINGS.importFailed(file.name, error.message)));
    return;
  }
  const incoming = checked.record;
  const date = checked.dated ? new Date(checked.dated).toLocaleDateString() : "";
  const by = incoming.respondent.name;
  const current = counts(assessment.record).answers;
  const confirmed = await confirmDialog({
    title: current ? STRINGS.importTitle : STRINGS.importTitleEmpty,
    body: [
      h(
        "p",
        {},
        STRINGS.importHolds(file.name, counts(incoming).answers),
        " ",
        current ? STRINGS.importReplaces(current) : STRINGS.importFills,
      ),
      h(
        "p",
        {},
        current
          ? [STRINGS.importChanged(changedItems(assessment.record, incoming).length), " "]
          : null,
        by && date
          ? STRINGS.importByOn(by, date)
          : by
            ? STRINGS.importBy(by)
            : date
              ? STRINGS.importOn(date)
              : null,
      ),
      checked.otherVersion
        ? h("p", {}, otherVersion("olderVersion", checked.version, assessment.model.version))
        : null,
      checked.skipped.length ? h("p", {}, STRINGS.importSkipped) : null,
      skippedList(checked.skipped),
    ],
    confirm: current ? STRINGS.importConfirm : STRINGS.importConfirmEmpty,
    cancel: STRINGS.cancel,
  });
  if (!confirmed) return;
  replaceRecord(assessment, incoming, "import");
  fill(
    messages,
    banner(
      checked.skipped.length || checked.otherVersion ? "warning" : "success",
      STRINGS.imported(file.name, counts(incoming).answers),
      checked.otherVersion
        ? h("p", {}, otherVersion("olderVersion", checked.version, assessment.model.version))
        : null,
      checked.skipped.length
        ? [h("p", {}, STRINGS.importedSkipped(checked.skippedCount)), skippedList(checked.skipped)]
        : null,
    ),
  );
}

async function confirmReset(assessment, messages) {
  const { answers, notes } = counts(assessment.record);
  const confirmed = await confirmDialog({
    title: STRINGS.resetTitle,
    body: [h("p", {}, STRINGS.resetSummary(answers, notes))],
    confirm: STRINGS.resetConfirm,
    cancel: STRINGS.cancel,
    danger: true,
  });
  if (!confirmed) return;
  reset(assessment);
  fill(messages, banner("success", STRINGS.resetDone));
}
