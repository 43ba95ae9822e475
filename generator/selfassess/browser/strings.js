// Every sentence the assessment shows, in one table: a translation is one more table like this.
export const STRINGS = {
  answered: (done, total) => `${done} of ${total} answered`,
  score: "Score",
  overallProgress: "All sections",
  thisSection: "This section",
  seeResults: "See your results",
  continueAt: (title) => `Continue with ${title}`,
  allAnswered: "Every statement is answered.",
  hiddenByContext: (n) =>
    `${n} ${n === 1 ? "statement is" : "statements are"} hidden because ${n === 1 ? "it does" : "they do"} not apply to your context.`,
  changeContext: "Change your context",
  announce: (score, done, total) =>
    `Section score ${score}. ${done} of ${total} answered.`,
  addNote: "Add a note",
  noteLabel: (number) => `Your note on ${number} (optional, kept with your answers)`,
  clearAnswer: "Clear answer",
  sectionsHeading: "Your progress",
  sectionColumn: "Section",
  answeredColumn: "Answered",
  scoreColumn: "Score",
  noScore: "no score",
  overall: "Overall score",
  assessedBy: (name, team, date) => [name, team].filter(Boolean).join(", ") + ` · answers as of ${date}`,
  level: "Level",
  noAnswersYet: "You have not answered any statement yet.",
  countsZero: (n) =>
    `${n} ${n === 1 ? "statement is" : "statements are"} not answered yet and ${n === 1 ? "counts" : "count"} 0 until you answer.`,
  naCount: (n) => `${n} marked not applicable (left out of the scores).`,
  verdictHolds: "Yes",
  verdictFails: "No",
  verdictPending: "Not yet decided",
  verdictBlocking: (n) =>
    `${n} ${n === 1 ? "statement is" : "statements are"} not answered with the best answer:`,
  verdictMissing: (n) => `${n} ${n === 1 ? "statement is" : "statements are"} not answered yet.`,
  verdictAll: "Every statement it needs has the best answer.",
  radarTitle: "Section scores",
  radarNote: "The table above gives the same scores.",
  planIntro: (n) =>
    n === 0
      ? "No gaps: every answered statement has the best answer."
      : `${n} ${n === 1 ? "gap" : "gaps"}: statements answered below the best answer, core practices first.`,
  extended: "Extended",
  yourAnswer: "Your answer:",
  yourNote: "Your note:",
  why: "Why it matters and how to get there",
  unanswered: "Not answered yet",
  respondent: "About this assessment (optional, saved in the file and the printout)",
  name: "Name",
  team: "Team or project",
  download: "Download results (JSON)",
  importFile: "Import results…",
  print: "Print or save as PDF",
  reset: "Delete all answers…",
  cancel: "Cancel",
  dismiss: "Dismiss",
  importTitle: "Replace your answers?",
  importSummary: (file, incoming, current) =>
    `“${file}” holds ${incoming} ${incoming === 1 ? "answer" : "answers"}. ` +
    (current
      ? `Importing it replaces your current ${current} ${current === 1 ? "answer" : "answers"}, with your notes, context and name, for this questionnaire.`
      : "You have no answers to this questionnaire yet; importing fills them in."),
  importChanged: (n) => `${n} ${n === 1 ? "statement would get a different answer or note" : "statements would get a different answer or note"}.`,
  andMore: (n) => `and ${n} more`,
  importFrom: (name, date) => (name || date ? `Answered${name ? ` by ${name}` : ""}${date ? ` on ${date}` : ""}.` : ""),
  importSkipped: "These parts of the file cannot be used and will be skipped:",
  importConfirm: "Replace my answers",
  imported: (file, n) => `Imported ${n} ${n === 1 ? "answer" : "answers"} from “${file}”.`,
  importedSkipped: (n) => `${n} ${n === 1 ? "part was" : "parts were"} skipped:`,
  importFailed: (file, why) => `“${file}” was not imported: ${why} Your answers are unchanged.`,
  resetTitle: "Delete all answers?",
  resetSummary: (n, notes) =>
    `This deletes ${n} ${n === 1 ? "answer" : "answers"} and ${notes} ${notes === 1 ? "note" : "notes"} of this questionnaire from this browser, with your context answers and name. Download them first if you may need them.`,
  resetConfirm: "Delete all answers",
  resetDone: "All answers of this questionnaire were deleted.",
  storageUnavailable:
    "This browser does not let the site save your answers (storage is blocked or this is a private window). They are kept only while this tab is open: download them as a file before you leave.",
  storageFull:
    "The browser's storage for this site is full, so your latest answers are not saved. They are kept while this tab is open: download them as a file before you leave.",
  keptAside:
    "Your saved answers to this questionnaire could not be read. They are kept in this browser, untouched, and you start with empty answers.",
  downloadAside: "Download the unreadable record",
  downloadPrevious: "Download your previous answers",
  edited: (kept) =>
    `This questionnaire was edited since you last answered it. ${kept} ${kept === 1 ? "answer was" : "answers were"} kept; your previous record is kept aside in this browser.`,
  staleTab:
    "Another tab has saved answers to a different version of this questionnaire. This tab no longer saves: reload the page to continue with the saved answers.",
  upgraded: (from, to, kept) =>
    `This questionnaire changed since you last answered it (version ${from}, now ${to}). ${kept} ${kept === 1 ? "answer was" : "answers were"} kept; your previous record is kept aside in this browser.`,
  recoveredSkipped: "Not carried over:",
  // Why an imported or stored record is refused or partly skipped.
  errNotJson: "it is not a JSON file.",
  errTooLarge: "it is larger than 1 MB, the most a results file can be.",
  errNotResults: "it is not a selfassess results file.",
  errNewer: (version) => `it was written in a newer format (version ${version}) than this site reads.`,
  errOtherQuestionnaire: (id) => `it holds answers to another questionnaire (“${id}”).`,
  skipUnknownItem: (id) => `answer to “${id}”, which is not (or no longer) a statement of this questionnaire`,
  skipBadAnswer: (id) => `answer to “${id}”: not in the form {"value": …, "note": …}`,
  skipBadValue: (number, value) => `answer “${value}” to ${number}, which is not one of its choices`,
  skipBadNote: (number) => `note on ${number}: not text, or longer than 10,000 characters`,
  skipUnknownContext: (id) => `context “${id}”, which this questionnaire does not ask`,
  skipBadContext: (id) => `context “${id}”: not among its choices, or more than one where one is asked`,
  skipBadRespondent: "respondent: not a name and a team as text",
  olderVersion: (from, to) =>
    `The file was made for another version of this questionnaire (${from}; this is ${to}): answers to statements that still exist are used.`,
};
