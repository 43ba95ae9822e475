// Building page elements from data. Text always goes in as text nodes, never as markup, so an
// imported note or name can hold "<script>" and still shows as typed.
import { STRINGS } from "./strings.js";

export function h(tag, attributes, ...children) {
  return build(document.createElement(tag), attributes, children);
}

export function svg(tag, attributes, ...children) {
  return build(document.createElementNS("http://www.w3.org/2000/svg", tag), attributes, children);
}

// Replace an element's content; null, false and nested lists in `children` are fine.
export function fill(element, ...children) {
  element.replaceChildren();
  return build(element, {}, children);
}

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(
    ...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false),
  );
  return element;
}

let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// A polite live region: screen readers hear score changes without losing their place.
export function liveRegion() {
  return h("p", { class: "sa-sr-only", "aria-live": "polite", "aria-atomic": "true" });
}

export function announce(region, text) {
  clearTimeout(region.saTimer);
  // A short pause groups quick clicks into one announcement.
  region.saTimer = setTimeout(() => {
    region.textContent = text;
  }, 400);
}

// A banner above the page's content: what went wrong or what happened, and what to do.
export function banner(kind, message, ...extra) {
  const box = h(
    "div",
    { class: `admonition ${kind} sa-banner`, role: kind === "failure" ? "alert" : "status" },
    h("p", {}, message),
    ...extra,
  );
  box.append(
    h(
      "button",
      {
        type: "button",
        class: "md-button sa-dismiss",
        "aria-label": STRINGS.dismiss,
        onclick: () => box.remove(),
      },
      "×",
    ),
  );
  return box;
}

// A modal question with two answers; resolves true when the person confirms. The focus starts on
// the safe answer; `danger` marks a confirmation that deletes.
export function confirmDialog({ title, body, confirm, cancel, danger = false }) {
  // md-typeset: outside the page's content, Material's buttons and text styles still apply.
  const dialog = h("dialog", {
    class: "sa-dialog md-typeset",
    "aria-labelledby": uniqueId("sa-dialog"),
  });
  const heading = h("h2", { id: dialog.getAttribute("aria-labelledby") }, title);
  const form = h(
    "form",
    { method: "dialog" },
    h(
      "div",
      { class: "sa-dialog__buttons" },
      h(
        "button",
        {
          value: "confirm",
          class: danger ? "md-button sa-danger sa-danger--confirm" : "md-button md-button--primary",
        },
        confirm,
      ),
      h("button", { value: "cancel", class: "md-button", autofocus: true }, cancel),
    ),
  );
  dialog.append(heading, ...body.filter(Boolean), form);
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(dialog.returnValue === "confirm");
    });
    dialog.showModal();
  });
}

// The hidden chooser of JSON files behind an "Import…" or "Add files…" button: out of the tab order
// and of the accessibility tree, since the button is what people reach.
export function jsonFileInput(more = {}) {
  return h("input", {
    type: "file",
    accept: ".json,application/json",
    class: "sa-sr-only",
    tabindex: -1,
    "aria-hidden": "true",
    ...more,
  });
}

export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
