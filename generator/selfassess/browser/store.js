// Where answers live: localStorage when the browser allows it, this tab's memory when it does not.
// A failed write never loses the answer: it stays in memory and the page says so.

const memory = new Map();
const failure = (error) => (error && error.name === "QuotaExceededError" ? "full" : "unavailable");
let problem = probe(); // null, "unavailable" or "full"

// Reading and writing are tested apart: storage that is full still gives back what it holds.
function probe() {
  try {
    localStorage.getItem("selfassess:probe");
  } catch {
    return "unavailable";
  }
  try {
    localStorage.setItem("selfassess:probe", "1");
    localStorage.removeItem("selfassess:probe");
    return null;
  } catch (error) {
    return failure(error);
  }
}

export function storageProblem() {
  return problem;
}

// Scope of every key. Over HTTP, sites on one origin (project sites on github.io) differ by base
// path; under file:// all local folders share one storage, so the site's own id must tell them
// apart. Material's config gives the site root relative to the first page this script ran on.
const SITE_PATH = (() => {
  if (location.protocol === "file:") return "";
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base || ".", location).pathname.replace(/\/$/, "");
  } catch {
    return "";
  }
})();

export function storageKey(siteId, questionnaireId) {
  return `selfassess:${siteId}${SITE_PATH}:${questionnaireId}`;
}

export function read(key) {
  if (memory.has(key)) return memory.get(key);
  if (problem === "unavailable") return null;
  try {
    return localStorage.getItem(key);
  } catch {
    problem = "unavailable";
    return null;
  }
}

export function write(key, value) {
  if (problem === null) {
    try {
      localStorage.setItem(key, value);
      return true;
    } catch (error) {
      problem = failure(error);
    }
  }
  memory.set(key, value);
  return false;
}

// For extras such as snapshots: a write that storage refuses is refused here too (returns
// "full" or "unavailable", null when stored), and the answers' own saving carries on unchanged.
// Storage that is blocked altogether keeps the value in this tab's memory, as write() does.
export function tryWrite(key, value) {
  if (problem === "unavailable") {
    memory.set(key, value);
    return problem;
  }
  try {
    localStorage.setItem(key, value);
    memory.delete(key);
    return null;
  } catch (error) {
    return failure(error);
  }
}

export function remove(key) {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing stored there to remove.
  }
}

// Another tab of this site changed a key: `onChange(key)` runs for our keys.
export function watch(onChange) {
  window.addEventListener("storage", (event) => {
    if (event.key && event.key.startsWith("selfassess:") && !memory.has(event.key)) onChange(event.key);
  });
}
