import type { ViolationReferral } from '../../src/features/violations/model';
import { anonymiseReferral, isReferralDue, referralRetentionStart } from '../../src/features/retention/referral-rules';
import { ANONYMISED, retentionCutoff } from '../../src/features/retention/rules';

const decision = (decidedAt: string): ViolationReferral['decision'] => ({
  text: 'Skriftlig advarsel til Jens Hansen.',
  date: '2019-02-01',
  decidedBy: 'hr-1',
  decidedByName: 'Hanne Rask',
  decidedAt,
});

const referral = (overrides: Partial<ViolationReferral> = {}): ViolationReferral => ({
  id: '5f0c1f9e-3b7a-4d3e-9a51-2f6b8c0d4e11',
  person: 'jens.hansen@egedal.dk',
  what: 'Delte sin adgangskode med en vikar.',
  incidentNumber: 'HÆN-2019-0042',
  referredBy: 'coord-1',
  referredByName: 'Mette Kjær',
  referredAt: '2019-01-10T09:00:00.000Z',
  decision: decision('2019-02-02T09:00:00.000Z'),
  ...overrides,
});

describe('violation referral retention (P11, data minimisation)', () => {
  const cutoff = retentionCutoff(new Date('2026-11-29T12:00:00.000Z'), 5);

  it.each([
    ['decided long ago', referral(), true],
    ['decided recently', referral({ decision: decision('2025-02-02T09:00:00.000Z') }), false],
    ['decided just before the cutoff', referral({ decision: decision('2021-11-29T11:59:59.999Z') }), true],
    ['decided exactly at the cutoff', referral({ decision: decision('2021-11-29T12:00:00.000Z') }), false],
    ['undecided, referred long ago (a live case)', referral({ decision: undefined }), false],
    ['anonymised already', referral({ referredBy: ANONYMISED }), false],
  ] as [string, ViolationReferral, boolean][])('%s', (_name, item, due) => {
    expect(isReferralDue(item, cutoff)).toBe(due);
  });

  it('counts from when the decision was recorded, not from the date the HR lead typed', () => {
    expect(referralRetentionStart(referral())).toBe('2019-02-02T09:00:00.000Z');
    expect(referralRetentionStart(referral({ decision: undefined }))).toBeUndefined();
  });

  it('replaces the person, the texts, the incident link and every name; keeps id, dates and the decision', () => {
    const before = referral();
    const after = anonymiseReferral(before);
    expect(after).toEqual({
      id: before.id,
      person: ANONYMISED,
      what: ANONYMISED,
      incidentNumber: ANONYMISED,
      referredBy: ANONYMISED,
      referredByName: ANONYMISED,
      referredAt: before.referredAt,
      decision: {
        text: ANONYMISED,
        date: '2019-02-01',
        decidedBy: ANONYMISED,
        decidedByName: ANONYMISED,
        decidedAt: '2019-02-02T09:00:00.000Z',
      },
    });
    for (const personal of ['Jens', 'jens.hansen', 'adgangskode', 'Mette', 'Hanne', 'coord-1', 'hr-1', 'HÆN-']) {
      expect(JSON.stringify(after)).not.toContain(personal);
    }
    expect(isReferralDue(after, cutoff)).toBe(false);
    expect(anonymiseReferral(after)).toEqual(after);
  });

  it('adds no incident link where there was none', () => {
    expect(anonymiseReferral(referral({ incidentNumber: undefined }))).not.toHaveProperty('incidentNumber', ANONYMISED);
  });
});
