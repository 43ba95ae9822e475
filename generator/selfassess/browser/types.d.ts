// The shapes the browser app works with, for TypeScript's check of the JavaScript (`make lint`:
// tsc --noEmit --checkJs). Modules name them in JSDoc: /** @param {import("./types").Model} m */.
// The model is what render.browser_data writes into each page; the record is what store.js keeps
// and results files carry (schema/results.schema.json).

export type Id = string;
export type Time = string; // ISO 8601, as Date.prototype.toISOString writes it

export interface ScaleOption {
  id: Id;
  value: number; // 0 to 1
}

export interface ModelItem {
  id: Id;
  text: string;
  scale: Id;
  weight: number;
  tier: "core" | "extended";
  na: boolean; // whether "Not applicable" may be chosen
  when: { [question: Id]: Id[] }; // applies only when a context answer is one of these
  number: string; // "2.3"
  explanation?: string; // HTML, on the pages that carry explanations
}

export interface ModelSection {
  id: Id;
  title: string;
  number: number;
  weight: number;
  items: ModelItem[];
}

export interface ContextQuestion {
  id: Id;
  text: string;
  multiple: boolean;
  options: Id[];
  labels: { [option: Id]: string };
}

export interface Level {
  min: number;
  label: string;
  description?: string;
}

export interface Verdict {
  id: Id;
  title: string;
  sections: Id[];
  description?: string;
}

export interface Model {
  id: Id;
  version: string;
  digest: string; // "sha256:…" of what scoring reads
  title: string;
  site: string; // the portal's site_id: the scope of stored answers
  scales: { [scale: Id]: ScaleOption[] };
  scale_labels: { [scale: Id]: { [option: Id]: string } };
  context: ContextQuestion[];
  sections: ModelSection[];
  levels: Level[];
  verdicts: Verdict[];
  // The results page's: extra.selfassess.collect_repo's new-issue address, and its OWNER/NAME.
  collect?: { url: string; repository: string };
}

// record.indexModel: the model with look-ups by id (Maps: no key reaches a prototype).
export interface IndexedItem extends ModelItem {
  section: Id;
  options: Id[];
  top: number; // the best answer's value
}

export interface IndexedModel extends Model {
  itemIndex: Map<Id, IndexedItem>;
  contextIndex: Map<Id, ContextQuestion>;
}

export interface Answer {
  value?: Id; // an option of the item's scale, or "na"
  note?: string;
  changed?: Time; // when value or note last changed: the newer wins when two tabs merge
}

export interface AnswerRecord {
  format: string; // "selfassess-results"
  format_version: number;
  questionnaire: { id: Id; version: string; digest: string; title?: string };
  created: Time;
  updated: Time;
  respondent: { name: string; team: string };
  context: { [question: Id]: Id[] };
  answers: { [item: Id]: Answer };
  [more: string]: unknown; // the parts of merging (times of changes, resets) and of results files
}

export interface SectionScore {
  score: number | null; // 0 to 100; null: nothing answered
  answered: number;
  included: number;
  applicable: number;
  na: number;
}

export interface Scores {
  overall: number | null;
  level: string | null;
  answered: number;
  included: number;
  applicable: number;
  na: number;
  sections: { [section: Id]: SectionScore };
  verdicts: { [verdict: Id]: { holds: boolean; blocking: Id[]; missing: Id[] } };
  items: { [item: Id]: { applies: boolean; value: number | null; na: boolean } };
}

// What the results page shows (views.viewOf).
export interface View {
  model: IndexedModel;
  record: AnswerRecord;
  scores: Scores;
  title: string;
  snapshot?: string;
  [more: string]: unknown;
}

// What the app adds to the page's window, and what Material gives it.
declare global {
  interface Window {
    selfassess: unknown; // for people and tests who want the numbers (app.js)
    document$?: { subscribe(next: () => void): unknown }; // Material's page-change signal
  }
}
