import { ownerReminderToday, ownerStatus } from '../../src/features/incidents/measure-owner';
import { triageCard } from '../../src/features/incidents/triage-card';
import { measuresCard } from '../../src/features/incidents/measure-cards';
import type { Incident } from '../../src/features/incidents/model';
import { da } from '../../src/i18n/catalogs';
import { cardTexts } from '../support/cards';

describe('measure owners: when they are reminded and how the coordinator sees them (#20)', () => {
  it.each([
    ['2026-12-07', undefined], // three days before
    ['2026-12-08', 'before'], // two days before
    ['2026-12-09', undefined],
    ['2026-12-10', undefined], // the due date
    ['2026-12-11', 'late'], // the day after
    ['2026-12-12', undefined],
    ['2026-12-17', undefined],
    ['2026-12-18', 'late'], // a week after the first late reminder
    ['2026-12-25', 'late'],
    ['2027-03-26', 'late'], // still weekly while it stays open
    ['2027-03-27', undefined],
  ])('due 10 December, on %s: %s', (today, expected) => {
    expect(ownerReminderToday({ dueDate: '2026-12-10' }, today)).toBe(expected);
  });

  it('counts days in the Danish calendar across the change to summer time', () => {
    expect(ownerReminderToday({ dueDate: '2027-03-30' }, '2027-03-28')).toBe('before');
  });

  it.each([
    [{ done: true, ownerId: 'x' }, 'done'],
    [{ done: false }, 'freeText'],
    [{ done: false, ownerId: 'x', unreachableAt: '2026-12-01T08:00:00Z' }, 'unreachable'],
    [{ done: false, ownerId: 'x' }, 'notSent'],
    [{ done: false, ownerId: 'x', notifiedAt: '2026-12-01T08:00:00Z' }, 'notified'],
  ] as const)('%o is %s', (measure, expected) => {
    expect(ownerStatus(measure)).toBe(expected);
  });

  it('keeps showing the text of an owner typed before owners were people, marked as not sent', () => {
    const incident = {
      number: 'HÆN-2026-0007',
      year: 2026,
      seq: 7,
      version: 3,
      reporterId: 'r',
      reporterName: 'Sofie Jensen',
      reportedAt: '2026-11-28T09:00:00Z',
      state: 'inProgress',
      isBreach: false,
      nis2Significant: false,
      title: 'Phishing',
      description: 'En mail',
      discoveredAt: '2026-11-28T08:00:00Z',
      kind: 'general',
      personalData: 'no',
      personalDataKinds: [],
      measures: [{ id: 'm1', text: 'Skift adgangskoder', owner: 'IT-drift', dueDate: '2026-12-20', done: false }],
    } as Incident;
    const card = triageCard('da', {
      incident,
      history: [],
      coordinatorIds: [],
      links: {},
      now: new Date('2026-12-01T09:00:00Z'),
    });
    expect(cardTexts(card)).toContain('IT-drift · frist 20.12.2026');
    const measures = measuresCard('da', incident, '2026-12-01');
    expect(cardTexts(measures)).toEqual(
      expect.arrayContaining(['IT-drift · frist 20.12.2026', da.measures.status.freeText]),
    );
  });
});
