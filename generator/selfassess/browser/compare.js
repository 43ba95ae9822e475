// Comparing the answers showing with a baseline: a snapshot, or a results file read like an import
// (same size limit, same checks, same messages) that changes nothing but the view. results.js adds
// the score then and the change to the table and overlays the radar; below the table this shows
// what the baseline is, the change of the overall score, the way back, and each statement whose
// answer or note changed.
import { banner, fill, h } from "./dom.js";
import { itemLink } from "./plan.js";
import { changedItems, RecordError } from "./record.js";
import { nodeScore } from "./nodes.js";
import { NOT_APPLICABLE, rules } from "./score.js";
import { STRINGS, formatChange, otherVersion } from "./strings.js";
import { readFile, skippedList, viewOf } from "./views.js";

// Draws the comparison into `part` whenever the page's view, baseline or answers change. Returns
// what starts a comparison: use(view) with a view, file(file, messages) with a chosen file.
export function mountCompare(page, part) {
  const render = () => fill(part, page.baseline ? comparison(page) : null);
  // results.js draws the table and the chart; this part follows each of its redraws.
  page.onRender(render);
  render();
  const use = (view) => {
    page.compare(view);
    // Keyboard users land on the way back; everyone sees the table that changed.
    const stop = part.querySelector(".sa-compare__stop");
    if (stop) stop.focus({ preventScroll: true });
    const heading = part.closest("article") && part.closest("article").querySelector("h2#sections");
    (heading || page.parts.sections).scrollIntoView();
  };
  return { use, file: (file, messages) => compareFile(page, file, messages, use) };
}

function comparison(page) {
  const { model } = page.assessment;
  const base = page.baseline;
  const now = page.current();
  const changed = new Set(changedItems(base.record, now.record));
  const items = model.sections
    .flatMap((s) => s.items)
    .filter((i) => changed.has(i.id))
    .map((i) => model.itemIndex.get(i.id));
  const label = (item, answer) => {
    const value = answer && answer.value;
    if (value === undefined) return STRINGS.notAnswered;
    return value === NOT_APPLICABLE ? STRINGS.notApplicable : model.scale_labels[item.scale][value];
  };
  return h(
    "div",
    { class: "sa-compare" },
    h(
      "p",
      { class: "sa-compare__what" },
      page.viewing
        ? STRINGS.comparingView(now.title, base.title)
        : STRINGS.comparingYours(base.title),
    ),
    // The table gives the change of each section; this, the change of them all, on its scale.
    rules(model).overall === "none"
      ? null
      : h(
          "p",
          { class: "sa-compare__overall" },
          h(
            "strong",
            {},
            STRINGS.overallChange(
              nodeScore(model, base.scores.whole),
              nodeScore(model, now.scores.whole),
              formatChange(base.scores.whole.value, now.scores.whole.value, rules(model).decimals),
            ),
          ),
        ),
    h(
      "p",
      { class: "sa-buttons" },
      h(
        "button",
        { type: "button", class: "md-button sa-compare__stop", onclick: () => page.compare(null) },
        STRINGS.stopComparing,
      ),
    ),
    h("h3", {}, STRINGS.changedHeading),
    h("p", {}, items.length ? STRINGS.changedCount(items.length) : STRINGS.changedNone),
    items.length
      ? h(
          "ul",
          { class: "sa-changes" },
          items.map((item) => {
            const [then, current] = [base.record.answers[item.id], now.record.answers[item.id]];
            const sameAnswer = (then && then.value) === (current && current.value);
            return h(
              "li",
              {},
              itemLink(item, page.links),
              " ",
              h(
                "span",
                { class: "sa-changes__answers" },
                sameAnswer
                  ? STRINGS.noteChanged
                  : STRINGS.changedFromTo(label(item, then), label(item, current)),
              ),
            );
          }),
        )
      : null,
  );
}

async function compareFile(page, file, messages, use) {
  const { model } = page.assessment;
  let checked;
  try {
    checked = await readFile(model, file);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    fill(messages, banner("failure", STRINGS.compareFailed(file.name, error.message)));
    return;
  }
  const { skipped } = checked;
  fill(
    messages,
    checked.otherVersion || skipped.length
      ? banner(
          "warning",
          STRINGS.comparingFile(file.name),
          checked.otherVersion
            ? h("p", {}, otherVersion("olderVersion", checked.version, model.version))
            : null,
          skipped.length
            ? [h("p", {}, STRINGS.importedSkipped(checked.skippedCount)), skippedList(skipped)]
            : null,
        )
      : null,
  );
  use(viewOf(model, checked.record, STRINGS.quoted(file.name)));
}
