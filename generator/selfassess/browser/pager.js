// Long sections, a page of statements at a time. The page's HTML keeps every statement, for the
// site's search, printing and browsers without JavaScript; here the statements of the other pages
// are hidden "until found", so the browser's find-in-page and links to a statement still reach
// them and open their page. Statements that do not apply to the person's context do not count.
// The page showing is in the address (?page=3), so a reload or a way back lands on it again.
import { announce, h, liveRegion } from "./dom.js";
import { STRINGS } from "./strings.js";

// Up to this many statements, a section is one page; about PAGE_SIZE on each page of a longer
// one, the pages evened out. generate/render.py has their twins: it writes the page with the
// statements after the first page hidden, as layout() hides them when all apply.
export const MOST_ON_ONE_PAGE = 25;
const PAGE_SIZE = 20;

// Chromium reveals `hidden="until-found"` content for find-in-page and links, and tells us first
// (beforematch); other browsers get plain `hidden`, and links still work through hashchange.
const UNTIL_FOUND = "onbeforematch" in document.documentElement ? "until-found" : "";

// "shown", "off-page" (another page's) or "hidden" (does not apply); written only when it changes
// (then true).
function place(element, state) {
  if (element.saPlace === state) return false;
  element.saPlace = state;
  element.classList.toggle("sa-off-page", state === "off-page");
  if (state === "shown") element.hidden = false;
  else if (state === "hidden") element.hidden = true;
  // Off-page: the page comes with the other pages' statements hidden so (generate/render.py),
  // which stay untouched.
  else if (element.getAttribute("hidden") !== UNTIL_FOUND)
    element.setAttribute("hidden", UNTIL_FOUND);
  return true;
}

// The page's content as it flows: runs of statements, each after its heading blocks (a group's
// heading and description), which show on every page that shows one of its statements. Null when
// the statements are not where the generated page puts them (siblings after the page's root).
function segmentsOf(root, entries) {
  const owner = new Map(entries.map((entry) => [entry.element, entry]));
  if (entries.some((entry) => entry.element.parentElement !== root.parentElement)) return null;
  const last = entries[entries.length - 1].element;
  const segments = [];
  let head = [];
  let element = root.nextElementSibling;
  for (; element; element = element.nextElementSibling) {
    const entry = owner.get(element);
    if (entry) {
      if (head.length || !segments.length) segments.push({ head, entries: [], pages: new Set() });
      head = [];
      segments[segments.length - 1].entries.push(entry);
      entry.segment = segments[segments.length - 1];
      if (element === last) break;
    } else if (!element.hidden && !element.matches(".sa-status")) {
      head.push(element);
    }
  }
  return segments;
}

function focusAnswer(entry) {
  // The radio a Tab would reach: the chosen one, else the first.
  (entry.radios.find((radio) => radio.checked) || entry.radios[0]).focus({ preventScroll: true });
}

// A statement on the page showing, focused and brought into view whole (its text above the radio
// and its explanation's summary below it), scrolling no more than that needs.
function goTo(entry) {
  focusAnswer(entry);
  entry.element.scrollIntoView({ block: "nearest" });
}

// The statement `delta` places from `entry` among those that apply, or none.
function neighbour(applying, entry, delta) {
  const index = applying.indexOf(entry);
  return index < 0 ? null : applying[index + delta] || null;
}

// entries: the section's statements in page order, each {id, element, radios}. hooks: applies(id),
// answered(id), number(id), and shown(entry) for each statement a long section's page turn shows.
// Returns layout() for when what applies may have changed (and at the start), refresh() after an
// answer, and step(entry, delta), which moves the focus to the statement `delta` places away among
// those that apply, turning the page to it when it is on another (false when there is none).
export function mountPager(root, entries, hooks) {
  const segments = entries.length > MOST_ON_ONE_PAGE ? segmentsOf(root, entries) : null;
  if (!segments) {
    return {
      layout: () => {
        for (const entry of entries)
          place(entry.element, hooks.applies(entry.id) ? "shown" : "hidden");
      },
      refresh: () => {},
      step: (entry, delta) => {
        const to = neighbour(
          entries.filter((e) => hooks.applies(e.id)),
          entry,
          delta,
        );
        if (to) goTo(to);
        return Boolean(to);
      },
    };
  }

  let shown = []; // the statements that apply, in order
  let page = 0;
  let count = 1;
  let size = 1;
  let unanswered = null; // the first statement that applies and has no answer

  const live = liveRegion();
  root.append(live);
  const nav = (label, end) => {
    const parts = {
      previous: h(
        "button",
        { type: "button", class: "md-button", onclick: () => turn(page - 1) },
        STRINGS.previousPage,
      ),
      range: h("span", { class: "sa-pager__range" }),
      next: h(
        "button",
        { type: "button", class: "md-button", onclick: () => turn(page + 1) },
        STRINGS.nextPage,
      ),
      jump: h("button", { type: "button", class: "sa-pager__jump", onclick: jump }),
    };
    parts.nav = h(
      "nav",
      { class: `sa-pager sa-pager--${end}`, "aria-label": label, hidden: true },
      h("div", { class: "sa-pager__turn" }, parts.previous, parts.range, parts.next),
      parts.jump,
    );
    return parts;
  };
  const navs = [nav(STRINGS.pagerTop, "top"), nav(STRINGS.pagerBottom, "bottom")];
  // In the room the page keeps for it from the first paint (generate/render.py).
  root.parentElement.querySelector(".sa-pager-room").replaceWith(navs[0].nav);
  entries[entries.length - 1].element.after(navs[1].nav);

  const first = () => page * size + 1;
  const last = () => Math.min((page + 1) * size, shown.length);

  function show(target) {
    page = Math.max(0, Math.min(target, count - 1));
    for (const entry of entries) {
      const state = entry.page === null ? "hidden" : entry.page === page ? "shown" : "off-page";
      if (place(entry.element, state) && state === "shown") hooks.shown(entry);
    }
    for (const segment of segments) {
      for (const element of segment.head)
        place(element, segment.pages.has(page) ? "shown" : "off-page");
    }
    for (const parts of navs) {
      parts.nav.hidden = count < 2;
      parts.previous.disabled = page === 0;
      parts.next.disabled = page === count - 1;
      parts.range.textContent = STRINGS.pageRange(first(), last(), shown.length, page + 1, count);
    }
  }

  // The address names the page showing; a link's #statement is kept only while it is on it.
  function remember(keepHash) {
    const url = new URL(location.href);
    if (page > 0) url.searchParams.set("page", String(page + 1));
    else url.searchParams.delete("page");
    if (!keepHash) url.hash = "";
    if (url.href === location.href) return;
    try {
      history.replaceState(history.state, "", url.href);
    } catch {
      // A browser that refuses (some file:// set-ups) only loses the page on reload.
    }
  }

  function turn(target, entry) {
    show(target);
    remember(false);
    const to = entry || shown[first() - 1];
    if (!to) return;
    (entry ? to.element : navs[0].nav).scrollIntoView({ block: "start" });
    focusAnswer(to);
    announce(live, STRINGS.pageShown(page + 1, count, first(), last()));
  }

  function jump() {
    if (unanswered) turn(unanswered.page, unanswered);
  }

  // The page holding an element of the content (a statement, a heading, anything inside them).
  function pageOf(element) {
    let block = element;
    while (block && block.parentElement !== root.parentElement) block = block.parentElement;
    if (!block) return null;
    const entry = entries.find((e) => e.element === block);
    if (entry) return entry.page;
    const segment = segments.find((s) => s.head.includes(block));
    return segment ? Math.min(...segment.pages) : null;
  }

  function target() {
    const id = decodeURIComponent(location.hash.slice(1));
    const element = id && document.getElementById(id);
    return element && root.parentElement.contains(element) ? element : null;
  }

  function layout() {
    const keep = shown[first() - 1]; // the first statement showing stays in view
    shown = entries.filter((entry) => hooks.applies(entry.id));
    count = shown.length > MOST_ON_ONE_PAGE ? Math.ceil(shown.length / PAGE_SIZE) : 1;
    size = Math.max(1, Math.ceil(shown.length / count));
    for (const entry of entries) entry.page = null;
    shown.forEach((entry, index) => {
      entry.page = Math.floor(index / size);
    });
    let previous = 0; // a group whose statements all do not apply keeps its place in the flow
    for (const segment of segments) {
      segment.pages = new Set(segment.entries.filter((e) => e.page !== null).map((e) => e.page));
      if (!segment.pages.size) segment.pages.add(previous);
      previous = Math.max(...segment.pages);
    }
    show(keep && keep.page !== null ? keep.page : page);
    remember(true);
  }

  function refresh() {
    const next = shown.find((entry) => !hooks.answered(entry.id)) || null;
    if (next === unanswered) return;
    unanswered = next;
    for (const parts of navs) {
      parts.jump.hidden = !next;
      if (next) parts.jump.textContent = STRINGS.firstUnanswered(hooks.number(next.id));
    }
  }

  function step(entry, delta) {
    const to = neighbour(shown, entry, delta);
    if (!to) return false;
    if (to.page === page) goTo(to);
    else turn(to.page, to);
    return true;
  }

  // Where the page opens: the statement or heading the address points to, else ?page=.
  const asked = Number.parseInt(new URL(location.href).searchParams.get("page"), 10) - 1 || 0;
  layout();
  const linked = target();
  const linkedPage = linked && pageOf(linked);
  show(linkedPage !== null && linkedPage !== undefined ? linkedPage : asked);
  remember(true);
  if (linkedPage !== null && linkedPage !== undefined) linked.scrollIntoView({ block: "start" });
  refresh();

  // Find-in-page or a link reached a statement of another page: show that page first.
  root.parentElement.addEventListener("beforematch", (event) => {
    const found = pageOf(event.target);
    if (found === null || found === page) return;
    show(found);
    setTimeout(() => remember(true)); // after the browser's own navigation to the match
  });
  const followLink = () => {
    if (!root.isConnected) {
      window.removeEventListener("hashchange", followLink); // the page is gone (instant navigation)
      return;
    }
    const linkedNow = target();
    const found = linkedNow && pageOf(linkedNow);
    if (found === null || found === undefined || found === page) return;
    show(found);
    remember(true);
    linkedNow.scrollIntoView({ block: "start" });
  };
  window.addEventListener("hashchange", followLink);

  return { layout, refresh, step };
}
