import { DateTime } from 'luxon';
import { ZONE } from '../../clock';
import { residualLevel } from './level';
import { riskLevels, type RiskLevel, type RiskRecord } from './model';

/** Where a risk stands with the management group's acceptance of its residual risk. */
export type AcceptanceStatus = 'notNeeded' | 'needed' | 'pending' | 'accepted' | 'expired' | 'changesRequested';

/**
 * Whether the residual risk must be accepted by the management group, and where that stands.
 *
 * @remarks #19 (P7: management evaluates the risks): a residual level above `above` (the setting
 * `RISK_ACCEPTANCE_ABOVE`) is accepted through the approval mechanism, for a time. An acceptance is
 * of one assessment: a new assessment needs a new one; after `expiresOn` it is `expired` (flagged).
 */
export function acceptanceStatus(risk: RiskRecord, above: RiskLevel, today: string): AcceptanceStatus {
  const assessment = risk.assessment;
  if (!assessment) return 'notNeeded';
  const level = residualLevel(assessment);
  if (riskLevels.indexOf(level) <= riskLevels.indexOf(above)) return 'notNeeded';
  const acceptance = risk.acceptance;
  if (!acceptance || acceptance.assessedAt !== assessment.assessedAt || acceptance.residual !== level) return 'needed';
  if (acceptance.state !== 'accepted') return acceptance.state;
  return acceptance.expiresOn && acceptance.expiresOn < today ? 'expired' : 'accepted';
}

/** The last day an acceptance given at `decidedAt` holds: `months` later, in Danish dates. */
export const acceptanceExpiry = (decidedAt: string, months: number): string =>
  DateTime.fromISO(decidedAt, { zone: ZONE }).plus({ months }).toISODate() as string;

/** True when the status lets the coordinator put the residual risk up for acceptance. */
export const mayRequestAcceptance = (status: AcceptanceStatus): boolean =>
  status === 'needed' || status === 'expired' || status === 'changesRequested';
