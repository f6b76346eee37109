import type { Screening } from '../../src/features/dpia/model';
import { ANONYMISED, retentionCutoff } from '../../src/features/retention/rules';
import { isScreeningDue, screeningRetentionStart } from '../../src/features/retention/screening-rules';

const answered = (outcome: 'dpiaRequired' | 'neither', overrides: Partial<Screening> = {}): Screening => ({
  id: 's1',
  systemId: 'x',
  systemName: 'Elevplan',
  trigger: 'new',
  ownerId: 'o',
  requestedBy: 'r',
  requestedByName: 'Mette Kjær',
  requestedAt: '2019-01-01T00:00:00.000Z',
  answer: {
    answers: {} as never,
    notes: {},
    result: { outcome, reasons: [] },
    answeredBy: 'a',
    answeredByName: 'Peter Olsen',
    answeredAt: '2019-02-01T00:00:00.000Z',
  },
  ...overrides,
});

describe('screening retention (data minimisation)', () => {
  const cutoff = retentionCutoff(new Date('2026-11-29T12:00:00.000Z'), 5);

  it.each([
    ['answered long ago', answered('neither'), true],
    ['pending', answered('neither', { answer: undefined }), false],
    ['DPIA required and not done', answered('dpiaRequired'), false],
    [
      'DPIA done long ago',
      answered('dpiaRequired', { dpia: { doneDate: '2019-05-01', recordedAt: '2019-05-02T00:00:00.000Z' } }),
      true,
    ],
    [
      'DPIA done recently',
      answered('dpiaRequired', { dpia: { doneDate: '2025-05-01', recordedAt: '2025-05-02T00:00:00.000Z' } }),
      false,
    ],
    ['anonymised already', answered('neither', { requestedBy: ANONYMISED }), false],
  ] as [string, Screening, boolean][])('%s', (_name, screening, due) => {
    expect(isScreeningDue(screening, cutoff)).toBe(due);
  });

  it('starts the period when the DPIA was recorded done, else when answered', () => {
    expect(screeningRetentionStart(answered('neither'))).toBe('2019-02-01T00:00:00.000Z');
    expect(screeningRetentionStart(answered('neither', { answer: undefined }))).toBeUndefined();
  });
});
