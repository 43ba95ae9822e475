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
    // Doubled slashes are one: "//quiz/" and "/quiz/" are the same page, with the same answers.
    const path = new URL(config.base || ".", location.href).pathname;
    return path.replace(/\/{2,}/g, "/").replace(/\/$/, "");
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

// Every write is tried, even after one failed: storage that was full may have room again (another
// tab, another site on this origin freed some). A refused value waits in this tab's memory; once a
// write succeeds, whatever else waits is written too, and the problem is over.
export function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch (error) {
    problem = failure(error);
    memory.set(key, value);
    return false;
  }
  memory.delete(key);
  if (problem !== null) retry();
  return true;
}

// Write what waits in memory, oldest first (a copy kept aside before the record it protects);
// returns whether storage now holds everything.
export function retry() {
  for (const [key, value] of [...memory]) {
    try {
      localStorage.setItem(key, value);
      memory.delete(key);
    } catch (error) {
      problem = failure(error);
      return false;
    }
  }
  problem = probe();
  return problem === null;
}

// Keep a value in this tab's memory only, leaving what storage holds under the key untouched.
export function keep(key, value) {
  memory.set(key, value);
}

// What storage itself holds under a key, whatever this tab keeps in memory (null: nothing there,
// or storage is blocked).
export function readStored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
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
    if (event.key && event.key.startsWith("selfassess:") && !memory.has(event.key))
      onChange(event.key);
  });
}
