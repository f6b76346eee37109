import type { RiskAssessmentIntervals } from './criticality';
import { riskAssessmentDue, type DueReason } from './due';
import { categoryOf, type CategoryOrUnclassified, type SystemRecord } from './model';

/**
 * What the register's lists know of a system: a row of the register, an owner's "mine systemer"
 * or the risk assessments due (P4, P8).
 *
 * @remarks Kept beside each list row in storage, so a page is read without reading its systems.
 * `version` is the system version it was taken from. `ownerId` is server-side only: it decides
 * who may open the system, and is never shown to anyone else.
 */
export interface SystemListItem {
  id: string;
  version: number;
  name: string;
  category: CategoryOrUnclassified;
  ownerId: string;
  /** When the next risk assessment is due (ISO), and why ({@link riskAssessmentDue}). */
  dueAt: string;
  dueReason: DueReason;
}

/** The list item of a system as it is now, its due time by the configured intervals (P4). */
export function toListItem(system: SystemRecord, intervals: Partial<RiskAssessmentIntervals> = {}): SystemListItem {
  const { dueAt, reason } = riskAssessmentDue(system, intervals);
  return {
    id: system.id,
    version: system.version,
    name: system.name,
    category: categoryOf(system),
    ownerId: system.ownerId,
    dueAt: dueAt.toISOString(),
    dueReason: reason,
  };
}
