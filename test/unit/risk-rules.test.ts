import { ValidationError } from '../../src/errors';
import type { Role } from '../../src/features/access/roles';
import { maySetSystems, mayChange, maySee, type RiskActor } from '../../src/features/risks/access';
import { parseAssessment, parseRiskForm } from '../../src/features/risks/form';
import { consequenceOf, heatMaps, levelOf, residualErrors } from '../../src/features/risks/level';
import type { RiskAcceptance, RiskRecord, ScaleValue } from '../../src/features/risks/model';
import { acceptanceExpiry, acceptanceStatus } from '../../src/features/risks/acceptance';
import { reviewRisks, reviewSnapshot } from '../../src/features/risks/review';
import { riskReviewParts } from '../../src/features/risks/review-card';
import { countsDelta, registerEntry, reviewPageOf, sameCounts } from '../../src/features/risks/register-index';

const fieldsOf = (run: () => unknown): Record<string, string> => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return {};
};

describe('risk level (4×4: likelihood × consequence)', () => {
  it.each<[ScaleValue, ScaleValue, string]>([
    [1, 1, 'low'],
    [1, 3, 'low'],
    [3, 1, 'low'],
    [2, 2, 'medium'],
    [1, 4, 'medium'],
    [2, 3, 'medium'],
    [2, 4, 'high'],
    [3, 3, 'high'],
    [4, 2, 'high'],
    [3, 4, 'critical'],
    [4, 3, 'critical'],
    [4, 4, 'critical'],
  ])('likelihood %i × consequence %i is %s', (likelihood, consequence, level) => {
    expect(levelOf(likelihood, consequence)).toBe(level);
  });

  it('takes the worst of confidentiality, integrity, availability and the data subjects as the consequence', () => {
    expect(consequenceOf({ confidentiality: 1, integrity: 2, availability: 1 })).toBe(2);
    expect(consequenceOf({ confidentiality: 1, integrity: 1, availability: 1, dataSubjects: 4 })).toBe(4);
    expect(consequenceOf({ confidentiality: 3, integrity: 1, availability: 2, dataSubjects: 1 })).toBe(3);
  });

  it('refuses a residual risk above the inherent one, per axis', () => {
    const consequence = { confidentiality: 2, integrity: 3, availability: 1 } as const;
    expect(residualErrors({ likelihood: 2, consequence, residualLikelihood: 2, residualConsequence: 3 })).toEqual({});
    expect(residualErrors({ likelihood: 2, consequence, residualLikelihood: 3, residualConsequence: 4 })).toEqual({
      residualLikelihood: 'risks.errors.residualAbove',
      residualConsequence: 'risks.errors.residualAbove',
    });
  });

  it('counts assessed risks per cell, inherent and residual, and the unassessed apart', () => {
    const maps = heatMaps([
      {
        id: 'a',
        title: 'a',
        systemNames: [],
        likelihood: 4,
        consequence: 4,
        residualLikelihood: 2,
        residualConsequence: 3,
      },
      {
        id: 'b',
        title: 'b',
        systemNames: [],
        likelihood: 4,
        consequence: 4,
        residualLikelihood: 1,
        residualConsequence: 1,
      },
      { id: 'c', title: 'c', systemNames: [] },
    ]);
    expect(maps.inherent[3]![3]).toBe(2);
    expect(maps.residual[1]![2]).toBe(1);
    expect(maps.residual[0]![0]).toBe(1);
    expect(maps.inherent.flat().reduce((a, b) => a + b)).toBe(2);
    expect(maps.unassessed).toBe(1);
  });
});

describe('risk forms', () => {
  const now = new Date('2027-01-10T09:00:00Z');
  const good = {
    likelihood: '3',
    confidentiality: '2',
    integrity: '1',
    availability: '4',
    dataSubjects: '',
    treatment: 'reduce',
    residualLikelihood: '2',
    residualConsequence: '2',
    nextReview: '2027-04-01',
  };

  it('reads a full assessment, the data subjects left out where no personal data is involved', () => {
    expect(parseAssessment(good, now)).toEqual({
      likelihood: 3,
      consequence: { confidentiality: 2, integrity: 1, availability: 4 },
      treatment: 'reduce',
      residualLikelihood: 2,
      residualConsequence: 2,
      nextReview: '2027-04-01',
    });
    expect(parseAssessment({ ...good, dataSubjects: '3' }, now).consequence.dataSubjects).toBe(3);
  });

  it('names every bad field of an assessment at once', () => {
    expect(
      fieldsOf(() =>
        parseAssessment(
          { ...good, likelihood: '5', treatment: 'ignore', nextReview: '2027-01-10', integrity: '' },
          now,
        ),
      ),
    ).toEqual({
      likelihood: 'risks.errors.choose',
      integrity: 'risks.errors.choose',
      treatment: 'risks.errors.choose',
      nextReview: 'risks.errors.reviewRange',
    });
    expect(fieldsOf(() => parseAssessment({ ...good, nextReview: '2028-02-01' }, now))).toEqual({
      nextReview: 'risks.errors.reviewRange',
    });
    expect(fieldsOf(() => parseAssessment({ ...good, residualLikelihood: '4' }, now))).toEqual({
      residualLikelihood: 'risks.errors.residualAbove',
    });
  });

  it('asks for systems or an area, not both and not neither', () => {
    const base = { title: 'Phishing', scenario: 'Mails', owner: 'a@b.dk' };
    expect(parseRiskForm({ ...base, systems: 'a1b2c3d4e5f6,a1b2c3d4e5f6' }).systemIds).toEqual(['a1b2c3d4e5f6']);
    expect(parseRiskForm({ ...base, area: 'people' }).area).toBe('people');
    expect(fieldsOf(() => parseRiskForm(base))).toEqual({ systems: 'risks.errors.systemsOrArea' });
    expect(fieldsOf(() => parseRiskForm({ ...base, systems: 'a1b2c3d4e5f6', area: 'people' }))).toEqual({
      systems: 'risks.errors.systemsOrArea',
    });
    expect(fieldsOf(() => parseRiskForm({ systems: "x'); drop", area: 'moon' }))).toEqual({
      title: 'risks.errors.required',
      scenario: 'risks.errors.required',
      systems: 'risks.errors.systemUnknown',
      area: 'risks.errors.choose',
      owner: 'risks.errors.ownerRequired',
    });
  });
});

describe('who may do what with a risk (P10)', () => {
  const actor = (...roles: Role[]): RiskActor => ({ userId: 'u', name: 'U', roles: new Set(roles) });
  const risk = { systemIds: ['mine', 'theirs'] } as RiskRecord;
  const owned = new Set(['mine']);

  it('lets the coordinator do everything, management only look, a system owner his own systems', () => {
    expect(mayChange(actor('coordinator'), risk, new Set())).toBe(true);
    expect(maySee(actor('management'), risk, new Set())).toBe(true);
    expect(mayChange(actor('management'), risk, new Set())).toBe(false);
    expect(mayChange(actor('systemOwner'), risk, owned)).toBe(true);
    expect(mayChange(actor('systemOwner'), risk, new Set(['other']))).toBe(false);
    expect(maySee(actor('systemOwner'), risk, new Set(['other']))).toBe(false);
    expect(maySee(actor('hr', 'steering', 'dpo'), risk, owned)).toBe(false);
  });

  it('lets a system owner add or remove only his own systems, and never make it an area risk', () => {
    const owner = actor('systemOwner');
    expect(maySetSystems(owner, ['mine', 'theirs'], ['mine'], owned)).toBe(false);
    expect(maySetSystems(owner, ['mine', 'theirs'], ['theirs'], owned)).toBe(true);
    expect(maySetSystems(owner, ['theirs'], ['theirs', 'mine'], owned)).toBe(true);
    expect(maySetSystems(owner, ['mine'], [], owned)).toBe(false);
    expect(maySetSystems(owner, [], ['theirs'], owned)).toBe(false);
    expect(maySetSystems(actor('coordinator'), ['x'], [], new Set())).toBe(true);
  });
});

describe('the risks a quarterly review shows (P6)', () => {
  const risk = (
    id: string,
    levels?: [ScaleValue, ScaleValue, ScaleValue, ScaleValue],
    nextReview = '2027-06-01',
    assessedAt = '2027-01-05T09:00:00.000Z',
  ): RiskRecord => ({
    id,
    version: 2,
    title: id,
    scenario: 's',
    systemIds: [],
    systemNames: [],
    area: 'network',
    ownerId: 'o',
    ownerName: 'O',
    createdAt: '2027-01-01T09:00:00.000Z',
    createdBy: 'K',
    ...(levels && {
      assessment: {
        likelihood: levels[0],
        consequence: { confidentiality: levels[1], integrity: 1, availability: 1 },
        treatment: 'reduce',
        residualLikelihood: levels[2],
        residualConsequence: levels[3],
        nextReview,
        assessedAt,
        assessedBy: 'k',
        assessedByName: 'K',
      },
    }),
  });
  const risks = [
    risk('critical', [4, 4, 2, 2], '2027-03-01'),
    risk('high', [3, 3, 3, 3], '2027-01-01', '2027-01-20T09:00:00.000Z'),
    risk('low', [1, 1, 1, 1], '2027-06-01', '2027-01-25T09:00:00.000Z'),
    risk('unassessed'),
  ];
  const entries = risks.map((record) => registerEntry(record, undefined));
  const page = (since?: string) =>
    reviewPageOf(entries, new Map(risks.map((record) => [record.id, record])), '2027-02-01', since, 10);

  it('lists high and critical (the worst first) and past review dates, and compares nothing at the first review', () => {
    const summary = reviewRisks(page(), '2027-02-01');
    expect(summary.highOrCritical).toEqual({
      count: 2,
      lines: [expect.objectContaining({ id: 'critical' }), expect.objectContaining({ id: 'high' })],
    });
    expect(summary.overdue.lines.map((line) => line.id)).toEqual(['high']);
    expect(summary.overdue.count).toBe(1);
    expect(summary.compared).toBe(false);
    expect(summary.changed).toEqual({ count: 0, lines: [] });
  });

  it('shows as changed the risks whose levels changed after the last review held, with the levels it recorded', () => {
    const levels = { ...reviewSnapshot(entries), high: 'medium/medium' };
    delete (levels as Record<string, string>).low;
    const since = '2027-01-15T09:00:00.000Z';
    const summary = reviewRisks(page(since), '2027-02-01', { since, levels });
    // The critical risk was last assessed before the review: not changed since.
    expect(summary.changed.count).toBe(2);
    expect(summary.changed.lines.map((line) => [line.id, line.before])).toEqual([
      ['high', 'medium/medium'],
      ['low', 'new'],
    ]);
    expect(reviewSnapshot(entries)).toEqual({
      critical: 'critical/medium',
      high: 'high/high',
      low: 'low/low',
      unassessed: 'unassessed',
    });
  });

  it('says of a risk assessed back to its levels at the review that it changed and came back, and names a risk unassessed then', () => {
    const since = '2027-01-15T09:00:00.000Z';
    const levels = { ...reviewSnapshot(entries), high: 'high/high', low: 'unassessed' };
    const { riskSections } = riskReviewParts('da', reviewRisks(page(since), '2027-02-01', { since, levels }));
    expect(riskSections[1]!.lines).toEqual([
      'high – Høj → Høj (ændret og vurderet tilbage siden sidste gennemgang)',
      'low – Lav → Lav (før: ikke vurderet)',
    ]);
  });

  it('dates a level change from the assessment that made it, and keeps the date through one that keeps the levels', () => {
    const [first] = risks;
    const created = registerEntry({ ...first!, assessment: undefined }, undefined);
    expect(created.levelChangedAt).toBeUndefined();
    const assessed = registerEntry(first!, created);
    expect(assessed.levelChangedAt).toBe('2027-01-05T09:00:00.000Z');
    const same = {
      ...first!,
      version: 3,
      assessment: { ...first!.assessment!, assessedAt: '2027-02-01T09:00:00.000Z' },
    };
    expect(registerEntry(same, assessed).levelChangedAt).toBe('2027-01-05T09:00:00.000Z');
    const moved = { ...same, assessment: { ...same.assessment, residualLikelihood: 1 as ScaleValue } };
    expect(registerEntry(moved, assessed).levelChangedAt).toBe('2027-02-01T09:00:00.000Z');
  });

  it('keeps counts equal when a risk is counted out and in again on the same days (no rewrite of the shared counts row)', () => {
    const [first, second] = entries;
    const base = countsDelta(undefined, entries);
    const again = countsDelta(first, [first!], base);
    // The days it had alone moved to the end of their objects: the JSON differs, the numbers do not.
    expect(JSON.stringify(again)).not.toBe(JSON.stringify(base));
    expect(sameCounts(again, base)).toBe(true);
    expect(sameCounts(countsDelta(second, [{ ...second!, nextReview: '2027-05-05' }], base), base)).toBe(false);
  });
});

describe('acceptance of a residual risk (#19)', () => {
  const assessedAt = '2027-01-10T09:00:00.000Z';
  const risk = (residual: [ScaleValue, ScaleValue], acceptance?: Partial<RiskAcceptance>): RiskRecord =>
    ({
      assessment: {
        likelihood: 4,
        consequence: { confidentiality: 4, integrity: 1, availability: 1 },
        treatment: 'accept',
        residualLikelihood: residual[0],
        residualConsequence: residual[1],
        nextReview: '2027-04-01',
        assessedAt,
        assessedBy: 'u',
        assessedByName: 'U',
      },
      acceptance: acceptance && {
        approvalId: 'a',
        state: 'accepted',
        requestedAt: assessedAt,
        requestedBy: 'u',
        requestedByName: 'U',
        assessedAt,
        residual: 'high',
        expiresOn: '2027-07-11',
        ...acceptance,
      },
    }) as RiskRecord;

  it('asks for acceptance only above the threshold, and holds an acceptance of this assessment until it expires', () => {
    expect(acceptanceStatus(risk([2, 3]), 'medium', '2027-02-01')).toBe('notNeeded');
    expect(acceptanceStatus(risk([3, 3]), 'medium', '2027-02-01')).toBe('needed');
    expect(acceptanceStatus(risk([3, 3]), 'high', '2027-02-01')).toBe('notNeeded');
    expect(acceptanceStatus(risk([3, 3], {}), 'medium', '2027-07-11')).toBe('accepted');
    expect(acceptanceStatus(risk([3, 3], {}), 'medium', '2027-07-12')).toBe('expired');
    expect(acceptanceStatus(risk([3, 3], { state: 'pending' }), 'medium', '2027-02-01')).toBe('pending');
    // A new assessment (or another residual level) needs a new acceptance.
    expect(acceptanceStatus(risk([3, 3], { assessedAt: '2026-12-01T09:00:00.000Z' }), 'medium', '2027-02-01')).toBe(
      'needed',
    );
    expect(acceptanceStatus(risk([4, 4], {}), 'medium', '2027-02-01')).toBe('needed');
  });

  it('lets an acceptance hold the given months, on Danish dates', () => {
    expect(acceptanceExpiry('2027-01-11T09:00:00.000Z', 6)).toBe('2027-07-11');
    expect(acceptanceExpiry('2027-01-31T23:30:00.000Z', 1)).toBe('2027-03-01');
  });
});
