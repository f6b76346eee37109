import { ZONE } from '../../clock';
import { DateTime } from 'luxon';

/** Dates are counted on the municipality's calendar, so a due date keeps its local clock time across DST. */

/** The four criticality categories of P4, most critical first (the order the policy lists them). */
export const criticalityCategories = ['lifeAndDeath', 'veryCritical', 'critical', 'nonCritical'] as const;
export type CriticalityCategory = (typeof criticalityCategories)[number];

/** How critical a category is: higher is more critical. */
export const categoryRank: Readonly<Record<CriticalityCategory, number>> = Object.freeze({
  lifeAndDeath: 3,
  veryCritical: 2,
  critical: 1,
  nonCritical: 0,
});

/** Sort comparator: most critical first. */
export const compareByCriticality = (a: CriticalityCategory, b: CriticalityCategory): number =>
  categoryRank[b] - categoryRank[a];

/**
 * How soon the citizen-facing service suffers seriously when the system is down: after a short outage,
 * after a shorter outage (statutory services cannot be delivered), only after a longer period, or not at all.
 */
export type CitizenServiceImpact = 'shortOutage' | 'shorterOutage' | 'longerOutage' | 'none';

/** The system owner's answers to the P4 criteria. */
export interface CriticalityAnswers {
  /** Outage at a critical time risks citizens' life and health, or law requires high uptime. */
  lifeAndHealthRiskOnOutage: boolean;
  citizenServiceImpact: CitizenServiceImpact;
  /** The system supports a service the municipality is obliged by law to deliver. */
  statutoryService: boolean;
  /** Especially sensitive personal data: GDPR art. 9, CPR numbers, criminal offences. */
  especiallySensitivePersonalData: boolean;
}

/**
 * Stable codes for why a category was chosen; the UI turns them into Danish or English text.
 * `sensitivePersonalData` is informational: the data is noted, but the category is already critical or higher.
 */
export const criticalityReasonCodes = [
  'lifeAndHealth',
  'shortOutageSeriousConsequences',
  'statutoryAfterShorterOutage',
  'serviceAfterShorterOutage',
  'canBeMissedLonger',
  'sensitiveDataRaisesToCritical',
  'sensitivePersonalData',
] as const;
export type CriticalityReasonCode = (typeof criticalityReasonCodes)[number];

export interface CriticalityResult {
  category: CriticalityCategory;
  /** Every finding that held, the deciding one first, in the order of {@link criticalityReasonCodes}. */
  reasons: CriticalityReasonCode[];
}

/**
 * The criticality category of a system from its owner's answers.
 *
 * @remarks P4. The most severe finding decides:
 * - risk to life and health on outage → life and death;
 * - serious consequences for citizen-facing service after a short outage → very critical;
 * - service suffers after a shorter outage → critical. The policy phrases this as "statutory services cannot be
 *   delivered"; a non-statutory service that suffers this soon is not one that "can be missed for a longer period
 *   without larger consequences" either, so it is also critical (reason `serviceAfterShorterOutage`) rather than
 *   falling through to non-critical;
 * - otherwise non-critical.
 *
 * Especially sensitive personal data is one of the policy's three criteria for criticality, so it lifts a
 * system that would otherwise be non-critical to critical: its outage or corruption can harm citizens even when
 * the service can wait. It never lowers a category and does not lift higher than critical on its own.
 */
export function assessCriticality(answers: CriticalityAnswers): CriticalityResult {
  const held = new Set<CriticalityReasonCode>();
  if (answers.lifeAndHealthRiskOnOutage) held.add('lifeAndHealth');
  if (answers.citizenServiceImpact === 'shortOutage') held.add('shortOutageSeriousConsequences');
  if (answers.citizenServiceImpact === 'shorterOutage') {
    held.add(answers.statutoryService ? 'statutoryAfterShorterOutage' : 'serviceAfterShorterOutage');
  }

  let category: CriticalityCategory = 'nonCritical';
  if (answers.lifeAndHealthRiskOnOutage) category = 'lifeAndDeath';
  else if (answers.citizenServiceImpact === 'shortOutage') category = 'veryCritical';
  else if (answers.citizenServiceImpact === 'shorterOutage') category = 'critical';

  if (category === 'nonCritical') held.add('canBeMissedLonger');
  if (answers.especiallySensitivePersonalData) {
    if (category === 'nonCritical') {
      category = 'critical';
      held.add('sensitiveDataRaisesToCritical');
    } else {
      held.add('sensitivePersonalData');
    }
  }
  return { category, reasons: criticalityReasonCodes.filter((code) => held.has(code)) };
}

/** Months between risk assessments of a system, per category. */
export type RiskAssessmentIntervals = Readonly<Record<CriticalityCategory, number>>;

/**
 * Default months between risk assessments of a system, per category; `RISK_ASSESSMENT_MONTHS` overrides any of
 * them (validated in `src/config.ts`).
 *
 * @remarks P4, P6. The policy sets no interval per system; these defaults make "a current risk assessment" (what
 * the quarterly review lists as missing) concrete: yearly for the systems the policy prioritises, less often for
 * the rest.
 */
export const riskAssessmentIntervalMonths: RiskAssessmentIntervals = Object.freeze({
  lifeAndDeath: 12,
  veryCritical: 12,
  critical: 24,
  nonCritical: 36,
});

/**
 * When a system's next risk assessment is due: the last assessment plus its category's interval, counted in
 * calendar months in Danish time (31 January + 1 month is 28/29 February; the local clock time is kept).
 *
 * @remarks P4, P6. `intervals` overrides the defaults per category (e.g. from configuration).
 * @throws RangeError when the interval that applies is not a positive whole number of months.
 */
export function nextRiskAssessmentDue(
  lastAssessedAt: Date,
  category: CriticalityCategory,
  intervals: Partial<RiskAssessmentIntervals> = {},
): Date {
  const months = intervals[category] ?? riskAssessmentIntervalMonths[category];
  if (!Number.isInteger(months) || months <= 0) {
    throw new RangeError(`Risk assessment interval for ${category} must be a positive whole number of months`);
  }
  return DateTime.fromJSDate(lastAssessedAt, { zone: ZONE }).plus({ months }).toJSDate();
}
