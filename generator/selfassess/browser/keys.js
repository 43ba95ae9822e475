// Answering from the keyboard with one key per step instead of three Tab stops per statement: keys
// for the statement that has the focus (its choices, the next or previous statement, clearing its
// answer), listed on the page. None is one of Material's own (f, s and / open its search; p, n,
// comma and period turn the site's pages), and none acts while the person types (in a note, in
// the search box) or holds Ctrl, Alt or Meta; the keys not used here go on to Material untouched.
const MOVE = new Map([
  ["j", 1],
  ["k", -1],
]);
const CLEAR = "x";

// Where a key is a character being typed, not a shortcut.
function typing(element) {
  if (element.isContentEditable) return true;
  if (element instanceof HTMLInputElement) return !["radio", "checkbox"].includes(element.type);
  return element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

function searchOpen() {
  const toggle = document.querySelector("[data-md-toggle=search]");
  return toggle instanceof HTMLInputElement && toggle.checked;
}

// A key for one statement; true when it did something. A choice goes through a click, the way a
// mouse gives it, so the record, the score and its announcement follow as they do for a click.
function act(entry, key, target, pages) {
  if (/^[1-9]$/.test(key)) {
    const radio = entry.radios[Number(key) - 1];
    if (!radio || radio.disabled) return false;
    radio.click();
    if (entry.radios.includes(target)) radio.focus(); // as the arrow keys do; else focus stays
    return true;
  }
  if (MOVE.has(key)) return pages.step(entry, MOVE.get(key));
  if (key === CLEAR && !entry.clear.hidden) {
    entry.clear.click(); // which puts the focus on the first choice
    return true;
  }
  return false;
}

// content: the page's article, whose list of these shortcuts the generator wrote (its 1–N from
// the section's most choices, 9 at most: the digits); entries: its statements, each {element,
// radios, clear}; pages: the pager, whose step(entry, delta) moves the focus to another statement.
export function mountKeys(content, entries, pages) {
  const byElement = new Map(entries.map((entry) => [entry.element, entry]));
  content.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target;
    if (!(target instanceof HTMLElement) || typing(target) || searchOpen()) return;
    const entry = byElement.get(target.closest(".sa-item[data-sa-item]"));
    if (entry && act(entry, event.key, target, pages)) event.preventDefault();
  });
}
