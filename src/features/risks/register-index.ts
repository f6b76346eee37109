import type { OpenMeasure } from '../measures/parent';
import { heatMapDelta, listItemOf, levelOf, type HeatMapCounts } from './level';
import { openRiskMeasures } from './measures-list';
import { namePosition } from '../systems/list-order';
import { riskLevels, type RiskLevel, type RiskListItem, type RiskRecord } from './model';

/**
 * What the register keeps of each risk for the quarterly review to read a page, not the register
 * (#19: reads per page stay page-sized at 5,000 risks): the risk's list item with what orders the
 * review's lists, the counts those lists are counted from, and the rule that says where each risk
 * stands in each list. Storage keeps one ordered row per risk and list beside the register's row;
 * the memory store computes the same from its risks, and a contract test holds the two together.
 */

/** A risk's row of the register: its list item, and what the review's lists are kept by. */
export interface RegisterEntry extends RiskListItem {
  /** The record's version it was written from: an older write never replaces a newer one. */
  version: number;
  /** When the risk's levels (inherent/residual) last changed: its first assessment, or one that moved a level. */
  levelChangedAt?: string;
  /** Its open treatment measures: id and due date (yyyy-mm-dd). */
  measuresDue?: { id: string; dueDate: string }[];
}

/** A risk's levels as a review records them: `inherent/residual`, or `unassessed`. */
export function levelCode(item: RiskListItem): string {
  const { likelihood, consequence, residualLikelihood, residualConsequence } = item;
  if (!likelihood || !consequence || !residualLikelihood || !residualConsequence) return 'unassessed';
  return `${levelOf(likelihood, consequence)}/${levelOf(residualLikelihood, residualConsequence)}`;
}

/**
 * The risk's register entry, given the entry written before (none for a new risk, or a row lost to
 * a crash): a change of level dates from the assessment that made it, otherwise the earlier date stands.
 *
 * @remarks A row written before levels were dated (the migration) takes its last assessment's time:
 * the latest its level can have changed.
 */
export function registerEntry(risk: RiskRecord, listed: RegisterEntry | undefined): RegisterEntry {
  const item = listItemOf(risk);
  const code = levelCode(item);
  const moved = !listed || levelCode(listed) !== code || !listed.levelChangedAt;
  const levelChangedAt =
    code === 'unassessed' ? undefined : moved ? risk.assessment?.assessedAt : listed.levelChangedAt;
  const measuresDue = openRiskMeasures(risk).map(({ measure }) => ({ id: measure.id, dueDate: measure.dueDate }));
  return {
    ...item,
    version: risk.version,
    ...(levelChangedAt ? { levelChangedAt } : {}),
    ...(measuresDue.length ? { measuresDue } : {}),
  };
}

const rank = (level: RiskLevel): number => riskLevels.indexOf(level);
const high = (level: RiskLevel): boolean => rank(level) >= rank('high');

/** The review's lists a row of the register is kept in, each ordered by its key. */
export const REVIEW_LISTS = {
  /** High or critical (inherent or residual), the worst first, then by title. */
  high: '~top_',
  /** By next review date. */
  due: '~due_',
  /** By the last day the residual risk was accepted. */
  accepted: '~acc_',
  /** By when the levels last changed. */
  changed: '~chg_',
  /** Open treatment measures by due date. */
  measures: '~msr_',
} as const;
export type ReviewList = keyof typeof REVIEW_LISTS;

/** One ordered row of a review list: its key, and the risk's entry (or, for a measure, the open measure). */
export interface ReviewRow {
  key: string;
  value: RegisterEntry | OpenMeasure;
}

/**
 * The keys of a risk's rows in the review's lists, in the order each list is read (`!` sorts before
 * every letter and digit, so a shorter title comes first).
 */
export function reviewKeys(entry: RegisterEntry): { list: ReviewList; key: string; measureId?: string }[] {
  const code = levelCode(entry);
  const keys: { list: ReviewList; key: string; measureId?: string }[] = [];
  if (code !== 'unassessed') {
    const [level, residual] = code.split('/') as [RiskLevel, RiskLevel];
    if (high(level) || high(residual))
      keys.push({
        list: 'high',
        // The register's own name order (æ, ø, å after z), as the system lists keep it.
        key: `${REVIEW_LISTS.high}${3 - rank(level)}${3 - rank(residual)}!${namePosition({ name: entry.title, id: entry.id })}`,
      });
    if (entry.levelChangedAt)
      keys.push({ list: 'changed', key: `${REVIEW_LISTS.changed}${entry.levelChangedAt}!${entry.id}` });
  }
  if (entry.nextReview) keys.push({ list: 'due', key: `${REVIEW_LISTS.due}${entry.nextReview}!${entry.id}` });
  if (entry.acceptedUntil)
    keys.push({ list: 'accepted', key: `${REVIEW_LISTS.accepted}${entry.acceptedUntil}!${entry.id}` });
  for (const measure of entry.measuresDue ?? [])
    keys.push({
      list: 'measures',
      key: `${REVIEW_LISTS.measures}${measure.dueDate}!${entry.id}!${measure.id}`,
      measureId: measure.id,
    });
  return keys;
}

/** The rows of a risk in the review's lists: the entry, or for a measure the open measure its rows show. */
export function reviewRows(entry: RegisterEntry, risk: RiskRecord): ReviewRow[] {
  const open = new Map(openRiskMeasures(risk).map((measure) => [measure.measure.id, measure]));
  const { measuresDue: _due, ...shown } = entry;
  return reviewKeys(entry).map(({ key, measureId }) => ({
    key,
    value: measureId ? open.get(measureId)! : (shown as RegisterEntry),
  }));
}

/** yyyy-mm-dd → how many. */
export type DayCounts = Record<string, number>;

/**
 * The register's counts, kept with every change of a risk: the heat map, and what the review's
 * lists count — the high and critical risks, and per day the next reviews, the acceptances' last
 * days, the level changes (UTC day) and the open measures' due dates.
 */
export interface RegisterCounts extends HeatMapCounts {
  high: number;
  due: DayCounts;
  accepted: DayCounts;
  changed: DayCounts;
  measures: DayCounts;
}

/** Whether stored counts are of this shape (counts of an earlier layout are counted again). */
export const isRegisterCounts = (counts: HeatMapCounts | null | undefined): counts is RegisterCounts =>
  typeof (counts as RegisterCounts | undefined)?.high === 'number';

/** Adds `by` to a day's count; a day counted down to none is dropped. */
function countDay(into: DayCounts, day: string, by: number): void {
  into[day] = (into[day] ?? 0) + by;
  if (into[day] === 0) delete into[day];
}

/**
 * The counts after `items` replace `before` (one risk's earlier entry, or none), added to `base`
 * (or to empty counts). Days counted down to none are dropped, so the counts stay as small as the
 * days in use.
 */
export function countsDelta(
  before: RegisterEntry | undefined,
  items: readonly RegisterEntry[],
  base?: RegisterCounts,
): RegisterCounts {
  const next: RegisterCounts = {
    ...heatMapDelta(before, items, base),
    high: base?.high ?? 0,
    due: { ...base?.due },
    accepted: { ...base?.accepted },
    changed: { ...base?.changed },
    measures: { ...base?.measures },
  };
  const apply = (entry: RegisterEntry, by: 1 | -1) => {
    for (const { list, key } of reviewKeys(entry)) {
      if (list === 'high') next.high += by;
      else countDay(next[list], dayOf(list, key), by);
    }
  };
  if (before) apply(before, -1);
  for (const item of items) apply(item, 1);
  return next;
}

/** The day a key of a dated list is counted under (a level change by its UTC day). */
const dayOf = (list: Exclude<ReviewList, 'high'>, key: string): string =>
  key.slice(REVIEW_LISTS[list].length, REVIEW_LISTS[list].length + 10);

/**
 * Whether two counts hold the same numbers. A day counted down and up again moves to the end of its
 * object, so the JSON of equal counts can differ; a write that changes no count must not rewrite the
 * counts row, which every risk write shares.
 */
export function sameCounts(a: RegisterCounts, b: RegisterCounts): boolean {
  const sameDays = (x: DayCounts, y: DayCounts) =>
    Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([day, n]) => y[day] === n);
  return (
    a.high === b.high &&
    a.unassessed === b.unassessed &&
    JSON.stringify([a.inherent, a.residual]) === JSON.stringify([b.inherent, b.residual]) &&
    (['due', 'accepted', 'changed', 'measures'] as const).every((list) => sameDays(a[list], b[list]))
  );
}

/** How many of the days' counts fall before `day` (yyyy-mm-dd), and how many in all. */
export function countBefore(counts: DayCounts, day: string): { before: number; all: number } {
  let before = 0;
  let all = 0;
  for (const [key, n] of Object.entries(counts)) {
    all += n;
    if (key < day) before += n;
  }
  return { before, all };
}

/** How many levels changed on days after `day` (yyyy-mm-dd). */
export const countAfter = (counts: DayCounts, day: string): number =>
  Object.entries(counts).reduce((sum, [key, n]) => sum + (key > day ? n : 0), 0);

/** The register's part of the quarterly review as storage reads it: counts, and the first of each list. */
export interface RiskReviewPage {
  counts: RegisterCounts;
  /** The first `limit` high and critical risks, the worst first. */
  high: RegisterEntry[];
  /** The first `limit` risks whose levels changed after `since` (none read without one), the earliest change first; and how many. */
  changed: RegisterEntry[];
  changedCount: number;
  /** The first `limit` risks past their review date (before `today`), the longest overdue first. */
  overdue: RegisterEntry[];
  /** The first `limit` risks whose acceptance ended before `today`, the longest expired first. */
  expired: RegisterEntry[];
  /** The first `limit` open treatment measures, by due date. */
  measures: OpenMeasure[];
}

/** A list's bounds for `today` and `since`: the keys a review reads, from (inclusive) to (exclusive). */
export function listBounds(list: ReviewList, today: string, since?: string): { from: string; to: string } {
  const prefix = REVIEW_LISTS[list];
  const end = `${prefix.slice(0, -1)}\``;
  if (list === 'due' || list === 'accepted') return { from: prefix, to: `${prefix}${today}` };
  // After every key of a change at `since` itself (`"` sorts after the `!` that ends the time).
  if (list === 'changed') return { from: since ? `${prefix}${since}"` : prefix, to: end };
  return { from: prefix, to: end };
}

/**
 * The review's page computed from every entry: what storage's ordered rows must give (the memory
 * store answers with it; the contract test holds the table to it).
 */
export function reviewPageOf(
  entries: readonly RegisterEntry[],
  risks: ReadonlyMap<string, RiskRecord>,
  today: string,
  since: string | undefined,
  limit: number,
): RiskReviewPage {
  const rows = new Map<ReviewList, ReviewRow[]>();
  for (const entry of entries) {
    const keys = reviewKeys(entry);
    reviewRows(entry, risks.get(entry.id)!).forEach((row, i) => {
      const { list } = keys[i]!;
      const { from, to } = listBounds(list, today, since);
      if (row.key >= from && row.key < to) rows.set(list, [...(rows.get(list) ?? []), row]);
    });
  }
  const first = <T>(list: ReviewList): T[] =>
    (rows.get(list) ?? [])
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .slice(0, limit)
      .map((row) => row.value as T);
  return {
    counts: countsDelta(undefined, entries),
    high: first('high'),
    changed: since ? first('changed') : [],
    changedCount: rows.get('changed')?.length ?? 0,
    overdue: first('due'),
    expired: first('accepted'),
    measures: first('measures'),
  };
}
