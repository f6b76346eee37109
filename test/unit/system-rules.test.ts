import { ValidationError } from '../../src/errors';
import { parseScreening } from '../../src/features/dpia/form';
import type { Screening } from '../../src/features/dpia/model';
import { reminderNumber } from '../../src/features/dpia/reminder-job';
import { systemListCard } from '../../src/features/systems/list-card';
import { toListItem } from '../../src/features/systems/list-item';
import { namePosition, parsePosition, positionIn } from '../../src/features/systems/list-order';
import { isRiskAssessmentDue, riskAssessmentDue } from '../../src/features/systems/due';
import {
  parseCriticality,
  parseMajorChange,
  parseRiskAssessment,
  parseSystemForm,
} from '../../src/features/systems/form';
import type { SystemRecord } from '../../src/features/systems/model';

const fieldsOf = (run: () => unknown): Record<string, string> => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

const base: Pick<SystemRecord, 'createdAt' | 'lastRiskAssessment' | 'pendingChange' | 'criticality'> = {
  createdAt: '2026-01-10T09:00:00.000Z',
};
const assessed = { date: '2025-03-15', by: 'Lise', summary: 'OK', recordedAt: '2025-03-15T10:00:00.000Z' };
const category = (value: 'lifeAndDeath' | 'critical' | 'nonCritical'): SystemRecord['criticality'] => ({
  answers: {
    lifeAndHealthRiskOnOutage: false,
    citizenServiceImpact: 'none',
    statutoryService: false,
    especiallySensitivePersonalData: false,
  },
  proposed: 'nonCritical',
  reasons: [],
  category: value,
  answeredBy: 'Lise',
  answeredAt: '2026-01-10T09:00:00.000Z',
});

describe('when a system risk assessment is due (P4, P8)', () => {
  it.each([
    ['never assessed: due from registration', base, '2026-01-10T09:00:00.000Z', 'missing'],
    [
      'assessed, critical: 24 months later',
      { ...base, lastRiskAssessment: assessed, criticality: category('critical') },
      '2027-03-15T12:00:00.000Z',
      'scheduled',
    ],
    [
      'assessed, non-critical: 36 months later',
      { ...base, lastRiskAssessment: assessed, criticality: category('nonCritical') },
      '2028-03-15T12:00:00.000Z',
      'scheduled',
    ],
    [
      'assessed but unclassified: the shortest interval (fail safe)',
      { ...base, lastRiskAssessment: assessed },
      '2026-03-15T12:00:00.000Z',
      'scheduled',
    ],
    [
      'major change after the assessment: due at the change',
      {
        ...base,
        lastRiskAssessment: assessed,
        criticality: category('nonCritical'),
        pendingChange: {
          area: 'supplier' as const,
          description: 'Ny leverandør',
          at: '2026-11-01T08:00:00.000Z',
          by: 'M',
        },
      },
      '2026-11-01T08:00:00.000Z',
      'majorChange',
    ],
  ])('%s', (_, system, dueAt, reason) => {
    expect(riskAssessmentDue(system)).toEqual({ dueAt: new Date(dueAt), reason });
  });

  it('is overdue at and after the due time', () => {
    const system = { ...base, lastRiskAssessment: assessed, criticality: category('lifeAndDeath') } as SystemRecord;
    expect(isRiskAssessmentDue(system, new Date('2026-03-15T11:59:00Z'))).toBe(false);
    expect(isRiskAssessmentDue(system, new Date('2026-03-15T12:00:00Z'))).toBe(true);
  });
});

describe('the register form (P4)', () => {
  const valid = {
    name: 'KMD Nexus',
    purpose: 'Omsorgsjournal',
    supplier: 'KMD',
    owner: 'lise@egedal.dk',
    plan: 'https://intranet/plan',
    personalData: 'yes',
    personalDataKinds: 'sensitive,cpr,bogus',
  };

  it('reads a valid form, keeping only known kinds of personal data', () => {
    expect(parseSystemForm(valid)).toEqual({
      name: 'KMD Nexus',
      purpose: 'Omsorgsjournal',
      supplier: 'KMD',
      owner: 'lise@egedal.dk',
      contingencyPlanUrl: 'https://intranet/plan',
      personalData: true,
      personalDataKinds: ['sensitive', 'cpr'],
    });
  });

  it('names every bad field', () => {
    expect(
      fieldsOf(() => parseSystemForm({ ...valid, name: '', plan: 'javascript:alert(1)', personalDataKinds: '' })),
    ).toEqual({
      name: 'systems.errors.required',
      plan: 'systems.errors.url',
      personalDataKinds: 'systems.errors.kindsRequired',
    });
    expect(fieldsOf(() => parseSystemForm({ ...valid, name: 'x'.repeat(121) }))).toEqual({
      name: 'systems.errors.tooLong',
    });
  });

  it('asks every criticality criterion', () => {
    expect(fieldsOf(() => parseCriticality({ lifeHealth: 'yes', impact: 'sometimes' }))).toEqual({
      impact: 'systems.errors.required',
      statutory: 'systems.errors.required',
      sensitive: 'systems.errors.required',
    });
    expect(parseCriticality({ lifeHealth: 'no', impact: 'longerOutage', statutory: 'yes', sensitive: 'no' })).toEqual({
      lifeAndHealthRiskOnOutage: false,
      citizenServiceImpact: 'longerOutage',
      statutoryService: true,
      especiallySensitivePersonalData: false,
    });
  });

  it('checks a risk assessment and a major change', () => {
    expect(fieldsOf(() => parseRiskAssessment({ riskDate: '2026-13-45', riskLink: 'ftp://x' }, 'M'))).toEqual({
      riskDate: 'systems.errors.invalidDate',
      riskSummary: 'systems.errors.required',
      riskLink: 'systems.errors.url',
    });
    // A date that does not exist is refused, not rolled over to the next month.
    for (const riskDate of ['2026-02-31', '2026-04-31', '2026-02-29'])
      expect(fieldsOf(() => parseRiskAssessment({ riskDate, riskSummary: 'Ok' }, 'M'))).toEqual({
        riskDate: 'systems.errors.invalidDate',
      });
    expect(parseRiskAssessment({ riskDate: '2024-02-29', riskSummary: 'Ok' }, 'M').date).toBe('2024-02-29');
    expect(fieldsOf(() => parseMajorChange({ changeArea: 'weather' }))).toEqual({
      changeArea: 'systems.errors.required',
      changeDescription: 'systems.errors.required',
    });
  });
});

describe('the screening answers (P5)', () => {
  const all = {
    processesPersonalData: 'yes',
    newTechnology: 'no',
    largeScaleSensitiveData: 'no',
    largeAmountsRegionalNational: 'no',
    systematicAutomatedEvaluation: 'no',
    publicAreaMonitoring: 'no',
    vulnerableDataSubjects: 'no',
    matchingOrCombining: 'no',
    evaluationOrScoring: 'no',
    preventsExercisingRights: 'no',
    highInherentRisk: 'no',
    processingBeganBefore2018_05_25: 'no',
  };

  it('asks whether processing changed since 2018 only when it began before', () => {
    expect(parseScreening(all).answers.changedSince2018).toBe(false);
    expect(fieldsOf(() => parseScreening({ ...all, processingBeganBefore2018_05_25: 'yes' }))).toEqual({
      changedSince2018: 'dpia.errors.required',
    });
  });

  it('keeps notes and refuses long ones', () => {
    expect(parseScreening({ ...all, newTechnologyNote: 'AI-model' }).notes).toEqual({ newTechnology: 'AI-model' });
    expect(fieldsOf(() => parseScreening({ ...all, newTechnologyNote: 'x'.repeat(501) }))).toEqual({
      newTechnology: 'dpia.errors.tooLong',
    });
  });

  it('reminds once per period of unanswered days', () => {
    const screening = { requestedAt: '2026-11-01T09:00:00.000Z' } as Screening;
    expect(reminderNumber(screening, new Date('2026-11-05T09:00:00Z'), 5)).toBe(0);
    expect(reminderNumber(screening, new Date('2026-11-06T09:00:00Z'), 5)).toBe(1);
    expect(reminderNumber(screening, new Date('2026-11-11T10:00:00Z'), 5)).toBe(2);
    expect(reminderNumber({ ...screening, answer: {} } as Screening, new Date('2026-12-01T00:00:00Z'), 5)).toBe(0);
  });
});

describe('the register list card', () => {
  it('keeps a full page of long names under the 28 KB budget, saying more follow', () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      toListItem({
        ...base,
        id: String(i).padStart(12, '0'),
        name: `System nummer ${i} med et ret langt navn fra leverandøren`,
        ownerId: 'owner',
        criticality: category('critical'),
      } as SystemRecord),
    );
    const card = systemListCard('da', {
      kind: 'all',
      page: { items, next: positionIn('register', items[39]!) },
      now: new Date('2026-11-28T09:00:00Z'),
      isCoordinator: true,
      canRegister: true,
      viewerId: 'coordinator',
    });
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(28 * 1024);
    expect(JSON.stringify(card)).toContain('Viser de første 40. Der er flere på næste side.');
  });
});

describe('the order of names in the lists', () => {
  const ordered = (names: string[]) =>
    names
      .map((name, i) => ({ name, position: namePosition({ name, id: String(i).padStart(12, '0') }) }))
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .map(({ name }) => name);

  it('is the Danish alphabet: case, spacing and accents aside, æ, ø, å after z', () => {
    expect(ordered(['Åben Skole', 'Øko', 'zoom', 'Æble', 'Café', 'cafe 2', 'Aula', 'KMD  nexus', 'kmd'])).toEqual([
      'Aula',
      'Café',
      'cafe 2',
      'kmd',
      'KMD  nexus',
      'zoom',
      'Æble',
      'Øko',
      'Åben Skole',
    ]);
  });

  it('keeps names that sort alike apart by id, and takes only positions of the right shape back', () => {
    const a = namePosition({ name: 'Café', id: 'aaaaaaaaaaaa' });
    const b = namePosition({ name: 'Cafe', id: 'bbbbbbbbbbbb' });
    expect(a).not.toBe(b);
    expect(parsePosition('owned', a)).toBe(a);
    expect(parsePosition('register', `2~${a}`)).toBe(`2~${a}`);
    for (const bad of [`5~${a}`, `2~${a}' or true`, a.toUpperCase(), [a], 42, '', `${'0041'.repeat(241)}.aaaaaaaaaaaa`])
      expect(parsePosition('register', bad) ?? parsePosition('owned', bad)).toBeUndefined();
    expect(parsePosition('due', '2026-11-28T09:00:00.000Z~aaaaaaaaaaaa')).toBeDefined();
    expect(parsePosition('due', '2026-11-28~aaaaaaaaaaaa')).toBeUndefined();
  });
});
