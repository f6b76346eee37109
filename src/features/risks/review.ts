import { heatMaps, levelOf, type HeatMap } from './level';
import type { OpenMeasure } from '../measures/parent';
import { riskLevels, type RiskLevel, type RiskListItem } from './model';

/** One risk as the quarterly review lists it. */
export interface RiskReviewLine {
  id: string;
  title: string;
  level: RiskLevel;
  residual: RiskLevel;
  /** The levels at the last review (`high/medium`), for a risk whose level changed since. */
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

/** What the quarterly review shows of the risk register (P6). */
export interface RiskReviewSummary {
  total: number;
  /** Risks at high or critical level (inherent or residual), the worst first. */
  highOrCritical: RiskReviewLine[];
  /** Risks whose level changed since the last review held (none at the first). */
  changed: RiskReviewLine[];
  /** Risks whose next review date has passed. */
  overdue: RiskReviewLine[];
  /** Risks whose acceptance by the management group has expired (flagged until accepted again). */
  expiredAcceptances: RiskReviewLine[];
  /** Open treatment measures of risks, those past their due date first, then by due date (#19). */
  openMeasures: RiskMeasureLine[];
  /** Whether a review held before gave the levels to compare with. */
  compared: boolean;
  inherent: HeatMap;
  residual: HeatMap;
  unassessed: number;
}

/** A risk's levels as a review records them: `inherent/residual`, or `unassessed`. */
export function levelCode(item: RiskListItem): string {
  const { likelihood, consequence, residualLikelihood, residualConsequence } = item;
  if (!likelihood || !consequence || !residualLikelihood || !residualConsequence) return 'unassessed';
  return `${levelOf(likelihood, consequence)}/${levelOf(residualLikelihood, residualConsequence)}`;
}

/** The levels of every risk, by id: what a review held records as reviewed (P6). */
export const reviewSnapshot = (items: readonly RiskListItem[]): Record<string, string> =>
  Object.fromEntries(items.map((item) => [item.id, levelCode(item)]));

const rank = (level: RiskLevel): number => riskLevels.indexOf(level);

/**
 * What the quarterly review shows of the register: the high and critical risks, those whose level
 * changed since the last review held (`baseline`, its recorded levels), and those past their review
 * date (`today`, yyyy-mm-dd), with the heat map.
 *
 * @remarks P6: the coordinator reviews the risks every quarter; the management group assesses them.
 * A risk new since the last review counts as changed.
 */
export function reviewRisks(
  items: readonly RiskListItem[],
  today: string,
  baseline?: Record<string, string>,
  measures: readonly OpenMeasure[] = [],
): RiskReviewSummary {
  const lines = items.flatMap((item): RiskReviewLine[] => {
    const code = levelCode(item);
    if (code === 'unassessed') return [];
    const [level, residual] = code.split('/') as [RiskLevel, RiskLevel];
    const before = baseline?.[item.id];
    return [
      {
        id: item.id,
        title: item.title,
        level,
        residual,
        before: baseline && before !== code ? (before ?? 'new') : undefined,
        nextReview: item.nextReview,
        acceptedUntil: item.acceptedUntil,
      },
    ];
  });
  const worst = (a: RiskReviewLine, b: RiskReviewLine) =>
    rank(b.level) - rank(a.level) || rank(b.residual) - rank(a.residual) || a.title.localeCompare(b.title, 'da');
  const high = (level: RiskLevel) => rank(level) >= rank('high');
  const maps = heatMaps(items);
  return {
    total: items.length,
    highOrCritical: lines.filter((line) => high(line.level) || high(line.residual)).sort(worst),
    changed: lines.filter((line) => line.before !== undefined).sort(worst),
    overdue: lines
      .filter((line) => line.nextReview !== undefined && line.nextReview < today)
      .sort((a, b) => (a.nextReview! < b.nextReview! ? -1 : 1)),
    expiredAcceptances: lines.filter((line) => line.acceptedUntil !== undefined && line.acceptedUntil < today),
    openMeasures: measures
      .flatMap(({ parent, measure }) =>
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
      )
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, 'da')),
    compared: baseline !== undefined,
    ...maps,
  };
}
