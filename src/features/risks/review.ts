import type { HeatMap } from './level';
import type { RiskLevel, RiskListItem } from './model';
import { countBefore, levelCode, type RegisterEntry, type RiskReviewPage } from './register-index';

/** One risk as the quarterly review lists it. */
export interface RiskReviewLine {
  id: string;
  title: string;
  level: RiskLevel;
  residual: RiskLevel;
  /** The levels at the last review (`high/medium`, `unassessed`, or `new`), for a risk whose level changed since. */
  before?: string;
  /** yyyy-mm-dd. */
  nextReview?: string;
  /** yyyy-mm-dd: the last day the residual risk was accepted. */
  acceptedUntil?: string;
}

/** An open treatment measure of a risk as the quarterly review lists it (#19). */
export interface RiskMeasureLine {
  /** The risk's title. */
  title: string;
  text: string;
  owner: string;
  /** yyyy-mm-dd. */
  dueDate: string;
  /** Past its due date. */
  late: boolean;
}

/** One of the review's lists: how many there are, and the first of them (the card shows up to 10). */
export interface RiskReviewSection<Line> {
  count: number;
  lines: Line[];
}

/** What the quarterly review shows of the risk register (P6). */
export interface RiskReviewSummary {
  total: number;
  /** Risks at high or critical level (inherent or residual), the worst first. */
  highOrCritical: RiskReviewSection<RiskReviewLine>;
  /** Risks whose level changed since the last review held (none at the first), the earliest change first. */
  changed: RiskReviewSection<RiskReviewLine>;
  /** Risks whose next review date has passed, the longest overdue first. */
  overdue: RiskReviewSection<RiskReviewLine>;
  /** Risks whose acceptance by the management group has expired (flagged until accepted again), the oldest first. */
  expiredAcceptances: RiskReviewSection<RiskReviewLine>;
  /** Open treatment measures of risks by due date, and how many are past it (#19). */
  openMeasures: RiskReviewSection<RiskMeasureLine> & { late: number };
  /** Whether a review held before gave the levels to compare with. */
  compared: boolean;
  inherent: HeatMap;
  residual: HeatMap;
  unassessed: number;
}

/** The levels of every risk, by id: what a review held records as reviewed (P6). */
export const reviewSnapshot = (items: readonly RiskListItem[]): Record<string, string> =>
  Object.fromEntries(items.map((item) => [item.id, levelCode(item)]));

/** The last review held: when it was recorded, and the levels it recorded. */
export interface LastReview {
  since: string;
  levels: Record<string, string>;
}

/**
 * What the quarterly review shows of the register, from the page storage read (`page`): the high
 * and critical risks, those whose level changed since the last review held (`last`; before the
 * first there is nothing to compare with), those past their review date or acceptance (`today`,
 * yyyy-mm-dd), the open measures, and the heat map.
 *
 * @remarks P6: the coordinator reviews the risks every quarter; the management group assesses them.
 * A risk assessed first since the last review counts as changed ("new"). The page holds the first
 * lines of each list and the counts of all (#19: page-sized at 5,000 risks).
 */
export function reviewRisks(page: RiskReviewPage, today: string, last?: LastReview): RiskReviewSummary {
  const line = (item: RegisterEntry): RiskReviewLine => {
    const [level, residual] = levelCode(item).split('/') as [RiskLevel, RiskLevel];
    return {
      id: item.id,
      title: item.title,
      level,
      residual,
      ...(last ? { before: last.levels[item.id] ?? 'new' } : {}),
      nextReview: item.nextReview,
      acceptedUntil: item.acceptedUntil,
    };
  };
  const { counts } = page;
  const measures = countBefore(counts.measures, today);
  return {
    total: counts.inherent.flat().reduce((a, b) => a + b, 0) + counts.unassessed,
    highOrCritical: { count: counts.high, lines: page.high.map(line) },
    changed: last ? { count: page.changedCount, lines: page.changed.map(line) } : { count: 0, lines: [] },
    overdue: { count: countBefore(counts.due, today).before, lines: page.overdue.map(line) },
    expiredAcceptances: { count: countBefore(counts.accepted, today).before, lines: page.expired.map(line) },
    openMeasures: {
      count: measures.all,
      late: measures.before,
      lines: page.measures.flatMap(({ parent, measure }) =>
        parent.kind === 'risk'
          ? [
              {
                title: parent.title,
                text: measure.text,
                owner: measure.owner,
                dueDate: measure.dueDate,
                late: measure.dueDate < today,
              },
            ]
          : [],
      ),
    },
    compared: last !== undefined,
    inherent: counts.inherent,
    residual: counts.residual,
    unassessed: counts.unassessed,
  };
}
