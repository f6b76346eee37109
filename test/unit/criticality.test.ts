import {
  assessCriticality,
  categoryRank,
  compareByCriticality,
  criticalityCategories,
  criticalityReasonCodes,
  nextRiskAssessmentDue,
  riskAssessmentIntervalMonths,
  type CitizenServiceImpact,
  type CriticalityAnswers,
  type CriticalityCategory,
  type CriticalityReasonCode,
} from '../../src/features/systems/criticality';

const answers = (overrides: Partial<CriticalityAnswers> = {}): CriticalityAnswers => ({
  lifeAndHealthRiskOnOutage: false,
  citizenServiceImpact: 'none',
  statutoryService: false,
  especiallySensitivePersonalData: false,
  ...overrides,
});

describe('the criticality category of a system (P4)', () => {
  it.each<[string, Partial<CriticalityAnswers>, CriticalityCategory, CriticalityReasonCode[]]>([
    ['nothing at stake', {}, 'nonCritical', ['canBeMissedLonger']],
    ['felt only after a longer period', { citizenServiceImpact: 'longerOutage' }, 'nonCritical', ['canBeMissedLonger']],
    [
      'statutory, but can wait a longer period',
      { statutoryService: true, citizenServiceImpact: 'longerOutage' },
      'nonCritical',
      ['canBeMissedLonger'],
    ],
    ['life and health at risk', { lifeAndHealthRiskOnOutage: true }, 'lifeAndDeath', ['lifeAndHealth']],
    [
      'serious consequences after a short outage',
      { citizenServiceImpact: 'shortOutage' },
      'veryCritical',
      ['shortOutageSeriousConsequences'],
    ],
    [
      'statutory service fails after a shorter outage',
      { citizenServiceImpact: 'shorterOutage', statutoryService: true },
      'critical',
      ['statutoryAfterShorterOutage'],
    ],
    [
      'non-statutory service that still cannot wait long',
      { citizenServiceImpact: 'shorterOutage' },
      'critical',
      ['serviceAfterShorterOutage'],
    ],
    [
      'sensitive data lifts a non-critical system',
      { especiallySensitivePersonalData: true },
      'critical',
      ['canBeMissedLonger', 'sensitiveDataRaisesToCritical'],
    ],
    [
      'sensitive data on a critical system is noted, not lifted further',
      { citizenServiceImpact: 'shorterOutage', statutoryService: true, especiallySensitivePersonalData: true },
      'critical',
      ['statutoryAfterShorterOutage', 'sensitivePersonalData'],
    ],
    [
      'sensitive data never lowers a very critical system',
      { citizenServiceImpact: 'shortOutage', especiallySensitivePersonalData: true },
      'veryCritical',
      ['shortOutageSeriousConsequences', 'sensitivePersonalData'],
    ],
    [
      'life and health outranks everything else, which is still listed',
      {
        lifeAndHealthRiskOnOutage: true,
        citizenServiceImpact: 'shortOutage',
        statutoryService: true,
        especiallySensitivePersonalData: true,
      },
      'lifeAndDeath',
      ['lifeAndHealth', 'shortOutageSeriousConsequences', 'sensitivePersonalData'],
    ],
  ])('%s → %s', (_why, overrides, category, reasons) => {
    expect(assessCriticality(answers(overrides))).toEqual({ category, reasons });
  });

  it('decides every combination of answers, never below what a single finding demands', () => {
    const impacts: CitizenServiceImpact[] = ['shortOutage', 'shorterOutage', 'longerOutage', 'none'];
    for (const lifeAndHealthRiskOnOutage of [false, true])
      for (const citizenServiceImpact of impacts)
        for (const statutoryService of [false, true])
          for (const especiallySensitivePersonalData of [false, true]) {
            const result = assessCriticality({
              lifeAndHealthRiskOnOutage,
              citizenServiceImpact,
              statutoryService,
              especiallySensitivePersonalData,
            });
            expect(result.reasons.length).toBeGreaterThan(0);
            expect(result.reasons.every((code) => criticalityReasonCodes.includes(code))).toBe(true);
            if (lifeAndHealthRiskOnOutage) expect(result.category).toBe('lifeAndDeath');
            if (citizenServiceImpact === 'shortOutage') expect(categoryRank[result.category]).toBeGreaterThanOrEqual(2);
            if (especiallySensitivePersonalData) expect(categoryRank[result.category]).toBeGreaterThanOrEqual(1);
          }
  });
});

describe('ordering of categories', () => {
  it('ranks life and death highest and sorts most critical first', () => {
    const shuffled: CriticalityCategory[] = ['critical', 'nonCritical', 'lifeAndDeath', 'veryCritical'];
    expect([...shuffled].sort(compareByCriticality)).toEqual([...criticalityCategories]);
    expect(criticalityCategories.map((category) => categoryRank[category])).toEqual([3, 2, 1, 0]);
  });
});

describe('when the next risk assessment of a system is due (P4, P6)', () => {
  it.each<[string, CriticalityCategory, string]>([
    ['2026-01-15T10:00:00Z', 'lifeAndDeath', '2027-01-15T10:00:00.000Z'],
    ['2026-01-15T10:00:00Z', 'veryCritical', '2027-01-15T10:00:00.000Z'],
    ['2026-01-15T10:00:00Z', 'critical', '2028-01-15T10:00:00.000Z'],
    ['2026-01-15T10:00:00Z', 'nonCritical', '2029-01-15T10:00:00.000Z'],
    // A leap day plus a year is the last day of February.
    ['2024-02-29T12:00:00Z', 'veryCritical', '2025-02-28T12:00:00.000Z'],
  ])('assessed %s, %s → due %s', (lastAssessedAt, category, due) => {
    expect(nextRiskAssessmentDue(new Date(lastAssessedAt), category).toISOString()).toBe(due);
  });

  it('uses the defaults 12/12/24/36 months', () => {
    expect(riskAssessmentIntervalMonths).toEqual({ lifeAndDeath: 12, veryCritical: 12, critical: 24, nonCritical: 36 });
    expect(Object.isFrozen(riskAssessmentIntervalMonths)).toBe(true);
  });

  it('takes overrides from configuration and keeps the Danish clock time across daylight saving', () => {
    // 11:00 CET in January; six months later 11:00 CEST.
    expect(nextRiskAssessmentDue(new Date('2026-01-15T10:00:00Z'), 'critical', { critical: 6 }).toISOString()).toBe(
      '2026-07-15T09:00:00.000Z',
    );
    // Only the overridden category changes.
    expect(nextRiskAssessmentDue(new Date('2026-01-15T10:00:00Z'), 'nonCritical', { critical: 6 }).toISOString()).toBe(
      '2029-01-15T10:00:00.000Z',
    );
  });

  it.each([0, -12, 1.5, Number.NaN])('rejects an interval of %p months', (months) => {
    expect(() => nextRiskAssessmentDue(new Date('2026-01-15T10:00:00Z'), 'critical', { critical: months })).toThrow(
      RangeError,
    );
  });
});
