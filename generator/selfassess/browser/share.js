// Share link: the answers in the results page's address, after the "#", which browsers never send
// to a server. "Copy link" writes them as compact JSON, deflated (CompressionStream) and base64url
// encoded; opening such a link shows those results read-only, and nothing is stored unless the
// person chooses "Use these answers…". A link is untrusted input like an imported file: it is size
// capped while it is inflated, checked by checkRecord, and refused whole when any part of it does
// not fit, since the site itself never makes such a link.
import { banner, fill, h, uniqueId } from "./dom.js";
import {
  checkRecord,
  FORMAT,
  FORMAT_VERSION,
  MAX_DEPTH,
  MAX_FILE_BYTES,
  MAX_FRAGMENT,
  RecordError,
  tooDeep,
} from "./record.js";
import { NOT_APPLICABLE } from "./score.js";
import { STRINGS, otherVersion } from "./strings.js";
import { viewOf } from "./views.js";

export const SHARE_PREFIX = "#share=";
const LINK_VERSION = 1;
const DIGEST_CHARS = 16; // of the digest's hex: enough to tell versions apart, and short
const MAX_LINK_CHARS = MAX_FRAGMENT; // of the fragment, before it is read at all
// Input is fed to the (de)compressor this much at a time, and the output counted as it comes: one
// piece of deflate inflates to about 1,000 times its size, so no more than ~4 MB is ever made
// beyond the limit before reading stops (a whole link at once could make 1.5 GB).
const FEED_BYTES = 4 * 1024;
const LONG_LINK = 8000; // some chat and mail programs cut longer links; GitHub's addresses too
const SEND_TEMPLATE = "send-results.yml"; // in .github/ISSUE_TEMPLATE/ of the portal's repository
// Each item's answer is one character: its option's position from "0", or one of these.
const UNANSWERED = ".";
const NA = "/";
const FIRST_OPTION = 48; // "0"

class ShareError extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details; // what did not fit, for the list under the message
  }
}

const shortDigest = (model) => model.digest.replace(/^sha256:/, "").slice(0, DIGEST_CHARS);
const itemsInOrder = (model) => model.sections.flatMap((section) => section.items);

// The link's content: the answers by position (the digest pins the order), context, who answered.
function payload(model, record, withNotes) {
  const answers = itemsInOrder(model)
    .map((item) => {
      const value = (record.answers[item.id] || {}).value;
      if (value === undefined) return UNANSWERED;
      if (value === NOT_APPLICABLE) return NA;
      return String.fromCharCode(
        FIRST_OPTION + model.itemIndex.get(item.id).options.indexOf(value),
      );
    })
    .join("");
  const data = {
    f: LINK_VERSION,
    q: model.id,
    v: model.version,
    d: shortDigest(model),
    a: answers,
    u: record.updated,
  };
  if (Object.keys(record.context).length) data.c = record.context;
  const { name, team } = record.respondent;
  if (name || team) data.r = [name, team];
  if (withNotes) {
    const notes = Object.entries(record.answers).filter(([, answer]) => answer.note);
    if (notes.length) data.n = Object.fromEntries(notes.map(([id, answer]) => [id, answer.note]));
  }
  return data;
}

async function streamBytes(bytes, transform, limit) {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  let stopped = false;
  // Written piece by piece while the loop below reads; each write waits until the transform has
  // taken its piece, so the output is read (and counted) before more input goes in.
  const feeding = (async () => {
    for (let at = 0; at < bytes.length && !stopped; at += FEED_BYTES) {
      await writer.write(bytes.subarray(at, at + FEED_BYTES));
    }
    if (!stopped) await writer.close();
  })();
  feeding.catch(() => {}); // a broken input also fails the reading below, which reports it
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      // A small link that inflates without end (a "zip bomb") stops here.
      stopped = true;
      reader.cancel().catch(() => {});
      writer.abort().catch(() => {});
      throw new ShareError(STRINGS.shareErrTooLarge);
    }
    chunks.push(value);
  }
  await feeding;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1)
    throw new ShareError(STRINGS.shareErrDamaged);
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const canShare = () =>
  typeof CompressionStream === "function" && typeof DecompressionStream === "function";

// The address of this results page (or `page`, its address elsewhere) with the record in its
// fragment.
export async function shareLink(model, record, withNotes, page = window.location.href) {
  const json = new TextEncoder().encode(JSON.stringify(payload(model, record, withNotes)));
  const packed = await streamBytes(json, new CompressionStream("deflate-raw"), Infinity);
  const here = new URL(page);
  here.hash = "";
  return here.href + SHARE_PREFIX + toBase64url(packed);
}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const field = (data, key) => (Object.hasOwn(data, key) ? data[key] : undefined);

// A fragment's text back to a checked record. Throws ShareError with what a person can act on.
export async function readShareLink(model, fragment) {
  if (fragment.length > MAX_LINK_CHARS) throw new ShareError(STRINGS.shareErrTooLarge);
  let data;
  try {
    const bytes = await streamBytes(
      fromBase64url(fragment),
      new DecompressionStream("deflate-raw"),
      MAX_FILE_BYTES,
    );
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (tooDeep(text)) throw new ShareError(STRINGS.errTooDeep(MAX_DEPTH));
    data = JSON.parse(text);
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError(STRINGS.shareErrDamaged); // not deflate, not UTF-8, not JSON
  }
  if (
    !isObject(data) ||
    field(data, "f") !== LINK_VERSION ||
    typeof field(data, "q") !== "string"
  ) {
    throw new ShareError(STRINGS.shareErrDamaged);
  }
  if (data.q !== model.id)
    throw new ShareError(STRINGS.shareErrOtherQuestionnaire(data.q.slice(0, 80)));
  if (field(data, "d") !== shortDigest(model)) {
    throw new ShareError(
      otherVersion("shareErrOtherVersion", String(field(data, "v")).slice(0, 40), model.version),
    );
  }
  const items = itemsInOrder(model);
  const answers = field(data, "a");
  if (typeof answers !== "string" || answers.length !== items.length)
    throw new ShareError(STRINGS.shareErrDamaged);
  // A results file in the shape checkRecord reads, so a link is held to the rules files are.
  const record = Object.create(null);
  items.forEach((item, index) => {
    const code = answers[index];
    if (code === UNANSWERED) return;
    const value =
      code === NA
        ? NOT_APPLICABLE
        : model.itemIndex.get(item.id).options[code.charCodeAt(0) - FIRST_OPTION];
    record[item.id] = { value: value === undefined ? code : value };
  });
  const notes = field(data, "n");
  for (const [id, note] of Object.entries(isObject(notes) ? notes : {})) {
    record[id] = { ...(record[id] || {}), note };
  }
  const respondent = field(data, "r");
  const file = {
    format: FORMAT,
    format_version: FORMAT_VERSION,
    questionnaire: { id: model.id, version: model.version, digest: model.digest },
    updated: field(data, "u"),
    context: field(data, "c") ?? {},
    answers: record,
    respondent: Array.isArray(respondent)
      ? { name: respondent[0], team: respondent[1] }
      : respondent,
  };
  if ((notes !== undefined && !isObject(notes)) || !isObject(file.context))
    throw new ShareError(STRINGS.shareErrDamaged);
  let checked;
  try {
    checked = checkRecord(model, file);
  } catch (error) {
    if (error instanceof RecordError) throw new ShareError(error.message);
    throw error;
  }
  if (checked.skipped.length) throw new ShareError(STRINGS.shareErrParts, checked.skipped);
  return checked.record;
}

// "Send to the facilitator", when the portal names its GitHub repository (model.collect): a new
// issue of that repository from its issue form (.github/ISSUE_TEMPLATE/send-results.yml), its
// fields filled in from the address; the person submits it there, signed in as themselves.
export function sendUrl(collect, title, link, respondent) {
  const query = new URLSearchParams({
    template: SEND_TEMPLATE,
    title,
    share_link: link,
    name: respondent.name,
    team: respondent.team,
  });
  return `${collect.url}?${query}`;
}

// The controls under "Your answers as a file": notes or not, copy, and what happened.
export function shareControls(assessment) {
  const notesId = uniqueId("sa-share-notes");
  const notes = h("input", { type: "checkbox", id: notesId });
  const status = h("div", { class: "sa-share__status", role: "status" });
  const { collect } = assessment.model;
  const send = async () => {
    if (!canShare()) {
      fill(status, h("p", {}, STRINGS.shareUnsupported));
      return;
    }
    const { model, record } = assessment;
    const link = await shareLink(model, record, notes.checked);
    const url = sendUrl(collect, STRINGS.sendTitle(model.title), link, record.respondent);
    if (url.length > LONG_LINK) {
      fill(status, h("p", {}, STRINGS.sendTooLong(url.length, LONG_LINK)));
      return;
    }
    window.open(url, "_blank", "noopener");
    fill(status, h("p", {}, STRINGS.sendOpened));
  };
  const copy = async () => {
    if (!canShare()) {
      fill(status, h("p", {}, STRINGS.shareUnsupported));
      return;
    }
    const link = await shareLink(assessment.model, assessment.record, notes.checked);
    const long = link.length > LONG_LINK ? [" ", STRINGS.shareLong] : [];
    try {
      await navigator.clipboard.writeText(link);
      fill(status, h("p", {}, STRINGS.shareCopied(link.length), long));
    } catch {
      // Refused (no permission, an insecure page, no clipboard at all): the person copies it.
      const id = uniqueId("sa-share-link");
      const field = h("input", {
        type: "text",
        id,
        readonly: true,
        class: "sa-share__link",
        value: link,
      });
      fill(status, h("p", {}, h("label", { for: id }, STRINGS.shareManual), long), field);
      field.focus();
      field.select();
    }
  };
  return h(
    "div",
    { class: "sa-share" },
    h("h3", {}, STRINGS.shareHeading),
    h("p", {}, STRINGS.shareText),
    h(
      "p",
      { class: "sa-share__controls" },
      h("button", { type: "button", class: "md-button", onclick: copy }, STRINGS.shareCopy),
      collect
        ? h("button", { type: "button", class: "md-button", onclick: send }, STRINGS.sendButton)
        : null,
      h(
        "span",
        { class: "sa-share__notes" },
        notes,
        h("label", { for: notesId }, STRINGS.shareNotes),
      ),
    ),
    collect ? h("p", { class: "sa-share__send" }, STRINGS.sendText(collect.repository)) : null,
    status,
  );
}

// The results page a shared link opens: show its answers read-only, or say why not. The fragment
// stays while the shared results show (a reload shows them again) and goes once the person goes
// back to their own answers or uses these, so a reload then shows their own.
let active = null; // the results page showing, for links pasted into the address bar
const messages = new WeakMap();

export function openShared(page) {
  active = page;
  if (!messages.has(page)) {
    const box = h("div", { class: "sa-share-messages" });
    page.parts.summary.before(box);
    messages.set(page, box);
  }
  const fragment = window.location.hash;
  if (!fragment.startsWith(SHARE_PREFIX)) return Promise.resolve();
  const box = messages.get(page);
  const { model } = page.assessment;
  const fail = (why, details) =>
    fill(
      box,
      banner(
        "failure",
        STRINGS.shareFailed(why),
        details && details.length
          ? h(
              "ul",
              {},
              details.slice(0, 20).map((d) => h("li", {}, d)),
            )
          : null,
      ),
    );
  if (!canShare()) {
    fail(STRINGS.shareUnsupported);
    return Promise.resolve();
  }
  return readShareLink(model, fragment.slice(SHARE_PREFIX.length)).then(
    (record) => {
      fill(box);
      const { name, team } = record.respondent;
      const title = name || team ? STRINGS.sharedBy(name || team) : STRINGS.sharedTitle;
      page.show(viewOf(model, record, title, { onClose: () => forgetFragment(fragment) }));
    },
    (error) => {
      if (!(error instanceof ShareError)) throw error;
      page.show(null); // a shared view showing before stays no longer: this link replaced it
      fail(error.message, error.details);
    },
  );
}

function forgetFragment(fragment) {
  if (window.location.hash === fragment) {
    history.replaceState(history.state, "", window.location.pathname + window.location.search);
  }
}

window.addEventListener("hashchange", () => {
  if (active && active.parts.summary.isConnected) openShared(active);
});
