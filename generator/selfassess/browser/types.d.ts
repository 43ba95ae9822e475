// The shapes the browser app works with, for TypeScript's check of the JavaScript (`make lint`:
// tsc --noEmit --checkJs). Modules name them in JSDoc: /** @param {import("./types").Model} m */.
// The model is what render.browser_data writes into each page; the record is what store.js keeps
// and results files carry (schema/results.schema.json).

export type Id = string;
export type Time = string; // ISO 8601, as Date.prototype.toISOString writes it

export type Priority = "high" | "medium" | "low";
export type Rule = "mean" | "sum" | "min";

export interface ScaleOption {
  id: Id;
  value: number; // 0 to 1
  priority?: Priority;
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
  maturity?: number; // staircase step, 1 = the first of model.maturity.levels
  tags?: Id[];
  priority?: Priority;
}

export interface ModelSection {
  id: Id;
  title: string;
  number: number;
  weight: number;
  items: ModelItem[];
  levels?: Level[]; // else model.section_levels
  target?: number;
  groups?: { id: Id; weight: number; items: Id[] }[]; // when groups are scored
}

export interface ModelArea {
  id: Id;
  title: string;
  weight: number;
  sections: Id[];
  levels?: Level[];
  target?: number;
}

// score.rules(model): the `scoring` block with its defaults.
export interface Rules {
  group: Rule | null;
  section: Rule;
  area: Rule;
  overall: Rule | "none";
  unanswered: "zero" | "excluded";
  unit: "percent" | "points";
  out_of: number | null;
  decimals: number;
}

export interface ContextQuestion {
  id: Id;
  text: string;
  multiple: boolean;
  options: Id[];
  labels: { [option: Id]: string };
}

export interface Level {
  min?: number; // inclusive lower bound, on the node's scale
  above?: number; // exclusive lower bound
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
  scoring?: Partial<Rules>;
  section_levels?: Level[];
  target?: number;
  areas?: ModelArea[];
  maturity?: { levels: string[]; share: number; overall: boolean };
  tags?: Id[];
  tag_labels?: { [tag: Id]: string };
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

// A scored node (overall, area, section, group): see score.js.
export interface NodeScore {
  score: number | null; // 0 to 100, the geometry of radar and bars; null: nothing to score
  value: number | null; // on the scale people read: percent, points or 0-N
  max: number | null;
  so_far: number | null; // the score over answered statements only
  so_far_value: number | null;
  so_far_max: number | null;
  level: string | null;
  target: number | null; // on the node's scale
  target_by: "you" | "questionnaire" | null;
  below_target: boolean;
  stair?: Stair;
  steps?: Cell[]; // one per maturity step
  tags?: { [tag: Id]: Cell };
}

export interface Stair {
  reached: number; // 0: not even the first step
  of: number;
  next: number | null;
  blocking: Id[]; // answered below the top, at steps up to `next`
  missing: Id[]; // unanswered, at steps up to `next`
}

export interface Cell {
  score: number | null;
  included: number;
  answered: number;
  top: number; // at the top answer
}

export interface Counts {
  answered: number;
  included: number;
  applicable: number;
  na: number;
}

export interface SectionScore extends NodeScore, Counts {
  groups?: { [group: Id]: NodeScore };
}

export interface Gap {
  id: Id;
  section: Id;
  impact: number; // how much the section's score (0-100) rises with this statement at the top
  priority: Priority | null;
  to_target: boolean;
}

export interface Scores {
  overall: number | null;
  level: string | null;
  answered: number;
  included: number;
  applicable: number;
  na: number;
  sections: { [section: Id]: SectionScore };
  areas: { [area: Id]: NodeScore & Counts };
  whole: NodeScore; // the overall score as a node
  plan: Gap[];
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
