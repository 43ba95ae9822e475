// The team view: a facilitator loads the results files of several people (picked or dropped) and
// sees per section the mean, lowest and highest score, a radar of the spread, and the statements
// they disagree on most, with every rater's answer and note side by side.
//
// The files are read in this page only and kept in its memory, never stored: they hold colleagues'
// notes, which the facilitator may not mean to leave in a shared browser, and 500 files would not
// fit the storage a browser gives a site anyway. Leaving or reloading the page forgets them.
import { answersCsv } from "./csv.js";
import { banner, download, fill, h, jsonFileInput, uniqueId } from "./dom.js";
import { itemLink } from "./plan.js";
import { radarChart, radarLegend } from "./radar.js";
import { MAX_FILE_BYTES } from "./record.js";
import { NOT_APPLICABLE, rules } from "./score.js";
import { readShareLink, SHARE_PREFIX, ShareError } from "./share.js";
import { STRINGS, formatScore, otherVersion } from "./strings.js";
import {
  byTeam,
  disputed,
  itemScore,
  raterNames,
  raterOf,
  readResults,
  sectionStats,
  stat,
  statScore,
  teamDifferences,
  teamStats,
} from "./team-stats.js";

const TOP = 10; // disputed statements shown at first, and added by each "show more"
const OPEN_LIST = 12; // a longer list of raters starts folded
const SHOW_NOTES = 3; // notes of skipped parts named per file
// Pasted share links, or a text file of them: this many lines at most, this much text.
const MAX_LINES = 2000;
const MAX_LINKS_CHARS = 16 * 1024 * 1024;

export function mountTeam(root, assessment, links) {
  const { model } = assessment;
  const content = root.closest("article") || document.body;
  const part = (name) => content.querySelector(`[data-sa-part="${name}"]`) || h("div");
  const parts = { files: part("files"), sections: part("sections"), disputed: part("disputed") };
  const team = { raters: [], shown: TOP, grouped: false };
  const messages = h("div", { class: "sa-messages" });
  const list = h("div", { class: "sa-team__raters" });

  const csv = () => {
    const date = new Date().toISOString().slice(0, 10);
    download(`${model.id}-team-${date}.csv`, answersCsv(model, team.raters));
  };
  const clear = () => {
    team.raters = [];
    fill(messages);
    team.render();
  };
  const actions = h(
    "p",
    { class: "sa-actions" },
    h(
      "button",
      { type: "button", class: "md-button md-button--primary", onclick: csv },
      STRINGS.teamCsv,
    ),
    h(
      "button",
      { type: "button", class: "md-button sa-danger", onclick: clear },
      STRINGS.teamClear,
    ),
  );

  team.render = () => {
    const names = raterNames(team.raters);
    team.raters.forEach((rater, i) => {
      rater.name = names[i];
    });
    fill(list, ...raterList(team));
    actions.hidden = !team.raters.length;
    const teams = byTeam(team.raters).length;
    const grouped = team.grouped && teams >= 2;
    fill(
      parts.sections,
      teams >= 2 ? groupToggle(team, teams) : null,
      ...(grouped ? teamTable(model, team.raters) : sectionTable(model, team.raters)),
    );
    fill(
      parts.disputed,
      ...(grouped ? differencesList(model, team, links) : disputedList(model, team, links)),
    );
  };

  // Files, pasted links or text files of links, read and checked one at a time (only one file's
  // text is held, never 500 at once); a rater already loaded is named and not counted twice.
  const add = async (sources) => {
    const raters = [];
    const problems = [];
    const again = []; // {file, same}: a file of a rater already loaded, not counted twice
    const loaded = new Map(team.raters.map((r) => [r.key, r.file]));
    const use = (read) => {
      for (const rater of read.raters) {
        if (loaded.has(rater.key)) {
          again.push({ file: rater.file, same: loaded.get(rater.key) });
          continue;
        }
        loaded.set(rater.key, rater.file);
        raters.push(rater);
      }
      problems.push(...read.problems);
    };
    for (const source of sources) {
      if (typeof source === "string") {
        use(await readLinks(model, source, STRINGS.teamLinkName));
        continue;
      }
      const links = maybeLinks(source);
      const text =
        source.size > (links ? MAX_LINKS_CHARS : MAX_FILE_BYTES) ? "" : await source.text();
      if (links && text && !/^\s*[[{]/.test(text)) {
        use(await readLinks(model, text, (line) => STRINGS.teamFileLinkName(source.name, line)));
      } else {
        use(
          readResults(model, [{ name: source.name, size: text ? text.length : source.size, text }]),
        );
      }
    }
    team.raters.push(...raters);
    team.shown = TOP;
    team.render();
    fill(messages, ...report(raters, problems, again, model));
  };

  const input = jsonFileInput({ multiple: true, accept: ".json,application/json,.txt,text/plain" });
  input.addEventListener("change", () => {
    const chosen = [...input.files];
    input.value = ""; // choosing the same files again must fire "change" again
    if (chosen.length) add(chosen);
  });
  const pasteId = uniqueId("sa-team-links");
  const pasted = h("textarea", { id: pasteId, rows: 3, spellcheck: "false" });
  const paste = h(
    "div",
    { class: "sa-team__paste" },
    h("label", { for: pasteId }, STRINGS.teamPasteLabel),
    pasted,
    h(
      "p",
      { class: "sa-actions" },
      h(
        "button",
        {
          type: "button",
          class: "md-button",
          onclick: async () => {
            const text = pasted.value;
            if (!text.trim()) return pasted.focus();
            await add([text.slice(0, MAX_LINKS_CHARS)]);
            pasted.value = "";
          },
        },
        STRINGS.teamPasteAdd,
      ),
    ),
  );
  // The drop zone is a button, so the keyboard reaches it and opens the picker.
  const zone = h(
    "button",
    { type: "button", class: "sa-dropzone", onclick: () => input.click() },
    h("strong", {}, STRINGS.teamChoose),
    " ",
    h("span", {}, STRINGS.teamDrop),
  );
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("sa-dropzone--over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("sa-dropzone--over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("sa-dropzone--over");
    if (event.dataTransfer.files.length) add(event.dataTransfer.files);
  });
  fill(parts.files, zone, input, paste, messages, list, actions);
  team.render();
  return team;
}

// A text file may hold share links rather than a results file; it does when it does not start as
// JSON does.
function maybeLinks(file) {
  return /\.txt$/i.test(file.name) || file.type === "text/plain";
}

// Share links, one per line (blank lines skipped): each one a rater, or one line saying why not.
// name(line number) names where a link came from in the messages and the list of raters.
async function readLinks(model, text, name) {
  const raters = [];
  const problems = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.slice(0, MAX_LINES).entries()) {
    const link = line.trim();
    if (!link) continue;
    const file = name(index + 1);
    const at = link.indexOf(SHARE_PREFIX);
    if (at < 0) {
      problems.push({ file, why: STRINGS.teamNotALink });
      continue;
    }
    try {
      const record = await readShareLink(model, link.slice(at + SHARE_PREFIX.length));
      raters.push(raterOf(model, file, { record }));
    } catch (error) {
      if (!(error instanceof ShareError)) throw error;
      const parts = error.details.slice(0, SHOW_NOTES).join("; ");
      problems.push({ file, why: parts ? `${error.message} ${parts}` : error.message });
    }
  }
  if (lines.length > MAX_LINES)
    problems.push({ file: name(MAX_LINES + 1), why: STRINGS.teamTooManyLines(MAX_LINES) });
  return { raters, problems };
}

// One line per file left out, and one per file used with a reservation (another version, parts
// skipped), so the facilitator knows which colleague to ask for a new file.
function report(raters, problems, again, model) {
  const out = [];
  if (raters.length) out.push(banner("success", STRINGS.teamAdded(raters.length)));
  if (again.length) {
    const lines = again.map(({ file, same }) =>
      h("li", {}, STRINGS.teamFileLine(file, STRINGS.teamSameAs(same))),
    );
    out.push(banner("info", STRINGS.teamAlreadyLoaded(again.length), h("ul", {}, lines)));
  }
  if (problems.length) {
    out.push(
      banner(
        "failure",
        STRINGS.teamLeftOut(problems.length),
        h(
          "ul",
          {},
          problems.map(({ file, why }) => h("li", {}, STRINGS.teamFileLine(file, why))),
        ),
      ),
    );
  }
  const notes = [];
  for (const rater of raters) {
    const why = [];
    if (rater.otherVersion)
      why.push(otherVersion("teamOtherVersion", rater.version, model.version));
    if (rater.skippedCount) {
      const more = rater.skippedCount - SHOW_NOTES;
      why.push(
        STRINGS.teamSkipped(
          rater.skippedCount,
          rater.skipped.slice(0, SHOW_NOTES).join("; ") +
            (more > 0 ? `; ${STRINGS.andMore(more)}` : ""),
        ),
      );
    }
    if (why.length) notes.push(h("li", {}, STRINGS.teamFileLine(rater.file, why.join(" "))));
  }
  if (notes.length)
    out.push(banner("warning", STRINGS.teamUsedWithNotes(notes.length), h("ul", {}, notes)));
  return out;
}

function raterList(team) {
  const { raters } = team;
  if (!raters.length) return [h("p", { class: "sa-team__empty" }, STRINGS.teamEmpty)];
  const remove = (rater) => {
    team.raters = team.raters.filter((r) => r !== rater);
    team.render();
  };
  const details = h(
    "details",
    { class: "sa-team__list", open: raters.length <= OPEN_LIST },
    h("summary", {}, STRINGS.teamRaters(raters.length)),
    h(
      "ul",
      {},
      raters.map((rater) =>
        h(
          "li",
          {},
          h("span", { class: "sa-team__name" }, rater.name),
          rater.name !== rater.file.replace(/\.json$/, "")
            ? h("span", { class: "sa-team__file" }, rater.file)
            : null,
          h(
            "button",
            {
              type: "button",
              class: "md-button sa-team__remove",
              "aria-label": STRINGS.teamRemoveLabel(rater.name),
              onclick: () => remove(rater),
            },
            STRINGS.teamRemove,
          ),
        ),
      ),
    ),
  );
  return [details];
}

function sectionTable(model, raters) {
  if (!raters.length) return [h("p", {}, STRINGS.teamNoFiles)];
  const { sections, areas, overall } = sectionStats(model, raters);
  const tableId = uniqueId("sa-team-scores");
  const row = (label, s) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, label),
      [s.mean, s.min, s.max].map((v) => h("td", {}, statScore(model, v, s.most))),
      h("td", {}, String(s.n)),
    );
  const head = (first) =>
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        [first, STRINGS.teamMean, STRINGS.teamLowest, STRINGS.teamHighest, STRINGS.teamN].map(
          (text) => h("th", { scope: "col" }, text),
        ),
      ),
    );
  const scrolling = (table) =>
    h(
      "div",
      { class: "md-typeset__scrollwrap sa-scores sa-team__scores" },
      h("div", { class: "md-typeset__table" }, table),
    );
  const hasOverall = rules(model).overall !== "none";
  const out = [
    scrolling(
      h(
        "table",
        { id: tableId },
        head(STRINGS.sectionColumn),
        h(
          "tbody",
          {},
          model.sections.map((section, i) =>
            row(`${section.number}. ${section.title}`, sections[i]),
          ),
        ),
        hasOverall ? h("tfoot", {}, row(STRINGS.overall, overall)) : null,
      ),
    ),
  ];
  if (!hasOverall) out.push(h("p", {}, STRINGS.noOverall));
  if (model.sections.length >= 3) out.push(spreadRadar(model, sections, tableId, STRINGS.teamMean));
  if (areas.length)
    out.push(
      scrolling(
        h(
          "table",
          {},
          h("caption", {}, STRINGS.areasHeading),
          head(STRINGS.areaColumn),
          h(
            "tbody",
            {},
            model.areas.map((area, i) => row(area.title, areas[i])),
          ),
        ),
      ),
    );
  return out;
}

// The radar of a band per section from its lowest to its highest figure, the mean as a line,
// drawn as shares of each rater's scale; under each label the mean as the table writes it.
function spreadRadar(model, stats, tableId, meanName) {
  const labels = model.sections.map((section) => `${section.number}. ${section.title}`);
  const spread = {
    kind: "spread",
    name: STRINGS.teamSpread,
    values: stats.map((s) => s.score.mean),
    low: stats.map((s) => s.score.min),
    high: stats.map((s) => s.score.max),
  };
  const texts = stats.map((s) => statScore(model, s.mean, s.most));
  return h(
    "figure",
    { class: "sa-radar" },
    radarChart(labels, [spread], { title: STRINGS.teamRadarTitle, describedBy: tableId, texts }),
    radarLegend([spread, { kind: "current", name: meanName }]),
    h("figcaption", {}, STRINGS.teamRadarTitle, ". ", STRINGS.radarNote),
  );
}

// Shown when the raters come from two teams or more: the tables and lists by team, or by rater.
function groupToggle(team, teams) {
  team.groupId = team.groupId || uniqueId("sa-team-group"); // the same box, drawn again
  const id = team.groupId;
  const box = h("input", { id, type: "checkbox", checked: team.grouped });
  box.addEventListener("change", () => {
    team.grouped = box.checked;
    team.shown = TOP;
    team.render();
    document.getElementById(id)?.focus(); // the focus stays on the box drawn anew
  });
  return h(
    "p",
    { class: "sa-team__group" },
    box,
    " ",
    h("label", { for: id }, STRINGS.teamGroup(teams)),
  );
}

const teamName = (team) => team || STRINGS.teamNoTeam;

// One row per team: its raters, its overall score's mean, lowest and highest, and its mean per
// section; the radar shows the team means' range per section.
function teamTable(model, raters) {
  const teams = teamStats(model, raters);
  const tableId = uniqueId("sa-team-teams");
  const hasOverall = rules(model).overall !== "none";
  const score = (s, v) => statScore(model, v, s.most);
  const table = h(
    "table",
    { id: tableId },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, STRINGS.teamColumn),
        h("th", { scope: "col" }, STRINGS.teamN),
        hasOverall
          ? [STRINGS.overall, STRINGS.teamLowest, STRINGS.teamHighest].map((text) =>
              h("th", { scope: "col" }, text),
            )
          : null,
        model.sections.map((section) =>
          h("th", { scope: "col", title: section.title }, `${section.number}.`),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      teams.map((t) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, teamName(t.team)),
          h("td", {}, String(t.raters)),
          hasOverall
            ? [t.overall.mean, t.overall.min, t.overall.max].map((v) =>
                h("td", {}, score(t.overall, v)),
              )
            : null,
          t.sections.map((s) => h("td", {}, score(s, s.mean))),
        ),
      ),
    ),
  );
  const out = [
    h(
      "p",
      {},
      STRINGS.teamRatersInTeams(raters.length, teams.length),
      ". ",
      hasOverall ? STRINGS.teamByTeamText : STRINGS.teamByTeamTextNoOverall,
    ),
    h(
      "p",
      { class: "sa-team__key" },
      STRINGS.teamSectionsKey,
      " ",
      model.sections.map((s) => `${s.number}. ${s.title}`).join(" · "),
    ),
    h(
      "div",
      { class: "md-typeset__scrollwrap sa-scores sa-team__scores" },
      h("div", { class: "md-typeset__table" }, table),
    ),
  ];
  if (model.sections.length >= 3) {
    // The band runs from the lowest to the highest team mean of each section.
    const stats = model.sections.map((_, i) => {
      const scored = teams.map((t) => t.sections[i]).filter((s) => s.n);
      return {
        mean: stat(scored.map((s) => s.mean)).mean,
        score: stat(scored.map((s) => s.score.mean)),
        most: {
          min: Math.min(...scored.map((s) => s.most.min)),
          max: Math.max(...scored.map((s) => s.most.max)),
        },
      };
    });
    out.push(spreadRadar(model, stats, tableId, STRINGS.teamTeamMean));
  }
  return out;
}

// Grouped by team: first how the teams differ, then how raters of one team disagree.
function differencesList(model, team, links) {
  const { between, within } = teamDifferences(model, team.raters);
  const teams = byTeam(team.raters);
  const shown = (found) => found.slice(0, team.shown);
  const more = Math.max(between.length, within.length) - team.shown;
  const showMore = () => {
    team.shown += TOP;
    team.render();
  };
  const entry = (kind) => (found) =>
    h("li", { class: "sa-disputed__item" }, differenceItem(model, teams, found, kind, links));
  return [
    h("h3", {}, STRINGS.teamBetween),
    between.length
      ? [
          h("p", {}, STRINGS.teamBetweenIntro(between.length)),
          h("ol", { class: "sa-disputed" }, shown(between).map(entry("between"))),
        ]
      : h("p", {}, STRINGS.teamBetweenNone),
    h("h3", {}, STRINGS.teamWithin),
    within.length
      ? [
          h("p", {}, STRINGS.teamWithinIntro(within.length)),
          h("ol", { class: "sa-disputed" }, shown(within).map(entry("within"))),
        ]
      : h("p", {}, STRINGS.teamWithinNone),
    more > 0
      ? h(
          "p",
          { class: "sa-actions" },
          h(
            "button",
            { type: "button", class: "md-button", onclick: showMore },
            STRINGS.teamShowMore(Math.min(more, TOP), more),
          ),
        )
      : null,
  ];
}

// A statement's figures, and per team its mean and answers (between) or each rater's answer and
// note, team by team (within).
function differenceItem(model, teams, { item, section, spread, range, n }, kind, links) {
  const labels = model.scale_labels[item.scale] || {};
  const answerOf = (rater) => {
    const answer = rater.record.answers[item.id] || {};
    if (!rater.scores.items[item.id].applies) return STRINGS.teamDoesNotApply;
    if (answer.value === NOT_APPLICABLE) return STRINGS.notApplicable;
    return answer.value ? labels[answer.value] || answer.value : STRINGS.teamNotAnswered;
  };
  const rows = [];
  const means = [];
  for (const { team, raters } of teams) {
    const values = raters.map((r) => itemScore(r, item.id)).filter((v) => v !== null);
    if (!values.length) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    means.push(mean);
    if (kind === "between") {
      const tally = new Map();
      for (const rater of raters) {
        if (rater.scores.items[item.id].value === null) continue;
        tally.set(answerOf(rater), (tally.get(answerOf(rater)) || 0) + 1);
      }
      rows.push(
        h(
          "tr",
          {},
          h("th", { scope: "row" }, teamName(team)),
          h("td", {}, formatScore(mean)),
          h("td", {}, [...tally].map(([label, count]) => `${label} × ${count}`).join(", ")),
        ),
      );
    } else if (values.length >= 2) {
      for (const rater of raters)
        rows.push(
          h(
            "tr",
            {},
            h("th", { scope: "row" }, `${teamName(team)} · ${rater.name}`),
            h("td", {}, answerOf(rater)),
            h(
              "td",
              { class: "sa-disputed__note" },
              (rater.record.answers[item.id] || {}).note || "",
            ),
          ),
        );
    }
  }
  const columns =
    kind === "between"
      ? [STRINGS.teamColumn, STRINGS.teamTeamMean, STRINGS.teamAnswer]
      : [STRINGS.teamRater, STRINGS.teamAnswer, STRINGS.teamNote];
  return [
    h("p", { class: "sa-gap__statement" }, itemLink({ ...item, section: section.id }, links)),
    h(
      "p",
      { class: "sa-disputed__figures" },
      kind === "between"
        ? STRINGS.teamBetweenFigures(
            formatScore(spread),
            formatScore(Math.min(...means)),
            formatScore(Math.max(...means)),
            n,
          )
        : STRINGS.teamWithinFigures(formatScore(spread), formatScore(range), n),
    ),
    h(
      "div",
      { class: "md-typeset__scrollwrap sa-disputed__answers" },
      h(
        "div",
        { class: "md-typeset__table" },
        h(
          "table",
          {},
          h("caption", { class: "sa-sr-only" }, STRINGS.teamAnswersTo(item.number)),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              columns.map((c) => h("th", { scope: "col" }, c)),
            ),
          ),
          h("tbody", {}, rows),
        ),
      ),
    ),
  ];
}

function disputedList(model, team, links) {
  const { raters } = team;
  if (raters.length < 2) return [h("p", {}, STRINGS.teamNeedTwo)];
  const found = disputed(model, raters);
  if (!found.length) return [h("p", {}, STRINGS.teamAgree)];
  const shown = found.slice(0, team.shown);
  const more = found.length - shown.length;
  const showMore = () => {
    team.shown += TOP;
    team.render();
  };
  return [
    h("p", {}, STRINGS.teamDisputedIntro(found.length)),
    h(
      "ol",
      { class: "sa-disputed" },
      shown.map((entry) =>
        h("li", { class: "sa-disputed__item" }, disputedItem(model, raters, entry, links)),
      ),
    ),
    more > 0
      ? h(
          "p",
          { class: "sa-actions" },
          h(
            "button",
            { type: "button", class: "md-button", onclick: showMore },
            STRINGS.teamShowMore(Math.min(more, TOP), more),
          ),
        )
      : null,
  ];
}

function disputedItem(model, raters, { item, section, spread, n }, links) {
  const labels = model.scale_labels[item.scale] || {};
  const full = { ...item, section: section.id };
  const scores = raters.map((r) => itemScore(r, item.id)).filter((v) => v !== null);
  const shown = (rater) => {
    const answer = rater.record.answers[item.id] || {};
    if (!rater.scores.items[item.id].applies) return STRINGS.teamDoesNotApply;
    if (answer.value === NOT_APPLICABLE) return STRINGS.notApplicable;
    return answer.value ? labels[answer.value] || answer.value : STRINGS.teamNotAnswered;
  };
  const tally = new Map();
  for (const rater of raters) {
    if (rater.scores.items[item.id].value === null) continue;
    const label = shown(rater);
    tally.set(label, (tally.get(label) || 0) + 1);
  }
  const rows = () =>
    raters.map((rater) =>
      h(
        "tr",
        { class: rater.scores.items[item.id].value === null ? "sa-disputed__none" : null },
        h("th", { scope: "row" }, rater.name),
        h("td", {}, shown(rater)),
        h("td", { class: "sa-disputed__note" }, (rater.record.answers[item.id] || {}).note || ""),
      ),
    );
  const answers = () =>
    h(
      "div",
      { class: "md-typeset__scrollwrap sa-disputed__answers" },
      h(
        "div",
        { class: "md-typeset__table" },
        h(
          "table",
          {},
          h("caption", { class: "sa-sr-only" }, STRINGS.teamAnswersTo(item.number)),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, STRINGS.teamRater),
              h("th", { scope: "col" }, STRINGS.teamAnswer),
              h("th", { scope: "col" }, STRINGS.teamNote),
            ),
          ),
          h("tbody", {}, rows()),
        ),
      ),
    );
  // A large team's tables start folded and are built when opened: ten tables of 500 rows each
  // would make the page long to draw and longer to read.
  let table;
  if (raters.length <= OPEN_LIST) {
    table = answers();
  } else {
    table = h(
      "details",
      { class: "sa-disputed__all" },
      h("summary", {}, STRINGS.teamAllAnswers(raters.length)),
    );
    table.addEventListener("toggle", () => {
      if (table.open && !table.querySelector("table")) table.append(answers());
    });
  }
  return [
    h("p", { class: "sa-gap__statement" }, itemLink(full, links)),
    h(
      "p",
      { class: "sa-disputed__figures" },
      STRINGS.teamFigures(
        formatScore(spread),
        formatScore(Math.min(...scores)),
        formatScore(Math.max(...scores)),
        n,
      ),
      " · ",
      [...tally].map(([label, count]) => `${label} × ${count}`).join(", "),
    ),
    table,
  ];
}
