import type { Consequence, RiskAssessment, RiskLevel, RiskListItem, RiskRecord, ScaleValue } from './model';
import { scale } from './model';

/**
 * The consequence of a risk on the 4-level scale: the worst of confidentiality, integrity,
 * availability and (where judged) the data subjects.
 *
 * @remarks P4: the criteria weigh availability and integrity of citizen-facing service and especially
 * sensitive personal data; one severe aspect makes a severe consequence, so the highest counts.
 */
export const consequenceOf = (consequence: Consequence): ScaleValue =>
  Math.max(
    consequence.confidentiality,
    consequence.integrity,
    consequence.availability,
    consequence.dataSubjects ?? 1,
  ) as ScaleValue;

/**
 * The level of a cell of the 4×4 matrix, from likelihood × consequence (1–16):
 * 1–3 low (*lav*), 4–6 medium (*mellem*), 8–9 high (*høj*), 12–16 critical (*kritisk*).
 *
 * @remarks P6: the quarterly review lists the high and critical risks.
 */
export function levelOf(likelihood: ScaleValue, consequence: ScaleValue): RiskLevel {
  const score = likelihood * consequence;
  if (score >= 12) return 'critical';
  if (score >= 8) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** The inherent level of an assessed risk. */
export const inherentLevel = (assessment: RiskAssessment): RiskLevel =>
  levelOf(assessment.likelihood, consequenceOf(assessment.consequence));

/** The residual level of an assessed risk (after its treatment). */
export const residualLevel = (assessment: RiskAssessment): RiskLevel =>
  levelOf(assessment.residualLikelihood, assessment.residualConsequence);

/**
 * Names the residual values that exceed the inherent ones: a treatment cannot make a risk likelier
 * or worse than it was, so such a residual is refused (field → locale key).
 */
export function residualErrors(
  assessment: Pick<RiskAssessment, 'likelihood' | 'consequence' | 'residualLikelihood' | 'residualConsequence'>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (assessment.residualLikelihood > assessment.likelihood) errors.residualLikelihood = 'risks.errors.residualAbove';
  if (assessment.residualConsequence > consequenceOf(assessment.consequence))
    errors.residualConsequence = 'risks.errors.residualAbove';
  return errors;
}

/** The list item of a risk (what the register list and heat map need). */
export function listItemOf(risk: RiskRecord): RiskListItem {
  const a = risk.assessment;
  return {
    id: risk.id,
    title: risk.title,
    systemNames: risk.systemNames,
    area: risk.area,
    likelihood: a?.likelihood,
    consequence: a && consequenceOf(a.consequence),
    residualLikelihood: a?.residualLikelihood,
    residualConsequence: a?.residualConsequence,
    nextReview: a?.nextReview,
    acceptedUntil: risk.acceptance?.state === 'accepted' ? risk.acceptance.expiresOn : undefined,
    acceptancePending: risk.acceptance?.state === 'pending' ? risk.acceptance.approvalId : undefined,
    incidents: risk.incidents?.length ? risk.incidents.map((incident) => incident.number) : undefined,
  };
}

/** A 4×4 count of risks per cell: `counts[likelihood-1][consequence-1]`. */
export type HeatMap = number[][];

/**
 * Counts the assessed risks per cell of the 4×4 matrix, inherent and residual (the heat map, P6, P7).
 * Risks not yet assessed are counted apart.
 */
export function heatMaps(items: readonly RiskListItem[]): { inherent: HeatMap; residual: HeatMap; unassessed: number } {
  const empty = (): HeatMap => scale.map(() => scale.map(() => 0));
  const inherent = empty();
  const residual = empty();
  let unassessed = 0;
  for (const item of items) {
    if (!item.likelihood || !item.consequence || !item.residualLikelihood || !item.residualConsequence) {
      unassessed++;
      continue;
    }
    inherent[item.likelihood - 1]![item.consequence - 1]!++;
    residual[item.residualLikelihood - 1]![item.residualConsequence - 1]!++;
  }
  return { inherent, residual, unassessed };
}

/** The heat map's counts as the register keeps them: per cell, inherent and residual, and the risks not assessed. */
export interface HeatMapCounts {
  inherent: HeatMap;
  residual: HeatMap;
  unassessed: number;
}

/**
 * The counts after the risks `items` replace what `before` was counted as (one risk's earlier list
 * item, or none for a new risk) — added to `base`, or to empty counts.
 *
 * @remarks Kept with every change of a risk so that opening the register reads the counts, not every
 * risk (#19: reads per page stay page-sized).
 */
export function heatMapDelta(
  before: RiskListItem | undefined,
  items: readonly RiskListItem[],
  base?: HeatMapCounts,
): HeatMapCounts {
  const added = heatMaps(items);
  const removed = heatMaps(before ? [before] : []);
  const sum = (a: HeatMap, b: HeatMap, c: HeatMap | undefined): HeatMap =>
    a.map((row, l) => row.map((count, k) => count - b[l]![k]! + (c?.[l]?.[k] ?? 0)));
  return {
    inherent: sum(added.inherent, removed.inherent, base?.inherent),
    residual: sum(added.residual, removed.residual, base?.residual),
    unassessed: added.unassessed - removed.unassessed + (base?.unassessed ?? 0),
  };
}
