// Entry point: finds the questionnaire page that is showing and brings it to life. Material's
// instant navigation swaps pages without reloading this script, so set-up runs on each page
// change (`document$`), once per page; listeners on window are added only once, here.
import { openAssessment, redraw, reload, retrySaving, subscribe } from "./assessment.js";
import { banner, download, h } from "./dom.js";
import { mountIntro, mountSection } from "./form.js";
import { scoreAssessment } from "./score.js";
import { STRINGS, useText } from "./strings.js";
import * as store from "./store.js";

const MOUNT = { intro: mountIntro, section: mountSection }; // the rest come with the reports bundle
let current = null; // the assessment of the page showing

// The results and team pages are drawn by the reports bundle (generate/assets.py), which sits
// beside this script and is loaded the first time such a page shows, so a section page carries
// only the core.
const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const REPORTS = script && script.src.replace(/selfassess\.js(\?.*)?$/, "selfassess-reports.js");
let reports = null; // the loading bundle: a promise
let waiting = null; // the page waiting for it: [root, data]

// Called by the reports bundle for each kind of page it draws.
export function definePage(kind, mountPage) {
  MOUNT[kind] = mountPage;
  if (waiting && waiting[0].dataset.saPage === kind && waiting[0].isConnected) start(...waiting);
}

function requestReports() {
  reports ||= new Promise((resolve, reject) => {
    document.head.append(h("script", { src: REPORTS, onload: resolve, onerror: reject }));
  });
  return reports;
}

function loadReports(root, data) {
  waiting = [root, data];
  requestReports().catch(() => {
    if (!root.isConnected) return;
    root.hidden = false; // the page's parts wait, hidden, for a script that will not come: say so
    root.prepend(banner("failure", STRINGS.reportsMissing));
  });
}

// Links the generator placed in the page, resolved by the site engine for this page's URL (so
// they hold with and without directory URLs, over HTTP and from file://).
function pageLinks(root) {
  const hrefs = new Map();
  for (const link of root.parentElement.querySelectorAll("a[data-sa-link]")) {
    hrefs.set(link.dataset.saLink, link.getAttribute("href"));
  }
  const section = (id) => hrefs.get(`section:${id}`);
  return {
    start: hrefs.get("start"),
    results: hrefs.get("results"),
    section,
    item: (sectionId, itemId) => `${section(sectionId)}#${itemId}`,
  };
}

// Storage that is blocked or full, or holds another version or a newer format written by another
// tab: say so once, where the person looks; the notice goes when the problem does (storage that
// had no room has some again).
function storageNotice(root, assessment) {
  let problem = store.storageProblem();
  if (assessment.stale) problem = "stale";
  if (assessment.newer) problem = "newer";
  const shown = root.querySelector(".sa-storage");
  if (shown && shown.classList.contains(`sa-storage-${problem}`)) return;
  if (shown) shown.remove();
  if (!problem) return;
  const message = {
    stale: STRINGS.staleTab,
    newer: STRINGS.newerTab,
    full: STRINGS.storageFull,
    unavailable: STRINGS.storageUnavailable,
  };
  const stops = problem === "stale" || problem === "newer";
  const notice = banner(stops ? "failure" : "warning", message[problem]);
  notice.classList.add("sa-storage", `sa-storage-${problem}`);
  root.prepend(notice);
}

function notices(root, assessment) {
  const shown = [];
  for (const notice of assessment.notices.splice(0)) {
    shown.push(
      banner(
        notice.kind,
        notice.message,
        notice.details && notice.details.length
          ? [
              h("p", {}, STRINGS.recoveredSkipped),
              h(
                "ul",
                {},
                notice.details.map((d) => h("li", {}, d)),
              ),
            ]
          : null,
        notice.raw
          ? h(
              "button",
              {
                type: "button",
                class: "md-button",
                onclick: (/** @type {MouseEvent} */ event) => {
                  download(`${assessment.model.id}-${notice.download[1]}.json`, notice.raw);
                  if (!notice.downloaded) return;
                  notice.downloaded(); // the tab may now write where the record was
                  const button = /** @type {HTMLElement} */ (event.currentTarget);
                  button.replaceWith(h("p", { role: "status" }, STRINGS.asideDownloaded));
                },
              },
              notice.download[0],
            )
          : null,
      ),
    );
  }
  root.prepend(...shown);
}

function mount() {
  const root = /** @type {HTMLElement | null} */ (
    document.querySelector(".sa-page[data-sa-model]")
  );
  if (!root || root.dataset.saMounted) return;
  root.dataset.saMounted = "true";
  const data = JSON.parse(root.dataset.saModel);
  useText(data.text, data.language);
  // A questionnaire may speak another language than the site around it.
  const article = root.closest("article");
  if (article && data.language !== document.documentElement.lang) article.lang = data.language;
  if (MOUNT[root.dataset.saPage]) start(root, data);
  else loadReports(root, data);
}

function start(root, data) {
  waiting = null;
  const assessment = openAssessment(data);
  current = assessment;
  root.hidden = false;
  MOUNT[root.dataset.saPage](root, assessment, pageLinks(root));
  notices(root, assessment);
  storageNotice(root, assessment);
  subscribe(assessment, () => storageNotice(root, assessment));
}

store.watch((key) => {
  if (current && key === current.key) reload(current);
});

// Storage that refused a write may have room again: try when the person comes back to the tab.
window.addEventListener("focus", () => current && retrySaving(current));
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && current) retrySaving(current);
});
// Back and Forward may show the page as it was (the browser's page cache), or the browser may
// put back the choices the page had before (its form restore, which runs after the app drew
// them): what is stored may have changed since, so the page is drawn again from the record.
window.addEventListener("pageshow", (event) => {
  if (!current) return;
  if (event.persisted) reload(current);
  else redraw(current);
});

// Printing opens every explanation, so the paper carries them; afterwards they close again. The
// results page prints a report of its own instead (print.js), drawn now.
let opened = [];
window.addEventListener("beforeprint", () => {
  window.dispatchEvent(new Event("selfassess:print"));
  opened = [...document.querySelectorAll("details:not([open])")].filter(
    (details) => !details.closest(":has(> .sa-print)"),
  );
  for (const details of opened) details.open = true;
});
window.addEventListener("afterprint", () => {
  for (const details of opened) details.open = false;
  opened = [];
});

// Material's search dialog has no accessible name (axe: aria-dialog-name); give it the one of its
// own search box. The header survives instant navigation, so once is enough.
const search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
const searchInput = document.querySelector(".md-search__input[aria-label]");
if (search && searchInput)
  search.setAttribute("aria-label", searchInput.getAttribute("aria-label"));

// For people and tests who want the numbers: the same scoring the pages use.
window.selfassess = {
  scoreAssessment,
  current: () => current && { record: current.record, scores: current.scores },
};

// A results or team page opened directly: ask for the reports bundle now, so that it loads while
// Material sets the page up, rather than after.
if (document.querySelector(".sa-page[data-sa-page=results], .sa-page[data-sa-page=team]"))
  requestReports();

// Both: document$ for instant navigation, and the page itself in case document$ never fires (it
// does not under file:// with instant navigation on). mount() runs once per page either way.
if (typeof window.document$ !== "undefined") window.document$.subscribe(mount);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
