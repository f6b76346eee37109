import { nextRiskAssessmentDue, type RiskAssessmentIntervals } from './criticality';
import type { SystemRecord } from './model';

/** Why a system's risk assessment is due when it is. */
export type DueReason = 'missing' | 'majorChange' | 'scheduled';

/**
 * When a system's next risk assessment is due, and why.
 *
 * @remarks P4, P8. A system never assessed is due from its registration; a major change after the last
 * assessment makes it due at once; otherwise the last assessment plus its category's interval
 * ({@link nextRiskAssessmentDue}). An unclassified system is counted as the most critical category
 * (the shortest interval) until the coordinator confirms one: failing safe.
 */
export function riskAssessmentDue(
  system: Pick<SystemRecord, 'createdAt' | 'lastRiskAssessment' | 'pendingChange' | 'criticality'>,
  intervals: Partial<RiskAssessmentIntervals> = {},
): { dueAt: Date; reason: DueReason } {
  if (system.pendingChange) return { dueAt: new Date(system.pendingChange.at), reason: 'majorChange' };
  if (!system.lastRiskAssessment) return { dueAt: new Date(system.createdAt), reason: 'missing' };
  const category = system.criticality?.category ?? 'lifeAndDeath';
  return {
    dueAt: nextRiskAssessmentDue(new Date(`${system.lastRiskAssessment.date}T12:00:00Z`), category, intervals),
    reason: 'scheduled',
  };
}

/** True when the risk assessment is missing, called for by a major change, or past its date. */
export const isRiskAssessmentDue = (
  system: SystemRecord,
  now: Date,
  intervals: Partial<RiskAssessmentIntervals> = {},
): boolean => riskAssessmentDue(system, intervals).dueAt.getTime() <= now.getTime();
